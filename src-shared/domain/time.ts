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

/** Whether `at` falls inside the opening hours (intervals are [from, to) in local time). */
export function isOpen(at: number, timeZone: string, hours: Record<Weekday, [string, string][]>): boolean {
  const { clock, weekday } = localTime(at, timeZone)
  return (hours[weekday] ?? []).some(([from, to]) => clock >= from && clock < to)
}
