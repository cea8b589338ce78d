/**
 * Call-next policy: which waiting ticket a desk calls next.
 *
 * Order: booked visitors whose slot is due now, then priority categories (by category rank), then
 * everyone else by arrival. Two bounds keep regular visitors from starving:
 * - after `maxPriorityStreak` booked/priority calls in a row at a desk, its next call is the
 *   longest-waiting regular visitor, if one waits;
 * - a regular visitor who has waited `regularMaxWaitMinutes` goes before priority categories
 *   (but not before due bookings).
 * Pure: the same tickets, time and policy always give the same answer.
 */
import type { CentreConfig, QueuePolicy } from '../config'
import type { CallReason, Ticket } from './types'

const MINUTE = 60_000

export type TicketClass = 'booking' | 'priority' | 'regular'

const CLASS_ORDER: Record<TicketClass, number> = { booking: 0, priority: 1, regular: 2 }

/** How the policy sees a waiting ticket at time `now`: a booking counts only while its slot is due. */
export function classify(ticket: Ticket, now: number, policy: QueuePolicy): TicketClass {
  if (ticket.bookedFor !== null) {
    const from = ticket.bookedFor - policy.bookingEarlyMinutes * MINUTE
    const to = ticket.bookedFor + policy.bookingLateMinutes * MINUTE
    if (now >= from && now <= to) return 'booking'
  }
  return ticket.categoryId !== null ? 'priority' : 'regular'
}

export interface PolicyInput {
  /** Waiting tickets the desk may serve, in any order. */
  candidates: readonly Ticket[]
  now: number
  policy: QueuePolicy
  /** Category id -> rank (lower first). Unknown categories rank last. */
  categoryRanks: Readonly<Record<string, number>>
  /** Booked/priority calls in a row at this desk. */
  streak: number
}

export interface PolicyChoice {
  ticket: Ticket
  reason: CallReason
}

const byRank = (a: Ticket, b: Ticket) => a.rank - b.rank || a.issuedAt - b.issuedAt

/**
 * The order in which the policy would call `candidates` if nothing changed: due bookings, then
 * categories, then regulars. Used for "people ahead" and the wait estimate (without the bounds,
 * which depend on who calls).
 */
export function compareForCall(
  a: Ticket,
  b: Ticket,
  now: number,
  policy: QueuePolicy,
  categoryRanks: Readonly<Record<string, number>>,
): number {
  const ca = classify(a, now, policy)
  const cb = classify(b, now, policy)
  if (ca !== cb) return CLASS_ORDER[ca] - CLASS_ORDER[cb]
  if (ca === 'booking') return (a.bookedFor ?? 0) - (b.bookedFor ?? 0) || byRank(a, b)
  if (ca === 'priority') {
    const ra = categoryRanks[a.categoryId ?? ''] ?? 100
    const rb = categoryRanks[b.categoryId ?? ''] ?? 100
    return ra - rb || byRank(a, b)
  }
  return byRank(a, b)
}

export function pickNext(input: PolicyInput): PolicyChoice | null {
  const { candidates, now, policy, categoryRanks, streak } = input
  let booking: Ticket | undefined
  let priority: Ticket | undefined
  let regular: Ticket | undefined
  for (const ticket of candidates) {
    const cls = classify(ticket, now, policy)
    if (cls === 'booking') {
      if (!booking || compareForCall(ticket, booking, now, policy, categoryRanks) < 0) booking = ticket
    } else if (cls === 'priority') {
      if (!priority || compareForCall(ticket, priority, now, policy, categoryRanks) < 0) priority = ticket
    } else if (!regular || byRank(ticket, regular) < 0) {
      regular = ticket
    }
  }
  if (
    regular &&
    policy.maxPriorityStreak > 0 &&
    streak >= policy.maxPriorityStreak &&
    (booking || priority)
  ) {
    return { ticket: regular, reason: 'streak' }
  }
  if (booking) return { ticket: booking, reason: 'booking' }
  if (regular && policy.regularMaxWaitMinutes > 0 && priority) {
    if (now - regular.arrivalAt >= policy.regularMaxWaitMinutes * MINUTE)
      return { ticket: regular, reason: 'aged' }
  }
  if (priority) return { ticket: priority, reason: 'priority' }
  if (regular) return { ticket: regular, reason: 'regular' }
  return null
}

/** Category id -> rank, from the centre config. */
export function rankMap(config: Pick<CentreConfig, 'priorityCategories'>): Record<string, number> {
  return Object.fromEntries(config.priorityCategories.map((c) => [c.id, c.rank]))
}
