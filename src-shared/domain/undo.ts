/**
 * Undoing a no-show or a postpone: one key marks a ticket missed or puts it back in the queue, so the
 * consultant has `UNDO_WINDOW_MS` to take it back, as long as nothing else happened to the ticket (or
 * their desk) since. The ticket is then in hand at the desk again, as it was.
 *
 * `evolve` keeps the mark on the ticket (`Ticket.undo`, `noteUndo`) and applies `ticket:restored`
 * (`restoreTicket`); `decideUndo` decides from the mark and the clock in the context.
 */
import { isManager, staffIdOf } from './actors'
import type { DecideContext } from './decide'
import { DomainError } from './errors'
import type { CentreState, CommandOf, DomainEvent, EventEnvelope, Ticket } from './types'

/** How long after a no-show or a postpone it may be undone. */
export const UNDO_WINDOW_MS = 10_000

export function decideUndo(
  state: CentreState,
  command: CommandOf<'ticket:undo'>,
  ctx: Pick<DecideContext, 'now' | 'actor'>,
): DomainEvent[] {
  const ticket = state.tickets[command.ticketId]
  if (!ticket) throw new DomainError('unknown_ticket', `no ticket "${command.ticketId}" today`)
  const mark = ticket.undo
  if (!mark) {
    throw new DomainError(
      'nothing_to_undo',
      `ticket ${ticket.number} has no no-show or postpone to undo (it is ${ticket.status}; it may have moved on since)`,
    )
  }
  if (ctx.now - mark.at > UNDO_WINDOW_MS) {
    throw new DomainError(
      'undo_expired',
      `the ${mark.left === 'ticket:missed' ? 'no-show' : 'postpone'} of ticket ${ticket.number} can be undone only within ${UNDO_WINDOW_MS / 1000} seconds`,
    )
  }
  const desk = state.desks[mark.deskId]
  if (!desk || desk.status === 'closed')
    throw new DomainError('desk_closed', `desk ${mark.deskId} is not open`)
  if (!isManager(ctx.actor) && desk.staffId !== staffIdOf(ctx.actor)) {
    throw new DomainError('not_your_desk', `ticket ${ticket.number} left desk ${desk.id}, not yours`)
  }
  if (desk.status === 'paused')
    throw new DomainError('desk_paused', `desk ${desk.id} is paused; resume it to undo`)
  if (desk.ticketId) {
    const other = state.tickets[desk.ticketId]?.number ?? '?'
    throw new DomainError('desk_busy', `desk ${desk.id} has ticket ${other} in hand now`)
  }
  return [
    {
      type: 'ticket:restored',
      ticketId: ticket.id,
      deskId: desk.id,
      undid: mark.left,
      by: staffIdOf(ctx.actor),
    },
  ]
}

/**
 * Before `event` applies: a no-show or a postpone of a ticket in hand leaves a mark to undo it by; any
 * other fact about the ticket means it moved on, and the mark goes. `heldMs` is the window time the
 * fact will record (`noteWindowTime` in evolve.ts), so that the undo takes it back.
 */
export function noteUndo(state: CentreState, event: EventEnvelope): void {
  if (!('ticketId' in event) || event.type === 'ticket:restored') return
  const ticket = state.tickets[event.ticketId]
  if (!ticket) return
  delete ticket.undo
  const leaves = event.type === 'ticket:missed' || event.type === 'ticket:postponed'
  if (!leaves || ticket.status !== 'called' || ticket.deskId === null || ticket.calledAt === null) return
  ticket.undo = {
    left: event.type,
    at: event.at,
    deskId: ticket.deskId,
    staffId: ticket.staffId,
    calledAt: ticket.calledAt,
    rank: ticket.rank,
    heldMs: Math.max(0, event.at - ticket.calledAt),
  }
}

/** Puts a ticket taken out of its queue (if it was waiting) back in hand at its desk, as its mark says. */
export function restoreTicket(state: CentreState, ticket: Ticket): void {
  const mark = ticket.undo
  if (!mark) throw new Error(`ticket:restored names ticket ${ticket.id}, which has nothing to undo`)
  delete ticket.undo
  ticket.status = 'called'
  ticket.deskId = mark.deskId
  ticket.staffId = mark.staffId
  ticket.calledAt = mark.calledAt
  ticket.rank = mark.rank
  ticket.finishedAt = null
  const desk = state.desks[mark.deskId]
  if (desk) desk.ticketId = ticket.id
  // The leaving recorded how long the window was held; it was not over. Any copy of the same value goes,
  // which leaves the same times.
  const times = state.serviceTimes[ticket.serviceId]
  const at = times?.lastIndexOf(mark.heldMs) ?? -1
  if (times && at >= 0) times.splice(at, 1)
}
