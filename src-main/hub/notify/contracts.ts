/**
 * What the rest of the hub needs of the notifications, written down first so that `/join`, the Telegram
 * bot and the notifier meet in one place. The notifier (this folder) implements these on SQLite and
 * PostgreSQL; the others only call them.
 *
 * A citizen is a phone here: `phoneId`, the vault entry id of a confirmed number (one number, one id:
 * phone entries are looked up by value). A Telegram chat is a vault entry too (kind `telegram-chat`),
 * never a plain id at rest or in a log.
 */
import type { Language } from '../../../src-shared/config'
import type { NotifyChannel } from '../../../src-shared/notifications'

/** Where a notification can go: one list, kept with the rules in `src-shared/notifications`. */
export { NOTIFY_CHANNELS, type NotifyChannel } from '../../../src-shared/notifications'

/**
 * The citizen's consent to be notified, per phone and channel: given on `/join`, `/book` or in the bot
 * (a box they ticked, or the bot's own question), withdrawn the same way or by staff. Nothing is sent
 * without it. Kept by the hub (not in the centre's log: it is about a person, not the queue).
 */
export interface NotifyConsents {
  /** Records consent for these channels (idempotent: granting again keeps the first time). */
  grant(phoneId: string, channels: readonly NotifyChannel[], at: number): Promise<void>
  /** Withdraws consent for these channels. */
  revoke(phoneId: string, channels: readonly NotifyChannel[], at: number): Promise<void>
  /** The channels this phone consented to and has not withdrawn. */
  channelsOf(phoneId: string): Promise<NotifyChannel[]>
}

/**
 * A Telegram chat linked to a confirmed phone: the bot links them after the citizen shared their contact
 * and typed the one-time code sent by SMS to that number. One chat per phone (a new link replaces the
 * old); `chatId` is the vault entry id of the chat id.
 */
export interface TelegramLinks {
  /** `language`: the one the citizen chose in the bot; its messages go in it. */
  link(phoneId: string, chatEntryId: string, language: Language, at: number): Promise<void>
  unlink(phoneId: string, at: number): Promise<void>
  /** The chat (its vault entry id) linked to this phone and its language, if any. */
  chatOf(phoneId: string): Promise<{ chatEntryId: string; language: Language } | undefined>
  /** The phone linked to this chat's vault entry, if any. */
  phoneOf(chatEntryId: string): Promise<string | undefined>
}

/** Sends one Telegram message. `reference` is the notification's key (for logs; Telegram has no idempotency key). */
export interface TelegramSender {
  send(chatId: string, text: string, reference: string): Promise<void>
}
