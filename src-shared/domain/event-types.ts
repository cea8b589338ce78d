/**
 * The domain's facts: what happened (`DomainEvent`, named `noun:past-tense`) and how the log carries it
 * (`EventEnvelope`). Kept beside `types.ts` (the state), which re-exports them.
 */
import type {
  Booking,
  BookingChannel,
  CallReason,
  Desk,
  PrinterState,
  RemoteChannel,
  SelfServiceOutcome,
  TicketCloseReason,
  UndoMark,
} from './types'

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
  /**
   * Back in the queue at `rank`. `by`: a supervisor who took it from someone else's window
   * (`desk:release`), with their `reason` if given: the rank is then its own place.
   */
  | { type: 'ticket:postponed'; ticketId: string; rank: number; by?: string; reason?: string }
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
  /** `by`: a supervisor who closed someone else's desk (`desk:release`), with their `reason` if given. */
  | { type: 'desk:closed'; deskId: string; by?: string; reason?: string }
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
