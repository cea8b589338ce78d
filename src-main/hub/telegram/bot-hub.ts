/**
 * What the bot asks of the hub, in one interface, so the same conversation runs inside the hub
 * (`local-hub.ts`: the engine, the vault and the notifier's stores at hand) and in its own process
 * (`remote-hub.ts`: the hub's integration API, `npm run bot`). A chat is named by its Telegram id; what
 * the hub keeps of it (the vault entry, the phone it is linked to) never leaves the hub.
 */
import type { Language, LocalizedText } from '../../../src-shared/config'
import type { BotRefusal } from '../../../src-shared/i18n/telegram-bot'
import type { WaitFields } from '../../../src-shared/protocol'

/** The centre as the bot words it: its services (those one may join from home marked), zone, limits. */
export interface BotSettings {
  timeZone: string
  /** The longest travel time one may name when joining from home (minutes). */
  maxTravelMinutes: number
  services: { id: string; name: LocalizedText; remote: boolean }[]
}

export interface JoinableService {
  id: string
  name: LocalizedText
  wait: WaitFields
}

/** A remote ticket of today that its holder still has something to do with, as the bot shows it. */
export interface HeldTicket {
  id: string
  number: string
  serviceId: string
  /** `told`: told to come; `held`: its turn came before check-in. */
  status: 'expected' | 'told' | 'held' | 'waiting' | 'called' | 'serving'
}

/** A booking still to come. */
export interface HeldBooking {
  id: string
  code: string
  serviceId: string
  slotStart: number
}

export interface Holdings {
  tickets: HeldTicket[]
  bookings: HeldBooking[]
}

/** A remote ticket just made: what the chat is told. */
export interface JoinedTicket {
  number: string
  serviceId: string
  code: string
  ahead: number
  wait: WaitFields
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: BotRefusal | null; detail: string }

/** Why a code step was refused, in the bot's words. */
export type CodeRefusalCode = 'phone_busy' | 'sms_failed' | 'code_invalid' | 'code_wrong' | 'code_gone'

export class CodeRefusal extends Error {
  constructor(
    readonly code: CodeRefusalCode,
    message: string,
    readonly attemptsLeft: number | null = null,
  ) {
    super(message)
    this.name = 'CodeRefusal'
  }
}

export interface BotHub {
  settings(): Promise<BotSettings>
  /** The services one may join from home now, with the wait a newcomer gets. */
  joinable(): Promise<JoinableService[]>
  /** Whether the chat is linked to a confirmed phone now, and the language of that link. */
  linkOf(chatId: number): Promise<{ language: Language } | null>
  /** Sends a one-time code by SMS to `phone` (E.164) for this chat; throws `CodeRefusal`. */
  sendCode(chatId: number, phone: string): Promise<{ challengeId: string; phoneMasked: string }>
  /** Checks the code; on the right one links the chat to the phone. Throws `CodeRefusal`. */
  confirmCode(chatId: number, challengeId: string, code: string, language: Language): Promise<void>
  /** The linked chat chose another language: its notifications follow. False when not linked. */
  setLanguage(chatId: number, language: Language): Promise<boolean>
  /** Records or withdraws the consent to be notified in Telegram. False when not linked. */
  setConsent(chatId: number, given: boolean): Promise<boolean>
  holdings(chatId: number): Promise<Outcome<Holdings>>
  /** `requestId` makes a redelivered update the same request (the first answer comes again). */
  join(
    chatId: number,
    serviceId: string,
    travelMinutes: number,
    requestId: string,
  ): Promise<Outcome<JoinedTicket>>
  /** Cancels a ticket or a booking of the chat's phone; the label (number or code) of what was cancelled. */
  cancel(chatId: number, kind: 'ticket' | 'booking', id: string, requestId: string): Promise<Outcome<string>>
}
