/**
 * The supervisor's acts as a consultant's screen tells them (issue 16): from the facts with `by` as they
 * arrive, and after a reload from `GET /api/desk-acts` (the day's acts on the window the consultant
 * holds, `src-main/hub/reports/desk-acts.ts`), so a notice outlives the page until it is put away.
 */

/** One act of a supervisor on a window or on a ticket of its services. */
export interface DeskActNotice {
  /** The fact's seq: the act's identity (a notice put away is remembered by it). */
  seq: number
  at: number
  kind: 'cancelled' | 'transferred' | 'prioritised' | 'called' | 'paused' | 'restaffed' | 'released'
  /** The supervisor who acted. */
  by: string
  reason: string
  ticketId: string | null
  /** The desk it was about (a call, a pause, a re-staffing, a closing), or null. */
  deskId: string | null
  /** The services it touched (a ticket's, before and after): a consultant serving one is told. */
  serviceIds: string[]
  /** A transfer's new service. */
  toServiceId: string | null
  /** The priority category a ticket was given (absent or null otherwise, and from older hubs). */
  categoryId?: string | null
  /**
   * A closed window's consultant (`released`): the window is no longer theirs, so the notice goes to
   * them, wherever they are now (absent otherwise, and from older hubs).
   */
  staffId?: string | null
}

/** `GET /api/desk-acts`'s answer: the centre's day and its acts concerning the caller's window, oldest first. */
export interface DeskActsAnswer {
  /** Null before the centre's first day opened. */
  day: string | null
  acts: DeskActNotice[]
}

/**
 * Whether `act` concerns consultant `staffId` at a window with `desk`'s id and services (null: at none):
 * the consultant's screen shows those. A closed window's notice is its consultant's, with or without a window.
 */
export function actConcerns(
  act: DeskActNotice,
  desk: { id: string; serviceIds: readonly string[] } | null,
  staffId: string | null,
): boolean {
  if (act.kind === 'released') return act.staffId != null && act.staffId === staffId
  if (desk === null) return false
  return act.deskId !== null
    ? act.deskId === desk.id
    : act.serviceIds.some((id) => desk.serviceIds.includes(id))
}
