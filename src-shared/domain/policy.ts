/**
 * Call-next policy: which waiting ticket a desk calls next.
 *
 * Order: booked visitors whose slot is due now, then priority categories (by category rank), then
 * everyone else by arrival. Two bounds keep regular visitors from starving:
 * - after `maxPriorityStreak` booked/priority calls in a row at a desk, its next call is the
 *   longest-waiting regular visitor, if one waits;
 * - a regular visitor who has waited `regularMaxWaitMinutes` goes before priority categories
 *   (but not before due bookings).
 * Within a class: bookings by slot, categories by rank, then everyone by queue rank and issue time;
 * tickets equal on all of these go in queue order, and across services in the order the desk lists them.
 *
 * This module holds the rules; queue-index.ts finds the best ticket of each class without scanning the
 * queues and applies `chooseNext`. Pure: the same tickets, time and policy always give the same answer.
 */
import type { CentreConfig, QueuePolicy } from '../config'
import type { CallReason, Ticket } from './types'

const MINUTE = 60_000

export type TicketClass = 'booking' | 'priority' | 'regular'

/** The part of the policy that says when a booked slot is due. */
export type BookingWindow = Pick<QueuePolicy, 'bookingEarlyMinutes' | 'bookingLateMinutes'>

/** The part of the policy call-next reads: the booking window and the two bounds against starving. */
export type CallPolicy = BookingWindow & Pick<QueuePolicy, 'maxPriorityStreak' | 'regularMaxWaitMinutes'>

/** The rank of a category that is not (or no longer) in the config: after every known one. */
export const UNKNOWN_CATEGORY_RANK = 100

/** When a booked slot starts to count: `bookingEarlyMinutes` before it. */
export function bookingOpens(bookedFor: number, policy: BookingWindow): number {
  return bookedFor - policy.bookingEarlyMinutes * MINUTE
}

/** When a booked slot stops counting: `bookingLateMinutes` after it. Grows with `bookedFor`. */
export function bookingCloses(bookedFor: number, policy: BookingWindow): number {
  return bookedFor + policy.bookingLateMinutes * MINUTE
}

/** Whether a booking made for `bookedFor` is due at `now` (both ends of the window included). */
export function isBookingDue(bookedFor: number, now: number, policy: BookingWindow): boolean {
  return now >= bookingOpens(bookedFor, policy) && now <= bookingCloses(bookedFor, policy)
}

/** How the policy sees a waiting ticket at time `now`: a booking counts only while its slot is due. */
export function classify(ticket: Ticket, now: number, policy: BookingWindow): TicketClass {
  if (ticket.bookedFor !== null && isBookingDue(ticket.bookedFor, now, policy)) return 'booking'
  return ticket.categoryId !== null ? 'priority' : 'regular'
}

/** A category's rank (lower is called first). */
export function categoryRank(categoryRanks: Readonly<Record<string, number>>, categoryId: string): number {
  return categoryRanks[categoryId] ?? UNKNOWN_CATEGORY_RANK
}

/** The first ticket of each class a desk could call, by the order above; absent when none waits. */
export interface ClassHeads {
  booking?: Ticket
  priority?: Ticket
  regular?: Ticket
}

export interface PolicyChoice {
  ticket: Ticket
  reason: CallReason
}

/** Which of the class heads the desk calls, the starvation bounds applied. */
export function chooseNext(
  heads: ClassHeads,
  now: number,
  policy: CallPolicy,
  /** Booked/priority calls in a row at this desk. */
  streak: number,
): PolicyChoice | null {
  const { booking, priority, regular } = heads
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
