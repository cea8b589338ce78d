/**
 * The day's self-service figures for the supervisor, from the same `CentreState` every face folds. Pure:
 * the state and the hub's clock in, numbers out. The state holds only the centre's current day, so
 * every figure is per local day.
 *
 * The channel-shift share answers "of the visitors we served today, how many did it themselves":
 * completed self-service sessions against tickets finished at a window.
 */
import type { CentreState, HelpRequest } from '../domain/types'

export interface SelfServiceFigures {
  /** Sessions started today, any state. */
  sessions: number
  active: number
  completed: number
  abandoned: number
  timedOut: number
  /** completed / ended sessions, 0–1; null before the first session ends. */
  completionRate: number | null
  /** Median start → end of completed sessions, ms. */
  medianDurationMs: number | null
  helpRequests: number
  /** Asked and not yet accepted, resolved or cancelled. */
  helpOpen: number
  /** Median and 90th percentile of asked → accepted (or → resolved, for one resolved without accepting), ms. */
  medianHelpResponseMs: number | null
  p90HelpResponseMs: number | null
  /** How long the longest-waiting open request has waited, ms. */
  oldestOpenHelpMs: number | null
  /** Tickets finished at a window today. */
  servedAtWindows: number
  /** completed / (completed + servedAtWindows), 0–1; null when nobody was served yet. */
  channelShiftShare: number | null
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** The nearest-rank percentile (`p` in 0–100): a value that occurred, never an interpolation. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]!
}

/** How long a request waited for a consultant, or null while nobody has answered it. */
export function helpResponseMs(help: HelpRequest): number | null {
  if (help.acceptedAt !== null) return help.acceptedAt - help.requestedAt
  if (help.status === 'resolved' && help.closedAt !== null) return help.closedAt - help.requestedAt
  return null
}

export function selfServiceFigures(state: CentreState, now: number): SelfServiceFigures {
  let active = 0
  let completed = 0
  let abandoned = 0
  let timedOut = 0
  const durations: number[] = []
  const sessions = Object.values(state.selfServiceSessions)
  for (const session of sessions) {
    if (session.status === 'active') active++
    else if (session.status === 'completed') {
      completed++
      if (session.endedAt !== null) durations.push(session.endedAt - session.startedAt)
    } else if (session.status === 'abandoned') abandoned++
    else timedOut++
  }

  const responses: number[] = []
  let helpOpen = 0
  let oldestOpenHelpMs: number | null = null
  const requests = Object.values(state.helpRequests)
  for (const help of requests) {
    const response = helpResponseMs(help)
    if (response !== null) responses.push(response)
    if (help.status === 'open') {
      helpOpen++
      const waited = Math.max(0, now - help.requestedAt)
      oldestOpenHelpMs = Math.max(oldestOpenHelpMs ?? 0, waited)
    }
  }

  let servedAtWindows = 0
  for (const ticket of Object.values(state.tickets)) if (ticket.status === 'done') servedAtWindows++

  const ended = completed + abandoned + timedOut
  const served = completed + servedAtWindows
  return {
    sessions: sessions.length,
    active,
    completed,
    abandoned,
    timedOut,
    completionRate: ended > 0 ? completed / ended : null,
    medianDurationMs: median(durations),
    helpRequests: requests.length,
    helpOpen,
    medianHelpResponseMs: median(responses),
    p90HelpResponseMs: percentile(responses, 90),
    oldestOpenHelpMs,
    servedAtWindows,
    channelShiftShare: served > 0 ? completed / served : null,
  }
}
