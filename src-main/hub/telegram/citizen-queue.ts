/**
 * What a linked chat may do with the centre's queue, read from and sent to the engine: the services one
 * may join from home with their wait now, joining one (`ticket:join`, channel `telegram`), the phone's
 * tickets of today and bookings, and cancelling one of them as the citizen naming it. The bot words
 * the outcomes; nothing here knows Telegram.
 *
 * Every command goes as the principal `citizen:telegram` with the request id the bot makes from the
 * Telegram update, so an update delivered twice (a webhook retried) gets the first answer again.
 */
import type { CentreConfig, LocalizedText } from '../../../src-shared/config'
import {
  isRemoteService,
  newcomerEstimate,
  remoteTickets,
  type Booking,
  type Command,
  type ErrorCode,
  type Ticket,
} from '../../../src-shared/domain'
import type { BotRefusal } from '../../../src-shared/i18n/telegram-bot'
import { waitFields, type IssuedTicket, type WaitFields } from '../../../src-shared/protocol'
import type { CentreEngine } from '../centre-engine'

export const TELEGRAM_PRINCIPAL = 'citizen:telegram'

/** A remote ticket's holder still has something to do with it. */
const HELD_STATUSES = new Set<Ticket['status']>(['expected', 'waiting', 'called', 'serving'])

export interface JoinableService {
  id: string
  name: LocalizedText
  wait: WaitFields
}

export interface Holdings {
  tickets: Ticket[]
  bookings: Booking[]
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: BotRefusal | null; detail: string }

/** The engine's refusals the bot has its own words for; any other is told with the hub's message. */
const REFUSALS: Partial<Record<ErrorCode, BotRefusal>> = {
  remote_join_off: 'remote_join_off',
  remote_join_full: 'remote_join_full',
  remote_daily_cap: 'remote_daily_cap',
  remote_phone_limit: 'remote_phone_limit',
  no_window_serves: 'no_window_serves',
  centre_closed: 'centre_closed',
  unknown_service: 'unknown_service',
  invalid_transition: 'closed',
  booking_closed: 'closed',
  unknown_ticket: 'closed',
  unknown_booking: 'closed',
  forbidden: 'closed',
  rate_limited: 'busy',
  storage_failed: 'busy',
}

export class CitizenQueue {
  constructor(
    private readonly config: CentreConfig,
    private readonly engine: CentreEngine,
  ) {}

  /** The services one may join from home now, in the config's order, with the wait a newcomer gets. */
  joinable(): JoinableService[] {
    const { state } = this.engine
    const now = this.engine.now()
    return this.config.services
      .filter((service) => isRemoteService(this.config, service.id))
      .map((service) => ({
        id: service.id,
        name: service.name,
        wait: waitFields(newcomerEstimate(state, this.config, service.id, now)),
      }))
  }

  serviceName(serviceId: string): LocalizedText | undefined {
    return this.config.services.find((s) => s.id === serviceId)?.name
  }

  /** Today's remote tickets this phone still holds, and its bookings still to come. */
  holdings(phoneId: string): Holdings {
    const { state } = this.engine
    const tickets = remoteTickets(state).filter(
      (t) => t.remote!.phoneId === phoneId && HELD_STATUSES.has(t.status),
    )
    const bookings = Object.values(state.bookings ?? {})
      .filter((b) => b.phoneId === phoneId && b.status === 'booked')
      .sort((a, b) => a.slotStart - b.slotStart)
    return { tickets, bookings }
  }

  async join(
    phoneId: string,
    serviceId: string,
    travelMinutes: number,
    requestId: string,
  ): Promise<Outcome<{ ticket: IssuedTicket; code: string }>> {
    return this.send(requestId, null, {
      type: 'ticket:join',
      serviceId,
      phoneId,
      channel: 'telegram',
      travelMinutes,
    })
  }

  /** Cancels a remote ticket of this phone; another's is `not_yours` and nothing is sent. */
  async cancelTicket(phoneId: string, ticketId: string, requestId: string): Promise<Outcome<Ticket>> {
    const ticket = this.engine.state.tickets[ticketId]
    if (!ticket || ticket.remote?.phoneId !== phoneId)
      return { ok: false, refusal: 'not_yours', detail: 'not a ticket of this phone' }
    const sent = await this.send(
      requestId,
      { bookingId: null, ticketId },
      { type: 'ticket:cancel', ticketId },
    )
    return sent.ok ? { ok: true, value: ticket } : sent
  }

  /** Cancels a booking made for this phone; another's is `not_yours` and nothing is sent. */
  async cancelBooking(phoneId: string, bookingId: string, requestId: string): Promise<Outcome<Booking>> {
    const booking = this.engine.state.bookings?.[bookingId]
    if (!booking || booking.phoneId !== phoneId)
      return { ok: false, refusal: 'not_yours', detail: 'not a booking of this phone' }
    const sent = await this.send(
      requestId,
      { bookingId },
      { type: 'booking:cancel', bookingId, reason: 'cancelled in Telegram' },
    )
    return sent.ok ? { ok: true, value: booking } : sent
  }

  private async send<T>(
    requestId: string,
    names: { bookingId: string | null; ticketId?: string } | null,
    command: Command,
  ): Promise<Outcome<T>> {
    const actor = { kind: 'citizen' as const, bookingId: names?.bookingId ?? null, ...names }
    const ack = await this.engine.submit(TELEGRAM_PRINCIPAL, requestId, actor, command)
    if (ack.ok) return { ok: true, value: ack as unknown as T }
    return { ok: false, refusal: REFUSALS[ack.error.code] ?? null, detail: ack.error.message }
  }
}
