/**
 * evolve for a desk's facts (opened, paused, resumed, closed): its status, staff, services and the
 * minutes it spent paused today. A desk the state has not seen yet starts closed (`ensureDesk`).
 */
import type { CentreState, Desk, EventOf } from './types'

/** The facts about a desk's day that evolveDesk applies. */
export type DeskFact = EventOf<'desk:opened' | 'desk:paused' | 'desk:resumed' | 'desk:closed'>

export function evolveDesk(state: CentreState, event: DeskFact, at: number): void {
  switch (event.type) {
    case 'desk:opened': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'open'
      desk.staffId = event.staffId
      desk.serviceIds = [...event.serviceIds]
      desk.since = at
      break
    }
    case 'desk:paused': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'paused'
      desk.since = at
      // The centre's own reason the consultant chose; a supervisor's words (`by`) stay in the fact, for
      // staff, and never reach the hall's snapshots.
      if (event.reason !== undefined && !event.by) desk.pauseReason = event.reason
      break
    }
    case 'desk:resumed': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'open'
      desk.since = at
      break
    }
    case 'desk:closed': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'closed'
      desk.staffId = null
      desk.since = at
      desk.priorityStreak = 0
      break
    }
  }
}

export function ensureDesk(state: CentreState, deskId: string, at: number): Desk {
  return (state.desks[deskId] ??= {
    id: deskId,
    status: 'closed',
    staffId: null,
    serviceIds: [],
    ticketId: null,
    priorityStreak: 0,
    since: at,
  })
}

/** A paused desk opens, resumes or closes: its pause's minutes join today's, and the reason goes. */
function endPause(desk: Desk, at: number): void {
  if (desk.status === 'paused') desk.pausedMs = (desk.pausedMs ?? 0) + Math.max(0, at - desk.since)
  delete desk.pauseReason
}
