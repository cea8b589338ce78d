/**
 * The wait estimate (`estimate.ts`): who goes first, which windows count, the time in hand, what is
 * promised when no window is open, and the range. Figures are checked as properties a citizen would
 * notice (more ahead, longer; a window free, now; none open, no minutes), since the minutes come from
 * playing the windows forward; how true they are is what `npm run simulate` measures.
 */
import { describe, expect, it } from 'vitest'
import { estimateWait, newcomerEstimate, type WaitEstimate } from '../../src-shared/domain'
import { MINUTE, TestCentre } from './fixtures'

const estimate = (c: TestCentre, ticketId: string) => estimateWait(c.state, c.config, ticketId, c.clock.now())
const newcomer = (c: TestCentre, serviceId: string, categoryId: string | null = null) =>
  newcomerEstimate(c.state, c.config, serviceId, c.clock.now(), categoryId)

/** Serves passport visitors at d2 for the given minutes each, so the centre has recorded window times. */
function withPassportTimes(minutes: number[], policy = {}) {
  const c = new TestCentre({ policy })
  c.open('d2', c.bolat)
  for (const m of minutes) {
    c.issue('passport')
    c.callNext('d2', c.bolat)
    c.serve('d2', m, c.bolat)
  }
  return c
}

/** The point lies in its range, and the range has width, for a ticket that waits. */
function expectRanged(e: WaitEstimate | null) {
  expect(e!.minutes).toBeGreaterThan(0)
  expect(e!.low).toBeLessThanOrEqual(e!.minutes!)
  expect(e!.high).toBeGreaterThan(e!.minutes!)
}

describe('estimateWait', () => {
  it('counts ahead only those the policy would call first', () => {
    const c = new TestCentre()
    const r1 = c.issue('passport')
    c.clock.advanceMinutes(1)
    const pregnant = c.issue('passport', { categoryId: 'pregnant' })
    c.clock.advanceMinutes(1)
    const r2 = c.issue('passport')
    const laterBooking = c.issue('passport', { bookedFor: c.clock.now() + 60 * MINUTE })
    const birth = c.issue('birth')
    c.clock.advanceMinutes(1)
    const disability = c.issue('passport', { categoryId: 'disability' })
    const ahead = (id: string) => estimate(c, id)!.ahead
    expect(ahead(disability.id)).toBe(0)
    expect(ahead(pregnant.id)).toBe(1)
    expect(ahead(r1.id)).toBe(2)
    expect(ahead(r2.id)).toBe(3)
    // Not due for an hour: a walk-in by arrival for now.
    expect(ahead(laterBooking.id)).toBe(4)
    // Another service's queue is not ahead, even on the same prefix.
    expect(ahead(birth.id)).toBe(0)

    const due = c.issue('passport', { bookedFor: c.clock.now() + 5 * MINUTE })
    expect(ahead(due.id)).toBe(0)
    expect(ahead(disability.id)).toBe(1)
    expect(ahead(r2.id)).toBe(4)
  })

  it('counts those issued in the same millisecond in the order they will be called', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    c.issue('land')
    const same = [c.issue('passport'), c.issue('passport'), c.issue('passport')]
    expect(same.map((t) => estimate(c, t.id)!.ahead)).toEqual([0, 1, 2])
    expect(estimate(c, same[1]!.id)!.minutes).toBeGreaterThan(0)
    expect(c.callNext('d2', c.bolat).ticket.id).toBe(same[0]!.id)
    expect(same.slice(1).map((t) => estimate(c, t.id)!.ahead)).toEqual([0, 1])
  })

  it('promises no minutes for a service no open window serves', () => {
    const c = new TestCentre()
    const none = { windows: 0, minutes: null, low: null, high: null }
    expect(estimate(c, c.issue('passport').id)).toMatchObject({ ahead: 0, ...none })
    // A window for other services only, or a paused one, serves nobody here.
    c.open('d3', c.bolat)
    expect(estimate(c, c.issue('passport').id)).toMatchObject({ ahead: 1, ...none })
    c.open('d2', c.aigerim)
    c.callNext('d2', c.aigerim)
    c.serve('d2', 5, c.aigerim)
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.aigerim)
    expect(newcomer(c, 'passport')).toMatchObject({ ahead: 1, ...none })
    c.run({ type: 'desk:resume', deskId: 'd2' }, c.aigerim)
    expect(newcomer(c, 'passport').windows).toBe(1)
  })

  it('is now, with no range, when a window is free for the ticket', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    expect(estimate(c, c.issue('passport').id)).toEqual({
      ahead: 0,
      windows: 1,
      minutes: 0,
      low: null,
      high: null,
    })
    // The free window goes to the one ahead: the next waits.
    expectRanged(estimate(c, c.issue('passport').id))
  })

  it('grows with those ahead, each shown with its 80% range', () => {
    const c = withPassportTimes([8, 12, 10, 9, 11])
    c.issue('passport')
    c.callNext('d2', c.bolat)
    const tickets = Array.from({ length: 6 }, () => c.issue('passport'))
    const minutes = tickets.map((t) => estimate(c, t.id)!.minutes!)
    for (const t of tickets) expectRanged(estimate(c, t.id))
    for (let i = 1; i < minutes.length; i++) expect(minutes[i]).toBeGreaterThan(minutes[i - 1]!)
    // Six ahead at one 10-minute window, one in hand: about an hour, not a few minutes.
    expect(minutes[5]).toBeGreaterThanOrEqual(50)
    expect(minutes[5]).toBeLessThanOrEqual(80)
    // A second window halves it, near enough.
    c.open('d1', c.aigerim, ['passport'])
    c.callNext('d1', c.aigerim)
    const shared = estimate(c, tickets[5]!.id)!.minutes!
    expect(shared).toBeLessThan(minutes[5]! * 0.65)
  })

  it('counts the tickets of other services that the same windows call first', () => {
    const c = new TestCentre()
    // d1 serves passport and birth; it is the only window open.
    c.open('d1', c.aigerim)
    c.issue('passport')
    c.callNext('d1', c.aigerim)
    const alone = newcomer(c, 'passport')
    for (let i = 0; i < 4; i++) c.issue('birth')
    const behindBirths = newcomer(c, 'passport')
    // Same service, same ahead; four birth registrations go first at the one window.
    expect(behindBirths.ahead).toBe(alone.ahead)
    expect(behindBirths.minutes!).toBeGreaterThan(alone.minutes! + 10)
    // A birth window of its own takes them off d1's hands.
    c.open('d3', c.bolat, ['birth'])
    c.open('d2', c.saule, ['birth'])
    expect(newcomer(c, 'passport').minutes!).toBeLessThan(behindBirths.minutes!)
    // Births issued after the passport ticket do not go before it.
    const c2 = new TestCentre()
    c2.open('d1', c2.aigerim)
    c2.issue('passport')
    c2.callNext('d1', c2.aigerim)
    const first = c2.issue('passport')
    c2.clock.advanceMinutes(1)
    const before = estimate(c2, first.id)!.minutes
    for (let i = 0; i < 4; i++) c2.issue('birth')
    expect(estimate(c2, first.id)!.minutes).toBe(before)
  })

  it('counts the time already spent by the ticket in hand', () => {
    // Every recorded visit took 10 minutes exactly: one in hand for 9 has about one to go.
    const c = withPassportTimes(Array.from({ length: 40 }, () => 10))
    c.issue('passport')
    c.callNext('d2', c.bolat)
    c.clock.advanceMinutes(1)
    const early = newcomer(c, 'passport').minutes!
    c.clock.advanceMinutes(8)
    const late = newcomer(c, 'passport').minutes!
    expect(early).toBeGreaterThanOrEqual(7)
    expect(late).toBeLessThanOrEqual(2)
  })

  it('learns from recorded window times, shrunk toward the configured time while they are few', () => {
    // Configured 10 minutes; the centre records 20.
    const few = withPassportTimes([20, 20])
    const many = withPassportTimes(Array.from({ length: 30 }, () => 20))
    const wait = (c: TestCentre) => {
      c.issue('passport')
      c.callNext('d2', c.bolat)
      for (let i = 0; i < 3; i++) c.issue('passport')
      return newcomer(c, 'passport').minutes!
    }
    const configured = wait(withPassportTimes([]))
    expect(wait(few)).toBeGreaterThan(configured)
    expect(wait(many)).toBeGreaterThan(wait(withPassportTimes([20, 20])))
    // The policy.estimateWindow latest times only: the old 20s fall out of a window of 3.
    const narrow = withPassportTimes([20, 20, 20, 20, 20, 10, 10, 10], { estimateWindow: 3 })
    expect(wait(narrow)).toBeLessThan(wait(withPassportTimes([20, 20, 20, 20, 20, 10, 10, 10])))
  })

  it('puts a priority visitor ahead of the regular ones, and a regular one behind those yet to come', () => {
    const c = withPassportTimes([10, 10, 10])
    c.issue('passport')
    c.callNext('d2', c.bolat)
    for (let i = 0; i < 5; i++) c.issue('passport')
    const regular = newcomer(c, 'passport')
    const priority = newcomer(c, 'passport', 'disability')
    expect(priority.ahead).toBe(0)
    expect(priority.minutes!).toBeLessThan(regular.minutes!)

    // Where most recent calls were priority visitors, more will come and go first.
    const busy = withPassportTimes([])
    for (let i = 0; i < 8; i++) {
      busy.issue('passport', { categoryId: 'pregnant' })
      busy.callNext('d2', busy.bolat)
      busy.serve('d2', 10, busy.bolat)
    }
    const calm = withPassportTimes(Array.from({ length: 8 }, () => 10))
    for (const c of [busy, calm]) {
      c.issue('passport')
      c.callNext('d2', c.bolat)
      for (let i = 0; i < 5; i++) c.issue('passport')
    }
    expect(newcomer(busy, 'passport').minutes!).toBeGreaterThan(newcomer(calm, 'passport').minutes!)
  })

  it('lets regular visitors who reach regularMaxWaitMinutes go before a priority visitor', () => {
    // One window, busy with a citizen just called; five regular visitors who came `waited` minutes ago.
    const hall = (waited: number, policy = {}) => {
      const c = withPassportTimes([10, 10, 10], policy)
      for (let i = 0; i < 6; i++) c.issue('passport')
      c.clock.advanceMinutes(waited)
      c.callNext('d2', c.bolat)
      return newcomer(c, 'passport', 'disability')
    }
    const fresh = hall(0)
    expect(fresh.ahead).toBe(0)
    expect(fresh.minutes!).toBeLessThan(20)
    // Past the 45 minutes, the five go first: six services of about 10 minutes, not one.
    const aged = hall(50)
    expect(aged.ahead).toBe(0)
    expect(aged.minutes!).toBeGreaterThan(40)
    expectRanged(aged)
    // Five minutes short of it, they reach it while the window is still busy: first too.
    expect(hall(40).minutes!).toBeGreaterThan(40)
    // With the bound off, the priority visitor goes first however long they waited.
    expect(hall(50, { regularMaxWaitMinutes: 0 })).toEqual(fresh)
  })

  it('gives the hub and a face holding a copy of the state the same figures', () => {
    const c = withPassportTimes([6, 14, 9])
    c.issue('passport')
    c.callNext('d2', c.bolat)
    const waiting = [c.issue('passport'), c.issue('birth'), c.issue('passport')]
    const copy = JSON.parse(JSON.stringify(c.state)) as typeof c.state
    const now = c.clock.now()
    for (const t of waiting) {
      expect(estimateWait(copy, c.config, t.id, now)).toEqual(estimateWait(c.state, c.config, t.id, now))
    }
    expect(newcomerEstimate(copy, c.config, 'passport', now)).toEqual(newcomer(c, 'passport'))
  })

  it('has no estimate for a ticket that is not waiting', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    const t = c.issue('passport')
    c.callNext('d2', c.bolat)
    expect(estimate(c, t.id)).toBeNull()
    expect(estimate(c, 'nope')).toBeNull()
  })
})
