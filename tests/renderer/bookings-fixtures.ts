/**
 * Bookings for the staff faces' component tests: the consultant fixtures' small centre with a `bookings`
 * section, and booking facts folded with the real `evolve`. Tuesday 24 November 2026 in Astana (UTC+5).
 *
 * Windows 1 and 2 take booked citizens 09:00–18:00 on weekdays; slots are 20 minutes with nothing held
 * back for walk-ins. Passport (10 minutes a citizen) is served by window 2 alone and half of window 1:
 * 30 window-minutes a slot, 3 citizens, 27 slots, 81 places. Signatures, half of window 1: 1 a slot, 27.
 */
import { bookingsSchema, type PublicCentreConfig } from '../../src-shared/config'
import type { DomainEvent } from '../../src-shared/domain'
import { CONFIG } from './consultant-fixtures'

export const DAY = '2026-11-24'
export const TOMORROW = '2026-11-25'

export const BOOKING_CONFIG: PublicCentreConfig = {
  ...CONFIG,
  bookings: bookingsSchema.parse({
    enabled: true,
    schedule: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', desks: ['desk-1', 'desk-2'] },
    ],
    services: {
      passport: { slotMinutes: 20, walkInShare: 0 },
      signature: { slotMinutes: 20, walkInShare: 0 },
    },
  }),
}

/** `HH:MM` on the fixed day (or the next), as epoch ms. */
export function clockAt(clock: string, day: string = DAY): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const [hh, mm] = clock.split(':').map(Number) as [number, number]
  return Date.UTC(y, m - 1, d, hh - 5, mm)
}

/** A booking made through egov for the slot starting at `clock`. */
export function made(
  bookingId: string,
  code: string,
  serviceId: string,
  clock: string,
  day: string = DAY,
): DomainEvent {
  const slotStart = clockAt(clock, day)
  return {
    type: 'booking:made',
    bookingId,
    code,
    serviceId,
    slotStart,
    slotEnd: slotStart + 20 * 60_000,
    day,
    personId: `ve_${bookingId}`,
    phoneId: null,
    channel: 'egov',
    by: 'integration:egov-demo',
  }
}

/** The kiosk's check-in of a booking: its ticket, then the fact that ties them. */
export function checkedIn(bookingId: string, ticketId: string, number: string, clock: string): DomainEvent[] {
  return [
    {
      type: 'ticket:issued',
      ticketId,
      number,
      prefix: number.slice(0, 1),
      serviceId: 'passport',
      categoryId: null,
      bookedFor: clockAt(clock),
    },
    { type: 'booking:checked-in', bookingId, ticketId },
  ]
}
