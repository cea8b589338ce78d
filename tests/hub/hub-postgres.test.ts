/**
 * The whole hub on PostgreSQL: real Socket.IO clients, the PostgreSQL store in a fresh schema. The same
 * flows as on SQLite; what must hold is what a centre notices: calls reach the hall, a restart loses no
 * acknowledged ticket, and concurrent kiosks never get the same number.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import { expectOk, requestId, startTestHub, type TestHub } from '../support/hub-harness'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../support/postgres'

let schema: TestSchema
const hubs: TestHub[] = []

async function startHub(): Promise<TestHub> {
  const hub = await startTestHub({ postgresUrl: schema.url })
  hubs.push(hub)
  return hub
}

describePostgres('the hub on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close()
    await adminQuery(
      `TRUNCATE ${schema.name}.kezek_events, ${schema.name}.kezek_command_results, ${schema.name}.kezek_staff_sessions`,
    )
  })
  afterAll(async () => {
    await schema?.drop()
  })

  it('issues, calls, and the hall display receives the call', async () => {
    const hub = await startHub()
    expect(hub.hub.registration).toBeNull()
    const kiosk = await hub.deviceClient('kiosk-1')
    const display = await hub.deviceClient('display-1')
    const consultant = await hub.staffClient('consultant1')
    const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    const call = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    expect(call.ticket.number).toBe(ticket.number)
    const called = await display.waitFor<EventEnvelope>('ticket:called')
    expect(called).toMatchObject({ ticketId: ticket.id, deskId: 'desk-1', seq: call.seq })
    // The events are rows of this centre in PostgreSQL, not in a file.
    const rows = await adminQuery<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema.name}.kezek_events WHERE centre_id = $1`,
      [hub.config.centre.id],
    )
    expect(Number(rows[0]!.n)).toBe(call.seq)
  })

  it('keeps every acknowledged ticket, seq and staff session across a restart', async () => {
    const first = await startHub()
    const kiosk = await first.deviceClient('kiosk-1')
    const token = await first.signIn('consultant1')
    const consultant = await first.staffClient('consultant1', { token })
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    const issued = []
    for (let i = 0; i < 10; i++)
      issued.push(expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket)
    const call = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    await first.close()
    hubs.splice(hubs.indexOf(first), 1)

    const second = await startHub()
    const again = await second.staffClient('consultant1', { token })
    const { state, seq } = again.snapshot
    expect(seq).toBe(call.seq)
    expect((await second.health()).seq).toBe(seq)
    for (const ticket of issued) expect(state.tickets[ticket.id]?.number).toBe(ticket.number)
    expect(state.tickets[call.ticket.id]?.status).toBe('called')
    const kiosk2 = await second.deviceClient('kiosk-1')
    const more = expectOk(await kiosk2.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expect(more.seq).toBe(seq + 1)
    expect(Number(more.ticket.number.replace(/^\D+/, ''))).toBe(issued.length + 1)
  })

  it('gives 200 concurrent issues 200 distinct numbers, all durable', async () => {
    const hub = await startHub()
    const kiosks = await Promise.all(
      ['kiosk-1', 'kiosk-1', 'kiosk-2', 'kiosk-2'].map((id) => hub.deviceClient(id)),
    )
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        kiosks[i % kiosks.length]!.command('ticket:issue', { serviceId: 'no-criminal-record' }),
      ),
    )
    const numbers = acks.map((ack) => expectOk(ack).ticket.number)
    expect(new Set(numbers).size).toBe(200)
    const seqs = acks.map((ack) => expectOk(ack).seq)
    expect(new Set(seqs).size).toBe(200)
    const rows = await adminQuery<{ n: string }>(
      `SELECT count(*) AS n FROM ${schema.name}.kezek_events WHERE centre_id = $1 AND type = 'ticket:issued'`,
      [hub.config.centre.id],
    )
    expect(Number(rows[0]!.n)).toBe(200)
  })

  it('answers registration commands with a clear error: the desk needs SQLite', async () => {
    const hub = await startHub()
    const registrar = await hub.staffClient('registrar')
    const ack = await registrar.send<{ ok: boolean; error?: { message: string } }>('registration:settings', {
      requestId: requestId(),
    })
    expect(ack.ok).toBe(false)
    expect(ack.error?.message).toMatch(/needs the SQLite store.*PostgreSQL/)
  })

  it('still validates and authorises a registration command before saying the desk needs SQLite', async () => {
    const hub = await startHub()
    const registrar = await hub.staffClient('registrar')
    const consultant = await hub.staffClient('consultant1')
    type Refusal = { ok: boolean; error?: { code: string } }
    expect(
      await registrar.send<Refusal>('registration:settings', { requestId: requestId(), extra: 1 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    })
    expect(await consultant.send<Refusal>('registration:settings', { requestId: requestId() })).toMatchObject(
      {
        ok: false,
        error: { code: 'forbidden' },
      },
    )
    expect(await registrar.send<Refusal>('registration:settings', { requestId: requestId() })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
  })
})
