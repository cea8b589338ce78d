/**
 * The report rows and how the centre's facts change them: a pure fold, written to the report tables by
 * the projector (`projector.ts`). One row per ticket (its service, window, consultant, channel, times,
 * status, wait, service time, outcome and rating), per guided self-service session, per booking and per
 * pause of a window. Personal data never reaches them: a ticket is its id, a booking its id and service.
 */
import type { EventEnvelope } from '../../../src-shared/domain'
import { centreDay, localTime } from '../../../src-shared/domain/time'
import { actOf, readOf, type ActRead, type ActRow } from './acts'
import { DayGroupDeltas } from './day-groups'
import type {
  BookingRow,
  PauseRow,
  ReportCentre,
  ReportChannel,
  ReportChanges,
  RowIds,
  SessionRow,
  TicketRow,
} from './row-types'

export * from './row-types'

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

/**
 * The fold. Holds the rows loaded for the facts at hand, the open pauses and which consultant holds
 * each window; `take()` hands back the rows changed since the last call.
 */
export class ReportFold {
  readonly tickets = new Map<string, TicketRow>()
  readonly sessions = new Map<string, SessionRow>()
  readonly bookings = new Map<string, BookingRow>()
  /** Open pauses by window. */
  readonly pauses = new Map<string, PauseRow>()
  private readonly deskStaff = new Map<string, string | null>()
  /**
   * A ticket's priority category after a supervisor changed it (the row keeps the one it was issued
   * with): what the next act's "before" is.
   */
  private readonly categories = new Map<string, string | null>()
  private changed = { tickets: new Set<string>(), sessions: new Set<string>(), bookings: new Set<string>() }
  private changedPauses: PauseRow[] = []
  private acts: ActRow[] = []
  private reads: ActRead[] = []
  /** Each held ticket's row as last written (its part of the per-day sums). */
  private readonly written = new Map<string, TicketRow>()

  constructor(private readonly centre: ReportCentre) {}

  /** Rows read from the tables before their facts are folded. */
  load(rows: { tickets: TicketRow[]; sessions: SessionRow[]; bookings: BookingRow[]; pauses?: PauseRow[] }) {
    for (const row of rows.tickets) {
      this.tickets.set(row.ticketId, row)
      this.written.set(row.ticketId, { ...row })
    }
    for (const row of rows.sessions) this.sessions.set(row.sessionId, row)
    for (const row of rows.bookings) this.bookings.set(row.bookingId, row)
    for (const row of rows.pauses ?? []) this.pauses.set(row.deskId, row)
  }

  /** Which ids of `ids` are not held yet. */
  missing(ids: RowIds): RowIds {
    return {
      tickets: ids.tickets.filter((id) => !this.tickets.has(id)),
      sessions: ids.sessions.filter((id) => !this.sessions.has(id)),
      bookings: ids.bookings.filter((id) => !this.bookings.has(id)),
    }
  }

  /** The rows changed since the last call; the ticket and session rows of past days are let go. */
  take(): ReportChanges {
    const deltas = new DayGroupDeltas()
    for (const id of this.changed.tickets) {
      const before = this.written.get(id)
      const after = this.tickets.get(id)!
      if (before) deltas.add(before, -1)
      deltas.add(after, 1)
      this.written.set(id, { ...after })
    }
    const changes: ReportChanges = {
      days: deltas.list(),
      tickets: [...this.changed.tickets].map((id) => this.tickets.get(id)!),
      sessions: [...this.changed.sessions].map((id) => this.sessions.get(id)!),
      bookings: [...this.changed.bookings].map((id) => this.bookings.get(id)!),
      // A pause opened and ended in one batch is written once, as it ended.
      pauses: [...new Map(this.changedPauses.map((p) => [`${p.deskId} ${p.pausedAt}`, p])).values()],
      acts: this.acts,
      reads: this.reads,
    }
    this.changed = { tickets: new Set(), sessions: new Set(), bookings: new Set() }
    this.changedPauses = []
    this.acts = []
    this.reads = []
    return changes
  }

  /** How many rows are held. */
  get size(): number {
    return this.tickets.size + this.sessions.size + this.bookings.size
  }

  /** Forgets the rows held, once they are stored: facts to come load theirs again. */
  forget(): void {
    this.tickets.clear()
    this.written.clear()
    this.sessions.clear()
    this.bookings.clear()
  }

  apply(event: EventEnvelope): void {
    const { at } = event
    const act = actOf(
      event,
      centreDay(at, this.centre),
      (id) => this.tickets.get(id)?.number ?? null,
      (deskId) => this.deskStaff.get(deskId) ?? null,
      (id) => (this.categories.has(id) ? this.categories.get(id) : this.tickets.get(id)?.categoryId),
    )
    // A ticket returned from a window being closed (`desk:release`) names that window and its consultant,
    // as the ticket's row has them before the fact: the audit says where it was taken from.
    if (act?.kind === 'ticket_returned' && event.type === 'ticket:postponed') {
      const ticket = this.tickets.get(event.ticketId)
      act.deskId = ticket?.deskId ?? null
      act.staffId = ticket?.staffId ?? null
    }
    if (act) this.acts.push(act)
    if (event.type === 'ticket:prioritised') this.categories.set(event.ticketId, event.categoryId)
    const read = readOf(event)
    if (read) this.reads.push(read)
    switch (event.type) {
      case 'day:opened':
        for (const [deskId, desk] of Object.entries(event.desks ?? {}))
          this.deskStaff.set(deskId, desk.staffId)
        return
      case 'ticket:issued':
        this.putTicket(
          this.newTicket(event.ticketId, event.serviceId, at, event.bookedFor !== null ? 'booking' : 'hall', {
            number: event.number,
            categoryId: event.categoryId,
            booked: event.bookedFor !== null ? 1 : 0,
            waitFrom: at,
          }),
        )
        return
      case 'ticket:joined':
        this.putTicket(
          this.newTicket(event.ticketId, event.serviceId, at, event.channel, {
            number: event.number,
            remote: 1,
          }),
        )
        return
      case 'booking:made':
        this.bookings.set(event.bookingId, {
          bookingId: event.bookingId,
          day: event.day,
          serviceId: event.serviceId,
          channel: event.channel,
          madeAt: at,
          status: 'made',
        })
        this.changed.bookings.add(event.bookingId)
        return
      case 'booking:cancelled':
      case 'booking:lapsed':
      case 'booking:checked-in': {
        const booking = this.bookings.get(event.bookingId)
        if (booking) {
          booking.status = event.type === 'booking:checked-in' ? 'checked_in' : event.type.slice(8)
          this.changed.bookings.add(booking.bookingId)
        }
        if (event.type === 'booking:checked-in')
          this.ticket(event.ticketId, (t) => {
            t.booked = 1
            t.channel = 'booking'
          })
        return
      }
      case 'selfservice:started':
        this.sessions.set(event.sessionId, {
          sessionId: event.sessionId,
          day: centreDay(at, this.centre),
          serviceId: event.serviceId,
          kioskId: event.kioskId,
          startedAt: at,
          steps: 0,
          outcome: null,
        })
        this.changed.sessions.add(event.sessionId)
        return
      case 'selfservice:step-reached':
      case 'selfservice:ended': {
        const session = this.sessions.get(event.sessionId)
        if (!session) return
        if (event.type === 'selfservice:ended') session.outcome = event.outcome
        else session.steps = Math.max(session.steps, event.step)
        this.changed.sessions.add(session.sessionId)
        return
      }
      case 'desk:opened':
        this.deskStaff.set(event.deskId, event.staffId)
        return
      case 'desk:paused': {
        this.endPause(event.deskId, at)
        const pause: PauseRow = {
          deskId: event.deskId,
          pausedAt: at,
          day: centreDay(at, this.centre),
          staffId: this.deskStaff.get(event.deskId) ?? null,
          reason: event.reason ?? null,
          by: event.by ?? null,
          endedAt: null,
        }
        this.pauses.set(event.deskId, pause)
        this.changedPauses.push(pause)
        return
      }
      case 'desk:resumed':
      case 'desk:closed':
        this.endPause(event.deskId, at)
        if (event.type === 'desk:closed') this.deskStaff.set(event.deskId, null)
        return
      default:
        this.applyToTicket(event)
    }
  }

  private applyToTicket(event: EventEnvelope): void {
    const { at } = event
    switch (event.type) {
      case 'ticket:checked-in':
        return this.ticket(event.ticketId, (t) => {
          t.waitFrom = at
          t.status = 'waiting'
          Object.assign(t, this.whenOf(at))
        })
      case 'ticket:called':
        return this.ticket(event.ticketId, (t) => {
          t.deskId = event.deskId
          t.staffId = event.staffId
          t.status = 'called'
          if (t.calledAt !== null) return
          t.calledAt = at
          this.leave(t, at)
          if (t.waitFrom !== null) t.waitMs = Math.max(0, at - t.waitFrom)
        })
      case 'ticket:recalled':
        return this.ticket(event.ticketId, (t) => void t.recalls++)
      case 'ticket:started':
        return this.ticket(event.ticketId, (t) => {
          t.startedAt = at
          t.status = 'serving'
        })
      case 'ticket:finished':
        return this.ticket(event.ticketId, (t) => {
          t.finishedAt = at
          t.status = 'done'
          t.serviceMs = t.startedAt === null ? null : Math.max(0, at - t.startedAt)
          t.outcome = event.outcome ?? null
        })
      case 'ticket:missed':
        return this.ticket(event.ticketId, (t) => void (t.status = 'no_show'))
      case 'ticket:restored':
        return this.ticket(event.ticketId, (t) => void (t.status = 'called'))
      case 'ticket:postponed':
        return this.ticket(event.ticketId, (t) => void (t.status = 'waiting'))
      case 'ticket:transferred':
        return this.ticket(event.ticketId, (t) => {
          t.serviceId = event.toServiceId
          t.transfers++
          t.status = 'waiting'
        })
      case 'ticket:cancelled':
      case 'ticket:lapsed':
        return this.ticket(event.ticketId, (t) => {
          t.status = event.type === 'ticket:cancelled' ? 'cancelled' : 'lapsed'
          this.leave(t, at)
        })
      case 'ticket:closed':
        return this.ticket(event.ticketId, (t) => void (t.status = 'closed'))
      case 'ticket:rated':
        return this.ticket(event.ticketId, (t) => {
          t.rating = event.score
          t.ratingReason = event.reason
        })
      default:
        // Facts that change no report row (help requests, come-now, held...).
        return
    }
  }

  private newTicket(
    ticketId: string,
    serviceId: string,
    at: number,
    channel: ReportChannel,
    extra: Partial<TicketRow>,
  ): TicketRow {
    const waitFrom = extra.waitFrom ?? null
    const when = this.whenOf(at)
    return {
      ticketId,
      number: null,
      day: centreDay(at, this.centre),
      ...when,
      arrivalMinute: waitFrom === null ? null : when.arrivalMinute,
      serviceId,
      deskId: null,
      staffId: null,
      channel,
      categoryId: null,
      issuedAt: at,
      waitFrom,
      calledAt: null,
      startedAt: null,
      finishedAt: null,
      leftMinute: null,
      status: waitFrom === null ? 'expected' : 'waiting',
      waitMs: null,
      serviceMs: null,
      outcome: null,
      rating: null,
      ratingReason: null,
      booked: 0,
      remote: 0,
      transfers: 0,
      recalls: 0,
      ...extra,
    }
  }

  /** Local hour, weekday and minute of the day at `at`. */
  private whenOf(at: number): { hour: number; weekday: number; arrivalMinute: number } {
    const { clock, weekday } = localTime(at, this.centre.timeZone)
    const hour = Number(clock.slice(0, 2))
    return { hour, weekday: WEEKDAYS.indexOf(weekday), arrivalMinute: hour * 60 + Number(clock.slice(3, 5)) }
  }

  /** The ticket left the queue (first time only): the minute, counted from its arrival's minute. */
  private leave(t: TicketRow, at: number): void {
    if (t.leftMinute !== null || t.waitFrom === null || t.arrivalMinute === null) return
    t.leftMinute = Math.min(24 * 60 - 1, t.arrivalMinute + Math.floor((at - t.waitFrom) / 60_000))
  }

  private putTicket(row: TicketRow): void {
    this.tickets.set(row.ticketId, row)
    this.changed.tickets.add(row.ticketId)
  }

  /** Changes a ticket's row; a fact about a ticket the report never saw issued is left out. */
  private ticket(ticketId: string, change: (row: TicketRow) => void): void {
    const row = this.tickets.get(ticketId)
    if (!row) return
    change(row)
    this.changed.tickets.add(ticketId)
  }

  private endPause(deskId: string, at: number): void {
    const open = this.pauses.get(deskId)
    if (!open) return
    open.endedAt = at
    this.pauses.delete(deskId)
    this.changedPauses.push(open)
  }
}
