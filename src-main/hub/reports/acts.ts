/**
 * The supervisor's acts (issue 16) as report rows: one row per act a supervisor or an administrator
 * did on someone else's ticket or window (the facts that carry `by`), for the audit export
 * (`GET /api/audit.csv`). Ticket numbers and ids only: nothing of who a citizen is. A message's row
 * gets the time its consultant read it (`staff:message-read`).
 */
import type { EventEnvelope } from '../../../src-shared/domain'

/** What a supervisor did. */
export type ActKind =
  | 'ticket_cancelled'
  | 'ticket_transferred'
  | 'ticket_prioritised'
  | 'ticket_categorised'
  | 'ticket_called'
  | 'desk_opened'
  | 'desk_paused'
  | 'staff_messaged'
  /** `desk:release`: the ticket in hand went back to its queue, and the window closed. */
  | 'ticket_returned'
  | 'desk_closed'

export interface ActRow {
  /** The message's id for a message (its read time lands on it), else the fact's seq. */
  actId: string
  seq: number
  day: string
  at: number
  /** The supervisor's staff id. */
  by: string
  kind: ActKind
  ticketId: string | null
  /** The ticket's number as the hall shows it. */
  ticketNumber: string | null
  deskId: string | null
  /** The consultant a window was opened for, called to or paused on, or a message written to. */
  staffId: string | null
  /** Before and after: the services of a transfer, the categories (ids, '' for none) of a re-categorising. */
  oldValue: string | null
  newValue: string | null
  /** The supervisor's reason, or the message's text. */
  reason: string | null
  readAt: number | null
}

/** A message read: the time lands on its act's row. */
export interface ActRead {
  actId: string
  readAt: number
}

/**
 * The act `event` records, or null (not a supervisor's act). `number`: a ticket's number, if known;
 * `staffAt`: who held a window when it was paused, if known; `categoryOf`: a ticket's priority category
 * before the fact (undefined: not known). A `ticket:prioritised` that changes the category is
 * `ticket_categorised` (old and new category), else it moved the ticket to the front (`ticket_prioritised`).
 */
export function actOf(
  event: EventEnvelope,
  day: string,
  number: (ticketId: string) => string | null,
  staffAt: (deskId: string) => string | null = () => null,
  categoryOf: (ticketId: string) => string | null | undefined = () => undefined,
): ActRow | null {
  const base = { actId: String(event.seq), seq: event.seq, day, at: event.at, readAt: null }
  const blank = {
    ticketId: null,
    ticketNumber: null,
    deskId: null,
    staffId: null,
    oldValue: null,
    newValue: null,
  }
  const ticket = (ticketId: string) => ({ ...blank, ticketId, ticketNumber: number(ticketId) })
  switch (event.type) {
    case 'ticket:cancelled':
      if (!event.by) return null
      return {
        ...base,
        ...ticket(event.ticketId),
        by: event.by,
        kind: 'ticket_cancelled',
        reason: event.reason ?? null,
      }
    case 'ticket:transferred':
      if (!event.by) return null
      return {
        ...base,
        ...ticket(event.ticketId),
        by: event.by,
        kind: 'ticket_transferred',
        oldValue: event.fromServiceId,
        newValue: event.toServiceId,
        reason: event.reason ?? null,
      }
    case 'ticket:prioritised': {
      const before = categoryOf(event.ticketId)
      const categorised = before === undefined ? event.categoryId !== null : before !== event.categoryId
      return {
        ...base,
        ...ticket(event.ticketId),
        by: event.by,
        kind: categorised ? 'ticket_categorised' : 'ticket_prioritised',
        oldValue: categorised ? (before ?? '') : null,
        newValue: categorised ? (event.categoryId ?? '') : null,
        reason: event.reason,
      }
    }
    case 'ticket:called':
      if (!event.by) return null
      return {
        ...base,
        ...ticket(event.ticketId),
        deskId: event.deskId,
        staffId: event.staffId,
        by: event.by,
        kind: 'ticket_called',
        reason: event.note ?? null,
      }
    case 'desk:opened':
      if (!event.by) return null
      return {
        ...base,
        ...blank,
        deskId: event.deskId,
        staffId: event.staffId,
        newValue: event.serviceIds.join(' '),
        by: event.by,
        kind: 'desk_opened',
        reason: event.reason ?? null,
      }
    case 'desk:paused':
      if (!event.by) return null
      return {
        ...base,
        ...blank,
        deskId: event.deskId,
        staffId: staffAt(event.deskId),
        by: event.by,
        kind: 'desk_paused',
        reason: event.reason ?? null,
      }
    case 'ticket:postponed':
      if (!event.by) return null
      return {
        ...base,
        ...ticket(event.ticketId),
        by: event.by,
        kind: 'ticket_returned',
        reason: event.reason ?? null,
      }
    case 'desk:closed':
      if (!event.by) return null
      return {
        ...base,
        ...blank,
        deskId: event.deskId,
        staffId: staffAt(event.deskId),
        by: event.by,
        kind: 'desk_closed',
        reason: event.reason ?? null,
      }
    case 'staff:messaged':
      return {
        ...base,
        ...blank,
        actId: event.messageId,
        deskId: event.deskId,
        staffId: event.staffId,
        by: event.by,
        kind: 'staff_messaged',
        reason: event.text,
      }
    default:
      return null
  }
}

/** The read `event` records, or null. */
export function readOf(event: EventEnvelope): ActRead | null {
  return event.type === 'staff:message-read' ? { actId: event.messageId, readAt: event.at } : null
}
