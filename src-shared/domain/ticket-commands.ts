/**
 * decide for a ticket's own path: issue, call (next or by number), recall, start, finish, no-show,
 * transfer, postpone and cancel. One entry point, `decideTicket`; the supervisor's acts on a ticket
 * (prioritise, undo) and the remote queue have their own modules.
 */
import { staffIdOf } from './actors'
import type { DecideContext } from './decide'
import { ownDesk, ownDeskOf, readyDesk, ticketIn } from './decide-guards'
import { calledAtOnce, finishedFact } from './desk-work'
import { DomainError } from './errors'
import { refuseBookingOnly } from './booking-walk-in'
import { rankMap } from './policy'
import { pickNext } from './queue-index'
import { heldBefore } from './remote-queue'
import { deskAct, ticketAct } from './supervisor-acts'
import { formatNumber } from './ticket-number'
import { isOpen } from './time'
import type { CentreState, CommandOf, DomainEvent, EventOf } from './types'

/** The commands of a ticket's own path through the hall, from its issue to its end at a desk. */
export type TicketCommand = CommandOf<
  | 'ticket:issue'
  | 'ticket:call-next'
  | 'ticket:call'
  | 'ticket:recall'
  | 'ticket:start'
  | 'ticket:finish'
  | 'ticket:no-show'
  | 'ticket:transfer'
  | 'ticket:postpone'
  | 'ticket:cancel'
>

export function decideTicket(state: CentreState, command: TicketCommand, ctx: DecideContext): DomainEvent[] {
  switch (command.type) {
    case 'ticket:issue':
      return issue(state, command, ctx)
    case 'ticket:call-next':
      return callNext(state, command, ctx)
    case 'ticket:call':
      return callTicket(state, command, ctx)
    case 'ticket:recall': {
      const ticket = ticketIn(state, command.ticketId, ['called'], 'recall')
      const desk = ownDeskOf(state, ticket, ctx.actor)
      return [{ type: 'ticket:recalled', ticketId: ticket.id, deskId: desk.id }]
    }
    case 'ticket:start': {
      const ticket = ticketIn(state, command.ticketId, ['called'], 'start serving')
      ownDeskOf(state, ticket, ctx.actor)
      return [{ type: 'ticket:started', ticketId: ticket.id }]
    }
    case 'ticket:finish': {
      const ticket = ticketIn(state, command.ticketId, ['serving'], 'finish')
      ownDeskOf(state, ticket, ctx.actor)
      return [finishedFact(ctx.config, ticket, command.outcome)]
    }
    case 'ticket:no-show': {
      const ticket = ticketIn(state, command.ticketId, ['called'], 'mark as no-show')
      ownDeskOf(state, ticket, ctx.actor)
      return [{ type: 'ticket:missed', ticketId: ticket.id }]
    }
    case 'ticket:transfer':
      return transfer(state, command, ctx)
    case 'ticket:postpone':
      return postpone(state, command, ctx)
    case 'ticket:cancel': {
      const ticket = ticketIn(state, command.ticketId, ['expected', 'waiting', 'called'], 'cancel')
      // A citizen cancels only the remote ticket the hub checked they hold, and only before its call.
      if (ctx.actor.kind === 'citizen' && (ctx.actor.ticketId !== ticket.id || ticket.status === 'called'))
        throw new DomainError('forbidden', `ticket ${ticket.number} is not yours to cancel now`)
      if (ticket.status === 'called') ownDeskOf(state, ticket, ctx.actor)
      return [
        {
          type: 'ticket:cancelled',
          ticketId: ticket.id,
          ...ticketAct(state, ticket, ctx.actor, command.reason),
        },
      ]
    }
  }
}

function issue(state: CentreState, command: CommandOf<'ticket:issue'>, ctx: DecideContext): DomainEvent[] {
  const { config } = ctx
  const service = config.services.find((s) => s.id === command.serviceId)
  if (!service) throw new DomainError('unknown_service', `no service "${command.serviceId}" in this centre`)
  const categoryId = command.categoryId ?? null
  if (categoryId !== null && !config.priorityCategories.some((c) => c.id === categoryId)) {
    throw new DomainError('unknown_category', `no priority category "${categoryId}" in this centre`)
  }
  if (
    config.policy.enforceOpeningHours &&
    !isOpen(ctx.now, config.centre.timeZone, config.centre.openingHours)
  ) {
    throw new DomainError(
      'centre_closed',
      'the centre is closed now; tickets are issued during opening hours',
    )
  }
  refuseBookingOnly(config, service.id, ctx.actor.kind === 'device')
  if (command.bookedFor != null && ctx.actor.kind === 'device') {
    // A kiosk cannot prove a booking yet (no booking lookup): a booked time from it would jump the queue.
    throw new DomainError('forbidden', 'a booked time can be set only by staff')
  }
  // A walk-in at a window: issued at the staff member's own desk (the log says which), perhaps called there.
  if (command.call && command.deskId === undefined)
    throw new DomainError('invalid_payload', 'name the desk to call the new ticket to')
  if (command.deskId !== undefined && ctx.actor.kind !== 'staff')
    throw new DomainError('forbidden', 'only staff issue a ticket at a desk')
  const desk =
    command.deskId === undefined
      ? null
      : command.call
        ? readyDesk(state, command.deskId, ctx)
        : ownDesk(state, command.deskId, ctx)
  const counter = (state.counters[service.prefix] ?? 0) + 1
  const issued: EventOf<'ticket:issued'> = {
    type: 'ticket:issued',
    ticketId: ctx.newId(),
    number: formatNumber(service.prefix, counter),
    prefix: service.prefix,
    serviceId: service.id,
    categoryId,
    bookedFor: command.bookedFor ?? null,
    trackToken: ctx.newToken(),
    ...(desk ? { deskId: desk.id } : {}),
  }
  if (desk && command.call && !desk.serviceIds.includes(service.id))
    throw new DomainError(
      'not_served_here',
      `desk ${desk.id} does not serve this service; issue it without calling`,
    )
  return desk && command.call ? [issued, calledAtOnce(issued, desk.id, staffIdOf(ctx.actor))] : [issued]
}

function callNext(
  state: CentreState,
  command: CommandOf<'ticket:call-next'>,
  ctx: DecideContext,
): DomainEvent[] {
  const desk = readyDesk(state, command.deskId, ctx)
  const choice = pickNext(state, desk.serviceIds, {
    now: ctx.now,
    policy: ctx.config.policy,
    categoryRanks: rankMap(ctx.config),
    streak: desk.priorityStreak,
  })
  if (!choice) throw new DomainError('queue_empty', `no one is waiting for the services of desk ${desk.id}`)
  return [
    // Remote tickets not checked in whose place this call of the line passes: their turn came, they are
    // held. (A priority or booked visitor goes before everyone: their call says nothing of the line.)
    ...(choice.reason === 'booking' || choice.reason === 'priority'
      ? []
      : heldBefore(state, desk.serviceIds, choice.ticket)),
    {
      type: 'ticket:called',
      ticketId: choice.ticket.id,
      deskId: desk.id,
      staffId: staffIdOf(ctx.actor),
      reason: choice.reason,
    },
  ]
}

function callTicket(
  state: CentreState,
  command: CommandOf<'ticket:call'>,
  ctx: DecideContext,
): DomainEvent[] {
  const desk = readyDesk(state, command.deskId, ctx)
  const ticket = ticketIn(state, command.ticketId, ['waiting'], 'call')
  if (!desk.serviceIds.includes(ticket.serviceId)) {
    throw new DomainError(
      'not_served_here',
      `desk ${desk.id} does not serve the service of ticket ${ticket.number}`,
    )
  }
  // A supervisor calling to someone else's window: the call is that consultant's, the act the supervisor's.
  const act = deskAct(desk, ctx.actor, null)
  if (!('by' in act)) {
    return [
      {
        type: 'ticket:called',
        ticketId: ticket.id,
        deskId: desk.id,
        staffId: staffIdOf(ctx.actor),
        reason: 'direct',
      },
    ]
  }
  const { reason: note } = ticketAct(state, ticket, ctx.actor, command.reason) as { reason: string }
  return [
    {
      type: 'ticket:called',
      ticketId: ticket.id,
      deskId: desk.id,
      staffId: desk.staffId,
      reason: 'direct',
      by: act.by,
      note,
    },
  ]
}

function transfer(
  state: CentreState,
  command: CommandOf<'ticket:transfer'>,
  ctx: DecideContext,
): DomainEvent[] {
  const ticket = ticketIn(state, command.ticketId, ['waiting', 'called', 'serving'], 'transfer')
  if (ticket.status !== 'waiting') ownDeskOf(state, ticket, ctx.actor)
  if (!ctx.config.services.some((s) => s.id === command.serviceId)) {
    throw new DomainError('unknown_service', `no service "${command.serviceId}" in this centre`)
  }
  if (command.serviceId === ticket.serviceId) {
    throw new DomainError('same_service', `ticket ${ticket.number} is already for this service`)
  }
  const note = command.note?.trim() || null
  return [
    {
      type: 'ticket:transferred',
      ticketId: ticket.id,
      fromServiceId: ticket.serviceId,
      toServiceId: command.serviceId,
      note,
      ...ticketAct(state, ticket, ctx.actor, command.reason),
    },
  ]
}

function postpone(
  state: CentreState,
  command: CommandOf<'ticket:postpone'>,
  ctx: DecideContext,
): DomainEvent[] {
  const ticket = ticketIn(state, command.ticketId, ['waiting', 'called'], 'postpone')
  if (ticket.status === 'called') ownDeskOf(state, ticket, ctx.actor)
  const by = command.by ?? ctx.config.policy.postponeBy
  const queue = state.queues[ticket.serviceId] ?? []
  const others = queue.filter((id) => id !== ticket.id)
  // Those already ahead of a waiting ticket stay ahead: postponing lets `by` more go first, never fewer.
  const after = (ticket.status === 'waiting' ? Math.max(0, queue.indexOf(ticket.id)) : 0) + by
  const rankAt = (index: number) => state.tickets[others[index]!]!.rank
  let rank: number
  if (others.length === 0) rank = Math.max(ticket.rank, ctx.now)
  else if (others.length <= after) rank = rankAt(others.length - 1) + 1
  else {
    // Ranks tie for arrivals in the same millisecond; a tied rank would sort by issue time, possibly
    // back to the front, so go strictly after the whole tie.
    const before = rankAt(after - 1)
    let next = after
    while (next < others.length && rankAt(next) <= before) next++
    rank = next < others.length ? (before + rankAt(next)) / 2 : before + 1
  }
  return [{ type: 'ticket:postponed', ticketId: ticket.id, rank }]
}
