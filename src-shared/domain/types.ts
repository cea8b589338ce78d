/**
 * The centre's state and the facts that change it.
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
  /**
   * A pause going on when the day turned counts in the new day's `pausedMs` from the day's start, not
   * from `since` (set by `dayChange`, dropped when the pause ends); absent otherwise.
   */
  pauseCountsFrom?: number
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

/** Facts, named in the past tense. Every field is JSON. */
export type DomainEvent =
  | {
      type: 'day:opened'
      day: string
      /**
       * What the new day carries over from the one before: the desks (status and services, no ticket)
       * and the recent service times, so that the day's own events rebuild its whole state after a
       * restart. Absent in logs written before 2026-12-03, whose days carried these only in memory.
       */
      desks?: Record<string, Desk>
      serviceTimes?: Record<string, number[]>
      /** The bookings the new day carries over (see `bookingsCarriedOver`). */
      bookings?: Record<string, Booking>
    }
  | {
      type: 'ticket:issued'
      ticketId: string
      number: string
      prefix: string
      serviceId: string
      categoryId: string | null
      bookedFor: number | null
      trackToken?: string
      /**
       * The queue rank when it is not the issue time: a kiosk walk-in booking's ticket, issued long
       * before its slot, ranks from its slot's window, not from when the citizen left. Absent: `at`.
       */
      rank?: number
      /** Issued by staff at this desk for a walk-in who came straight to it; absent: a kiosk or elsewhere. */
      deskId?: string
    }
  | {
      type: 'ticket:called'
      ticketId: string
      deskId: string
      staffId: string | null
      reason: CallReason
      /**
       * Only in a zone display's copy (`zoneEvent`): the ticket's number, which its `ticket:issued` left
       * out because the display shows only the calls of its zone. Never stored in the log.
       */
      number?: string
      /** A supervisor who called it to someone else's window (`reason` is the call policy's). */
      by?: string
      /** The supervisor's why. */
      note?: string
    }
  | { type: 'ticket:recalled'; ticketId: string; deskId: string }
  | { type: 'ticket:started'; ticketId: string }
  /** `outcome`: how the visit ended (an `outcomes` id); absent when none was coded. */
  | { type: 'ticket:finished'; ticketId: string; outcome?: string }
  /** The citizen rated the ticket after service, from its tracker: nothing of who they are. */
  | { type: 'ticket:rated'; ticketId: string; score: number; reason: string | null }
  | { type: 'ticket:missed'; ticketId: string }
  /** `by` and `reason`: a supervisor's act (`reason` required then); `note` is the consultant's. */
  | {
      type: 'ticket:transferred'
      ticketId: string
      fromServiceId: string
      toServiceId: string
      note: string | null
      by?: string
      reason?: string
    }
  | { type: 'ticket:postponed'; ticketId: string; rank: number }
  /** `by` and `reason`: a supervisor cancelled a ticket not at their own window. */
  | { type: 'ticket:cancelled'; ticketId: string; by?: string; reason?: string }
  /**
   * A supervisor moved a waiting ticket: to the front of its line (`rank`) and/or into a priority
   * category (`categoryId`, null for none).
   */
  | {
      type: 'ticket:prioritised'
      ticketId: string
      categoryId: string | null
      rank: number
      by: string
      reason: string
    }
  /**
   * A no-show or a postpone undone within `UNDO_WINDOW_MS`: the ticket is in hand at `deskId` again, as it
   * was. `by`: the staff member who undid it.
   */
  | { type: 'ticket:restored'; ticketId: string; deskId: string; undid: UndoMark['left']; by: string | null }
  /** The hub closed a ticket nobody finished: `day_ended`, the centre's day turned (`dayTurnover`). */
  | { type: 'ticket:closed'; ticketId: string; reason: TicketCloseReason }
  /**
   * `by`: a supervisor who opened the desk for `staffId` (absent when staff open their own), with their
   * `reason` if they gave one (a re-staffing: the services changed).
   */
  | {
      type: 'desk:opened'
      deskId: string
      staffId: string | null
      serviceIds: string[]
      by?: string
      reason?: string
    }
  /**
   * `reason`: a `pauseReasons` id the consultant chose, or the words of a supervisor who paused someone
   * else's desk (`by`).
   */
  | { type: 'desk:paused'; deskId: string; reason?: string; by?: string }
  | { type: 'desk:resumed'; deskId: string }
  | { type: 'desk:closed'; deskId: string }
  | { type: 'selfservice:started'; sessionId: string; serviceId: string; kioskId: string }
  | { type: 'selfservice:step-reached'; sessionId: string; step: number }
  | { type: 'selfservice:ended'; sessionId: string; outcome: SelfServiceOutcome }
  | {
      type: 'help:requested'
      helpId: string
      kioskId: string
      serviceId: string
      sessionId: string | null
      step: number | null
    }
  /** `firstName` is left out of what hall displays receive. */
  | { type: 'help:accepted'; helpId: string; staffId: string; firstName?: string }
  | { type: 'help:resolved'; helpId: string }
  | { type: 'help:cancelled'; helpId: string }
  | {
      type: 'booking:made'
      bookingId: string
      code: string
      serviceId: string
      slotStart: number
      slotEnd: number
      day: string
      personId: string | null
      phoneId: string | null
      channel: BookingChannel
      by: string
    }
  | { type: 'booking:cancelled'; bookingId: string; reason: string | null }
  | { type: 'booking:checked-in'; bookingId: string; ticketId: string }
  | { type: 'booking:lapsed'; bookingId: string }
  /** A remote ticket: numbered and placed in arrival order now, called only once checked in. */
  | {
      type: 'ticket:joined'
      ticketId: string
      number: string
      prefix: string
      serviceId: string
      trackToken: string
      code: string
      phoneId: string
      channel: RemoteChannel
      travelMinutes: number
    }
  /** The wait of a remote ticket fell within its holder's travel time: they are told to come now. */
  | {
      type: 'ticket:come-now'
      ticketId: string
      ahead: number
      minutes: number
      low: number | null
      high: number | null
    }
  /** A remote ticket's turn came before its holder checked in: it is held aside, its place kept. */
  | { type: 'ticket:held'; ticketId: string }
  /** Its holder checked in at the kiosk: waiting at its place (its join time). */
  | { type: 'ticket:checked-in'; ticketId: string }
  /** Held past `remoteQueue.holdMinutes` (after the holder's travel time) without a check-in. */
  | { type: 'ticket:lapsed'; ticketId: string }
  /** A supervisor's message to the consultant at `deskId` (`staffId`). Kiosks and displays get no text. */
  | { type: 'staff:messaged'; messageId: string; deskId: string; staffId: string; text: string; by: string }
  /** The consultant acknowledged the message. */
  | { type: 'staff:message-read'; messageId: string; staffId: string }
  /** A kiosk's shell reported its printer's state (only changes are recorded). */
  | { type: 'device:reported'; deviceId: string; printer: PrinterState }

export type EventType = DomainEvent['type']
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>

/** An event as stored and broadcast: the fact plus its place in the log and its time. */
export type EventEnvelope<E extends DomainEvent = DomainEvent> = E & {
  /** Position in the centre's log, contiguous from 1. */
  seq: number
  /** Epoch ms at which the hub decided it. */
  at: number
}

// Who asks and what they ask (the commands): `command-types.ts`, one section of the domain's types.
export type { Actor, Command, CommandOf, CommandType } from './command-types'
