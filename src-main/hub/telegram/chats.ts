/**
 * Where each chat is in the conversation (its language, the step it is at) and which confirmed phone it
 * is linked to. The steps live in memory only, as the one-time codes do: after a restart a chat halfway
 * through starts again with /start. The link is the notifications' `TelegramLinks` (kept by the hub), so
 * a linked chat is recognised after a restart, in the language it chose.
 *
 * The chat id is personal data: at rest it is only a vault entry (`telegram-chat`), found by value.
 */
import type { Language } from '../../../src-shared/config'
import { CommandBucket, type CommandRateOptions } from '../command-rate'
import type { TelegramLinks } from '../notify/contracts'
import type { VaultEntries } from '../vault'

export type ChatStep =
  | { kind: 'idle' }
  /** Asked to share the phone with the contact button. */
  | { kind: 'contact' }
  /** A code went by SMS; the chat types it. */
  | { kind: 'code'; challengeId: string }
  /** A service was chosen; the chat names its travel time. */
  | { kind: 'travel'; serviceId: string }

export interface ChatLink {
  phoneId: string
  chatEntryId: string
}

export interface ChatSession {
  language: Language | null
  step: ChatStep
  /** The chat's vault entry id once looked up; undefined: not yet; null: the vault holds no such chat. */
  chatEntryId: string | null | undefined
  /** The chat's updates, metered: a person taps a few times a second at most. */
  bucket: CommandBucket
}

/** Updates one chat may send: a second's worth sustained, twenty at once. */
export const CHAT_RATE: CommandRateOptions = { perSecond: 1, burst: 20 }

/** Chats remembered at once (a few hundred bytes each); the least recently active go first. */
const MAX_CHATS = 20_000

export class ChatSessions {
  private readonly sessions = new Map<number, ChatSession>()

  constructor(
    private readonly entries: VaultEntries,
    private readonly links: TelegramLinks,
    private readonly rate: CommandRateOptions = CHAT_RATE,
  ) {}

  /** Whether the chat is within its rate (an update over it is dropped unanswered). */
  allow(chatId: number): boolean {
    return this.of(chatId).bucket.take()
  }

  /** The chat's session, made fresh for a chat not seen since the hub started. */
  of(chatId: number): ChatSession {
    let session = this.sessions.get(chatId)
    if (session) this.sessions.delete(chatId)
    else
      session = {
        language: null,
        step: { kind: 'idle' },
        chatEntryId: undefined,
        bucket: new CommandBucket(this.rate, this.rate.clock ?? (() => performance.now())),
      }
    this.sessions.set(chatId, session)
    while (this.sessions.size > MAX_CHATS) this.sessions.delete(this.sessions.keys().next().value!)
    return session
  }

  /**
   * The phone this chat is linked to now, taking the link's language if the chat chose none. Asked of
   * the links at every update: staff or a newer link may have ended this one meanwhile.
   */
  async linkOf(chatId: number): Promise<ChatLink | null> {
    const session = this.of(chatId)
    session.chatEntryId ??= (await this.entries.find('telegram-chat', String(chatId))) ?? null
    const { chatEntryId } = session
    if (chatEntryId === null) return null
    const phoneId = await this.links.phoneOf(chatEntryId)
    const linked = phoneId === undefined ? undefined : await this.links.chatOf(phoneId)
    // The phone was linked to another chat since: this one is no longer.
    if (!linked || linked.chatEntryId !== chatEntryId) return null
    session.language ??= linked.language
    return { phoneId: phoneId!, chatEntryId }
  }

  /** Links the chat to a confirmed phone (both put in the vault), in the chat's language. */
  async link(chatId: number, phone: string, language: Language, now: number): Promise<ChatLink> {
    const [phoneId, chatEntryId] = await Promise.all([
      this.entries.put('phone', phone, now),
      this.entries.put('telegram-chat', String(chatId), now),
    ])
    await this.links.link(phoneId, chatEntryId, language, now)
    this.of(chatId).chatEntryId = chatEntryId
    return { phoneId, chatEntryId }
  }

  /** The chat chose another language: its notifications follow. */
  async relabel(link: ChatLink, language: Language, now: number): Promise<void> {
    await this.links.link(link.phoneId, link.chatEntryId, language, now)
  }
}
