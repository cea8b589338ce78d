/**
 * decide(state, command, ctx) -> events: the centre's rules, as one pure function.
 *
 * It reads the state and never changes it; the clock, ids and tokens come from `ctx`, so a test can
 * replay any situation exactly. A command the state does not allow throws a `DomainError` with a
 * stable code. Which roles may send which command is checked before this (`COMMAND_ROLES` in protocol/commands.ts);
 * here we check what depends on the state, such as whose desk it is.
 */
import type { CentreConfig } from '../config'
import { isManager, staffIdOf } from './actors'
import { DomainError } from './errors'
import { DESK_ROLES } from './desks'
import { rankMap } from './policy'
import { pickNext } from './queue-index'
import { decideBooking, bookingsCarriedOver } from './bookings'
import { decideWalkIn, refuseBookingOnly } from './booking-walk-in'
import { decideJoin, heldBefore, sweepRemote } from './remote-queue'
import { decideRate } from './rating'
import { decideSelfService } from './self-service'
import { formatNumber } from './ticket-number'
import { centreDay, centreDayBounds, isOpen } from './time'
import { decideUndo } from './undo'
import { calledAtOnce, finishedFact, pausedFact } from './desk-work'
import { deskAct, messageDesk, prioritise, readMessage, reportDevice, ticketAct } from './supervisor-acts'
import type { Actor, CentreState, Command, CommandOf, Desk, DomainEvent, EventOf, Ticket } from './types'

export interface DecideContext {
  now: number
  config: CentreConfig
  actor: Actor
  /** A new unique ticket id. */
  newId(): string
  /** A new unguessable token (for the phone tracker). */
  newToken(): string
}

export { formatNumber, NUMBER_WIDTH } from './ticket-number'

/** The `day:opened` fact due at `now`, if the centre's day (`centreDay`) has changed since the state's. */
export function dayChange(state: CentreState, config: CentreConfig, now: number): DomainEvent | null {
  const day = centreDay(now, config.centre)
  // Only forward: a clock stepped back over midnight must not reopen yesterday and reuse its numbers.
  if (state.day !== null && day <= state.day) return null
  // The desks stay as they are but put down their ticket (yesterday's tickets are gone); the service
  // times feed the morning's first estimates. Copies: the event must not share objects with the state.
  const desks: Record<string, Desk> = {}
  for (const [id, desk] of Object.entries(state.desks)) {
    desks[id] = { ...desk, serviceIds: [...desk.serviceIds], ticketId: null, priorityStreak: 0 }
    delete desks[id].pausedMs // the minutes paused are counted per day
    // A pause going on counts in the new day from its start only.
    if (desk.status === 'paused') desks[id].pauseCountsFrom = centreDayBounds(day, config.centre).start
  }
  const serviceTimes: Record<string, number[]> = {}
  for (const [serviceId, times] of Object.entries(state.serviceTimes)) serviceTimes[serviceId] = [...times]
  return { type: 'day:opened', day, desks, serviceTimes, bookings: bookingsCarriedOver(state, config, day) }
}

/** Ticket statuses a visit is still in: the day's end closes these. */
const UNFINISHED: ReadonlySet<Ticket['status']> = new Set(['waiting', 'called', 'serving'])

/**
 * The facts of a day change due at `now`, in order: every ticket of the old day still unfinished is
 * closed (`ticket:closed`, reason `day_ended`, so it leaves a trace, counts in that day's figures and its
 * tracker says so), then the new day opens. Empty when the day has not changed.
 */
export function dayTurnover(state: CentreState, config: CentreConfig, now: number): DomainEvent[] {
  const opened = dayChange(state, config, now)
  if (!opened) return []
  const closed: DomainEvent[] = Object.values(state.tickets)
    .filter((ticket) => UNFINISHED.has(ticket.status))
    .map((ticket) => ({ type: 'ticket:closed', ticketId: ticket.id, reason: 'day_ended' }))
  return [...closed, opened]
}

export function decide(state: CentreState, command: Command, ctx: DecideContext): DomainEvent[] {
  if (dayChange(state, ctx.config, ctx.now)) {
    // The caller applies `dayChange` first; deciding against yesterday would reuse its numbers.
    throw new Error('decide called on a state of another day; apply dayChange first')
  }
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
    case 'ticket:rate':
      return decideRate(state, command, ctx)
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
    case 'ticket:prioritise':
      return prioritise(state, command, ctx)
    case 'ticket:undo':
      return decideUndo(state, command, ctx)
    case 'desk:open':
      return openDesk(state, command, ctx)
    case 'desk:pause': {
      const desk = ownDesk(state, command.deskId, ctx)
      if (desk.status !== 'open') throw deskStatusError(desk, 'pause')
      if (desk.ticketId)
        throw new DomainError('desk_busy', `finish ticket ${numberOf(state, desk)} before pausing`)
      const act = deskAct(desk, ctx.actor, command.reason)
      // A supervisor pausing someone else's desk says why in their own words (`by` names them); the
      // desk's consultant picks one of the centre's pause reasons.
      if (act.by) return [{ type: 'desk:paused', deskId: desk.id, ...act }]
      return [pausedFact(ctx.config, desk.id, command.reason)]
    }
    case 'desk:message':
      return messageDesk(state, command, ctx)
    case 'desk:message-read':
      return readMessage(state, command, ctx)
    case 'device:report':
      return reportDevice(state, command, ctx)
    case 'desk:resume': {
      const desk = ownDesk(state, command.deskId, ctx)
      if (desk.status !== 'paused')
        throw new DomainError('invalid_transition', `desk ${desk.id} is not paused`)
      return [{ type: 'desk:resumed', deskId: desk.id }]
    }
    case 'desk:close': {
      const desk = ownDesk(state, command.deskId, ctx)
      if (desk.status === 'closed') throw new DomainError('desk_closed', `desk ${desk.id} is already closed`)
      if (desk.ticketId)
        throw new DomainError('desk_busy', `finish ticket ${numberOf(state, desk)} before closing`)
      return [{ type: 'desk:closed', deskId: desk.id }]
    }
    case 'selfservice:start':
    case 'selfservice:step':
    case 'selfservice:finish':
    case 'help:request':
    case 'help:cancel':
    case 'help:accept':
    case 'help:resolve':
      return decideSelfService(state, command, ctx)
    case 'booking:make':
    case 'booking:cancel':
    case 'booking:reschedule':
    case 'booking:check-in':
    case 'booking:lapse':
      return decideBooking(state, command, ctx)
    case 'booking:walk-in':
      return decideWalkIn(state, command, ctx)
    case 'ticket:join':
      return decideJoin(state, command, ctx)
    case 'ticket:remote-sweep':
      return sweepRemote(state, ctx.config, ctx.now)
    default: {
      const unknown: never = command
      throw new DomainError('unknown_command', `unknown command ${(unknown as { type: string }).type}`)
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

function openDesk(state: CentreState, command: CommandOf<'desk:open'>, ctx: DecideContext): DomainEvent[] {
  const configured = ctx.config.desks.find((d) => d.id === command.deskId)
  if (!configured) throw new DomainError('unknown_desk', `no desk "${command.deskId}" in this centre`)
  const staffId = deskStaffOf(command, ctx)
  const current = state.desks[configured.id]
  if (current && current.status !== 'closed' && current.staffId !== staffId) {
    throw new DomainError('desk_taken', `desk ${configured.label} is already open for another consultant`)
  }
  const serviceIds = command.serviceIds ?? configured.serviceIds
  if (serviceIds.length === 0)
    throw new DomainError('invalid_payload', 'choose at least one service for the desk')
  for (const serviceId of serviceIds) {
    if (!ctx.config.services.some((s) => s.id === serviceId)) {
      throw new DomainError('unknown_service', `no service "${serviceId}" in this centre`)
    }
  }
  const events: DomainEvent[] = []
  // One desk per consultant: moving to another window closes the previous one, if nothing is in hand.
  if (staffId !== null) {
    for (const other of Object.values(state.desks)) {
      if (other.id === configured.id || other.staffId !== staffId || other.status === 'closed') continue
      if (other.ticketId) {
        throw new DomainError(
          'desk_busy',
          `finish ticket ${numberOf(state, other)} at desk ${other.id} first`,
        )
      }
      events.push({ type: 'desk:closed', deskId: other.id })
    }
  }
  const by = staffIdOf(ctx.actor)
  const reason = command.reason?.trim()
  events.push({
    type: 'desk:opened',
    deskId: configured.id,
    staffId,
    serviceIds: [...new Set(serviceIds)],
    ...(by !== null && by !== staffId ? { by, ...(reason ? { reason } : {}) } : {}),
  })
  return events
}

/**
 * Whom a desk opens for: the sender, or the staff member a supervisor names (to staff a window for a
 * queue nobody serves, or to give an open one another service). They must be staff who work at desks.
 */
function deskStaffOf(command: CommandOf<'desk:open'>, ctx: DecideContext): string | null {
  const own = staffIdOf(ctx.actor)
  if (command.staffId === undefined || command.staffId === own) return own
  if (!isManager(ctx.actor))
    throw new DomainError('forbidden', 'only a supervisor may open a desk for someone else')
  const member = ctx.config.staff.find((s) => s.id === command.staffId)
  if (!member || !member.roles.some((role) => DESK_ROLES.includes(role)))
    throw new DomainError('unknown_staff', `no staff member "${command.staffId}" who works at a desk`)
  return member.id
}

// --- helpers -------------------------------------------------------------------------------------

function ticketIn(state: CentreState, ticketId: string, allowed: Ticket['status'][], action: string): Ticket {
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

function deskStatusError(desk: Desk, action: string): DomainError {
  return desk.status === 'paused'
    ? new DomainError('desk_paused', `desk ${desk.id} is paused; resume it to ${action}`)
    : new DomainError('desk_closed', `desk ${desk.id} is not open; open it to ${action}`)
}

/** The desk as the state knows it, checked to belong to the actor (or the actor manages the floor). */
function ownDesk(state: CentreState, deskId: string, ctx: DecideContext): Desk {
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
function readyDesk(state: CentreState, deskId: string, ctx: DecideContext): Desk {
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

function ownDeskOf(state: CentreState, ticket: Ticket, actor: Actor): Desk {
  const desk = ticket.deskId ? state.desks[ticket.deskId] : undefined
  if (!desk) throw new DomainError('invalid_transition', `ticket ${ticket.number} is not at a desk`)
  if (!isManager(actor) && desk.staffId !== staffIdOf(actor)) {
    throw new DomainError('not_your_desk', `ticket ${ticket.number} is at desk ${desk.id}, not yours`)
  }
  return desk
}

function numberOf(state: CentreState, desk: Desk): string {
  return (desk.ticketId && state.tickets[desk.ticketId]?.number) || '?'
}
