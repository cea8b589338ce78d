/**
 * The gate's protocol edges: a known command sent with its ack callback but without exactly one payload
 * is answered `invalid_payload` (saying what is expected), and one sent without an ack callback is
 * ignored, counted and logged without its payload. Neither changes anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import type { Ack } from '../../src-shared/protocol'
import { expectOk, requestId, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'

let hub: TestHub
let kiosk: TestClient
const lines: Record<string, unknown>[] = []

beforeAll(async () => {
  const logger = createLogger({
    level: 'warn',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  })
  hub = await startTestHub({ logger })
  kiosk = await hub.deviceClient('kiosk-1')
  // The day's first command also opens the day; from here on one ticket is one fact.
  expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' }))
})

afterAll(async () => {
  await hub.close()
})

const issue = () => ({ requestId: requestId(), serviceId: 'no-criminal-record' })

/** Proves nothing happened: the next ticket is the next seq, on the same connection. */
async function expectNothingChanged(seq: number): Promise<void> {
  await hub.hub.engine.idle()
  expect((await hub.health()).seq).toBe(seq)
  expect(kiosk.socket.connected).toBe(true)
  expect(expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' })).seq).toBe(seq + 1)
}

describe('a command with an ack callback but not one payload', () => {
  it.each([
    ['no payload', 'ticket:issue', () => [], /ticket:issue takes exactly one payload .* got 0 payloads/],
    ['two payloads', 'ticket:issue', () => [issue(), issue()], /got 2 payloads/],
    ['three payloads', 'ticket:issue', () => [issue(), 'x', 3], /got 3 payloads/],
    ['a query with no payload', 'sync:since', () => [], /sync:since takes exactly one payload/],
    ['a query with two payloads', 'sync:since', () => [{ seq: 0 }, { seq: 0 }], /got 2 payloads/],
  ])('%s (%s) gets invalid_payload saying what is expected', async (_, event, args, message) => {
    const seq = (await hub.health()).seq
    const ack = await kiosk.send<Ack<object>>(event, ...args())
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_payload', message } })
    await expectNothingChanged(seq)
  })
})

describe('a command without an ack callback', () => {
  it('is ignored, counted and logged as a warning without its payload', async () => {
    const seq = (await hub.health()).seq
    const secret = 'no-criminal-record'
    kiosk.emitWithoutAck('ticket:issue', { requestId: requestId(), serviceId: secret })
    kiosk.emitWithoutAck('ticket:issue')
    kiosk.emitWithoutAck('ticket:issue', issue(), issue())
    // A round trip on the same connection: the hub has read the messages before it answers this.
    expect(await kiosk.syncSince(seq)).toMatchObject({ ok: true, seq })
    const warnings = lines.filter((line) => line.msg === 'messages without an ack callback ignored')
    // The first is logged at once; the count goes on (logged again every 1,000th).
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 40,
        principal: 'device:kiosk-1',
        command: 'ticket:issue',
        payloads: 1,
      }),
    ])
    expect(JSON.stringify(lines)).not.toContain(secret)
    await expectNothingChanged(seq)
  })
})
