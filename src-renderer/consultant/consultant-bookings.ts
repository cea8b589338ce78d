/**
 * The bookings a consultant's window will meet next: today's, at the window's services, that a citizen
 * may still come for (booked, until the end of the late window) or has just come for (checked in, while
 * the slot is still due). Pure, for the side panel's compact list.
 */
import type { EstimatePolicy } from '../../src-shared/config'
import { bookingCloses, bookingOpens, type Booking, type CentreState } from '../../src-shared/domain'

/** How a booking in the list stands: not due yet, due now (the citizen may check in), checked in. */
export type UpcomingState = 'booked' | 'due' | 'checked_in'

export interface UpcomingBooking {
  id: string
  code: string
  serviceId: string
  slotStart: number
  state: UpcomingState
  /** The ticket of a checked-in booking ("F012"), or null. */
  ticketNumber: string | null
}

export interface UpcomingBookings {
  /** The next few, by slot time. */
  next: UpcomingBooking[]
  /** How many more follow today beyond `next`. */
  more: number
}

export interface UpcomingQuery {
  /** The centre's local day, `YYYY-MM-DD`. */
  day: string
  /** The hub's clock. */
  now: number
  /** The window's services. */
  serviceIds: readonly string[]
  /** How many to list at most. */
  limit: number
}

/** Today's bookings still ahead at these services, the next `limit` of them first. */
export function upcomingBookings(
  state: CentreState,
  policy: EstimatePolicy,
  query: UpcomingQuery,
): UpcomingBookings {
  const services = new Set(query.serviceIds)
  const ahead: UpcomingBooking[] = []
  for (const booking of Object.values(state.bookings ?? {})) {
    if (booking.day !== query.day || !services.has(booking.serviceId)) continue
    if (booking.status !== 'booked' && booking.status !== 'checked_in') continue
    if (query.now > bookingCloses(booking.slotStart, policy)) continue
    ahead.push(upcomingOf(booking, state, policy, query.now))
  }
  ahead.sort((a, b) => a.slotStart - b.slotStart || a.code.localeCompare(b.code))
  return { next: ahead.slice(0, query.limit), more: Math.max(0, ahead.length - query.limit) }
}

function upcomingOf(
  booking: Booking,
  state: CentreState,
  policy: EstimatePolicy,
  now: number,
): UpcomingBooking {
  const checkedIn = booking.status === 'checked_in'
  const ticket = checkedIn && booking.ticketId ? state.tickets[booking.ticketId] : undefined
  return {
    id: booking.id,
    code: booking.code,
    serviceId: booking.serviceId,
    slotStart: booking.slotStart,
    state: checkedIn ? 'checked_in' : now >= bookingOpens(booking.slotStart, policy) ? 'due' : 'booked',
    ticketNumber: ticket?.number ?? null,
  }
}
