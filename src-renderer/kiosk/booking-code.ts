/**
 * Booking codes at the kiosk: what a citizen types on the on-screen keys or the barcode scanner types
 * for them, and the words a refusal carries. Pure functions, so the kiosk's tests pin them down alone.
 */
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH } from '../../src-shared/domain/bookings'

export { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH }

/** The on-screen keys: digits first (as a phone's keypad), then letters, in the code's own alphabet. */
export const BOOKING_KEYS: readonly string[] = [...BOOKING_CODE_ALPHABET]

/** Whether `char` can be part of a booking code (either case). */
export function isBookingChar(char: string): boolean {
  return char.length === 1 && BOOKING_CODE_ALPHABET.includes(char.toUpperCase())
}

/** A code as the citizen reads it on their confirmation: `K7M-42Q` (a partial code without the dash yet). */
export function formatBookingCode(code: string): string {
  const half = BOOKING_CODE_LENGTH / 2
  return code.length > half ? `${code.slice(0, half)}-${code.slice(half)}` : code
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

/** "HH:MM" plus `minutes`, on the clock (no date: a booking's window never crosses midnight by much). */
function addToClock(clock: string, minutes: number): string {
  const [h, m] = clock.split(':').map(Number) as [number, number]
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`
}

/**
 * The times a `booking_too_early` refusal implies: the hub names when the check-in opens ("… can check
 * in from 09:55", "… from 09:55 on 2026-12-07" for another day), and the slot is `bookingEarlyMinutes`
 * after that. Null when the message names no time
 * (the kiosk then says "too early" without times).
 */
export function tooEarlyTimes(
  message: string,
  bookingEarlyMinutes: number,
): { opens: string; slot: string; day: string | null } | null {
  const match = /\bfrom (\d{1,2}):(\d{2})(?: on (\d{4}-\d{2}-\d{2}))?\b/.exec(message)
  if (!match) return null
  const opens = `${match[1]!.padStart(2, '0')}:${match[2]}`
  // A booking for another day: the hub names it (YYYY-MM-DD), and the kiosk must say it.
  return { opens, slot: addToClock(opens, bookingEarlyMinutes), day: match[3] ?? null }
}
