/**
 * The supervisor's figures for the centre's day, from the same `CentreState` every face folds with
 * `evolve`. Pure: the state, the public config and the hub's clock in, plain objects out. Shared, so the
 * wait estimate in them is the one the kiosk prints (`src-shared/domain/estimate.ts`), never a copy.
 *
 * The state holds only the centre's current day (`day:opened` empties it), so every figure is per local
 * day by construction. One pass over the day's tickets: O(tickets), recomputed at most once a second by
 * the view, not per event.
 *
 * What the state can and cannot tell:
 * - A wait is issue → call. A transfer puts the ticket back to waiting and clears its call (only the
 *   arrival is kept), so the waits of a transferred ticket are not in the state: it is left out of the
 *   wait figures and counts in all others, in the service it is in now.
 * - After a postpone the ticket's call is its latest one, so its wait runs to that call.
 * - Service time is start → finish of tickets done today; it belongs to the service and desk that
 *   finished the ticket.
 */
import { newcomerEstimate, type EstimateConfig } from '../domain/estimate'
import { pauseCountsFrom } from '../domain/desks'
import { windowsServing } from '../domain/window-forecast'
import { waitStandardMs } from '../config/wait-standard'
import type { CentreState, DeskStatus, Ticket, TicketStatus } from '../domain/types'
import type {
  CallFigure,
  DayFigures,
  DeskFigures,
  FigureOptions,
  HeadlineFigures,
  ServiceFigures,
  TicketInHand,
} from './types'

/** Where the figures count the tickets finished with no outcome coded. */
export const NO_OUTCOME = 'none'

/**
 * What the figures read of the config: services and desks in order, what the wait estimate reads, and
 * the centre's wait standard (`alerts`; the default where an older hub leaves it out).
 */
export type FiguresConfig = EstimateConfig & { alerts?: { waitStandardMinutes: number } }

interface Tally {
  count: number
  sum: number
}

const tally = (): Tally => ({ count: 0, sum: 0 })
const add = (t: Tally, ms: number) => {
  t.count += 1
  t.sum += ms
}
const average = (t: Tally): number | null => (t.count === 0 ? null : t.sum / t.count)

interface ServiceAcc {
  served: number
  outcomes: Record<string, number>
  noShow: number
  remote: number
  lapsed: number
  waits: Tally
  services: Tally
}

interface DeskAcc {
  served: number
  services: Tally
}

/** One pass over the day's tickets: what the headline and the per-service and per-desk rows add up. */
interface DayAcc {
  /** Configured services in config order, then any other service a ticket names. */
  serviceIds: string[]
  byService: Map<string, ServiceAcc>
  byDesk: Map<string, DeskAcc>
  counts: Record<TicketStatus, number>
  issued: number
  transferred: number
  withinStandard: number
  longestWaitMs: number | null
  waitingOverStandard: number
  nextChangeAt: number | null
  waits: Tally
  services: Tally
}

/** The wait (issue → call) a ticket's record shows, or null when it was never called or was transferred. */
export function measuredWait(ticket: Ticket): number | null {
  if (ticket.calledAt === null || ticket.transfers > 0) return null
  // A ticket joined from home waited in the hall from its check-in, not from when it was taken.
  return ticket.calledAt - (ticket.remote?.checkedInAt ?? ticket.issuedAt)
}

/** Service time (start → finish) of a ticket done today, or null. */
export function measuredService(ticket: Ticket): number | null {
  if (ticket.status !== 'done' || ticket.startedAt === null || ticket.finishedAt === null) return null
  return ticket.finishedAt - ticket.startedAt
}

/**
 * The estimate the kiosk would print for a regular visitor taking a ticket for `serviceId` now: the one
 * wait estimate's `newcomerEstimate`, with the centre's own estimate window.
 */
export function newcomerEstimateMinutes(
  state: CentreState,
  config: FiguresConfig,
  serviceId: string,
  now: number,
): number | null {
  return newcomerEstimate(state, config, serviceId, now).minutes
}

function serviceAcc(acc: DayAcc, id: string): ServiceAcc {
  let service = acc.byService.get(id)
  if (!service) {
    acc.byService.set(
      id,
      (service = {
        served: 0,
        outcomes: {},
        noShow: 0,
        remote: 0,
        lapsed: 0,
        waits: tally(),
        services: tally(),
      }),
    )
    if (!acc.serviceIds.includes(id)) acc.serviceIds.push(id)
  }
  return service
}

function deskAcc(acc: DayAcc, id: string): DeskAcc {
  let desk = acc.byDesk.get(id)
  if (!desk) acc.byDesk.set(id, (desk = { served: 0, services: tally() }))
  return desk
}

function tallyDay(state: CentreState, config: FiguresConfig, now: number, standardMs: number): DayAcc {
  const acc: DayAcc = {
    serviceIds: config.services.map((s) => s.id),
    byService: new Map(),
    byDesk: new Map(),
    counts: {
      expected: 0,
      waiting: 0,
      called: 0,
      serving: 0,
      done: 0,
      no_show: 0,
      cancelled: 0,
      lapsed: 0,
      closed: 0,
    },
    issued: 0,
    transferred: 0,
    withinStandard: 0,
    longestWaitMs: null,
    waitingOverStandard: 0,
    nextChangeAt: null,
    waits: tally(),
    services: tally(),
  }
  for (const id of [...acc.serviceIds]) serviceAcc(acc, id)
  for (const ticket of Object.values(state.tickets)) tallyTicket(acc, ticket, now, standardMs)
  return acc
}

function tallyTicket(acc: DayAcc, ticket: Ticket, now: number, standardMs: number): void {
  acc.issued++
  acc.counts[ticket.status]++
  if (ticket.transfers > 0) acc.transferred++
  const service = serviceAcc(acc, ticket.serviceId)

  const wait = measuredWait(ticket)
  if (wait !== null) {
    add(acc.waits, wait)
    add(service.waits, wait)
    if (wait <= standardMs) acc.withinStandard++
    if (acc.longestWaitMs === null || wait > acc.longestWaitMs) acc.longestWaitMs = wait
  }

  const serviceMs = measuredService(ticket)
  if (serviceMs !== null) {
    add(acc.services, serviceMs)
    add(service.services, serviceMs)
  }

  if (ticket.status === 'done') {
    service.served++
    const outcome = ticket.outcome ?? NO_OUTCOME
    service.outcomes[outcome] = (service.outcomes[outcome] ?? 0) + 1
    if (ticket.deskId !== null) {
      const desk = deskAcc(acc, ticket.deskId)
      desk.served++
      if (serviceMs !== null) add(desk.services, serviceMs)
    }
  } else if (ticket.status === 'no_show') {
    service.noShow++
  } else if (ticket.status === 'expected') {
    service.remote++
  } else if (ticket.status === 'lapsed') {
    service.lapsed++
  } else if (ticket.status === 'waiting') {
    const crossesAt = ticket.arrivalAt + standardMs
    if (now > crossesAt) acc.waitingOverStandard++
    else if (acc.nextChangeAt === null || crossesAt < acc.nextChangeAt) acc.nextChangeAt = crossesAt
  }
}

function serviceFigures(
  state: CentreState,
  config: FiguresConfig,
  acc: DayAcc,
  now: number,
): ServiceFigures[] {
  return acc.serviceIds.map((serviceId) => {
    const service = serviceAcc(acc, serviceId)
    const queue = state.queues[serviceId] ?? []
    let oldest: number | null = null
    for (const id of queue) {
      const arrivalAt = state.tickets[id]?.arrivalAt
      // A postponed ticket ranks later than it arrived: look at the whole queue, not its head.
      if (arrivalAt !== undefined && (oldest === null || arrivalAt < oldest)) oldest = arrivalAt
    }
    return {
      serviceId,
      waiting: queue.length,
      oldestWaitingSince: oldest,
      served: service.served,
      noShow: service.noShow,
      remote: service.remote,
      lapsed: service.lapsed,
      averageWaitMs: average(service.waits),
      averageServiceMs: average(service.services),
      desksServing: windowsServing(state, serviceId).length,
      outcomes: { ...service.outcomes },
      newcomerEstimateMinutes: newcomerEstimateMinutes(state, config, serviceId, now),
    }
  })
}

const deskLabel = (config: FiguresConfig, id: string) => config.desks.find((d) => d.id === id)?.label ?? id

function ticketInHand(
  state: CentreState,
  ticketId: string | null | undefined,
  now: number,
): TicketInHand | null {
  const inHand = ticketId ? state.tickets[ticketId] : undefined
  if (!inHand || (inHand.status !== 'called' && inHand.status !== 'serving')) return null
  const since = inHand.status === 'serving' ? inHand.startedAt : inHand.calledAt
  return {
    ticketId: inHand.id,
    number: inHand.number,
    serviceId: inHand.serviceId,
    status: inHand.status,
    since: since ?? now,
  }
}

/** Configured desks in config order, then any other desk the state knows. */
function deskFigures(
  state: CentreState,
  config: FiguresConfig,
  acc: DayAcc,
  now: number,
  staffNames: Readonly<Record<string, string>>,
): DeskFigures[] {
  const deskIds = config.desks.map((d) => d.id)
  for (const id of [...Object.keys(state.desks), ...acc.byDesk.keys()])
    if (!deskIds.includes(id)) deskIds.push(id)
  return deskIds.map((deskId) => {
    const desk = state.desks[deskId]
    const served = deskAcc(acc, deskId)
    const status: DeskStatus = desk?.status ?? 'closed'
    const staffId = status === 'closed' ? null : (desk?.staffId ?? null)
    return {
      deskId,
      label: deskLabel(config, deskId),
      status,
      statusSince: desk?.since ?? null,
      staffId,
      staffName: staffId === null ? null : (staffNames[staffId] ?? null),
      ticket: ticketInHand(state, desk?.ticketId, now),
      served: served.served,
      averageServiceMs: average(served.services),
      pauseReason: status === 'paused' ? (desk?.pauseReason ?? null) : null,
      pausedMs:
        (desk?.pausedMs ?? 0) + (status === 'paused' && desk ? Math.max(0, now - pauseCountsFrom(desk)) : 0),
    }
  })
}

function recentCalls(state: CentreState, config: FiguresConfig, count: number): CallFigure[] {
  return state.calls
    .slice(-count)
    .reverse()
    .map((call) => {
      const ticket = state.tickets[call.ticketId]
      return {
        ticketId: call.ticketId,
        number: call.number,
        deskId: call.deskId,
        deskLabel: deskLabel(config, call.deskId),
        at: call.at,
        recall: call.recall,
        serviceId: ticket?.serviceId ?? null,
        status: ticket?.status ?? null,
      }
    })
}

function headline(acc: DayAcc, desks: readonly DeskFigures[], standardMs: number): HeadlineFigures {
  const { counts, waits, services } = acc
  return {
    standardMs,
    issued: acc.issued,
    done: counts.done,
    noShow: counts.no_show,
    cancelled: counts.cancelled,
    closedAtDayEnd: counts.closed,
    waiting: counts.waiting,
    called: counts.called,
    serving: counts.serving,
    transferred: acc.transferred,
    waitsMeasured: waits.count,
    averageWaitMs: average(waits),
    longestWaitMs: acc.longestWaitMs,
    withinStandard: acc.withinStandard,
    withinStandardShare: waits.count === 0 ? null : acc.withinStandard / waits.count,
    waitingOverStandard: acc.waitingOverStandard,
    servicesMeasured: services.count,
    averageServiceMs: average(services),
    desksOpen: desks.filter((d) => d.status === 'open').length,
    desksPaused: desks.filter((d) => d.status === 'paused').length,
  }
}

/** Every figure of the supervisor view for `state` at hub time `now`. */
export function dayFigures(
  state: CentreState,
  config: FiguresConfig,
  now: number,
  options: FigureOptions = {},
): DayFigures {
  const standardMs = options.standardMs ?? waitStandardMs(config)
  const acc = tallyDay(state, config, now, standardMs)
  const services = serviceFigures(state, config, acc, now)
  const desks = deskFigures(state, config, acc, now, options.staffNames ?? {})
  return {
    day: state.day,
    at: now,
    headline: headline(acc, desks, standardMs),
    services,
    desks,
    recentCalls: recentCalls(state, config, options.recentCalls ?? 12),
    nextChangeAt: acc.nextChangeAt,
  }
}
