/**
 * The storage contract of the notifications (SQLite migration 6, PostgreSQL migration 4), as both stores
 * keep it: the outbox and its cursor in the centre's log, the citizens' consents per channel, and their
 * Telegram links. A phone or a chat is only ever a vault entry id here.
 *
 * Every call may answer at once (SQLite) or with a Promise (PostgreSQL), and each is one transaction.
 */
import type { Language, NotifyKind } from '../../../src-shared/config'
import type { NotifyChannel, NotifyIntent, NotifyParams } from '../../../src-shared/notifications'
import type { Awaitable } from '../store/types'

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const
/**
 * `pending`: waiting for its time or its next attempt; `sending`: an attempt was started (found so at a
 * start, its outcome is unknown); `sent`; `failed`: given up (refused, or out of attempts); `skipped`: not
 * sent on purpose (`reason`).
 */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/** Why a notification was not sent, or what staff should know of how it was. */
export const OUTBOX_REASONS = [
  /** No longer true when due (a "come now" for a ticket already called). */
  'stale',
  /** The citizen withdrew consent for the channel before it went. */
  'no-consent',
  /** The phone's (or chat's) vault entry was erased, or the Telegram link removed. */
  'no-recipient',
  /** A restart cut an attempt off; Telegram has no idempotency key, so it may have arrived twice. */
  'resent-after-restart',
] as const
export type OutboxReason = (typeof OUTBOX_REASONS)[number]

/** A row as stored. */
export interface OutboxRow {
  key: string
  kind: NotifyKind
  channel: NotifyChannel
  phoneId: string
  subjectId: string
  params: NotifyParams
  seq: number
  status: OutboxStatus
  attempts: number
  /** Not tried before this: the intent's time, or the next retry. */
  notBefore: number
  reason: OutboxReason | null
  /** The last attempt's error (the gateway's words, never the message or the number). */
  error: string | null
  createdAt: number
  updatedAt: number
  sentAt: number | null
}

export interface NotifyRecords {
  // ---- the outbox ----
  /**
   * Inserts the intents that are not there yet (by key: a second insert of a key does nothing) and moves
   * the cursor to `seq`, in one transaction, so a crash leaves both or neither.
   */
  addIntents(intents: readonly NotifyIntent[], seq: number, at: number): Awaitable<void>
  /** The last seq whose notifications are in the outbox; null before the notifier first ran. */
  cursor(): Awaitable<number | null>
  /** Rows of `channel` pending or sending and due by `now`, soonest first, at most `limit`. */
  due(channel: NotifyChannel, now: number, limit: number): Awaitable<OutboxRow[]>
  /** When the next row of `channel` is due, or null when none waits. */
  nextDueAt(channel: NotifyChannel): Awaitable<number | null>
  get(key: string): Awaitable<OutboxRow | undefined>
  /** An attempt starts: `sending`, one more attempt. `reason` notes a restart that cut the last one off. */
  markSending(key: string, at: number, reason: OutboxReason | null): Awaitable<void>
  markSent(key: string, at: number): Awaitable<void>
  /** Back to `pending`, tried again at `nextAt`. */
  markRetry(key: string, nextAt: number, error: string, at: number): Awaitable<void>
  markFailed(key: string, error: string, at: number): Awaitable<void>
  markSkipped(key: string, reason: OutboxReason, at: number): Awaitable<void>
  /** The newest rows, newest first. */
  recent(limit: number): Awaitable<OutboxRow[]>
  /** Drops rows made before `before` that are done (sent, failed, skipped); returns how many. */
  prune(before: number): Awaitable<number>

  // ---- consents (NotifyConsents) ----
  grant(phoneId: string, channels: readonly NotifyChannel[], at: number): Awaitable<void>
  revoke(phoneId: string, channels: readonly NotifyChannel[], at: number): Awaitable<void>
  channelsOf(phoneId: string): Awaitable<NotifyChannel[]>

  // ---- Telegram links (TelegramLinks) ----
  link(phoneId: string, chatEntryId: string, language: Language, at: number): Awaitable<void>
  unlink(phoneId: string): Awaitable<void>
  chatOf(phoneId: string): Awaitable<{ chatEntryId: string; language: Language } | undefined>
  phoneOf(chatEntryId: string): Awaitable<string | undefined>

  /**
   * The vault entries something here still needs: phones with a live consent or a Telegram link, linked
   * chats, and the phones of notifications not yet sent. The retention sweep keeps them.
   */
  entriesInUse(): Awaitable<string[]>
}
