import { UNDO_WINDOW_MS, type CentreState } from '../../src-shared/domain'

/**
 * Whole seconds left to undo the no-show or postpone of `ticketId`, as the hub would decide it (the
 * ticket still carries its mark, `Ticket.undo`, and the window has not passed), or 0 when it cannot be.
 */
export function undoSecondsLeft(state: CentreState, ticketId: string | undefined, now: number): number {
  const mark = ticketId ? state.tickets[ticketId]?.undo : undefined
  if (!mark) return 0
  // Never more than the window: the hub's clock as this face estimates it may run a little behind.
  const left = Math.min(UNDO_WINDOW_MS, mark.at + UNDO_WINDOW_MS - now)
  return left > 0 ? Math.ceil(left / 1000) : 0
}

/** How a notice reads: a served ticket is a success, a no-show a warning, anything else plain news. */
export type NoticeTone = 'success' | 'warn' | 'info'

export function noticeTone(kind: string): NoticeTone {
  return kind === 'finish' ? 'success' : kind === 'noShow' ? 'warn' : 'info'
}
