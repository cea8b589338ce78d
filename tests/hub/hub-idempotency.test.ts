/**
 * A kiosk that retries (lost ack, reconnect, hub restart) must get the same ticket back, never a second
 * one: the request id names the user's action, per principal.
 */
import { rmSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Ack, CommandResult } from '../../src-shared/protocol'
import {
  expectOk,
  makeTempDir,
  requestId,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'

let dataDir: string
let hub: TestHub

beforeEach(async () => {
  dataDir = makeTempDir()
  hub = await startTestHub({ dataDir })
})

afterEach(async () => {
  await hub.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function ticketCount(): Promise<number> {
  const supervisor = await hub.staffClient('supervisor')
  const count = Object.keys(supervisor.snapshot.state.tickets).length
  supervisor.close()
  return count
}

const issue = (client: TestClient, rid: string, serviceId = 'no-criminal-record') =>
  client.send<Ack<CommandResult<'ticket:issue'>>>('ticket:issue', { requestId: rid, serviceId })

describe('the same ticket:issue request id', () => {
  it('sent twice in a row returns the identical ack and makes one ticket', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const rid = requestId()
    const first = expectOk(await issue(kiosk, rid))
    const seq = (await hub.health()).seq
    const again = await issue(kiosk, rid)
    expect(again).toEqual(first)
    // The same payload with its keys in another order is the same request.
    expect(await kiosk.send('ticket:issue', { serviceId: 'no-criminal-record', requestId: rid })).toEqual(
      first,
    )
    // An optional field sent as null is the same as leaving it out.
    expect(
      await kiosk.send('ticket:issue', { categoryId: null, serviceId: 'no-criminal-record', requestId: rid }),
    ).toEqual(first)
    await hub.hub.engine.idle()
    expect((await hub.health()).seq).toBe(seq)
    expect(await ticketCount()).toBe(1)
  })

  it('sent concurrently, on one connection or two, returns one ack and makes one ticket', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const sameDeviceAgain = await hub.deviceClient('kiosk-1')
    const rid = requestId()
    const acks = await Promise.all([issue(kiosk, rid), issue(kiosk, rid), issue(sameDeviceAgain, rid)])
    const first = expectOk(acks[0]!)
    expect(acks[1]).toEqual(first)
    expect(acks[2]).toEqual(first)
    expect(await ticketCount()).toBe(1)

    // The next action gets the next number: the duplicates did not use one up.
    const next = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expect(first.ticket.number).toBe('A001')
    expect(next.ticket.number).toBe('A002')
  })

  it('retried after a hub restart still returns the first ack', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const rid = requestId()
    const first = expectOk(await issue(kiosk, rid))
    await hub.close()

    hub = await startTestHub({ dataDir })
    const reconnected = await hub.deviceClient('kiosk-1')
    const seq = (await hub.health()).seq
    expect(seq).toBe(first.seq)
    expect(await issue(reconnected, rid)).toEqual(first)
    await hub.hub.engine.idle()
    expect((await hub.health()).seq).toBe(seq)
    expect(await ticketCount()).toBe(1)
    const next = expectOk(await reconnected.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expect(next.ticket.number).toBe('A002')
  })

  it('reused with another payload is refused, not answered with the first ticket', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const rid = requestId()
    const first = expectOk(await issue(kiosk, rid))
    const seq = (await hub.health()).seq
    const reused = await issue(kiosk, rid, 'digital-signature')
    expect(reused).toMatchObject({ ok: false, error: { code: 'request_id_reused' } })
    await hub.hub.engine.idle()
    expect((await hub.health()).seq).toBe(seq)
    expect(await ticketCount()).toBe(1)
    // The refusal is not stored: the first answer still stands for a true retry, after a restart too.
    await hub.close()
    hub = await startTestHub({ dataDir })
    const reconnected = await hub.deviceClient('kiosk-1')
    expect(await issue(reconnected, rid)).toEqual(first)
    expect(await issue(reconnected, rid, 'digital-signature')).toMatchObject({
      ok: false,
      error: { code: 'request_id_reused' },
    })
  })

  it('reused with another payload while the first is still in flight is refused', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const rid = requestId()
    const [first, reused] = await Promise.all([issue(kiosk, rid), issue(kiosk, rid, 'digital-signature')])
    expect(expectOk(first!).ticket.number).toBe('A001')
    expect(reused).toMatchObject({ ok: false, error: { code: 'request_id_reused' } })
    expect(await ticketCount()).toBe(1)
  })

  it('from another principal is another action', async () => {
    const kiosk1 = await hub.deviceClient('kiosk-1')
    const kiosk2 = await hub.deviceClient('kiosk-2')
    const registrar = await hub.staffClient('registrar')
    const rid = requestId()
    const fromKiosk1 = expectOk(await issue(kiosk1, rid))
    const fromKiosk2 = expectOk(await issue(kiosk2, rid))
    const fromStaff = expectOk(await issue(registrar, rid))
    expect(new Set([fromKiosk1.ticket.id, fromKiosk2.ticket.id, fromStaff.ticket.id]).size).toBe(3)
    expect([fromKiosk1, fromKiosk2, fromStaff].map((a) => a.ticket.number)).toEqual(['A001', 'A002', 'A003'])
    // Each principal's retry still gets its own answer.
    expect(await issue(kiosk1, rid)).toEqual(fromKiosk1)
    expect(await issue(kiosk2, rid)).toEqual(fromKiosk2)
    expect(await issue(registrar, rid)).toEqual(fromStaff)
    expect(await ticketCount()).toBe(3)
  })
})
