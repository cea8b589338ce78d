/**
 * The idle rule of a guided self-service session, shared by the kiosk page (which shows the countdown
 * and its "still here" button) and the Electron shell (which reports touches inside the portal view,
 * where the page cannot see them).
 *
 * Pure: the time of the last activity and the clock in, the phase out. After `idleMs` without activity
 * the warning shows for `warningMs` with a countdown; any activity, or "still here", starts over; at the
 * end the session ends as `timed_out` and the kiosk wipes it.
 */

export interface IdleSettings {
  /** Quiet time before the warning appears. */
  idleMs: number
  /** How long the warning counts down before the session ends. */
  warningMs: number
}

export const DEFAULT_IDLE_SECONDS = 180
export const DEFAULT_WARNING_SECONDS = 30

/** The centre's `selfService.idleSeconds` and `warningSeconds` as an `IdleSettings`. */
export function idleSettings(centre?: { idleSeconds: number; warningSeconds: number } | null): IdleSettings {
  return {
    idleMs: (centre?.idleSeconds ?? DEFAULT_IDLE_SECONDS) * 1000,
    warningMs: (centre?.warningSeconds ?? DEFAULT_WARNING_SECONDS) * 1000,
  }
}

export type IdlePhase = 'active' | 'warning' | 'expired'

export interface IdleStatus {
  phase: IdlePhase
  /** Whole seconds until the session ends (what the countdown shows), 0 once expired. */
  secondsLeft: number
  /** When the session ends without further activity (epoch ms). */
  endsAt: number
  /** When the phase or the shown seconds next change: when to look again (epoch ms), null once expired. */
  nextChangeAt: number | null
}

export function idleStatus(settings: IdleSettings, lastActivityAt: number, now: number): IdleStatus {
  const warnAt = lastActivityAt + settings.idleMs
  const endsAt = warnAt + settings.warningMs
  if (now >= endsAt) return { phase: 'expired', secondsLeft: 0, endsAt, nextChangeAt: null }
  const left = endsAt - now
  const secondsLeft = Math.ceil(left / 1000)
  if (now < warnAt) return { phase: 'active', secondsLeft, endsAt, nextChangeAt: warnAt }
  // The next whole second of the countdown, or the end.
  const nextSecond = endsAt - (secondsLeft - 1) * 1000
  return { phase: 'warning', secondsLeft, endsAt, nextChangeAt: Math.min(nextSecond, endsAt) }
}

/**
 * Activity restarts the wait, unless the session has already expired: then it is over, and a touch
 * must not bring it back (the wipe may already be running).
 */
export function afterActivity(settings: IdleSettings, lastActivityAt: number, now: number): number {
  return idleStatus(settings, lastActivityAt, now).phase === 'expired' ? lastActivityAt : now
}

/** Input inside the portal view that shows someone is there (moves alone do not: a cable can twitch). */
const PORTAL_ACTIVITY = new Set([
  'mouseDown',
  'mouseWheel',
  'rawKeyDown',
  'keyDown',
  'char',
  'touchStart',
  'pointerDown',
  'gestureTap',
  'gestureScrollBegin',
])

export function isPortalActivity(inputType: string): boolean {
  return PORTAL_ACTIVITY.has(inputType)
}

/** The portal reports activity to the page at most this often: enough for a countdown in seconds. */
export const PORTAL_ACTIVITY_REPORT_MS = 1_000

export function shouldReportActivity(lastReportedAt: number | null, now: number): boolean {
  return lastReportedAt === null || now - lastReportedAt >= PORTAL_ACTIVITY_REPORT_MS
}
