/**
 * The typed link under a ticket's QR code: `/t/<code>` on the hub redirects to the ticket's tracker; a
 * code no ticket of today has is a failed guess of the asking address, and an address over its limit
 * gets no redirect at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dashedTrackCode, trackCode } from '../../src-shared/protocol/track-code'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'

let hub: TestHub

beforeAll(async () => {
  hub = await startTestHub({ hubOptions: { connectionLimits: { maxFailures: 3 } } })
})
afterAll(async () => {
  await hub?.close()
})

const get = (path: string) => fetch(`${hub.url}${path}`, { redirect: 'manual' })

async function issue(): Promise<string> {
  const kiosk = await hub.deviceClient('kiosk-1')
  const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
  return ticket.ticket.trackToken
}

describe('the typed tracker link', () => {
  it("redirects the ticket's code, typed any readable way, to its tracker", async () => {
    const token = await issue()
    const code = dashedTrackCode(trackCode(token)!)
    for (const typed of [code, code.toLowerCase(), code.replace('-', '')]) {
      const answer = await get(`/t/${typed}`)
      expect(answer.status).toBe(302)
      expect(new URL(answer.headers.get('location')!, `${hub.url}/t/${typed}`).href).toBe(
        `${hub.url}/t/${token}`,
      )
      expect(answer.headers.get('cache-control')).toBe('no-store')
    }
    // The tracker's own address is not a code: no redirect.
    expect((await get(`/t/${token}`)).status).not.toBe(302)
  })

  it('counts unknown codes against the address, and a locked address gets no redirect even for a good code', async () => {
    const token = await issue()
    const code = dashedTrackCode(trackCode(token)!)
    const wrong = code.startsWith('0') ? `1${code.slice(1)}` : `0${code.slice(1)}`
    for (let i = 0; i < 3; i++) expect((await get(`/t/${wrong}`)).status).not.toBe(302)
    expect((await get(`/t/${code}`)).status).not.toBe(302)
  })
})
