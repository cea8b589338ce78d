/**
 * The report rows as the tables keep them (one per ticket, guided self-service session, booking and
 * pause of a window), and which rows a batch of facts touches. No personal data: ids and codes only.
 */
import type { CentreConfig } from '../../../src-shared/config'
import type { EventEnvelope } from '../../../src-shared/domain'
import type { ActRead, ActRow } from './acts'
import type { DayGroupDelta } from './day-groups'

/** Where a ticket came from: the hall (kiosk or window), a booking, or joined from home by channel. */
export type ReportChannel = 'hall' | 'booking' | 'web' | 'api' | 'telegram'

export interface TicketRow {
  ticketId: string
  /** Its number as the hall shows it (the audit names a ticket by it); null in rows of older tables. */
  number: string | null
  /** The centre's day of the ticket's issue. */
  day: string
  /** Local hour (0–23) and weekday (0 Monday – 6 Sunday) of its arrival in the hall (else its issue). */
  hour: number
  weekday: number
  /** Its service now (after any transfer). */
  serviceId: string
  deskId: string | null
  staffId: string | null
  channel: ReportChannel
  categoryId: string | null
  issuedAt: number
  /** When its wait began: issue, or check-in for a ticket joined from home; null while not in the hall. */
  waitFrom: number | null
  /** First call. */
  calledAt: number | null
  /** Latest start of service. */
  startedAt: number | null
  finishedAt: number | null
  /** Minutes past local midnight when its wait began and when it left the queue (first call, cancel, lapse). */
  arrivalMinute: number | null
  leftMinute: number | null
  status: string
  /** First call − `waitFrom`. */
  waitMs: number | null
  /** Finish − latest start, for a served ticket. */
  serviceMs: number | null
  outcome: string | null
  rating: number | null
  ratingReason: string | null
  booked: number
  remote: number
  transfers: number
  recalls: number
}

export interface SessionRow {
  sessionId: string
  day: string
  serviceId: string
  kioskId: string
  startedAt: number
  steps: number
  /** `completed`, `abandoned`, `timed_out`, or null while open. */
  outcome: string | null
}

export interface BookingRow {
  bookingId: string
  /** The day of the booked slot. */
  day: string
  serviceId: string
  channel: string
  madeAt: number
  /** `made`, `checked_in`, `cancelled`, `lapsed`. */
  status: string
}

export interface PauseRow {
  deskId: string
  pausedAt: number
  day: string
  staffId: string | null
  reason: string | null
  by: string | null
  /** When the window was resumed or closed; null while paused. */
  endedAt: number | null
}

/** The rows one batch of facts wrote, to be stored with the cursor at its last seq. */
export interface ReportChanges {
  tickets: TicketRow[]
  sessions: SessionRow[]
  bookings: BookingRow[]
  pauses: PauseRow[]
  /** What the changed tickets add to (or take from) the per-day sums. */
  days: DayGroupDelta[]
  /** The supervisor's acts of the batch, and the messages read in it (after the acts: same batch too). */
  acts: ActRow[]
  reads: ActRead[]
}

/** The ids of rows a batch of facts changes, which must be loaded before they are folded. */
export interface RowIds {
  tickets: string[]
  sessions: string[]
  bookings: string[]
}

export type ReportCentre = Pick<CentreConfig['centre'], 'timeZone' | 'dayStartsAt'>

const ticketIdOf = (event: EventEnvelope): string | null =>
  event.type.startsWith('ticket:') && 'ticketId' in event ? event.ticketId : null

/** The rows that `events` touch and that may already be stored. */
export function rowIdsOf(events: readonly EventEnvelope[]): RowIds {
  const tickets = new Set<string>()
  const sessions = new Set<string>()
  const bookings = new Set<string>()
  for (const event of events) {
    const ticketId = ticketIdOf(event)
    if (ticketId) tickets.add(ticketId)
    if (event.type === 'booking:checked-in') tickets.add(event.ticketId)
    if (event.type.startsWith('booking:') && 'bookingId' in event) bookings.add(event.bookingId)
    if (event.type.startsWith('selfservice:') && 'sessionId' in event && event.sessionId)
      sessions.add(event.sessionId)
  }
  return { tickets: [...tickets], sessions: [...sessions], bookings: [...bookings] }
}
