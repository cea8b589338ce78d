/**
 * The centre's state; the facts that change it are in `event-types.ts`, the requests in
 * `command-types.ts` (both re-exported here).
 *
 * State is plain JSON (records and arrays, no Map or class) so the hub can snapshot it, send it to a
 * face, and a Pinia store can hold it reactively and apply the same `evolve` the hub uses.
 */

/**
 * A ticket's place in its lifecycle. `no_show` comes only from `called`. A remote ticket (joined from
 * home) is `expected` until its holder checks in at the kiosk (then `waiting`, at its place), or `lapsed`
 * when its turn came and they did not. `closed` is a ticket still open (expected, waiting, called or
 * serving) when the centre's day turned (`ticket:closed`).
 */
export type TicketStatus =
  | 'expected'
  | 'waiting'
  | 'called'
  | 'serving'
  | 'done'
  | 'no_show'
  | 'cancelled'
  | 'lapsed'
  | 'closed'

/** Why the hub closed a ticket itself. */
export type TicketCloseReason = 'day_ended'

/** Where a remote ticket was taken: the `/join` page, the integration API, or the Telegram bot. */
export const REMOTE_CHANNELS = ['web', 'api', 'telegram'] as const
export type RemoteChannel = (typeof REMOTE_CHANNELS)[number]

/**
 * What a ticket joined from home carries: how it is checked in, how its holder is told, and where it is
 * on the way to the hall. The phone is a vault entry id, never the number.
 */
export interface RemoteJoin {
  /** Checks it in at the kiosk, as a booking's code does (`BOOKING_CODE_ALPHABET`). Staff only. */
  code: string
  /** The confirmed phone's vault entry id. Staff only. */
  phoneId: string
  channel: RemoteChannel
  /** Minutes the holder needs to reach the centre: "come now" is sent once the wait is within it. */
  travelMinutes: number
  /** When "come now" was decided (`ticket:come-now`), or null. */
  comeNowAt: number | null
  /** When its turn came before its holder checked in (`ticket:held`), or null. */
  heldAt: number | null
  /** When its holder checked in at the kiosk, or null. */
  checkedInAt: number | null
}

/** Why the call-next policy chose a ticket (kept on the call for the supervisor's figures). */
export type CallReason = 'booking' | 'priority' | 'regular' | 'aged' | 'streak' | 'direct'

export interface Ticket {
  /** Opaque id made by the hub; never shown to citizens. */
  id: string
  /** Prefix and counter, e.g. `A007`; unique within the centre's day. */
  number: string
  prefix: string
  serviceId: string
  /** Priority category, or null for a regular visitor. */
  categoryId: string | null
  /** Start of the booked slot (epoch ms), or null for a walk-in. */
  bookedFor: number | null
  issuedAt: number
  /** First arrival; kept across transfers so a transferred visitor does not start again at the back. */
  arrivalAt: number
  /** Order key within the service's queue: `arrivalAt`, or a later key after a postpone. */
  rank: number
  status: TicketStatus
  deskId: string | null
  staffId: string | null
  calledAt: number | null
  startedAt: number | null
  finishedAt: number | null
  /** How many times the ticket was called again at the same desk. */
  recalls: number
  transfers: number
  /** Consultant's note from the latest transfer. */
  note: string | null
  /**
   * Unguessable token for the phone tracker. Present only in the hub's own state and in staff
   * projections; stripped from everything sent to kiosks and displays.
   */
  trackToken?: string
  /** A ticket joined from home (`ticket:joined`); absent for tickets taken in the hall. */
  remote?: RemoteJoin
  /**
   * How the ticket left its desk a moment ago (a no-show, or put back by a postpone), so that the
   * consultant may undo it (`ticket:undo`, `undo.ts`). Absent once anything else happened to it.
   */
  undo?: UndoMark
  /** How the visit ended, as the consultant coded it at finish (`outcomes` in the config); absent: none. */
  outcome?: string
  /** The citizen's vote after service (`ticket:rated`): absent until they rate, once per ticket. */
  rating?: TicketRating
}

/** A citizen's rating of a finished ticket: 1–5 and an optional reason id from `ratings.reasons`. */
export interface TicketRating {
  score: number
  reason: string | null
  at: number
}

/** What `ticket:undo` puts back: the ticket as it was in hand at its desk before it left. */
export interface UndoMark {
  /** The fact being undone. */
  left: 'ticket:missed' | 'ticket:postponed'
  /** When it left (the fact's time); the undo is open for `UNDO_WINDOW_MS` after. */
  at: number
  deskId: string
  staffId: string | null
  calledAt: number
  /** Its queue rank before a postpone moved it. */
  rank: number
  /** The window time the leaving recorded for the estimate (taken back by the undo). */
  heldMs: number
}

export type DeskStatus = 'closed' | 'open' | 'paused'

export interface Desk {
  id: string
  status: DeskStatus
  staffId: string | null
  /** Services this desk serves now (chosen by the consultant; defaults from config). */
  serviceIds: string[]
  /** The one ticket in hand (called or serving), or null. */
  ticketId: string | null
  /** Booked/priority calls in a row at this desk, for the starvation bound. */
  priorityStreak: number
  /** When the desk last changed status. */
  since: number
  /** Why a paused desk is paused (`pauseReasons` in the config); absent when not paused or no reason. */
  pauseReason?: string
  /**
   * Minutes paused today, in ms, of pauses already ended (a pause going on adds `now - since`). Absent
   * before the desk's first pause of the day; a new day starts it again.
   */
  pausedMs?: number
}

/** One call or recall, newest last, for the hall display and its catch-up. */
export interface CallRecord {
  ticketId: string
  number: string
  deskId: string
  at: number
  recall: boolean
}

/** How a guided self-service session ended. */
export type SelfServiceOutcome = 'completed' | 'abandoned' | 'timed_out'
export type SelfServiceStatus = 'active' | SelfServiceOutcome

/**
 * A guided self-service session at a kiosk, as recorded: which service, when, how far, how it ended.
 * Nothing of the citizen: no IIN, no name, no page addresses.
 */
export interface SelfServiceSession {
  id: string
  serviceId: string
  /** The kiosk (device id) the session runs on. */
  kioskId: string
  startedAt: number
  status: SelfServiceStatus
  /** The furthest scenario step reached (0-based), or null before the first. */
  step: number | null
  /** Each step as it was first reached, in order. */
  steps: { step: number; at: number }[]
  endedAt: number | null
  /** Help requests made during the session. */
  helpRequests: number
}

export type HelpStatus = 'open' | 'accepted' | 'resolved' | 'cancelled'

/** A citizen at a kiosk asked for a consultant. */
export interface HelpRequest {
  id: string
  kioskId: string
  serviceId: string
  /** The self-service session it was asked from, and its step then, if any. */
  sessionId: string | null
  step: number | null
  status: HelpStatus
  requestedAt: number
  /** The consultant who accepted it, and their first name (shown on the kiosk: "Aigerim is coming"). */
  staffId: string | null
  firstName: string | null
  acceptedAt: number | null
  /** When it was resolved or cancelled. */
  closedAt: number | null
}

export type BookingStatus = 'booked' | 'checked_in' | 'cancelled' | 'lapsed'

/**
 * Where a booking was made: egov.kz, eGov Mobile, the Telegram bot, the 1414 line, `/book`, staff, or a
 * kiosk's walk-in booking of a booking-only service (`booking:walk-in`).
 */
export const BOOKING_CHANNELS = ['egov', 'egov-mobile', 'telegram', '1414', 'web', 'staff', 'kiosk'] as const
export type BookingChannel = (typeof BOOKING_CHANNELS)[number]

/**
 * A citizen's time in a service's slot. The citizen is there only as vault entry ids: `personId` (the
 * IIN's entry, the same for every booking of one IIN, which the per-person limits count by) and
 * `phoneId`; never an IIN or a number. Present only in the hub's own state and in staff projections.
 * A kiosk's walk-in booking has no IIN: its `personId` is null, and no per-person limit counts it.
 */
export interface Booking {
  id: string
  /** Short, unambiguous, easy to say on the phone (`BOOKING_CODE_ALPHABET`): what the citizen shows or types. */
  code: string
  serviceId: string
  /** The slot, epoch ms, and its local day (YYYY-MM-DD). */
  slotStart: number
  slotEnd: number
  day: string
  personId: string | null
  phoneId: string | null
  channel: BookingChannel
  /** Who made it: `integration:<id>`, `staff:<id>`, `citizen:web` (the hub's own `/book` page) or `system`. */
  by: string
  status: BookingStatus
  bookedAt: number
  /** The ticket a check-in made. */
  ticketId: string | null
  /** When it was cancelled, checked in or lapsed. */
  endedAt: number | null
  /** A cancellation's reason (`rescheduled` for a reschedule). */
  reason: string | null
}

export interface CentreState {
  centreId: string
  /** The centre's local day (YYYY-MM-DD in its time zone) the state belongs to, or null before the first. */
  day: string | null
  /** Sequence number of the last event applied. */
  seq: number
  /** Last number used per prefix today. */
  counters: Record<string, number>
  tickets: Record<string, Ticket>
  /** Waiting ticket ids per service, in rank order. Maintained by `evolve` so no command scans the day. */
  queues: Record<string, string[]>
  desks: Record<string, Desk>
  /**
   * How long a window was held per call (ms, from the call until the ticket left the window: served,
   * missed, postponed, transferred or cancelled), per service, newest last, for the wait estimate. Logs
   * before 2026-12-06 recorded start → finish of served tickets only.
   */
  serviceTimes: Record<string, number[]>
  /** The latest calls, newest last (bounded). */
  calls: CallRecord[]
  /** Today's guided self-service sessions, by id. */
  selfServiceSessions: Record<string, SelfServiceSession>
  /** Today's help requests from the kiosks, by id. */
  helpRequests: Record<string, HelpRequest>
  /**
   * Bookings by id: every future one, today's, and past ones the per-person limits still count
   * (`bookingsCarriedOver`). Absent in states of logs written before bookings.
   */
  bookings: Record<string, Booking>
  /**
   * Today's remote tickets still `expected` (not checked in, not ended), in join order, and the codes of
   * all today's remote tickets. Small (a day's cap), so the sweep and the kiosk's check-in read these,
   * never the day. Absent in states of logs written before remote tickets.
   */
  expected?: string[]
  remoteCodes?: Record<string, string>
  /**
   * Today's messages from supervisors to consultants' screens, by id (`desk:message`). Absent in states
   * of logs written before them. Staff only: kiosks and displays get none.
   */
  messages?: Record<string, StaffMessage>
  /** What each kiosk last reported of its printer (`device:report`), by device id. */
  devices?: Record<string, DeviceReport>
}

/** A supervisor's short message to the consultant at a window, shown on their screen until read. */
export interface StaffMessage {
  id: string
  deskId: string
  /** The consultant it is for (the desk's when it was sent). */
  staffId: string
  /** The supervisor's words (≤ 200 characters; never a citizen's data). */
  text: string
  /** The supervisor who sent it. */
  by: string
  sentAt: number
  /** When the consultant acknowledged it, or null. */
  readAt: number | null
}

/** The state of a kiosk's ticket printer, as its shell reports it. */
export const PRINTER_STATES = ['ok', 'paper-out', 'offline', 'error'] as const
export type PrinterState = (typeof PRINTER_STATES)[number]

export interface DeviceReport {
  printer: PrinterState
  /** When the kiosk reported it. */
  at: number
}

// What happened (the facts): `event-types.ts`; who asks and what they ask (the commands):
// `command-types.ts`. Both are sections of the domain's types, re-exported here.
export type { DomainEvent, EventEnvelope, EventOf, EventType } from './event-types'
export type { Actor, Command, CommandOf, CommandType } from './command-types'
