/**
 * The bot's `BotHub` inside the hub: the engine, the vault and the notifier's stores at hand. The bot in
 * the hub's process talks to it directly; the integration API's Telegram routes (`http/api/telegram.ts`)
 * serve the same object to the bot in its own process, so both ways run one set of rules.
 *
 * Every command goes as the principal `citizen:telegram` with the request id the bot makes from the
 * Telegram update, so an update delivered twice (a webhook retried) gets the first answer again. The chat
 * id is personal data: at rest it is only a vault entry (`telegram-chat`), found by value.
 */
import type { CentreConfig, Language } from '../../../src-shared/config'
import {
  formatBookingCode,
  isRemoteService,
  newcomerEstimate,
  remoteSettings,
  remoteTickets,
  type Command,
  type ErrorCode,
  type Ticket,
} from '../../../src-shared/domain'
import type { BotRefusal } from '../../../src-shared/i18n/telegram-bot'
import { waitFields, type IssuedTicket } from '../../../src-shared/protocol'
import type { CentreEngine } from '../centre-engine'
import type { NotifyConsents, TelegramLinks } from '../notify/contracts'
import { ChallengeRefusal, type PhoneChallenges } from '../phone-challenges'
import type { VaultEntries } from '../vault'
import {
  CodeRefusal,
  type BotHub,
  type BotSettings,
  type HeldTicket,
  type Holdings,
  type JoinableService,
  type JoinedTicket,
  type Outcome,
} from './bot-hub'

export const TELEGRAM_PRINCIPAL = 'citizen:telegram'

/** A remote ticket's holder still has something to do with it. */
const HELD_STATUSES = new Set<Ticket['status']>(['expected', 'waiting', 'called', 'serving'])

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

const NOT_LINKED: Outcome<never> = { ok: false, refusal: 'not_linked', detail: 'the chat is not linked' }

export interface LocalBotHubOptions {
  config: CentreConfig
  engine: CentreEngine
  entries: VaultEntries
  links: TelegramLinks
  consents: NotifyConsents
  /** One-time codes; a challenge's subject is the chat that asked for it. */
  challenges: PhoneChallenges<number>
}

export class LocalBotHub implements BotHub {
  /** Chats' vault entry ids once looked up (null: the vault holds no such chat). */
  private readonly chatEntries = new Map<number, string | null>()

  constructor(private readonly options: LocalBotHubOptions) {}

  async settings(): Promise<BotSettings> {
    const { config } = this.options
    return {
      timeZone: config.centre.timeZone,
      maxTravelMinutes: remoteSettings(config).maxTravelMinutes,
      services: config.services.map((s) => ({
        id: s.id,
        name: s.name,
        remote: isRemoteService(config, s.id),
      })),
    }
  }

  async joinable(): Promise<JoinableService[]> {
    const { config, engine } = this.options
    const now = engine.now()
    return config.services
      .filter((service) => isRemoteService(config, service.id))
      .map((service) => ({
        id: service.id,
        name: service.name,
        wait: waitFields(newcomerEstimate(engine.state, config, service.id, now)),
      }))
  }

  /**
   * The phone this chat is linked to now (with the link's language). Asked at every update: staff or a
   * newer link may have ended this one meanwhile.
   */
  async phoneOf(
    chatId: number,
  ): Promise<{ phoneId: string; chatEntryId: string; language: Language } | null> {
    const { entries, links } = this.options
    let chatEntryId = this.chatEntries.get(chatId)
    if (chatEntryId === undefined) {
      chatEntryId = (await entries.find('telegram-chat', String(chatId))) ?? null
      this.remember(chatId, chatEntryId)
    }
    if (chatEntryId === null) return null
    const phoneId = await links.phoneOf(chatEntryId)
    const linked = phoneId === undefined ? undefined : await links.chatOf(phoneId)
    // The phone was linked to another chat since: this one is no longer.
    if (!linked || linked.chatEntryId !== chatEntryId) return null
    return { phoneId: phoneId!, chatEntryId, language: linked.language }
  }

  async linkOf(chatId: number): Promise<{ language: Language } | null> {
    const link = await this.phoneOf(chatId)
    return link && { language: link.language }
  }

  async sendCode(chatId: number, phone: string): Promise<{ challengeId: string; phoneMasked: string }> {
    try {
      const sent = await this.options.challenges.start(phone, chatId)
      return { challengeId: sent.challengeId, phoneMasked: sent.phoneMasked }
    } catch (error) {
      if (!(error instanceof ChallengeRefusal)) throw error
      throw new CodeRefusal(error.code === 'phone_busy' ? 'phone_busy' : 'sms_failed', error.message)
    }
  }

  async confirmCode(chatId: number, challengeId: string, code: string, language: Language): Promise<void> {
    let phone: string
    try {
      const confirmed = this.options.challenges.confirm(challengeId, code)
      // A challenge is the chat's own: its subject is the chat that asked for it.
      if (confirmed.subject !== chatId)
        throw new CodeRefusal('code_gone', 'this code request is not this chat’s')
      phone = confirmed.phone
    } catch (error) {
      if (!(error instanceof ChallengeRefusal)) throw error
      if (error.code === 'code_invalid') throw new CodeRefusal('code_invalid', error.message)
      if (error.code === 'code_wrong')
        throw new CodeRefusal('code_wrong', error.message, error.detail.attemptsLeft ?? 0)
      throw new CodeRefusal('code_gone', error.message)
    }
    const { entries, links, engine } = this.options
    const now = engine.now()
    const [phoneId, chatEntryId] = await Promise.all([
      entries.put('phone', phone, now),
      entries.put('telegram-chat', String(chatId), now),
    ])
    await links.link(phoneId, chatEntryId, language, now)
    this.remember(chatId, chatEntryId)
  }

  async setLanguage(chatId: number, language: Language): Promise<boolean> {
    const link = await this.phoneOf(chatId)
    if (!link) return false
    await this.options.links.link(link.phoneId, link.chatEntryId, language, this.options.engine.now())
    return true
  }

  async setConsent(chatId: number, given: boolean): Promise<boolean> {
    const link = await this.phoneOf(chatId)
    if (!link) return false
    const { consents, engine } = this.options
    if (given) await consents.grant(link.phoneId, ['telegram'], engine.now())
    else await consents.revoke(link.phoneId, ['telegram'], engine.now())
    return true
  }

  async holdings(chatId: number): Promise<Outcome<Holdings>> {
    const link = await this.phoneOf(chatId)
    if (!link) return NOT_LINKED
    const { state } = this.options.engine
    const tickets = remoteTickets(state)
      .filter((t) => t.remote!.phoneId === link.phoneId && HELD_STATUSES.has(t.status))
      .map(heldTicket)
    const bookings = Object.values(state.bookings ?? {})
      .filter((b) => b.phoneId === link.phoneId && b.status === 'booked')
      .sort((a, b) => a.slotStart - b.slotStart)
      .map((b) => ({ id: b.id, code: b.code, serviceId: b.serviceId, slotStart: b.slotStart }))
    return { ok: true, value: { tickets, bookings } }
  }

  async join(
    chatId: number,
    serviceId: string,
    travelMinutes: number,
    requestId: string,
  ): Promise<Outcome<JoinedTicket>> {
    const link = await this.phoneOf(chatId)
    if (!link) return NOT_LINKED
    const sent = await this.send<{ ticket: IssuedTicket; code: string }>(requestId, null, {
      type: 'ticket:join',
      serviceId,
      phoneId: link.phoneId,
      channel: 'telegram',
      travelMinutes,
    })
    if (!sent.ok) return sent
    const { ticket, code } = sent.value
    return {
      ok: true,
      value: {
        number: ticket.number,
        serviceId,
        code,
        ahead: ticket.ahead,
        wait: {
          ahead: ticket.ahead,
          windows: ticket.windows,
          estimateMinutes: ticket.estimateMinutes,
          estimateLow: ticket.estimateLow,
          estimateHigh: ticket.estimateHigh,
        },
      },
    }
  }

  /** Cancels a ticket or booking of this chat's phone; another's is `not_yours` and nothing is sent. */
  async cancel(
    chatId: number,
    kind: 'ticket' | 'booking',
    id: string,
    requestId: string,
  ): Promise<Outcome<string>> {
    const link = await this.phoneOf(chatId)
    if (!link) return NOT_LINKED
    const { state } = this.options.engine
    const notYours = {
      ok: false as const,
      refusal: 'not_yours' as const,
      detail: `not a ${kind} of this phone`,
    }
    if (kind === 'ticket') {
      const ticket = state.tickets[id]
      if (!ticket || ticket.remote?.phoneId !== link.phoneId) return notYours
      const sent = await this.send(
        requestId,
        { bookingId: null, ticketId: id },
        { type: 'ticket:cancel', ticketId: id },
      )
      return sent.ok ? { ok: true, value: ticket.number } : sent
    }
    const booking = state.bookings?.[id]
    if (!booking || booking.phoneId !== link.phoneId) return notYours
    const sent = await this.send(
      requestId,
      { bookingId: id },
      { type: 'booking:cancel', bookingId: id, reason: 'cancelled in Telegram' },
    )
    return sent.ok ? { ok: true, value: formatBookingCode(booking.code) } : sent
  }

  private remember(chatId: number, chatEntryId: string | null): void {
    this.chatEntries.delete(chatId)
    this.chatEntries.set(chatId, chatEntryId)
    // Chats remembered at once; the least recently seen go first.
    while (this.chatEntries.size > 20_000) this.chatEntries.delete(this.chatEntries.keys().next().value!)
  }

  private async send<T>(
    requestId: string,
    names: { bookingId: string | null; ticketId?: string } | null,
    command: Command,
  ): Promise<Outcome<T>> {
    const actor = { kind: 'citizen' as const, bookingId: names?.bookingId ?? null, ...names }
    const ack = await this.options.engine.submit(TELEGRAM_PRINCIPAL, requestId, actor, command)
    if (ack.ok) return { ok: true, value: ack as unknown as T }
    return { ok: false, refusal: REFUSALS[ack.error.code] ?? null, detail: ack.error.message }
  }
}

function heldTicket(ticket: Ticket): HeldTicket {
  const status: HeldTicket['status'] =
    ticket.status !== 'expected'
      ? (ticket.status as HeldTicket['status'])
      : ticket.remote?.heldAt != null
        ? 'held'
        : ticket.remote?.comeNowAt != null
          ? 'told'
          : 'expected'
  return { id: ticket.id, number: ticket.number, serviceId: ticket.serviceId, status }
}
