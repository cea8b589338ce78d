/**
 * The everyday path through a real hub: a kiosk issues, a consultant calls, the hall displays announce
 * it and the citizen's phone follows the ticket, without a track token ever reaching a display.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TrackView } from '../../src-shared/protocol'
import {
  expectConnectRefused,
  expectOk,
  extendDemoConfig,
  startTestHub,
  type Fact,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'

let hub: TestHub

beforeEach(async () => {
  // The demo centre has two displays; a third shows that every display gets the call, not just some.
  const { config, credentials } = await extendDemoConfig({
    devices: [{ id: 'display-3', kind: 'display', key: 'kezek-test-display-3-key' }],
  })
  hub = await startTestHub({ config, credentials, hubOptions: { trackerIntervalMs: 50 } })
})

afterEach(async () => {
  await hub.close()
})

describe('issue, call and announce', () => {
  it('a kiosk ticket called at desk 1 is announced on every display with its number, desk and seq', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const displays = await Promise.all(
      ['display-1', 'display-2', 'display-3'].map((id) => hub.deviceClient(id)),
    )
    const consultant = await hub.staffClient('consultant1')

    const first = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const second = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    // What the printed ticket shows: number, people ahead, the wait, and the QR code's token. No window
    // is open yet: no minutes are promised.
    const noWindow = { windows: 0, estimateMinutes: null, estimateLow: null, estimateHigh: null }
    expect(first.ticket).toMatchObject({
      number: 'A001',
      serviceId: 'no-criminal-record',
      ahead: 0,
      ...noWindow,
    })
    expect(second.ticket).toMatchObject({ number: 'A002', ahead: 1, ...noWindow })
    for (const { ticket } of [first, second]) expect(ticket.trackToken).toMatch(/^[A-Za-z0-9_-]{16,}$/)
    expect(second.ticket.trackToken).not.toBe(first.ticket.trackToken)

    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    const call = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    expect(call.ticket).toMatchObject({
      id: first.ticket.id,
      number: 'A001',
      status: 'called',
      deskId: 'desk-1',
    })
    expect(call.ticket).not.toHaveProperty('trackToken')
    // With a window open and busy, a new ticket gets minutes and an 80% range around them.
    const third = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expect(third.ticket).toMatchObject({ ahead: 1, windows: 1 })
    const { estimateMinutes, estimateLow, estimateHigh } = third.ticket
    expect(estimateMinutes).toBeGreaterThan(0)
    expect(estimateLow).toBeLessThanOrEqual(estimateMinutes!)
    expect(estimateHigh).toBeGreaterThan(estimateMinutes!)

    for (const display of displays) {
      const fact = await display.waitFor<Fact<'ticket:called'>>(
        'ticket:called',
        (e) => e.ticketId === first.ticket.id,
      )
      expect(fact).toMatchObject({ deskId: 'desk-1', seq: call.seq })
      // What the board shows: the newest call, by number and window.
      const state = display.state()
      expect(state.seq).toBe(call.seq)
      expect(state.calls.at(-1)).toMatchObject({ number: 'A001', deskId: 'desk-1', recall: false })
      expect(state.tickets[first.ticket.id]).toMatchObject({ number: 'A001', status: 'called' })
    }
  })

  it("names staff and devices to staff only: the directory is in a staff snapshot, never a device's", async () => {
    const supervisor = await hub.staffClient('supervisor')
    expect(supervisor.snapshot.directory?.staff['consultant-1']).toBe('Айгерім Сейітова')
    expect(supervisor.snapshot.directory?.devices['kiosk-1']).toBe('Kiosk at the entrance')
    for (const device of [await hub.deviceClient('kiosk-1'), await hub.deviceClient('display-1')]) {
      expect(device.snapshot.directory).toBeUndefined()
      expect(JSON.stringify(device.received)).not.toContain('Сейітова')
    }
  })

  it('never sends a track token to a display or kiosk, in the snapshot or in any fact', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const consultant = await hub.staffClient('consultant1')
    const issued = expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' }))
    // A display that connects later gets the ticket in its snapshot; one connected earlier, as a fact.
    const early = await hub.deviceClient('display-1')
    const later = expectOk(await kiosk.command('ticket:issue', { serviceId: 'digital-signature' })).ticket
    const late = await hub.deviceClient('display-2')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-3' }))
    await early.waitFor('ticket:called')
    await late.waitFor('ticket:called')

    const tokens = [issued.ticket.trackToken, later.trackToken]
    expect(early.state().tickets[later.id]).toBeDefined()
    expect(late.snapshot.state.tickets[later.id]).toBeDefined()
    for (const client of [early, late, kiosk]) {
      const everything = JSON.stringify(client.received)
      expect(everything).not.toContain('trackToken')
      for (const token of tokens) expect(everything).not.toContain(token)
    }
    // Staff do see it (the desk may show the QR again), so the hub strips it per audience.
    const staffFact = await consultant.waitFor<Fact<'ticket:issued'>>(
      'ticket:issued',
      (e) => e.ticketId === later.id,
    )
    expect(staffFact).toMatchObject({ trackToken: later.trackToken })
  })
})

describe('GET /healthz', () => {
  it('reports status, centre, seq and uptime', async () => {
    const before = await hub.health()
    expect(before).toMatchObject({ status: 'ok', centre: { id: 'astana-1' }, seq: 0 })
    expect(before.centre.name.ru).toBe('Астана, ЦОН № 1')
    expect(before.uptimeSeconds).toBeGreaterThanOrEqual(0)

    const kiosk = await hub.deviceClient('kiosk-1')
    const issued = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const after = await hub.health()
    expect(after.seq).toBe(issued.seq)
    expect(after.seq).toBeGreaterThan(before.seq)
    expect(after.day).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('acks a command before it broadcasts the fact (durable, then ack, then broadcast)', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    // Callbacks run in the order the frames arrive, so the log shows which the hub sent first.
    const order: string[] = []
    kiosk.socket.on('ticket:issued', (fact) => order.push(`fact ${fact.seq}`))
    for (let i = 0; i < 5; i++) {
      const seq = await new Promise<number>((resolve) => {
        kiosk.socket.emit(
          'ticket:issue',
          { requestId: `order-check-${i}`, serviceId: 'no-criminal-record' },
          (ack) => {
            const acked = ack.ok ? ack.seq : -1
            order.push(`ack ${acked}`)
            resolve(acked)
          },
        )
      })
      await kiosk.waitForSeq(seq)
      expect(order.slice(-2)).toEqual([`ack ${seq}`, `fact ${seq}`])
    }
  })

  it('counts uptime from the start on the hub clock', async () => {
    let clock = Date.UTC(2026, 10, 24, 6, 0, 0)
    const timed = await startTestHub({ now: () => clock })
    try {
      expect((await timed.health()).uptimeSeconds).toBe(0)
      clock += 90_000
      expect((await timed.health()).uptimeSeconds).toBe(90)
    } finally {
      await timed.close()
    }
  })
})

describe('midnight in the centre', () => {
  it('opens the new day by itself: displays hear the open tickets closed, then day:opened, with no command sent; a closed ticket’s tracker says so', async () => {
    let clock = Date.UTC(2026, 10, 24, 18, 59, 0) // 23:59 in Almaty
    const timed = await startTestHub({
      now: () => clock,
      hubOptions: { housekeepingIntervalMs: 20, trackerIntervalMs: 20 },
    })
    try {
      const kiosk = await timed.deviceClient('kiosk-1')
      const display = await timed.deviceClient('display-1')
      const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
      const tracker = await timed.trackerClient(ticket.trackToken)
      expect(ticket.number).toBe('A001')

      clock = Date.UTC(2026, 10, 24, 19, 0, 5) // 00:00:05 the next day in Almaty
      const opened = await display.waitFor<Fact<'day:opened'>>(
        'day:opened',
        (fact) => fact.day === '2026-11-25',
      )
      expect(opened.seq).toBeGreaterThan(0)
      // The ticket still waiting did not vanish: closed with its reason, just before the new day.
      const closed = display.facts().find((fact) => fact.type === 'ticket:closed')
      expect(closed).toMatchObject({ ticketId: ticket.id, reason: 'day_ended', seq: opened.seq - 1 })
      expect((await timed.health()).seq).toBe(opened.seq)
      await tracker.waitFor<TrackView>('track:updated', (view) => view.status === 'closed')
      // A phone opening the ticket's link again still finds it, closed.
      const again = await timed.trackerClient(ticket.trackToken)
      expect(await again.waitFor<TrackView>('track:updated')).toMatchObject({
        number: 'A001',
        status: 'closed',
      })
      // The morning's first ticket is A001 again, with no second day:opened.
      const morning = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
      expect(morning.ticket.number).toBe('A001')
      expect(
        display.facts().filter((fact) => fact.type === 'day:opened' && fact.day === '2026-11-25'),
      ).toEqual([opened])
    } finally {
      await timed.close()
    }
  })
})

describe('the phone tracker', () => {
  let kiosk: TestClient
  let consultant: TestClient

  beforeEach(async () => {
    kiosk = await hub.deviceClient('kiosk-1')
    consultant = await hub.staffClient('consultant1')
  })

  it('follows its ticket from waiting to called at desk 1', async () => {
    const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const tracker = await hub.trackerClient(ticket.trackToken)
    const first = await tracker.waitFor<TrackView>('track:updated')
    expect(first).toMatchObject({ number: 'A001', status: 'waiting', ahead: 0, deskLabel: null })
    expect(first.centre.kk).toBe('Астана, №1 ХҚО')

    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    const called = await tracker.waitFor<TrackView>('track:updated', (v) => v.status === 'called')
    expect(called).toMatchObject({ number: 'A001', deskLabel: '1', ahead: null })
    // The tracker hears about its own ticket only: no facts, no snapshot of the hall.
    expect(tracker.received.every((r) => r.event === 'track:updated')).toBe(true)
  })

  it('shows the range and a wait that shrinks as the clock moves, with no other event', async () => {
    let clock = Date.UTC(2026, 10, 24, 5, 0, 0) // 10:00 in Almaty
    const timed = await startTestHub({
      now: () => clock,
      hubOptions: { housekeepingIntervalMs: 20, trackerIntervalMs: 20 },
    })
    try {
      const kiosk = await timed.deviceClient('kiosk-1')
      const consultant = await timed.staffClient('consultant1')
      expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
      // A morning of visits that each held the window 12 minutes: the hub learns how long one takes.
      for (let i = 0; i < 20; i++) {
        expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
        const called = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
        expectOk(await consultant.command('ticket:start', { ticketId: called.ticket.id }))
        clock += 12 * 60_000
        expectOk(await consultant.command('ticket:finish', { ticketId: called.ticket.id }))
      }
      expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
      expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
      const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
      const tracker = await timed.trackerClient(ticket.trackToken)
      const first = await tracker.waitFor<TrackView>('track:updated')
      expect(first).toMatchObject({ status: 'waiting', ahead: 0, windows: 1 })
      expect(first.estimateMinutes).toBe(ticket.estimateMinutes)
      expect(first.estimateLow).toBeLessThanOrEqual(first.estimateMinutes!)
      expect(first.estimateHigh).toBeGreaterThan(first.estimateMinutes!)
      // The citizen at desk 1 has been there eight minutes more: the wait on the phone is shorter.
      clock += 8 * 60_000
      const later = await tracker.waitFor<TrackView>(
        'track:updated',
        (v) => v.estimateMinutes !== null && v.estimateMinutes < first.estimateMinutes!,
      )
      expect(later.status).toBe('waiting')
    } finally {
      await timed.close()
    }
  })

  it('is read-only: any command is refused with forbidden and changes nothing', async () => {
    const { ticket } = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    const tracker = await hub.trackerClient(ticket.trackToken)
    const seq = (await hub.health()).seq
    const issue = await tracker.command('ticket:issue', { serviceId: 'no-criminal-record' })
    expect(issue).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const cancel = await tracker.command('ticket:cancel', { ticketId: ticket.id })
    expect(cancel).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await hub.hub.engine.idle()
    expect((await hub.health()).seq).toBe(seq)
  })

  it('with a token that belongs to no ticket is refused at the handshake', async () => {
    const refusal = await expectConnectRefused(hub.url, {
      role: 'tracker',
      ticketToken: 'not-a-real-ticket-token-0000',
    })
    expect(refusal.data?.code).toBe('unknown_ticket')
  })
})
