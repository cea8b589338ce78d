/**
 * Where each chat is in the conversation: its language and the step it is at. Steps live in memory only,
 * as the one-time codes do: after a restart a chat halfway through starts again with /start. Which phone
 * a chat is linked to is the hub's to know (`BotHub.linkOf`), so a linked chat is recognised after a
 * restart of either, in the language it chose.
 */
import type { Language } from '../../../src-shared/config'
import { CommandBucket, type CommandRateOptions } from '../command-rate'

export type ChatStep =
  | { kind: 'idle' }
  /** Asked to share the phone with the contact button. */
  | { kind: 'contact' }
  /** A code went by SMS; the chat types it. */
  | { kind: 'code'; challengeId: string }
  /** A service was chosen; the chat names its travel time. */
  | { kind: 'travel'; serviceId: string }

export interface ChatSession {
  language: Language | null
  step: ChatStep
  /** The chat's updates, metered: a person taps a few times a second at most. */
  bucket: CommandBucket
}

/** Updates one chat may send: a second's worth sustained, twenty at once. */
export const CHAT_RATE: CommandRateOptions = { perSecond: 1, burst: 20 }

/** Chats remembered at once (a few hundred bytes each); the least recently active go first. */
const MAX_CHATS = 20_000

export class ChatSessions {
  private readonly sessions = new Map<number, ChatSession>()

  constructor(private readonly rate: CommandRateOptions = CHAT_RATE) {}

  /** Whether the chat is within its rate (an update over it is dropped unanswered). */
  allow(chatId: number): boolean {
    return this.of(chatId).bucket.take()
  }

  /** The chat's session, made fresh for a chat not seen since the bot started. */
  of(chatId: number): ChatSession {
    let session = this.sessions.get(chatId)
    if (session) this.sessions.delete(chatId)
    else
      session = {
        language: null,
        step: { kind: 'idle' },
        bucket: new CommandBucket(this.rate, this.rate.clock ?? (() => performance.now())),
      }
    this.sessions.set(chatId, session)
    while (this.sessions.size > MAX_CHATS) this.sessions.delete(this.sessions.keys().next().value!)
    return session
  }
}
