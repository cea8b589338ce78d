/**
 * The checks decide's command families share: a ticket in a status the command allows, a desk the actor
 * may act at, a desk ready to call. Each throws a `DomainError` with a stable code, so every family
 * refuses the same situation with the same words.
 */
import { isManager, staffIdOf } from './actors'
import type { DecideContext } from './decide'
import { DomainError } from './errors'
import type { Actor, CentreState, Desk, Ticket } from './types'

export function ticketIn(
  state: CentreState,
  ticketId: string,
  allowed: Ticket['status'][],
  action: string,
): Ticket {
  const ticket = state.tickets[ticketId]
  if (!ticket) throw new DomainError('unknown_ticket', `no ticket "${ticketId}" today`)
  if (!allowed.includes(ticket.status)) {
    throw new DomainError(
      'invalid_transition',
      `cannot ${action} ticket ${ticket.number}: it is ${ticket.status}`,
    )
  }
  return ticket
}

export function deskStatusError(desk: Desk, action: string): DomainError {
  return desk.status === 'paused'
    ? new DomainError('desk_paused', `desk ${desk.id} is paused; resume it to ${action}`)
    : new DomainError('desk_closed', `desk ${desk.id} is not open; open it to ${action}`)
}

/** The desk as the state knows it, checked to belong to the actor (or the actor manages the floor). */
export function ownDesk(state: CentreState, deskId: string, ctx: DecideContext): Desk {
  if (!ctx.config.desks.some((d) => d.id === deskId)) {
    throw new DomainError('unknown_desk', `no desk "${deskId}" in this centre`)
  }
  const desk = state.desks[deskId]
  if (!desk || desk.status === 'closed') throw new DomainError('desk_closed', `desk ${deskId} is not open`)
  if (!isManager(ctx.actor) && desk.staffId !== staffIdOf(ctx.actor)) {
    throw new DomainError('not_your_desk', `desk ${deskId} is open for another consultant`)
  }
  return desk
}

/** An open desk with nothing in hand, ready to call. */
export function readyDesk(state: CentreState, deskId: string, ctx: DecideContext): Desk {
  const desk = ownDesk(state, deskId, ctx)
  if (desk.status !== 'open') throw deskStatusError(desk, 'call')
  if (desk.ticketId) {
    throw new DomainError(
      'desk_busy',
      `desk ${desk.id} has ticket ${numberOf(state, desk)} in hand; finish it first`,
    )
  }
  return desk
}

export function ownDeskOf(state: CentreState, ticket: Ticket, actor: Actor): Desk {
  const desk = ticket.deskId ? state.desks[ticket.deskId] : undefined
  if (!desk) throw new DomainError('invalid_transition', `ticket ${ticket.number} is not at a desk`)
  if (!isManager(actor) && desk.staffId !== staffIdOf(actor)) {
    throw new DomainError('not_your_desk', `ticket ${ticket.number} is at desk ${desk.id}, not yours`)
  }
  return desk
}

export function numberOf(state: CentreState, desk: Desk): string {
  return (desk.ticketId && state.tickets[desk.ticketId]?.number) || '?'
}
