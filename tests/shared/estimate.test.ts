import { describe, expect, it } from 'vitest'
import { averageServiceMs, desksServing, estimateWait } from '../../src-shared/domain/estimate'
import { MINUTE, TestCentre } from './fixtures'

const estimate = (c: TestCentre, ticketId: string) => estimateWait(c.state, c.config, ticketId, c.clock.now())

/** Serves passport visitors at d2 for the given minutes each, so the centre has real service times. */
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

  it('uses the moving average of finished service times', () => {
    const c = withPassportTimes([6, 8])
    expect(c.state.serviceTimes.passport).toEqual([6 * MINUTE, 8 * MINUTE])
    expect(averageServiceMs(c.state, c.config, 'passport')).toBe(7 * MINUTE)
    const [w1, w2, w3] = [c.issue('passport'), c.issue('passport'), c.issue('passport')]
    c.callNext('d2', c.bolat)
    expect(c.ticket(w1.id).status).toBe('called')
    // One desk, busy: half a service for the visitor in hand, then one whole service per person ahead.
    expect(estimate(c, w2.id)).toEqual({ ahead: 0, minutes: Math.ceil(0.5 * 7) })
    expect(estimate(c, w3.id)).toEqual({ ahead: 1, minutes: Math.ceil(1.5 * 7) })
  })

  it('averages only the latest policy.estimateWindow service times', () => {
    const c = withPassportTimes([20, 20, 20, 2, 4], { estimateWindow: 2 })
    expect(averageServiceMs(c.state, c.config, 'passport')).toBe(3 * MINUTE)
    c.issue('passport')
    c.callNext('d2', c.bolat)
    const waiting = c.issue('passport')
    expect(estimate(c, waiting.id)).toEqual({ ahead: 0, minutes: 2 })
  })

  it("falls back to the service's expectedMinutes before anyone is served", () => {
    const c = new TestCentre()
    c.open('d3', c.bolat)
    expect(averageServiceMs(c.state, c.config, 'land')).toBe(20 * MINUTE)
    c.issue('land')
    c.callNext('d3', c.bolat)
    c.issue('land')
    const second = c.issue('land')
    expect(estimate(c, second.id)).toEqual({ ahead: 1, minutes: 30 })
    // No-shows have no service time and do not move the average.
    c.run({ type: 'ticket:no-show', ticketId: c.state.desks.d3!.ticketId! }, c.bolat)
    expect(averageServiceMs(c.state, c.config, 'land')).toBe(20 * MINUTE)
  })

  it('shares those ahead among the open desks serving the service', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    const tickets = Array.from({ length: 6 }, () => c.issue('passport'))
    c.callNext('d1', c.aigerim)
    const last = tickets[5]!
    // One desk open, busy: 4 ahead of the last one.
    expect(estimate(c, last.id)).toEqual({ ahead: 4, minutes: Math.ceil(4.5 * 10) })
    c.open('d2', c.bolat)
    c.callNext('d2', c.bolat)
    expect(desksServing(c.state, c.config, 'passport')).toBe(2)
    expect(estimate(c, last.id)).toEqual({ ahead: 3, minutes: Math.ceil((3.5 * 10) / 2) })
  })

  it('is 0 minutes when a desk is free and nobody is ahead', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    const first = c.issue('passport')
    expect(estimate(c, first.id)).toEqual({ ahead: 0, minutes: 0 })
    const second = c.issue('passport')
    expect(estimate(c, second.id)!.minutes).toBeGreaterThan(0)
    // A desk that serves other services only does not make anyone's wait 0.
    const c2 = new TestCentre()
    c2.open('d3', c2.bolat)
    expect(estimate(c2, c2.issue('passport').id)!.minutes).toBeGreaterThan(0)
  })

  it('does not count paused desks', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.open('d2', c.bolat)
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    c.issue('passport')
    c.callNext('d1', c.aigerim)
    const next = c.issue('passport')
    const after = c.issue('passport')
    expect(desksServing(c.state, c.config, 'passport')).toBe(1)
    // d2 is paused: not free, and not sharing the queue.
    expect(estimate(c, next.id)).toEqual({ ahead: 0, minutes: Math.ceil(0.5 * 10) })
    expect(estimate(c, after.id)).toEqual({ ahead: 1, minutes: Math.ceil(1.5 * 10) })
    c.run({ type: 'desk:resume', deskId: 'd2' }, c.bolat)
    expect(estimate(c, next.id)).toEqual({ ahead: 0, minutes: 0 })
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
