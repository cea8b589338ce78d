/**
 * The whole hub on PostgreSQL: real Socket.IO clients, the PostgreSQL store in a fresh schema. The same
 * flows as on SQLite; what must hold is what a centre notices: calls reach the hall, a restart loses no
 * acknowledged ticket, and concurrent kiosks never get the same number.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import {
  expectOk,
  makeTempDir,
  removeDataDir,
  requestId,
  startTestHub,
  type TestHub,
} from '../support/hub-harness'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../support/postgres'
import { CITIZEN, codeFromOutbox, register, REGISTRAR_DESK, startPayload } from './fixtures/registration'

let schema: TestSchema
/** One data folder for every hub of this file: the demo SMS outbox, and the vault key beside it. */
let dataDir: string
const hubs: TestHub[] = []

async function startHub(): Promise<TestHub> {
  const hub = await startTestHub({ postgresUrl: schema.url, dataDir })
  hubs.push(hub)
  return hub
}

describePostgres('the hub on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
    dataDir = makeTempDir()
  })
  afterEach(async () => {
    for (const hub of hubs.splice(0)) await hub.close()
    await adminQuery(
      `TRUNCATE ${schema.name}.kezek_events, ${schema.name}.kezek_command_results, ${schema.name}.kezek_staff_sessions`,
    )
  })
  afterAll(async () => {
    await schema?.drop()
    if (dataDir) removeDataDir(dataDir)
  })

  it('issues, calls, and the hall display receives the call', async () => {
    const hub = await startHub()
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

  it('runs the registration desk: a binding is made, found, survives a restart and is revoked', async () => {
    let hub = await startHub()
    let registrar = await hub.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const confirmed = expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: start.registrationId,
        code: codeFromOutbox(dataDir, start.registrationId),
      }),
    )
    expect(confirmed.binding).toMatchObject({ status: 'active', iin: CITIZEN.iin, phone: CITIZEN.e164 })
    // The rows are the centre's, sealed: no plain IIN in them.
    const rows = await adminQuery<{ row: string }>(
      `SELECT row_to_json(b)::text AS row FROM ${schema.name}.kezek_bindings b WHERE centre_id = $1`,
      [hub.config.centre.id],
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.row).not.toContain(CITIZEN.iin)

    await hub.close()
    hub = await startHub()
    registrar = await hub.staffClient('registrar')
    const found = expectOk(
      await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
    )
    expect(found.bindings.map((b) => [b.id, b.status])).toEqual([[confirmed.binding.id, 'active']])
    expectOk(
      await register(registrar, 'registration:revoke', {
        deskId: REGISTRAR_DESK,
        bindingId: confirmed.binding.id,
        reason: 'asked by the citizen',
      }),
    )
    const after = expectOk(
      await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
    )
    expect(after.bindings.map((b) => b.status)).toEqual(['revoked'])
  })

  it('validates and authorises registration commands as on SQLite', async () => {
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
      ok: true,
    })
  })
})
