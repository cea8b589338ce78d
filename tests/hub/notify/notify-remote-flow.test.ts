/**
 * A remote ticket's whole story by SMS, through the hub: joined from home; told to come when the hub's
 * clock sweeps (with the wait and the people ahead); checked in at the kiosk; called: "go to window 3".
 * Then the same on PostgreSQL: the outbox, consents and delivery on the other store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, requestId } from '../../support/hub-harness'
import { startNotifyHub, type NotifyHub } from '../../support/notify-hub'
import { createTestSchema, describePostgres, type TestSchema } from '../../support/postgres'

const WAIT = { timeout: 15_000 }
const KIOSK = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' } as const
const hubs: NotifyHub[] = []
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close()
})

async function story(h: NotifyHub): Promise<string[]> {
  const consultant = await h.staffClient('consultant3')
  expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
  // Someone is being served at window 3, so the remote ticket's turn is not at once.
  await h.submit({ type: 'ticket:issue', serviceId: 'id-card-passport' }, KIOSK)
  expectOk(await consultant.send('ticket:call-next', { requestId: requestId(), deskId: 'desk-3' }))
  const joined = await h.join(await h.consent())
  await expect.poll(() => h.sms.sent.length, WAIT).toBe(1)
  // The hub's clock: the wait is within the holder's travel time (30 minutes by default).
  h.hub.engine.tick()
  await expect.poll(() => h.sms.sent.length, WAIT).toBe(2)
  await h.submit({ type: 'booking:check-in', code: joined.code }, KIOSK)
  const inHand = h.hub.engine.state.desks['desk-3']!.ticketId!
  expectOk(await consultant.send('ticket:start', { requestId: requestId(), ticketId: inHand }))
  expectOk(await consultant.send('ticket:finish', { requestId: requestId(), ticketId: inHand }))
  expectOk(await consultant.send('ticket:call-next', { requestId: requestId(), deskId: 'desk-3' }))
  await expect.poll(() => h.sms.sent.length, WAIT).toBe(3)
  expect(h.sms.sent.map((m) => m.reference.split(':')[1])).toEqual(['remoteJoined', 'comeNow', 'called'])
  expect(h.sms.sent[1]!.text).toMatch(
    new RegExp(`^ХҚО: ${joined.number}, шығыңыз: кезек .+ мин, алдыңызда 0 адам\\.`),
  )
  expect(h.sms.sent[2]!.text).toContain(`${joined.number}, пройдите к окну 3.`)
  return h.sms.sent.map((m) => m.text)
}

describe('a remote ticket told each step by SMS', () => {
  it('on SQLite: joined, come now, go to window 3', async () => {
    const h = await startNotifyHub()
    hubs.push(h)
    await story(h)
  })
})

let schema: TestSchema
describePostgres('a remote ticket told each step by SMS, on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })

  it('joined, come now, go to window 3, the outbox in PostgreSQL', async () => {
    const h = await startNotifyHub({ postgresUrl: schema.url })
    hubs.push(h)
    await story(h)
    const rows = await h.hub.notifier.records.recent(10)
    expect(rows.map((r) => [r.kind, r.status])).toEqual([
      ['called', 'sent'],
      ['comeNow', 'sent'],
      ['remoteJoined', 'sent'],
    ])
  })
})
