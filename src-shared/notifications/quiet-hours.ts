/**
 * Quiet hours: the local times between which no notification is sent (`notifications.quietHours`). What
 * falls inside waits for their end; the delivery then drops it if it is no longer true (`whyStale`).
 */
import type { NotificationsConfig } from '../config'
import { localEpoch, localTime } from '../domain/time'

type QuietHours = NotificationsConfig['quietHours']

const DAY_MS = 24 * 60 * 60_000

function minuteOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))
}

/** Whether the local time at `at` falls inside the quiet hours (`from` inclusive, `to` exclusive). */
export function inQuietHours(at: number, quiet: QuietHours, timeZone: string): boolean {
  if (!quiet) return false
  const { clock } = localTime(at, timeZone)
  return quiet.from < quiet.to
    ? clock >= quiet.from && clock < quiet.to
    : clock >= quiet.from || clock < quiet.to
}

/** `at` itself outside the quiet hours; inside them, the moment they end (the next local `to`). */
export function afterQuietHours(at: number, quiet: QuietHours, timeZone: string): number {
  if (!quiet || !inQuietHours(at, quiet, timeZone)) return at
  const { day, clock } = localTime(at, timeZone)
  // Before `to` today (the quiet hours began yesterday evening, or span no midnight): today's `to`.
  const endDay =
    clock < quiet.to ? day : localTime(localEpoch(day, 0, timeZone) + DAY_MS + 3 * 60 * 60_000, timeZone).day
  return localEpoch(endDay, minuteOf(quiet.to), timeZone)
}
