/**
 * The supervisor's figures for the centre's day, from the same `CentreState` every face folds with
 * `evolve`. Pure: the state, the public config and the hub's clock in, plain objects out.
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
import { queuePolicySchema, type PublicCentreConfig } from '../../src-shared/config'
import type { CentreState, DeskStatus, Ticket, TicketStatus } from '../../src-shared/domain'

const MINUTE = 60_000

/** The service standard of the centres: a visitor is called within 15 minutes of taking a ticket. */
export const SERVICE_STANDARD_MS = 15 * MINUTE

/** The policy's default window of the wait estimate; the public config does not carry the policy. */
const DEFAULT_ESTIMATE_WINDOW = queuePolicySchema.parse({}).estimateWindow

export interface FigureOptions {
  /** Staff names by id, where the face knows them; others are shown by id. */
  staffNames?: Readonly<Record<string, string>>
  /** The wait within which a call meets the standard (inclusive). Default 15 minutes. */
  standardMs?: number
  /** How many recent service times feed the newcomer's estimate, as the centre's policy says. */
  estimateWindow?: number
  /** How many recent calls to list. */
  recentCalls?: number
}

/** The day at a glance. Times are ms; averages are null when nothing was measured. */
export interface HeadlineFigures {
  /** Every ticket issued today. */
  issued: number
  done: number
  noShow: number
  cancelled: number
  waiting: number
  /** Called to a desk, service not started yet. */
  called: number
  serving: number
  /** Tickets transferred at least once today (left out of the wait figures). */
  transferred: number
  /** Waits (issue → call) measured today: tickets called at least once and never transferred. */
  waitsMeasured: number
  averageWaitMs: number | null
  longestWaitMs: number | null
  /** Of the measured waits, those within the standard. */
  withinStandard: number
  /** withinStandard / waitsMeasured, 0–1, or null before the first call. */
  withinStandardShare: number | null
  /** Waiting now and already longer than the standard (since first arrival). */
  waitingOverStandard: number
  /** Service times (start → finish) measured today. */
  servicesMeasured: number
  averageServiceMs: number | null
  desksOpen: number
  desksPaused: number
}

export interface ServiceFigures {
  serviceId: string
  waiting: number
  /** Arrival of the visitor who has waited longest now (kept across transfers), for a live timer. */
  oldestWaitingSince: number | null
  served: number
  noShow: number
  averageWaitMs: number | null
  averageServiceMs: number | null
  /** Desks open now (not paused) that serve this service. */
  desksServing: number
  /** The kiosk's estimate for a regular visitor who took a ticket now, in minutes (0: a desk is free). */
  newcomerEstimateMinutes: number
}

export interface TicketInHand {
  ticketId: string
  number: string
  serviceId: string
  status: 'called' | 'serving'
  /** Called at, or service started at once serving: the start of the live timer. */
  since: number
}

export interface DeskFigures {
  deskId: string
  /** "3", from the config; the id for a desk the config no longer lists. */
  label: string
  status: DeskStatus
  /** When the desk last changed status, or null for a desk not opened today. */
  statusSince: number | null
  staffId: string | null
  /** The staff member's name where known, else null (show the id). */
  staffName: string | null
  ticket: TicketInHand | null
  served: number
  averageServiceMs: number | null
}

export interface CallFigure {
  ticketId: string
  number: string
  deskId: string
  deskLabel: string
  at: number
  recall: boolean
  /** The ticket as it is now, if today's state still has it. */
  serviceId: string | null
  status: TicketStatus | null
}

export interface DayFigures {
  /** The centre's day the state belongs to (YYYY-MM-DD), or null before the first ticket. */
  day: string | null
  /** The hub time the figures were computed at. */
  at: number
  headline: HeadlineFigures
  /** Configured services in config order, then any other service today's tickets name. */
  services: ServiceFigures[]
  /** Configured desks in config order, then any other desk the state knows. */
  desks: DeskFigures[]
  /** Newest first. */
  recentCalls: CallFigure[]
  /**
   * When a figure that depends on the clock alone (waiting over the standard) next changes, or null.
   * Live timers tick from the `...Since` fields instead; this says when to recompute.
   */
  nextChangeAt: number | null
}

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
  noShow: number
  waits: Tally
  services: Tally
}

interface DeskAcc {
  served: number
  services: Tally
}

/** The wait (issue → call) a ticket's record shows, or null when it was never called or was transferred. */
export function measuredWait(ticket: Ticket): number | null {
  if (ticket.calledAt === null || ticket.transfers > 0) return null
  return ticket.calledAt - ticket.issuedAt
}

/** Service time (start → finish) of a ticket done today, or null. */
export function measuredService(ticket: Ticket): number | null {
  if (ticket.status !== 'done' || ticket.startedAt === null || ticket.finishedAt === null) return null
  return ticket.finishedAt - ticket.startedAt
}

/**
 * The estimate the kiosk would print for a regular visitor taking a ticket for `serviceId` now: as
 * `estimateWait` in src-shared/domain/estimate.ts, for a ticket at the back of the queue (everyone
 * waiting is ahead of a regular visitor who arrives last).
 */
export function newcomerEstimateMinutes(
  state: CentreState,
  config: PublicCentreConfig,
  serviceId: string,
  estimateWindow: number = DEFAULT_ESTIMATE_WINDOW,
): number {
  const ahead = state.queues[serviceId]?.length ?? 0
  let open = 0
  let free = 0
  for (const desk of Object.values(state.desks)) {
    if (desk.status !== 'open' || !desk.serviceIds.includes(serviceId)) continue
    open++
    if (desk.ticketId === null) free++
  }
  if (ahead < free) return 0
  const desks =
    open > 0 ? open : Math.max(1, config.desks.filter((d) => d.serviceIds.includes(serviceId)).length)
  const recent = state.serviceTimes[serviceId]?.slice(-estimateWindow)
  const averageMs =
    recent && recent.length > 0
      ? recent.reduce((sum, ms) => sum + ms, 0) / recent.length
      : (config.services.find((s) => s.id === serviceId)?.expectedMinutes ?? 10) * MINUTE
  return Math.ceil(((ahead + 0.5) * averageMs) / desks / MINUTE)
}

/** Every figure of the supervisor view for `state` at hub time `now`. */
export function dayFigures(
  state: CentreState,
  config: PublicCentreConfig,
  now: number,
  options: FigureOptions = {},
): DayFigures {
  const standardMs = options.standardMs ?? SERVICE_STANDARD_MS
  const staffNames = options.staffNames ?? {}

  const serviceIds = config.services.map((s) => s.id)
  const byService = new Map<string, ServiceAcc>()
  const serviceAcc = (id: string): ServiceAcc => {
    let acc = byService.get(id)
    if (!acc) {
      byService.set(id, (acc = { served: 0, noShow: 0, waits: tally(), services: tally() }))
      if (!serviceIds.includes(id)) serviceIds.push(id)
    }
    return acc
  }
  for (const id of [...serviceIds]) serviceAcc(id)

  const byDesk = new Map<string, DeskAcc>()
  const deskAcc = (id: string): DeskAcc => {
    let acc = byDesk.get(id)
    if (!acc) byDesk.set(id, (acc = { served: 0, services: tally() }))
    return acc
  }

  const counts: Record<TicketStatus, number> = {
    waiting: 0,
    called: 0,
    serving: 0,
    done: 0,
    no_show: 0,
    cancelled: 0,
  }
  let issued = 0
  let transferred = 0
  let withinStandard = 0
  let longestWaitMs: number | null = null
  let waitingOverStandard = 0
  let nextChangeAt: number | null = null
  const waits = tally()
  const services = tally()

  for (const ticket of Object.values(state.tickets)) {
    issued++
    counts[ticket.status]++
    if (ticket.transfers > 0) transferred++
    const acc = serviceAcc(ticket.serviceId)

    const wait = measuredWait(ticket)
    if (wait !== null) {
      add(waits, wait)
      add(acc.waits, wait)
      if (wait <= standardMs) withinStandard++
      if (longestWaitMs === null || wait > longestWaitMs) longestWaitMs = wait
    }

    const service = measuredService(ticket)
    if (service !== null) {
      add(services, service)
      add(acc.services, service)
    }

    if (ticket.status === 'done') {
      acc.served++
      if (ticket.deskId !== null) {
        const desk = deskAcc(ticket.deskId)
        desk.served++
        if (service !== null) add(desk.services, service)
      }
    } else if (ticket.status === 'no_show') {
      acc.noShow++
    } else if (ticket.status === 'waiting') {
      const crossesAt = ticket.arrivalAt + standardMs
      if (now > crossesAt) waitingOverStandard++
      else if (nextChangeAt === null || crossesAt < nextChangeAt) nextChangeAt = crossesAt
    }
  }

  const serviceFigures: ServiceFigures[] = serviceIds.map((serviceId) => {
    const acc = serviceAcc(serviceId)
    const queue = state.queues[serviceId] ?? []
    let oldest: number | null = null
    for (const id of queue) {
      const arrivalAt = state.tickets[id]?.arrivalAt
      // A postponed ticket ranks later than it arrived: look at the whole queue, not its head.
      if (arrivalAt !== undefined && (oldest === null || arrivalAt < oldest)) oldest = arrivalAt
    }
    let desksServing = 0
    for (const desk of Object.values(state.desks)) {
      if (desk.status === 'open' && desk.serviceIds.includes(serviceId)) desksServing++
    }
    return {
      serviceId,
      waiting: queue.length,
      oldestWaitingSince: oldest,
      served: acc.served,
      noShow: acc.noShow,
      averageWaitMs: average(acc.waits),
      averageServiceMs: average(acc.services),
      desksServing,
      newcomerEstimateMinutes: newcomerEstimateMinutes(state, config, serviceId, options.estimateWindow),
    }
  })

  const deskLabel = (id: string) => config.desks.find((d) => d.id === id)?.label ?? id
  const deskIds = config.desks.map((d) => d.id)
  for (const id of [...Object.keys(state.desks), ...byDesk.keys()])
    if (!deskIds.includes(id)) deskIds.push(id)
  let desksOpen = 0
  let desksPaused = 0
  const deskFigures: DeskFigures[] = deskIds.map((deskId) => {
    const desk = state.desks[deskId]
    const acc = deskAcc(deskId)
    const status: DeskStatus = desk?.status ?? 'closed'
    if (status === 'open') desksOpen++
    if (status === 'paused') desksPaused++
    const staffId = status === 'closed' ? null : (desk?.staffId ?? null)
    const inHand = desk?.ticketId ? state.tickets[desk.ticketId] : undefined
    let ticket: TicketInHand | null = null
    if (inHand && (inHand.status === 'called' || inHand.status === 'serving')) {
      const since = inHand.status === 'serving' ? inHand.startedAt : inHand.calledAt
      ticket = {
        ticketId: inHand.id,
        number: inHand.number,
        serviceId: inHand.serviceId,
        status: inHand.status,
        since: since ?? now,
      }
    }
    return {
      deskId,
      label: deskLabel(deskId),
      status,
      statusSince: desk?.since ?? null,
      staffId,
      staffName: staffId === null ? null : (staffNames[staffId] ?? null),
      ticket,
      served: acc.served,
      averageServiceMs: average(acc.services),
    }
  })

  const recentCalls: CallFigure[] = state.calls
    .slice(-(options.recentCalls ?? 12))
    .reverse()
    .map((call) => {
      const ticket = state.tickets[call.ticketId]
      return {
        ticketId: call.ticketId,
        number: call.number,
        deskId: call.deskId,
        deskLabel: deskLabel(call.deskId),
        at: call.at,
        recall: call.recall,
        serviceId: ticket?.serviceId ?? null,
        status: ticket?.status ?? null,
      }
    })

  return {
    day: state.day,
    at: now,
    headline: {
      issued,
      done: counts.done,
      noShow: counts.no_show,
      cancelled: counts.cancelled,
      waiting: counts.waiting,
      called: counts.called,
      serving: counts.serving,
      transferred,
      waitsMeasured: waits.count,
      averageWaitMs: average(waits),
      longestWaitMs,
      withinStandard,
      withinStandardShare: waits.count === 0 ? null : withinStandard / waits.count,
      waitingOverStandard,
      servicesMeasured: services.count,
      averageServiceMs: average(services),
      desksOpen,
      desksPaused,
    },
    services: serviceFigures,
    desks: deskFigures,
    recentCalls,
    nextChangeAt,
  }
}
