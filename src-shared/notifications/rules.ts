/**
 * The notification rules, pure: from a committed fact and the centre's state to what should be sent,
 * to whom, when and through which channels. The hub's notifier (`src-main/hub/notify/`) feeds them the
 * facts as they commit, and the citizen's consents and Telegram link, and keeps what they return in its
 * outbox, once per key.
 *
 * Two steps, so that the notifier reads consents only for the phones a fact concerns: `draftsOf` (the
 * fact: what to say, about whom, from when) and `intentsOf` (the citizen: which channels, quiet hours).
 */
import { NOTIFICATIONS_OFF, type CentreConfig, type NotificationsConfig, type NotifyKind } from '../config'
import { lapsesAt, remoteSettings } from '../domain/remote-queue'
import { formatBookingCode } from '../domain/bookings'
import { localEpoch, localTime } from '../domain/time'
import type { Booking, CentreState, EventEnvelope, Ticket } from '../domain/types'
import { afterQuietHours } from './quiet-hours'
import type { NotifyChannel, NotifyIntent, NotifyParams } from './types'

const DAY_MS = 24 * 60 * 60_000

export function notificationSettings(config: Pick<CentreConfig, 'notifications'>): NotificationsConfig {
  return config.notifications ?? NOTIFICATIONS_OFF
}

/** A notification a fact calls for, before the citizen's channels are known. */
export interface NotifyDraft {
  kind: NotifyKind
  /** `<seq>:<kind>`, or `reminder:<bookingId>`: each channel's key is this and `:<channel>`. */
  keyBase: string
  phoneId: string
  subjectId: string
  params: NotifyParams
  /** When it may go, before quiet hours. */
  at: number
  seq: number
}

/** The channels a phone may be reached through now: those it consented to, Telegram only when linked. */
export interface Reach {
  consented: readonly NotifyChannel[]
  telegramLinked: boolean
}

/** `2026-12-07` → `07.12`. */
function shortDate(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`
}

function bookingParams(booking: Booking, timeZone: string): NotifyParams {
  return {
    date: shortDate(booking.day),
    time: localTime(booking.slotStart, timeZone).clock,
    code: formatBookingCode(booking.code),
  }
}

/** The booking a booked ticket came from (its check-in made the ticket). */
function bookingOfTicket(state: CentreState, ticketId: string): Booking | undefined {
  for (const booking of Object.values(state.bookings ?? {})) if (booking.ticketId === ticketId) return booking
  return undefined
}

/** The phone to tell about a ticket: its remote holder's, or its booking's. */
function phoneOfTicket(state: CentreState, ticket: Ticket): string | null {
  if (ticket.remote) return ticket.remote.phoneId
  if (ticket.bookedFor === null) return null
  return bookingOfTicket(state, ticket.id)?.phoneId ?? null
}

/**
 * What `fact` calls for, on its own terms: the kinds the centre turned on, for citizens with a phone.
 * `state` is the centre's state with the fact applied (the notifier reads it after the commit).
 */
export function draftsOf(fact: EventEnvelope, state: CentreState, config: CentreConfig): NotifyDraft[] {
  const settings = notificationSettings(config)
  if (!settings.enabled) return []
  const { timeZone } = config.centre
  const drafts: NotifyDraft[] = []
  const add = (kind: NotifyKind, phoneId: string | null, subjectId: string, params: NotifyParams) => {
    if (phoneId === null || !settings.events[kind]) return
    drafts.push({
      kind,
      keyBase: `${fact.seq}:${kind}`,
      phoneId,
      subjectId,
      params,
      at: fact.at,
      seq: fact.seq,
    })
  }
  const ticketOf = (id: string) => state.tickets[id]
  switch (fact.type) {
    case 'booking:made': {
      const booking = state.bookings?.[fact.bookingId]
      if (!booking || fact.phoneId === null) break
      const params = bookingParams(booking, timeZone)
      add('bookingConfirmed', fact.phoneId, booking.id, params)
      const remindAt = reminderTime(booking, settings, timeZone)
      if (settings.events.bookingReminder && remindAt > fact.at)
        drafts.push({
          kind: 'bookingReminder',
          keyBase: `reminder:${booking.id}`,
          phoneId: fact.phoneId,
          subjectId: booking.id,
          params,
          at: remindAt,
          seq: fact.seq,
        })
      break
    }
    case 'booking:cancelled': {
      // A reschedule cancels the old booking and makes a new one: the new time is confirmed instead.
      if (fact.reason === 'rescheduled') break
      const booking = state.bookings?.[fact.bookingId]
      if (booking) add('bookingCancelled', booking.phoneId, booking.id, bookingParams(booking, timeZone))
      break
    }
    case 'ticket:joined':
      add('remoteJoined', fact.phoneId, fact.ticketId, {
        number: fact.number,
        code: formatBookingCode(fact.code),
      })
      break
    case 'ticket:come-now': {
      const ticket = ticketOf(fact.ticketId)
      if (ticket?.remote)
        add('comeNow', ticket.remote.phoneId, ticket.id, {
          number: ticket.number,
          minutes: fact.minutes,
          low: fact.low,
          high: fact.high,
          ahead: fact.ahead,
        })
      break
    }
    case 'ticket:held': {
      const ticket = ticketOf(fact.ticketId)
      if (!ticket?.remote) break
      const until = lapsesAt({ ...ticket.remote, heldAt: fact.at }, remoteSettings(config).holdMinutes)
      add('held', ticket.remote.phoneId, ticket.id, {
        number: ticket.number,
        time: localTime(until, timeZone).clock,
      })
      break
    }
    case 'ticket:called': {
      const ticket = ticketOf(fact.ticketId)
      const desk = config.desks.find((d) => d.id === fact.deskId)
      if (ticket && desk)
        add('called', phoneOfTicket(state, ticket), ticket.id, { number: ticket.number, window: desk.label })
      break
    }
    case 'ticket:lapsed': {
      const ticket = ticketOf(fact.ticketId)
      if (ticket?.remote) add('lapsed', ticket.remote.phoneId, ticket.id, { number: ticket.number })
      break
    }
    default:
      break
  }
  return drafts
}

/** The day before the visit at `reminderHour`, local time. */
export function reminderTime(
  booking: Pick<Booking, 'day'>,
  settings: NotificationsConfig,
  timeZone: string,
): number {
  const visitMidnight = localEpoch(booking.day, 0, timeZone)
  // Noon of the day before is on that day whatever the daylight-saving rules.
  const dayBefore = localTime(visitMidnight - DAY_MS / 2, timeZone).day
  return localEpoch(dayBefore, settings.reminderHour * 60, timeZone)
}

/**
 * The intents of these drafts: one per channel the citizen consented to (Telegram only when linked), not
 * before the quiet hours end. A phone with no reach gets nothing.
 */
export function intentsOf(
  drafts: readonly NotifyDraft[],
  reachOf: (phoneId: string) => Reach | undefined,
  config: CentreConfig,
): NotifyIntent[] {
  const settings = notificationSettings(config)
  const intents: NotifyIntent[] = []
  for (const draft of drafts) {
    const reach = reachOf(draft.phoneId)
    if (!reach) continue
    const notBefore = afterQuietHours(draft.at, settings.quietHours, config.centre.timeZone)
    for (const channel of reach.consented) {
      if (channel === 'telegram' && !reach.telegramLinked) continue
      intents.push({
        key: `${draft.keyBase}:${channel}`,
        kind: draft.kind,
        channel,
        phoneId: draft.phoneId,
        subjectId: draft.subjectId,
        params: draft.params,
        notBefore,
        seq: draft.seq,
      })
    }
  }
  return intents
}

/**
 * Whether a notification still says something true when it is due (after quiet hours, or retries): a
 * "come now" for a ticket already called, a reminder of a cancelled booking, are dropped.
 */
export function isStale(kind: NotifyKind, subjectId: string, state: CentreState): boolean {
  switch (kind) {
    case 'bookingConfirmed':
    case 'bookingReminder':
      return state.bookings?.[subjectId]?.status !== 'booked'
    case 'bookingCancelled':
    case 'lapsed':
      return false
    case 'remoteJoined': {
      const status = state.tickets[subjectId]?.status
      return status !== 'expected' && status !== 'waiting'
    }
    case 'comeNow':
      return state.tickets[subjectId]?.status !== 'expected'
    case 'held': {
      const ticket = state.tickets[subjectId]
      return ticket?.status !== 'expected' || ticket.remote?.heldAt == null
    }
    case 'called':
      return state.tickets[subjectId]?.status !== 'called'
  }
}
