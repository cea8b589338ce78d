import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { QueuePolicy } from '../../src-shared/config'
import { DomainError } from '../../src-shared/domain/errors'
import { classify, rankMap } from '../../src-shared/domain/policy'
import { pickNext } from '../../src-shared/domain/queue-index'
import type { Ticket } from '../../src-shared/domain/types'
import { makeTicket, MINUTE, MONDAY_10_00, TestCentre, testConfig, waitingState } from './fixtures'

const NOW = MONDAY_10_00
const config = testConfig({
  bookingEarlyMinutes: 10,
  bookingLateMinutes: 15,
  maxPriorityStreak: 3,
  regularMaxWaitMinutes: 45,
})
const ranks = rankMap(config)

/** What a desk serving every service of `candidates` would call, with them waiting. */
function pick(candidates: Ticket[], options: { streak?: number; policy?: Partial<QueuePolicy> } = {}) {
  const serviceIds = [...new Set(candidates.map((t) => t.serviceId))]
  const choice = pickNext(waitingState(candidates), serviceIds, {
    now: NOW,
    policy: { ...config.policy, ...options.policy },
    categoryRanks: ranks,
    streak: options.streak ?? 0,
  })
  return choice && { id: choice.ticket.id, reason: choice.reason }
}

/** Arrived `minutesAgo` before NOW. */
const regular = (id: string, minutesAgo: number) => makeTicket({ id, arrivalAt: NOW - minutesAgo * MINUTE })
const priority = (id: string, minutesAgo: number, categoryId = 'pregnant') =>
  makeTicket({ id, categoryId, arrivalAt: NOW - minutesAgo * MINUTE })
const booked = (id: string, slotInMinutes: number, minutesAgo = 0) =>
  makeTicket({ id, bookedFor: NOW + slotInMinutes * MINUTE, arrivalAt: NOW - minutesAgo * MINUTE })

describe('pickNext', () => {
  it('calls nobody from an empty queue', () => {
    expect(pick([])).toBeNull()
  })

  it('calls regular visitors by arrival', () => {
    expect(pick([regular('r2', 5), regular('r1', 9), regular('r3', 1)])).toEqual({
      id: 'r1',
      reason: 'regular',
    })
  })

  it('calls a due booking before priority categories and earlier arrivals', () => {
    const candidates = [regular('r1', 30), priority('p1', 20, 'disability'), booked('b1', 5)]
    expect(pick(candidates)).toEqual({ id: 'b1', reason: 'booking' })
  })

  it('calls the earliest slot first among due bookings', () => {
    expect(pick([booked('late', 8, 30), booked('early', -3, 1)])).toEqual({ id: 'early', reason: 'booking' })
  })

  it('treats a booking as due from bookingEarlyMinutes before to bookingLateMinutes after the slot', () => {
    const policy = config.policy
    expect(classify(booked('b', 10), NOW, policy)).toBe('booking')
    expect(classify(booked('b', 10.01), NOW, policy)).toBe('regular')
    expect(classify(booked('b', -15), NOW, policy)).toBe('booking')
    expect(classify(booked('b', -15.01), NOW, policy)).toBe('regular')
    expect(
      classify(makeTicket({ id: 'p', categoryId: 'pregnant', bookedFor: NOW - 60 * MINUTE }), NOW, policy),
    ).toBe('priority')
    expect(pick([regular('r1', 5), booked('b1', 11, 10)])).toEqual({ id: 'b1', reason: 'regular' })
    expect(pick([regular('r1', 5), booked('b1', 11, 10)], { policy: { bookingEarlyMinutes: 11 } })).toEqual({
      id: 'b1',
      reason: 'booking',
    })
  })

  it('counts an expired booking as a walk-in, in arrival order', () => {
    const candidates = [booked('missed', -16, 2), regular('r1', 5)]
    expect(pick(candidates)).toEqual({ id: 'r1', reason: 'regular' })
    expect(pick([booked('missed', -16, 2), regular('r1', 1)])).toEqual({ id: 'missed', reason: 'regular' })
  })

  it('calls priority categories by rank, then by arrival, before regular visitors', () => {
    const candidates = [
      regular('r1', 30),
      priority('preg-old', 20, 'pregnant'),
      priority('dis', 2, 'disability'),
    ]
    expect(pick(candidates)).toEqual({ id: 'dis', reason: 'priority' })
    expect(pick([priority('p2', 3), priority('p1', 4), regular('r1', 30)])).toEqual({
      id: 'p1',
      reason: 'priority',
    })
  })

  it('ranks an unknown category after the known ones', () => {
    expect(pick([priority('x', 20, 'retired'), priority('p', 1)])).toEqual({ id: 'p', reason: 'priority' })
  })

  it('orders by queue rank, so a postponed ticket waits behind those it let go first', () => {
    const postponed = makeTicket({ id: 'pp', arrivalAt: NOW - 30 * MINUTE, rank: NOW - 2 * MINUTE })
    expect(pick([postponed, regular('r1', 5)])).toEqual({ id: 'r1', reason: 'regular' })
  })

  describe('starvation bound', () => {
    const mixed = [priority('p1', 1), booked('b1', 0), regular('r1', 2)]

    it('calls the longest-waiting regular after maxPriorityStreak booked/priority calls', () => {
      expect(pick(mixed, { streak: 2 })).toEqual({ id: 'b1', reason: 'booking' })
      expect(pick(mixed, { streak: 3 })).toEqual({ id: 'r1', reason: 'streak' })
      expect(pick([priority('p1', 1), regular('r2', 1), regular('r1', 2)], { streak: 4 })).toEqual({
        id: 'r1',
        reason: 'streak',
      })
    })

    it('keeps calling priority when no regular visitor waits', () => {
      expect(pick([priority('p1', 1)], { streak: 7 })).toEqual({ id: 'p1', reason: 'priority' })
    })

    it('is off when maxPriorityStreak is 0', () => {
      expect(pick(mixed, { streak: 50, policy: { maxPriorityStreak: 0 } })).toEqual({
        id: 'b1',
        reason: 'booking',
      })
    })

    it('calls a regular visitor who waited regularMaxWaitMinutes before priority, not before bookings', () => {
      const candidates = [priority('p1', 50), regular('r1', 45)]
      expect(pick(candidates)).toEqual({ id: 'r1', reason: 'aged' })
      expect(pick([priority('p1', 50), regular('r1', 44.9)])).toEqual({ id: 'p1', reason: 'priority' })
      expect(pick([...candidates, booked('b1', 0)])).toEqual({ id: 'b1', reason: 'booking' })
      expect(pick(candidates, { policy: { regularMaxWaitMinutes: 0 } })).toEqual({
        id: 'p1',
        reason: 'priority',
      })
    })
  })
})

describe('call-next at a desk', () => {
  it('calls a regular visitor after every maxPriorityStreak priority calls, and the streak restarts', () => {
    const c = new TestCentre({ policy: { maxPriorityStreak: 3, regularMaxWaitMinutes: 0 } })
    c.open('d2', c.bolat)
    const r1 = c.issue('passport')
    const r2 = c.issue('passport')
    const ps = Array.from({ length: 7 }, () => c.issue('passport', { categoryId: 'pregnant' }))
    const calls: [string, string, number][] = []
    for (let i = 0; i < 9; i++) {
      const { ticket, reason } = c.callNext('d2', c.bolat)
      calls.push([ticket.id, reason, c.state.desks.d2!.priorityStreak])
      c.serve('d2', 2, c.bolat)
    }
    const [p1, p2, p3, p4, p5, p6, p7] = ps.map((t) => t.id)
    expect(calls).toEqual([
      [p1, 'priority', 1],
      [p2, 'priority', 2],
      [p3, 'priority', 3],
      [r1.id, 'streak', 0],
      [p4, 'priority', 1],
      [p5, 'priority', 2],
      [p6, 'priority', 3],
      [r2.id, 'streak', 0],
      [p7, 'priority', 1],
    ])
  })

  it('counts due bookings in the streak, and a regular call or closing the desk resets it', () => {
    const c = new TestCentre({ policy: { maxPriorityStreak: 2, regularMaxWaitMinutes: 0 } })
    c.open('d2', c.bolat)
    c.issue('passport', { bookedFor: c.clock.now() })
    c.issue('passport', { categoryId: 'disability' })
    expect(c.callNext('d2', c.bolat).reason).toBe('booking')
    c.serve('d2', 1, c.bolat)
    expect(c.callNext('d2', c.bolat).reason).toBe('priority')
    c.serve('d2', 1, c.bolat)
    expect(c.state.desks.d2!.priorityStreak).toBe(2)
    c.run({ type: 'desk:close', deskId: 'd2' }, c.bolat)
    c.open('d2', c.bolat)
    expect(c.state.desks.d2!.priorityStreak).toBe(0)
    c.issue('passport')
    expect(c.callNext('d2', c.bolat).reason).toBe('regular')
    expect(c.state.desks.d2!.priorityStreak).toBe(0)
  })

  it('calls a regular visitor who has waited regularMaxWaitMinutes ahead of priority', () => {
    const c = new TestCentre({ policy: { maxPriorityStreak: 0, regularMaxWaitMinutes: 30 } })
    c.open('d2', c.bolat)
    const r = c.issue('passport')
    c.clock.advanceMinutes(29)
    c.issue('passport', { categoryId: 'pregnant' })
    c.issue('passport', { categoryId: 'pregnant' })
    expect(c.callNext('d2', c.bolat).reason).toBe('priority')
    c.serve('d2', 1, c.bolat)
    expect(c.callNext('d2', c.bolat)).toMatchObject({ ticket: { id: r.id }, reason: 'aged' })
  })
})

describe('call-next, over any day (property)', () => {
  type Action =
    | { kind: 'issue'; serviceId: string; categoryId: string | null }
    | { kind: 'call'; deskId: string }
    | { kind: 'wait'; minutes: number }

  const action: fc.Arbitrary<Action> = fc.oneof(
    fc.record({
      kind: fc.constant('issue' as const),
      serviceId: fc.constantFrom('passport', 'birth', 'land'),
      categoryId: fc.constantFrom(null, null, 'disability', 'pregnant'),
    }),
    fc.record({ kind: fc.constant('call' as const), deskId: fc.constantFrom('d1', 'd2', 'd3') }),
    fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 0, max: 3 }) }),
  )

  it('never passes a waiting regular visitor over more than maxPriorityStreak times in a row at a desk, and calls everyone once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(0, 30),
        fc.array(action, { minLength: 10, maxLength: 200, size: 'max' }),
        (maxPriorityStreak, regularMaxWaitMinutes, actions) => {
          const c = new TestCentre({ policy: { maxPriorityStreak, regularMaxWaitMinutes } })
          c.open('d1', c.aigerim)
          c.open('d2', c.bolat)
          c.open('d3', c.saule)
          /** Per regular ticket and desk: non-regular calls at that desk in a row while it waited. */
          const passedOver = new Map<string, Map<string, number>>()

          const callAt = (deskId: string): boolean => {
            if (c.state.desks[deskId]!.ticketId) c.serve(deskId, 1)
            const desk = c.state.desks[deskId]!
            const waitingRegulars = desk.serviceIds
              .flatMap((s) => c.state.queues[s] ?? [])
              .map((id) => c.ticket(id))
              .filter((t) => t.categoryId === null)
            let called: Ticket
            try {
              called = c.callNext(deskId).ticket
            } catch (error) {
              if (error instanceof DomainError && error.code === 'queue_empty') return false
              throw error
            }
            for (const r of waitingRegulars) {
              if (r.id === called.id) continue
              const counts = passedOver.get(r.id) ?? new Map<string, number>()
              passedOver.set(r.id, counts)
              const inARow = called.categoryId === null ? 0 : (counts.get(deskId) ?? 0) + 1
              expect(inARow, `${r.number} passed over at ${deskId}`).toBeLessThanOrEqual(maxPriorityStreak)
              counts.set(deskId, inARow)
            }
            return true
          }

          for (const a of actions) {
            if (a.kind === 'issue') c.issue(a.serviceId, { categoryId: a.categoryId })
            else if (a.kind === 'call') callAt(a.deskId)
            else c.clock.advanceMinutes(a.minutes)
          }
          // Drain: every desk calls until nobody it serves is waiting.
          let calledAny = true
          while (calledAny) {
            calledAny = false
            for (const deskId of ['d1', 'd2', 'd3']) calledAny = callAt(deskId) || calledAny
          }
          for (const deskId of ['d1', 'd2', 'd3']) if (c.state.desks[deskId]!.ticketId) c.serve(deskId, 1)

          const issued = c.log.filter((e) => e.type === 'ticket:issued').map((e) => e.ticketId)
          const called = c.log.filter((e) => e.type === 'ticket:called').map((e) => e.ticketId)
          expect([...called].sort()).toEqual([...issued].sort())
          expect(Object.values(c.state.queues).flat()).toEqual([])
          expect(Object.values(c.state.tickets).every((t) => t.status === 'done')).toBe(true)
        },
      ),
      { numRuns: 200, seed: 20250310 },
    )
  })
})
