/**
 * Queues nobody will serve, and who may staff a desk: what the consultant's and the supervisor's faces
 * flag, and whom a supervisor may open a desk for (`desk:open` with `staffId`, decided in decide.ts).
 */
import type { CentreState, Desk } from './types'
import { windowsServing } from './window-forecast'

export { DESK_ROLES } from '../config/desk-roles'

/** A service with visitors waiting and no open (not paused) desk serving it: its tickets will not be called. */
export interface UnservedQueue {
  serviceId: string
  waiting: number
  /** Arrival of the visitor who has waited longest (kept across transfers). */
  oldestArrivalAt: number
}

/** Every unserved queue, the longest-waiting first. */
export function unservedQueues(state: CentreState): UnservedQueue[] {
  const unserved: UnservedQueue[] = []
  for (const [serviceId, queue] of Object.entries(state.queues)) {
    if (queue.length === 0 || windowsServing(state, serviceId).length > 0) continue
    let oldest = Number.POSITIVE_INFINITY
    for (const id of queue) oldest = Math.min(oldest, state.tickets[id]?.arrivalAt ?? oldest)
    unserved.push({ serviceId, waiting: queue.length, oldestArrivalAt: oldest })
  }
  return unserved.sort(
    (a, b) => a.oldestArrivalAt - b.oldestArrivalAt || a.serviceId.localeCompare(b.serviceId),
  )
}

/**
 * Where a paused desk's pause starts counting in the day's minutes paused: when it began, or the day's
 * start for a pause that began the day before (`Desk.pauseCountsFrom`), so each day has its own part.
 */
export function pauseCountsFrom(desk: Pick<Desk, 'since' | 'pauseCountsFrom'>): number {
  return Math.max(desk.since, desk.pauseCountsFrom ?? desk.since)
}
