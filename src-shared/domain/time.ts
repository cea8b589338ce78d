/**
 * The centre's local calendar. "Today" is always the centre's day in its IANA time zone, never UTC:
 * at 02:00 in Almaty it is still the previous day in UTC.
 */
import type { Weekday } from '../config'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export interface LocalTime {
  /** YYYY-MM-DD */
  day: string
  /** HH:MM, 24-hour */
  clock: string
  weekday: Weekday
}

export function localTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const part of formatter(timeZone).formatToParts(at)) parts[part.type] = part.value
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    clock: `${parts.hour}:${parts.minute}`,
    weekday: (parts.weekday ?? 'Mon').toLowerCase().slice(0, 3) as Weekday,
  }
}

const dayCache = new Map<string, { minute: number; day: string }>()

/**
 * The centre's local day (YYYY-MM-DD) at epoch ms `at`. Asked on every command, so the answer is kept
 * for the rest of the minute (time zones change on whole minutes).
 */
export function localDay(at: number, timeZone: string): string {
  const minute = Math.floor(at / 60_000)
  const cached = dayCache.get(timeZone)
  if (cached && cached.minute === minute) return cached.day
  const day = localTime(at, timeZone).day
  dayCache.set(timeZone, { minute, day })
  return day
}

const DAY_MS = 24 * 60 * 60_000
const centreDayCache = new Map<string, { minute: number; day: string }>()

/**
 * The centre's day (YYYY-MM-DD) at `at`: its local day, which turns at `dayStartsAt` (HH:MM, local)
 * instead of midnight for a centre open across midnight (`centre.dayStartsAt`). At 02:00 a centre whose
 * day starts at 04:00 is still in the day before. Numbering, the queue and the day's figures follow it.
 */
export function centreDay(at: number, centre: { timeZone: string; dayStartsAt?: string }): string {
  const start = centre.dayStartsAt ?? '00:00'
  if (start === '00:00') return localDay(at, centre.timeZone)
  const minute = Math.floor(at / 60_000)
  const key = `${centre.timeZone} ${start}`
  const cached = centreDayCache.get(key)
  if (cached && cached.minute === minute) return cached.day
  const { day, clock } = localTime(at, centre.timeZone)
  const result = clock < start ? new Date(utcMidnight(day) - DAY_MS).toISOString().slice(0, 10) : day
  centreDayCache.set(key, { minute, day: result })
  return result
}

/**
 * When the centre's day `day` begins and ends (epoch ms, [start, end)): its `dayStartsAt` (local
 * midnight by default) and the next day's, read in the centre's time zone (a DST day is 23 or 25 h).
 */
export function centreDayBounds(
  day: string,
  centre: { timeZone: string; dayStartsAt?: string },
): { start: number; end: number } {
  const [hours, minutes] = (centre.dayStartsAt ?? '00:00').split(':').map(Number)
  const minute = hours! * 60 + minutes!
  const next = new Date(utcMidnight(day) + DAY_MS).toISOString().slice(0, 10)
  return {
    start: localEpoch(day, minute, centre.timeZone),
    end: localEpoch(next, minute, centre.timeZone),
  }
}

/** Whether `at` falls inside the opening hours (intervals are [from, to) in local time). */
export function isOpen(at: number, timeZone: string, hours: Record<Weekday, [string, string][]>): boolean {
  const { clock, weekday } = localTime(at, timeZone)
  return (hours[weekday] ?? []).some(([from, to]) => clock >= from && clock < to)
}

const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** Midnight UTC of a calendar day `YYYY-MM-DD`: the day's number on a line where each day is DAY_MS. */
function utcMidnight(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))
}

/** The weekday of a calendar day `YYYY-MM-DD`. A date has one weekday in every time zone. */
export function weekdayOf(day: string): Weekday {
  return WEEKDAY_BY_UTC_DAY[new Date(utcMidnight(day)).getUTCDay()]!
}

/** Whole calendar days from `from` to `to` (both `YYYY-MM-DD`): negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS)
}

/** How far the centre's clocks are ahead of UTC at `at`, in ms. */
function zoneOffset(at: number, timeZone: string): number {
  const at0 = Math.floor(at / 60_000) * 60_000
  const { day, clock } = localTime(at0, timeZone)
  return utcMidnight(day) + (Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))) * 60_000 - at0
}

/**
 * The moment (epoch ms) the centre's clocks show `minute` minutes past the midnight of `day`: 09:00 on
 * 2026-12-16 in Asia/Almaty (UTC+5) is 04:00Z. Around a daylight-saving change the offset is read again
 * at the answer, so it is right on both sides; a wall time the change skips (02:30 when 02:00 becomes
 * 03:00) maps to as many minutes after the change (03:30).
 */
export function localEpoch(day: string, minute: number, timeZone: string): number {
  const wall = utcMidnight(day) + minute * 60_000
  const first = wall - zoneOffset(wall, timeZone)
  const second = wall - zoneOffset(first, timeZone)
  if (second === first) return first
  // The offset changed between the guesses: the one the clocks agree with, or in a skipped hour the later.
  return zoneOffset(second, timeZone) === wall - second ? second : Math.max(first, second)
}
