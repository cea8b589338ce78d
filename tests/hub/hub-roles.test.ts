/**
 * Who may connect and who may act where: handshakes without a valid credential are refused, signing out
 * closes that session's connections, and a consultant's desk is theirs (and the supervisor's).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  expectConnectRefused,
  expectOk,
  startTestHub,
  type TestHub,
  TUESDAY_MORNING,
} from '../support/hub-harness'

const HOUR = 60 * 60_000

let hub: TestHub
let clock: number

beforeEach(async () => {
  clock = TUESDAY_MORNING
  // Housekeeping (which closes expired sessions) runs often, so the test need not wait 30 s for it.
  hub = await startTestHub({ now: () => clock, hubOptions: { housekeepingIntervalMs: 20 } })
})

afterEach(async () => {
  await hub.close()
})

const signOut = (token: string) =>
  fetch(`${hub.url}/api/sessions`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })

describe('the handshake is refused as unauthenticated', () => {
  const refusals: Array<[string, () => Record<string, unknown> | undefined]> = [
    ['without auth', () => undefined],
    ['with an unknown role', () => ({ role: 'mayor', token: 'a'.repeat(32) })],
    [
      'with a device key of the wrong device',
      () => ({ role: 'device', deviceId: 'display-1', key: 'kezek-demo-kiosk-1' }),
    ],
    ['with a wrong device key', () => ({ role: 'device', deviceId: 'kiosk-1', key: 'kezek-demo-kiosk-x' })],
    ['for an unknown device', () => ({ role: 'device', deviceId: 'kiosk-9', key: 'kezek-demo-kiosk-1' })],
  ]

  it.each(refusals)('%s', async (_, auth) => {
    const refusal = await expectConnectRefused(hub.url, auth())
    expect(refusal.data?.code).toBe('unauthenticated')
  })
})

describe('a staff token the hub cannot use is refused, saying why', () => {
  it('a token nobody was given: unknown_staff_session', async () => {
    const refusal = await expectConnectRefused(hub.url, { role: 'staff', token: 'x'.repeat(43) })
    expect(refusal.data?.code).toBe('unknown_staff_session')
  })

  it('a session that was signed out: unknown_staff_session', async () => {
    const token = await hub.signIn('consultant1')
    expect((await signOut(token)).status).toBe(204)
    const refusal = await expectConnectRefused(hub.url, { role: 'staff', token })
    expect(refusal.data?.code).toBe('unknown_staff_session')
  })

  it('a session that has expired: staff_session_expired', async () => {
    const token = await hub.signIn('consultant1')
    const client = await hub.staffClient('consultant1', { token })
    client.close()
    clock += 12 * HOUR + 60_000
    const refusal = await expectConnectRefused(hub.url, { role: 'staff', token })
    expect(refusal).toEqual({
      message: 'the session has expired; sign in again',
      data: { code: 'staff_session_expired' },
    })
  })
})

describe('a staff session that expires', () => {
  it('disconnects the connections of ended sessions, and only those', async () => {
    const token = await hub.signIn('consultant1')
    const client = await hub.staffClient('consultant1', { token })
    const colleague = await hub.staffClient('consultant2') // signed in at the same time
    clock += 11 * HOUR
    // Signed in an hour later: still valid when the first session ends.
    const later = await hub.staffClient('consultant3')
    const gone = [client.disconnected(), colleague.disconnected()]
    clock += HOUR + 60_000
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect'])
    expect(later.socket.connected).toBe(true)
    const refusal = await expectConnectRefused(hub.url, { role: 'staff', token })
    expect(refusal.data?.code).toBe('staff_session_expired')
  })
})

describe('signing out', () => {
  it("disconnects that session's connections and no others", async () => {
    const token = await hub.signIn('consultant1')
    const window1 = await hub.staffClient('consultant1', { token })
    const window2 = await hub.staffClient('consultant1', { token })
    const otherPc = await hub.staffClient('consultant1')
    const colleague = await hub.staffClient('consultant2')

    const gone = [window1.disconnected(), window2.disconnected()]
    expect((await signOut(token)).status).toBe(204)
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect'])

    // The same person signed in elsewhere, and a colleague, keep working.
    expect(otherPc.socket.connected && colleague.socket.connected).toBe(true)
    expectOk(await otherPc.command('desk:open', { deskId: 'desk-1' }))
    expectOk(await colleague.command('desk:open', { deskId: 'desk-2' }))
  })

  it('without a token is refused with 401', async () => {
    const response = await fetch(`${hub.url}/api/sessions`, { method: 'DELETE' })
    expect(response.status).toBe(401)
  })
})

describe("another consultant's desk", () => {
  it('is off limits to a consultant (not_your_desk) but not to the supervisor', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const owner = await hub.staffClient('consultant1')
    const colleague = await hub.staffClient('consultant2')
    const supervisor = await hub.staffClient('supervisor')
    const first = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    const second = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    expectOk(await owner.command('desk:open', { deskId: 'desk-1' }))
    expect(expectOk(await owner.command('ticket:call-next', { deskId: 'desk-1' })).ticket.id).toBe(first.id)

    const seq = (await hub.health()).seq
    for (const refused of [
      await colleague.command('ticket:start', { ticketId: first.id }),
      await colleague.command('ticket:recall', { ticketId: first.id }),
      await colleague.command('ticket:no-show', { ticketId: first.id }),
      await colleague.command('ticket:transfer', { ticketId: first.id, serviceId: 'digital-signature' }),
      await colleague.command('desk:close', { deskId: 'desk-1' }),
    ]) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'not_your_desk' } })
    }
    expect((await hub.health()).seq).toBe(seq)

    // The supervisor steps in at desk 1: serves the called ticket and calls the next one there.
    expectOk(await supervisor.command('ticket:start', { ticketId: first.id }))
    expectOk(await supervisor.command('ticket:finish', { ticketId: first.id }))
    const next = expectOk(await supervisor.command('ticket:call-next', { deskId: 'desk-1' }))
    expect(next.ticket).toMatchObject({ id: second.id, deskId: 'desk-1' })
    expectOk(await supervisor.command('ticket:no-show', { ticketId: second.id }))
    expectOk(await supervisor.command('desk:pause', { deskId: 'desk-1' }))

    await owner.waitForSeq((await hub.health()).seq)
    const state = owner.state()
    expect(state.tickets[first.id]?.status).toBe('done')
    expect(state.tickets[second.id]?.status).toBe('no_show')
    expect(state.desks['desk-1']).toMatchObject({ status: 'paused', staffId: 'consultant-1' })
  })
})
