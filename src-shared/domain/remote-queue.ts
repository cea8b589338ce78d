/**
 * The remote ("online") queue: a citizen joins today's queue from home and is called once checked in.
 *
 * A remote ticket is numbered and placed in arrival order when it is taken (`ticket:joined`), but it is
 * `expected`, not in any queue, until its holder checks in at the kiosk with its code (then `waiting` at
 * its place, its join time: `ticket:checked-in`). So call-next never calls someone who is not there, and
 * the estimates of those in the hall count only the remote holders told to come. On the hub's clock
 * (`ticket:remote-sweep`) each remote ticket is:
 *
 * - told to come (`ticket:come-now`) once the early end of its wait's range is within its holder's
 *   travel time;
 * - held aside (`ticket:held`) once its turn has come: a window is free for it, or a window serving it
 *   called someone who came after it (call-next holds those itself, `heldBefore`);
 * - lapsed (`ticket:lapsed`) when held `holdMinutes` past the later of its turn and the time its holder
 *   could have arrived (told to come + travel time).
 *
 * The phone is a vault entry id; the hub confirmed it (a one-time code) before it sent `ticket:join`.
 */
import type { CentreConfig } from '../config'
import { REMOTE_QUEUE_OFF } from '../config'
import { newBookingCode } from './bookings'
import { DomainError } from './errors'
import { expectedEstimate } from './estimate'
import { rankMap } from './policy'
import { formatNumber } from './ticket-number'
import { isOpen } from './time'
import type { Actor, CentreState, CommandOf, DomainEvent, EventOf, Ticket } from './types'
import { windowsServing } from './window-forecast'

export interface RemoteContext {
  now: number
  config: CentreConfig
  actor: Actor
  newId(): string
  newToken(): string
}

const MINUTE = 60_000

export function remoteSettings(config: Pick<CentreConfig, 'remoteQueue'>) {
  return config.remoteQueue ?? REMOTE_QUEUE_OFF
}

/** Whether `serviceId` can be joined from home at all (config only; the state may still refuse). */
export function isRemoteService(config: Pick<CentreConfig, 'remoteQueue'>, serviceId: string): boolean {
  const settings = remoteSettings(config)
  return settings.enabled && settings.services.includes(serviceId)
}

/** Today's remote tickets, in join order (the codes index holds every one of the day). */
export function remoteTickets(state: CentreState): Ticket[] {
  const out: Ticket[] = []
  for (const id of Object.values(state.remoteCodes ?? {})) {
    const ticket = state.tickets[id]
    if (ticket?.remote) out.push(ticket)
  }
  return out
}

const ACTIVE = new Set<Ticket['status']>(['expected', 'waiting', 'called', 'serving'])

export function decideJoin(
  state: CentreState,
  command: CommandOf<'ticket:join'>,
  ctx: RemoteContext,
): DomainEvent[] {
  const { config } = ctx
  const service = config.services.find((s) => s.id === command.serviceId)
  if (!service) throw new DomainError('unknown_service', `no service "${command.serviceId}" in this centre`)
  const settings = remoteSettings(config)
  const about = { serviceId: service.id }
  if (!isRemoteService(config, service.id))
    throw new DomainError('remote_join_off', `the queue for ${service.id} cannot be joined from home`, about)
  if (
    config.policy.enforceOpeningHours &&
    !isOpen(ctx.now, config.centre.timeZone, config.centre.openingHours)
  )
    throw new DomainError('centre_closed', 'the centre is closed now; join the queue during opening hours')
  const windows = windowsServing(state, service.id)
  if (windows.length === 0)
    throw new DomainError('no_window_serves', `no open window serves ${service.id} now`, about)
  const waiting = state.queues[service.id]?.length ?? 0
  if (settings.maxWaitingPerWindow > 0 && waiting >= settings.maxWaitingPerWindow * windows.length)
    throw new DomainError(
      'remote_join_full',
      `the queue for ${service.id} is full for today's remote places (${waiting} waiting at ${windows.length} windows)`,
      about,
    )
  const today = remoteTickets(state)
  if (today.length >= settings.dailyCap)
    throw new DomainError(
      'remote_daily_cap',
      `the centre took its ${settings.dailyCap} remote tickets for today`,
      {
        limit: settings.dailyCap,
      },
    )
  const mine = today.filter((t) => t.remote!.phoneId === command.phoneId)
  if (mine.length >= settings.perPhonePerDay)
    throw new DomainError(
      'remote_phone_limit',
      `this phone took ${mine.length} remote tickets today, the most it may`,
      { limit: settings.perPhonePerDay },
    )
  const active = mine.filter((t) => ACTIVE.has(t.status))
  if (active.length >= settings.perPhoneAtOnce)
    throw new DomainError(
      'remote_phone_limit',
      `this phone already holds ticket ${active[0]!.number}; one may hold ${settings.perPhoneAtOnce} at once`,
      { limit: settings.perPhoneAtOnce },
    )
  const travelMinutes = command.travelMinutes ?? settings.travelMinutes
  if (travelMinutes > settings.maxTravelMinutes)
    throw new DomainError(
      'invalid_payload',
      `travelMinutes: at most ${settings.maxTravelMinutes} minutes in this centre`,
    )
  const counter = (state.counters[service.prefix] ?? 0) + 1
  return [
    {
      type: 'ticket:joined',
      ticketId: ctx.newId(),
      number: formatNumber(service.prefix, counter),
      prefix: service.prefix,
      serviceId: service.id,
      trackToken: ctx.newToken(),
      code: newBookingCode(state, ctx.newToken),
      phoneId: command.phoneId,
      channel: command.channel,
      travelMinutes,
    },
  ]
}

/** The remote ticket whose code this is, if one of today's is (any status). */
export function remoteByCode(state: CentreState, code: string): Ticket | undefined {
  const id = state.remoteCodes?.[code]
  return id === undefined ? undefined : state.tickets[id]
}

/** The check-in of a remote ticket by its code at the kiosk: waiting at its place from now on. */
export function checkInRemote(ticket: Ticket): DomainEvent[] {
  if (ticket.status === 'lapsed')
    throw new DomainError('booking_too_late', `ticket ${ticket.number} lapsed: its turn came and passed`, {
      serviceId: ticket.serviceId,
    })
  if (ticket.status !== 'expected')
    throw new DomainError('booking_closed', `ticket ${ticket.number} is already checked in or ended`)
  return [{ type: 'ticket:checked-in', ticketId: ticket.id }]
}

/**
 * Remote tickets whose turn a call at a window serving `serviceIds` shows has come: those the called
 * ticket came after, in one of those services. Facts to put before the call.
 */
export function heldBefore(state: CentreState, serviceIds: readonly string[], called: Ticket): DomainEvent[] {
  const events: DomainEvent[] = []
  for (const id of state.expected ?? []) {
    const ticket = state.tickets[id]
    if (!ticket?.remote || ticket.remote.heldAt !== null) continue
    if (serviceIds.includes(ticket.serviceId) && ticket.rank < called.rank)
      events.push({ type: 'ticket:held', ticketId: id })
  }
  return events
}

/** What the hub's clock changes for the remote tickets: told to come, held, lapsed. */
export function sweepRemote(state: CentreState, config: CentreConfig, now: number): DomainEvent[] {
  const expected = state.expected ?? []
  if (expected.length === 0) return []
  const settings = remoteSettings(config)
  const ranks = rankMap(config)
  const events: DomainEvent[] = []
  for (const id of expected) {
    const ticket = state.tickets[id]
    const remote = ticket?.remote
    if (!ticket || !remote) continue
    if (remote.heldAt !== null) {
      if (now >= lapsesAt(remote, settings.holdMinutes)) events.push({ type: 'ticket:lapsed', ticketId: id })
      continue
    }
    const estimate = expectedEstimate(state, config, id, now, ranks)
    if (!estimate || estimate.minutes === null) continue
    if (remote.comeNowAt === null && (estimate.low ?? estimate.minutes) <= remote.travelMinutes) {
      events.push({
        type: 'ticket:come-now',
        ticketId: id,
        ahead: estimate.ahead,
        minutes: estimate.minutes,
        low: estimate.low,
        high: estimate.high,
      })
    }
    // A window is free for it now: its turn has come.
    if (estimate.minutes === 0) events.push({ type: 'ticket:held', ticketId: id })
  }
  return events
}

/** When a held remote ticket lapses: `holdMinutes` after its turn came or its holder could have arrived. */
export function lapsesAt(remote: NonNullable<Ticket['remote']>, holdMinutes: number): number {
  const arrived = (remote.comeNowAt ?? remote.heldAt ?? 0) + remote.travelMinutes * MINUTE
  return Math.max(remote.heldAt ?? 0, arrived) + holdMinutes * MINUTE
}

type RemoteFact = EventOf<
  'ticket:joined' | 'ticket:come-now' | 'ticket:held' | 'ticket:checked-in' | 'ticket:lapsed'
>

/**
 * Applies a remote ticket's fact. `enqueue` is evolve's own (the queue and its index): a check-in puts the
 * ticket in its service's queue at its join time.
 */
export function evolveRemote(
  state: CentreState,
  event: RemoteFact,
  at: number,
  ticketOf: (id: string) => Ticket,
  enqueue: (ticket: Ticket) => void,
): void {
  const expected = (state.expected ??= [])
  const stopExpecting = (id: string) => {
    const index = expected.indexOf(id)
    if (index >= 0) expected.splice(index, 1)
  }
  switch (event.type) {
    case 'ticket:joined': {
      const ticket: Ticket = {
        id: event.ticketId,
        number: event.number,
        prefix: event.prefix,
        serviceId: event.serviceId,
        categoryId: null,
        bookedFor: null,
        issuedAt: at,
        arrivalAt: at,
        rank: at,
        status: 'expected',
        deskId: null,
        staffId: null,
        calledAt: null,
        startedAt: null,
        finishedAt: null,
        recalls: 0,
        transfers: 0,
        note: null,
        trackToken: event.trackToken,
        remote: {
          code: event.code,
          phoneId: event.phoneId,
          channel: event.channel,
          travelMinutes: event.travelMinutes,
          comeNowAt: null,
          heldAt: null,
          checkedInAt: null,
        },
      }
      state.tickets[ticket.id] = ticket
      state.counters[event.prefix] = Math.max(
        state.counters[event.prefix] ?? 0,
        Number.parseInt(event.number.slice(event.prefix.length), 10) || 0,
      )
      ;(state.remoteCodes ??= {})[event.code] = ticket.id
      expected.push(ticket.id)
      break
    }
    case 'ticket:come-now':
      ticketOf(event.ticketId).remote!.comeNowAt = at
      break
    case 'ticket:held':
      ticketOf(event.ticketId).remote!.heldAt = at
      break
    case 'ticket:checked-in': {
      const ticket = ticketOf(event.ticketId)
      ticket.remote!.checkedInAt = at
      ticket.status = 'waiting'
      stopExpecting(ticket.id)
      enqueue(ticket)
      break
    }
    case 'ticket:lapsed': {
      const ticket = ticketOf(event.ticketId)
      ticket.status = 'lapsed'
      ticket.finishedAt = at
      stopExpecting(ticket.id)
      break
    }
  }
}

/** A remote ticket cancelled while expected leaves the list of those expected. */
export function forgetExpected(state: CentreState, ticketId: string): void {
  const expected = state.expected
  const index = expected ? expected.indexOf(ticketId) : -1
  if (index >= 0) expected!.splice(index, 1)
}
