/**
 * Booking codes at the kiosk: what a citizen types on the on-screen keys or the barcode scanner types
 * for them, and the words a refusal carries. Pure functions, so the kiosk's tests pin them down alone.
 */
import {
  BOOKING_CODE_ALPHABET,
  BOOKING_CODE_LENGTH,
  formatBookingCode,
} from '../../src-shared/domain/bookings'
import { localDay, localTime } from '../../src-shared/domain/time'
import type { RefusalDetails } from '../../src-shared/domain/errors'

export { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH, formatBookingCode }

/** The on-screen keys: digits first (as a phone's keypad), then letters, in the code's own alphabet. */
export const BOOKING_KEYS: readonly string[] = [...BOOKING_CODE_ALPHABET]

/** Whether `char` can be part of a booking code (either case). */
export function isBookingChar(char: string): boolean {
  return char.length === 1 && BOOKING_CODE_ALPHABET.includes(char.toUpperCase())
}

/**
 * The booking code in what a scanner typed: the booking QR holds the code (`K7M-42Q` or `K7M42Q`) or a
 * link ending in it (`https://…/book/K7M42Q?lang=kk`). Runs of letters, digits and dashes are read from
 * the end; the first that is exactly a code (dashes dropped) wins. Null when none is.
 */
export function bookingCodeIn(scanned: string): string | null {
  const runs = scanned.toUpperCase().split(/[^A-Z0-9-]+/)
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!.replace(/-/g, '')
    if (run.length === BOOKING_CODE_LENGTH && [...run].every(isBookingChar)) return run
  }
  return null
}

/**
 * The times a `booking_too_early` refusal names, as the kiosk says them: when the check-in opens and the
 * booked slot (clock times in the centre's zone), and the day when it is not today (`now`, the hub's
 * clock). From the refusal's `details`; null when they name no times (the kiosk then says "too early"
 * without times).
 */
export function tooEarlyTimes(
  details: RefusalDetails | undefined,
  timeZone: string,
  now: number,
): { opens: string; slot: string; day: string | null } | null {
  if (details?.opensAt === undefined || details.slotStart === undefined) return null
  const opens = localTime(details.opensAt, timeZone)
  // A booking for another day: the kiosk must say the day, not only the time.
  const day = opens.day === localDay(now, timeZone) ? null : opens.day
  return { opens: opens.clock, slot: localTime(details.slotStart, timeZone).clock, day }
}
