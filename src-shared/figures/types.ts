/** What the supervisor's figures of the centre's day hold: plain data, for a view or a CSV file. */
import type { DeskStatus, TicketStatus } from '../domain'

export interface FigureOptions {
  /** Staff names by id, where the face knows them; others are shown by id. */
  staffNames?: Readonly<Record<string, string>>
  /** The wait within which a call meets the standard (inclusive). Default: the config's (`waitStandardMs`). */
  standardMs?: number
  /** How many recent calls to list. */
  recentCalls?: number
}

/** The day at a glance. Times are ms; averages are null when nothing was measured. */
export interface HeadlineFigures {
  /** The wait standard the figures below count against (the config's `alerts.waitStandardMinutes`). */
  standardMs: number
  /** Every ticket issued today. */
  issued: number
  done: number
  noShow: number
  cancelled: number
  /** Still unfinished when the centre's day turned, closed by the hub (`ticket:closed`, `day_ended`). */
  closedAtDayEnd: number
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
  /** Tickets joined from home not checked in yet (`expected`), and those that lapsed today. */
  remote: number
  lapsed: number
  averageWaitMs: number | null
  averageServiceMs: number | null
  /** Desks open now (not paused) that serve this service. */
  desksServing: number
  /** Tickets done today by the outcome coded at finish (`outcomes` ids); uncoded ones under `none`. */
  outcomes: Record<string, number>
  /**
   * The kiosk's estimate for a regular visitor who took a ticket now, in minutes (0: a desk is free;
   * null: no open window serves the service): `newcomerEstimate` of the one wait estimate.
   */
  newcomerEstimateMinutes: number | null
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
  /** Why it is paused now (a `pauseReasons` id), or null when not paused or no reason was given. */
  pauseReason: string | null
  /** Time paused today, ms, the pause going on included. */
  pausedMs: number
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
