import { describe, expect, it } from 'vitest'
import { estimateWait, expectedEstimate } from '../../src-shared/domain/estimate'
import { lapsesAt } from '../../src-shared/domain/remote-queue'
import type { Command } from '../../src-shared/domain/types'
import { kiosk, MINUTE, remoteConfig, system, TestCentre } from './fixtures'

const centre = (settings: Record<string, unknown> = {}) => {
  const c = new TestCentre({ config: remoteConfig(settings) })
  c.open('d2', c.bolat) // passport only
  return c
}
const sweep = (c: TestCentre) => c.run({ type: 'ticket:remote-sweep' }, system).map((e) => e.type)
const checkIn = (c: TestCentre, code: string) => c.run({ type: 'booking:check-in', code }, kiosk)
const busy = (c: TestCentre) => {
  // d2 takes a walk-in, so the window is not free and turns come only by calls.
  c.issue('passport')
  c.callNext('d2', c.bolat)
}

describe('a remote ticket', () => {
  it('is numbered in arrival order but not called, nor counted by those in the hall, until checked in', () => {
    const c = centre()
    busy(c)
    const remote = c.join('passport')
    c.clock.advanceMinutes(1)
    const walkIn = c.issue('passport')
    expect([remote.number, walkIn.number]).toEqual(['A002', 'A003'])
    expect(remote.status).toBe('expected')
    expect(c.queue('passport')).toEqual(['A003'])
    expect(estimateWait(c.state, c.config, walkIn.id, c.clock.now())!.ahead).toBe(0)
    expect(remote.remote!.code).toMatch(/^[0-9A-Z]{6}$/)
  })

  it('checked in at the kiosk by its code, waits at its place: before those who came after it joined', () => {
    const c = centre()
    busy(c)
    const remote = c.join('passport')
    c.clock.advanceMinutes(1)
    c.issue('passport')
    const events = checkIn(c, remote.remote!.code.toLowerCase())
    expect(events.map((e) => e.type)).toEqual(['ticket:checked-in'])
    expect(c.ticket(remote.id)).toMatchObject({ status: 'waiting', remote: { checkedInAt: c.clock.now() } })
    expect(c.queue('passport')).toEqual(['A002', 'A003'])
    expect(c.errorOf({ type: 'booking:check-in', code: remote.remote!.code }, kiosk)).toBe('booking_closed')
  })

  it('is held when a call passes it, and goes first once its holder checks in', () => {
    const c = centre()
    busy(c)
    const remote = c.join('passport')
    c.clock.advanceMinutes(1)
    const walkIn = c.issue('passport')
    c.serve('d2', 5, c.bolat)
    const called = c.run({ type: 'ticket:call-next', deskId: 'd2' }, c.bolat)
    expect(called.map((e) => e.type)).toEqual(['ticket:held', 'ticket:called'])
    expect(c.ticket(walkIn.id).status).toBe('called')
    expect(c.ticket(remote.id).remote!.heldAt).toBe(c.clock.now())
    c.issue('passport')
    checkIn(c, remote.remote!.code)
    c.serve('d2', 5, c.bolat)
    expect(c.callNext('d2', c.bolat).ticket.id).toBe(remote.id)
  })

  it('is not held by the call of a priority visitor who came after it: that says nothing of the line', () => {
    const c = centre()
    busy(c)
    const remote = c.join('passport')
    c.clock.advanceMinutes(1)
    c.issue('passport', { categoryId: 'disability' })
    c.serve('d2', 5, c.bolat)
    const called = c.run({ type: 'ticket:call-next', deskId: 'd2' }, c.bolat)
    expect(called.map((e) => e.type)).toEqual(['ticket:called'])
    expect(c.ticket(remote.id).remote!.heldAt).toBeNull()
  })

  it('is told to come once the early end of its wait is within its travel time, once', () => {
    const c = centre()
    busy(c)
    // Six in the hall before it at one window of 10 minutes: about an hour away.
    for (let i = 0; i < 6; i++) c.issue('passport')
    const remote = c.join('passport', 've_phone1', 20)
    expect(sweep(c)).toEqual([])
    const before = expectedEstimate(c.state, c.config, remote.id, c.clock.now())!
    expect(before.low).toBeGreaterThan(20)
    while (c.state.queues.passport!.length > 2) {
      c.serve('d2', 10, c.bolat)
      c.callNext('d2', c.bolat)
    }
    const estimate = expectedEstimate(c.state, c.config, remote.id, c.clock.now())!
    expect(estimate.low!).toBeLessThanOrEqual(20)
    const told = c.run({ type: 'ticket:remote-sweep' }, system)
    expect(told).toMatchObject([{ type: 'ticket:come-now', ticketId: remote.id, ahead: 2 }])
    expect(sweep(c)).toEqual([])
  })

  it('lapses when held past holdMinutes after its holder could have arrived, not before', () => {
    const c = centre({ holdMinutes: 10 })
    const remote = c.join('passport', 've_phone1', 30)
    // d2 is free: its turn has come at once, and its holder is told to come.
    expect(sweep(c)).toEqual(['ticket:come-now', 'ticket:held'])
    const due = lapsesAt(c.ticket(remote.id).remote!, 10)
    expect(due).toBe(c.clock.now() + 40 * MINUTE)
    c.clock.set(due - 1)
    expect(sweep(c)).toEqual([])
    c.clock.set(due)
    expect(sweep(c)).toEqual(['ticket:lapsed'])
    expect(c.ticket(remote.id)).toMatchObject({ status: 'lapsed', finishedAt: due })
    expect(c.state.expected).toEqual([])
    expect(c.errorOf({ type: 'booking:check-in', code: remote.remote!.code }, kiosk)).toBe('booking_too_late')
  })

  it('counts, once its holder is told to come, in the estimates of those behind it', () => {
    const c = centre()
    busy(c)
    const remote = c.join('passport', 've_phone1', 120)
    c.clock.advanceMinutes(1)
    const walkIn = c.issue('passport')
    const at = (id: string) => estimateWait(c.state, c.config, id, c.clock.now())!
    const alone = at(walkIn.id).minutes!
    expect(sweep(c)).toEqual(['ticket:come-now'])
    expect(c.ticket(remote.id).remote!.comeNowAt).not.toBeNull()
    expect(at(walkIn.id).minutes!).toBeGreaterThan(alone)
  })
})

describe('joining from home is refused', () => {
  const join = (c: TestCentre, extra: Partial<Command & { type: 'ticket:join' }> = {}) =>
    c.errorOf(
      { type: 'ticket:join', serviceId: 'passport', phoneId: 've_p', channel: 'web', ...extra },
      system,
    )

  it('for a service not listed, or with the remote queue off', () => {
    expect(join(centre(), { serviceId: 'birth' })).toBe('remote_join_off')
    const off = new TestCentre()
    off.open('d2', off.bolat)
    expect(join(off)).toBe('remote_join_off')
  })

  it('with no open window serving the service: no promise of a turn', () => {
    expect(join(new TestCentre({ config: remoteConfig() }))).toBe('no_window_serves')
  })

  it('past the daily cap, the phone’s limits, a full hall or a travel time over the most', () => {
    const capped = centre({ dailyCap: 1 })
    capped.join('passport', 've_a')
    expect(join(capped)).toBe('remote_daily_cap')

    const phone = centre({ perPhonePerDay: 2, perPhoneAtOnce: 1 })
    const first = phone.join('passport', 've_p')
    expect(join(phone)).toBe('remote_phone_limit')
    phone.run(
      { type: 'ticket:cancel', ticketId: first.id },
      { kind: 'citizen', bookingId: null, ticketId: first.id },
    )
    phone.join('passport', 've_p')
    phone.open('d3', phone.aigerim)
    expect(join(phone, { serviceId: 'land' })).toBe('remote_phone_limit')

    const full = centre({ maxWaitingPerWindow: 2 })
    busy(full)
    full.issue('passport')
    full.issue('passport')
    expect(join(full)).toBe('remote_join_full')

    expect(join(centre({ maxTravelMinutes: 60 }), { travelMinutes: 90 })).toBe('invalid_payload')
  })

  it('and a citizen cancels only the ticket whose tracker they hold, before its call', () => {
    const c = centre()
    const mine = c.join('passport', 've_a')
    const other = c.join('passport', 've_b')
    const me = { kind: 'citizen', bookingId: null, ticketId: mine.id } as const
    expect(c.errorOf({ type: 'ticket:cancel', ticketId: other.id }, me)).toBe('forbidden')
    c.run({ type: 'ticket:cancel', ticketId: mine.id }, me)
    expect(c.ticket(mine.id).status).toBe('cancelled')
    expect(c.state.expected).toEqual([other.id])
  })
})

describe('a new day', () => {
  it('starts with no remote tickets expected and no codes', () => {
    const c = centre()
    c.join('passport')
    c.clock.advance(24 * 60 * MINUTE)
    c.issue('land')
    expect(c.state.expected).toEqual([])
    expect(c.state.remoteCodes).toEqual({})
  })
})
