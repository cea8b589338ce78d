/**
 * The words of the booking page that depend on data: a day's label ("Today", "Tomorrow", or "24 қараша,
 * сейсенбі"), a slot's date and time, and a refusal in plain words. Pure, so they can be tested alone.
 */
import type { Language } from '../../src-shared/config'
import { localDay, localEpoch } from '../../src-shared/domain/time'
import { formatLongDate } from '../../src-shared/i18n'

const DAY_MS = 24 * 60 * 60_000

/** "24 қараша, сейсенбі" for a local day `YYYY-MM-DD` of the centre. */
export function longDay(day: string, timeZone: string, language: Language): string {
  return formatLongDate(localEpoch(day, 12 * 60, timeZone), timeZone, language)
}

/** `today`, `tomorrow` or null, for a local day of the centre seen at `now`. */
export function nearDay(day: string, timeZone: string, now: number): 'today' | 'tomorrow' | null {
  if (day === localDay(now, timeZone)) return 'today'
  if (day === localDay(now + DAY_MS, timeZone)) return 'tomorrow'
  return null
}

/** Codes the page has its own words for; anything else is said as `other`. */
const KNOWN = new Set([
  'slot_full',
  'unknown_slot',
  'booking_exists',
  'limit_period',
  'limit_services_per_day',
  'bookings_disabled',
  'not_bookable',
  'code_wrong',
  'code_expired',
  'attempts_exceeded',
  'challenge_unknown',
  'resend_too_soon',
  'phone_busy',
  'sms_failed',
  'rate_limited',
  'manage_link_invalid',
  'booking_closed',
  'offline',
])

/** The catalogue key of a refusal's words. */
export function refusalKey(code: string): string {
  return `book.refusal.${KNOWN.has(code) ? code : 'other'}`
}

/** Refusals after which the code cannot be used again: the page offers a new one. */
export function needsNewCode(code: string): boolean {
  return ['code_expired', 'attempts_exceeded', 'challenge_unknown'].includes(code)
}
