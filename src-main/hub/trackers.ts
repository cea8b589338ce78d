/**
 * Phone trackers: a citizen's phone follows one ticket (`/t/<token>`). Each gets a small view of its
 * ticket (people ahead, estimate, window), refreshed at most every `intervalMs` when a queue it depends
 * on changed, and at each housekeeping tick (an estimate moves with the clock); an unchanged view is not
 * resent. After a new day, yesterday's trackers are closed, but for those of the tickets the day change
 * closed: they read "the centre closed for the day" until the next one.
 */
import type { CentreConfig } from '../../src-shared/config'
import {
  estimateWait,
  expectedEstimate,
  rankMap,
  ratingOpenUntil,
  type EventEnvelope,
  type Ticket,
} from '../../src-shared/domain'
import { waitFields, type TrackRating, type TrackRemote, type TrackView } from '../../src-shared/protocol'
import type { CentreEngine } from './centre-engine'
import { TRACKER_ROOM, whenSettled } from './fan-out'
import type { HubIo, HubSocket } from './hub-io'
import type { Logger } from './logger'
import { checkInBy, remoteStatus } from './remote-join'

export interface PhoneTrackersOptions {
  io: HubIo
  engine: CentreEngine
  config: CentreConfig
  logger: Logger
  now: () => number
  /** Trackers are refreshed at most this often; default 300 ms. */
  intervalMs?: number
}

const trackRoom = (ticketId: string) => `track:${ticketId}`

export class PhoneTrackers {
  readonly #io: HubIo
  readonly #engine: CentreEngine
  readonly #config: CentreConfig
  readonly #logger: Logger
  readonly #now: () => number
  readonly #intervalMs: number
  #categoryRanks: ReturnType<typeof rankMap>
  /** Tracked ticket id -> the last view sent, so unchanged views are not resent. */
  readonly #lastSent = new Map<string, string>()
  #timer: NodeJS.Timeout | null = null
  /** A refresh is due and waits for the commit in flight (asynchronous store only). */
  #waiting = false
  #dayRolled = false
  /** Services whose queues changed since the last refresh; `all` after a new day. */
  #touched: Set<string> | 'all' = new Set()

  constructor(options: PhoneTrackersOptions) {
    this.#io = options.io
    this.#engine = options.engine
    this.#config = options.config
    this.#logger = options.logger
    this.#now = options.now
    this.#intervalMs = options.intervalMs ?? 300
    this.#categoryRanks = rankMap(options.config)
  }

  /** A tracker socket: its ticket's view now, and its updates from then on. */
  connect(socket: HubSocket): void {
    whenSettled(this.#engine, this.#logger, () => this.#follow(socket))
  }

  /** Committed facts: the queues they touched get their trackers refreshed soon. */
  schedule(events: readonly EventEnvelope[]): void {
    if (this.#lastSent.size === 0) return
    const state = this.#engine.state
    for (const event of events) {
      if (event.type === 'day:opened') {
        this.#dayRolled = true
        this.#touched = 'all'
      }
      const touched = this.#touched
      if (touched === 'all') continue
      if ('ticketId' in event) {
        const serviceId = state.tickets[event.ticketId]?.serviceId
        if (serviceId) touched.add(serviceId)
        if (event.type === 'ticket:transferred') touched.add(event.fromServiceId)
      } else if ('deskId' in event) {
        for (const serviceId of state.desks[event.deskId]?.serviceIds ?? []) touched.add(serviceId)
      }
    }
    if (this.#timer || this.#waiting) return
    this.#timer = setTimeout(() => this.#refresh(), this.#intervalMs)
  }

  /**
   * The clock moved: a wait estimate moves with it (the citizens in hand have been there longer), so
   * every tracked view is looked at again; only those that changed are sent.
   */
  /** The config changed (a service renamed, a window relabelled): every view is made again. */
  reconfigured(): void {
    this.#categoryRanks = rankMap(this.#config)
    this.timePassed()
  }

  timePassed(): void {
    if (this.#lastSent.size === 0) return
    this.#touched = 'all'
    if (this.#timer || this.#waiting) return
    this.#timer = setTimeout(() => this.#refresh(), 0)
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer)
  }

  #follow(socket: HubSocket): void {
    const ticketId = socket.data.trackTicketId!
    void socket.join([trackRoom(ticketId), TRACKER_ROOM])
    const view = this.#view(ticketId)
    this.#lastSent.set(ticketId, JSON.stringify({ ...view, updatedAt: 0 }))
    socket.emit('track:updated', view)
    socket.on('disconnect', () => {
      if ((this.#io.sockets.adapter.rooms.get(trackRoom(ticketId))?.size ?? 0) === 0)
        this.#lastSent.delete(ticketId)
    })
  }

  #refresh(): void {
    this.#timer = null
    // A view must not show a commit still in flight: refresh once it has resolved.
    const settled = this.#engine.whenSettled()
    if (settled) {
      this.#waiting = true
      void settled.then(() => {
        this.#waiting = false
        this.#refresh()
      })
      return
    }
    const services = this.#touched
    this.#touched = new Set()
    for (const [ticketId, last] of this.#lastSent) {
      const serviceId = this.#engine.state.tickets[ticketId]?.serviceId
      if (services !== 'all' && serviceId !== undefined && !services.has(serviceId)) continue
      const view = this.#view(ticketId)
      const text = JSON.stringify({ ...view, updatedAt: 0 })
      if (text === last) continue
      this.#lastSent.set(ticketId, text)
      this.#io.to(trackRoom(ticketId)).emit('track:updated', view)
    }
    if (this.#dayRolled) {
      this.#dayRolled = false
      // Yesterday's trackers have nothing more to follow.
      for (const ticketId of [...this.#lastSent.keys()]) {
        if (!this.#engine.state.tickets[ticketId] && !this.#engine.closedAtDayEnd.ticket(ticketId)) {
          this.#io.in(trackRoom(ticketId)).disconnectSockets(true)
          this.#lastSent.delete(ticketId)
        }
      }
    }
  }

  #view(ticketId: string): TrackView {
    const { state } = this.#engine
    const config = this.#config
    const today = state.tickets[ticketId]
    const ticket = today ?? this.#engine.closedAtDayEnd.ticket(ticketId)
    const service = ticket ? config.services.find((s) => s.id === ticket.serviceId) : undefined
    const now = this.#now()
    const estimate = !today
      ? null
      : today.status === 'expected'
        ? expectedEstimate(state, config, ticketId, now, this.#categoryRanks)
        : estimateWait(state, config, ticketId, now, this.#categoryRanks)
    const desk = ticket?.deskId ? config.desks.find((d) => d.id === ticket.deskId) : undefined
    return {
      number: ticket?.number ?? '',
      serviceId: ticket?.serviceId ?? '',
      status: ticket?.status ?? 'expired',
      ...(estimate
        ? waitFields(estimate)
        : { ahead: null, windows: null, estimateMinutes: null, estimateLow: null, estimateHigh: null }),
      deskLabel:
        ticket && (ticket.status === 'called' || ticket.status === 'serving') ? (desk?.label ?? null) : null,
      recalls: ticket?.recalls ?? 0,
      centre: config.centre.name,
      timeZone: config.centre.timeZone,
      service: service?.name ?? null,
      updatedAt: now,
      ...(ticket?.remote && ticket.status === 'expected' ? { remote: trackRemote(ticket, config) } : {}),
      ...(today?.status === 'done' ? { rating: trackRating(today, config, now) } : {}),
    }
  }
}

/** What the tracker of a remote ticket not checked in yet shows besides its wait. */
function trackRemote(ticket: Ticket, config: CentreConfig): TrackRemote {
  const status = remoteStatus(ticket)
  return {
    code: ticket.remote!.code,
    phase: status === 'held' || status === 'come_now' ? status : 'expected',
    checkInBy: checkInBy(ticket, config),
  }
}

/** The rating after service of a finished ticket: open with its reasons, given, or closed. */
function trackRating(ticket: Ticket, config: CentreConfig, now: number): TrackRating {
  const until = ratingOpenUntil(ticket, config) ?? now
  const given = ticket.rating
  const state = given ? 'given' : now <= until ? 'open' : 'closed'
  return {
    state,
    until,
    score: given?.score ?? null,
    reason: given?.reason ?? null,
    reasons: state === 'open' ? config.ratings.reasons : [],
  }
}
