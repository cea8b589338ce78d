/**
 * The call-next policy as it was before the queue index: a scan of every waiting candidate. Kept
 * verbatim as the oracle the indexed `pickNext` and `countAhead` (src-shared/domain/queue-index.ts)
 * must agree with in every case; it is slow on purpose and has no place in the hub.
 */
import type { CallPolicy } from '../../src-shared/domain/policy'
import type { CallReason, CentreState, Ticket } from '../../src-shared/domain/types'

const MINUTE = 60_000

export type TicketClass = 'booking' | 'priority' | 'regular'

const CLASS_ORDER: Record<TicketClass, number> = { booking: 0, priority: 1, regular: 2 }

/** How the policy sees a waiting ticket at time `now`: a booking counts only while its slot is due. */
export function classify(ticket: Ticket, now: number, policy: CallPolicy): TicketClass {
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
  policy: CallPolicy
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
  policy: CallPolicy,
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
    // A walk-in sent away to come back for its slot is ranked from its window's opening: not here yet.
    if (cls !== 'booking' && ticket.bookedFor !== null && ticket.rank > now) continue
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

/** Waiting tickets of the same service the policy would call before `ticket`: O(queue). */
export function countAhead(
  state: CentreState,
  policy: CallPolicy,
  ticket: Ticket,
  now: number,
  categoryRanks: Readonly<Record<string, number>>,
): number {
  let ahead = 0
  // Tickets that compare equal (issued in the same millisecond) are called in queue order, as pickNext does.
  let beforeInQueue = true
  for (const otherId of state.queues[ticket.serviceId] ?? []) {
    if (otherId === ticket.id) {
      beforeInQueue = false
      continue
    }
    const other = state.tickets[otherId]
    if (!other) continue
    const order = compareForCall(other, ticket, now, policy, categoryRanks)
    if (order < 0 || (order === 0 && beforeInQueue)) ahead++
  }
  return ahead
}

/** What call-next decided for a desk serving `serviceIds`: the candidates gathered as `decide` did. */
export function pickNextByScan(
  state: CentreState,
  serviceIds: readonly string[],
  input: Omit<PolicyInput, 'candidates'>,
): PolicyChoice | null {
  const candidates: Ticket[] = []
  for (const serviceId of serviceIds) {
    for (const id of state.queues[serviceId] ?? []) {
      const ticket = state.tickets[id]
      if (ticket) candidates.push(ticket)
    }
  }
  return pickNext({ ...input, candidates })
}
