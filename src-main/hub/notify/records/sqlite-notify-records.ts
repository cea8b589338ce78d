/**
 * The notifications' tables in the SQLite event store's file (migration 6), on the store's connection.
 * Synchronous like the store. The outbox's writes go without an fsync of their own (`synchronous =
 * NORMAL` for their transaction): a power cut may take the newest of them, and then the cursor with the
 * rows it covers (one transaction), so the notifier makes them again from the log, which is durable; a
 * kill -9 loses nothing (the WAL is written before the call returns).
 */
import type Database from 'better-sqlite3'
import type { Language } from '../../../../src-shared/config'
import type { NotifyChannel, NotifyIntent } from '../../../../src-shared/notifications'
import type { NotifyRecords, OutboxReason, OutboxRow } from '../notify-records'
import { outboxRow, type OutboxDbRow } from './rows'

const ROW = `SELECT key, kind, channel, phone_id AS phoneId, subject_id AS subjectId, params, seq, status,
  attempts, not_before AS notBefore, reason, error, created_at AS createdAt, updated_at AS updatedAt,
  sent_at AS sentAt FROM notify_outbox`
const IN_LIST = 'IN (SELECT value FROM json_each(?))'

export class SqliteNotifyRecords implements NotifyRecords {
  private readonly s

  constructor(private readonly db: Database.Database) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO notify_outbox (key, kind, channel, phone_id, subject_id, params, seq, status, attempts,
          not_before, created_at, updated_at)
        VALUES (@key, @kind, @channel, @phoneId, @subjectId, @params, @seq, 'pending', 0, @notBefore, @at, @at)
        ON CONFLICT (key) DO NOTHING`),
      setCursor: db.prepare(`
        INSERT INTO notify_cursor (id, seq) VALUES (1, ?)
        ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq)`),
      cursor: db.prepare('SELECT seq FROM notify_cursor WHERE id = 1').pluck(),
      due: db.prepare(`${ROW} WHERE channel = ? AND status IN ('pending', 'sending') AND not_before <= ?
        ORDER BY not_before, key LIMIT ?`),
      nextDueAt: db
        .prepare(
          `SELECT min(not_before) FROM notify_outbox WHERE channel = ? AND status IN ('pending', 'sending')`,
        )
        .pluck(),
      get: db.prepare(`${ROW} WHERE key = ?`),
      sending: db.prepare(`UPDATE notify_outbox SET status = 'sending', attempts = attempts + 1,
        reason = coalesce(?, reason), updated_at = ? WHERE key = ?`),
      sent: db.prepare(`UPDATE notify_outbox SET status = 'sent', error = NULL, sent_at = ?, updated_at = ?
        WHERE key = ?`),
      retry:
        db.prepare(`UPDATE notify_outbox SET status = 'pending', not_before = ?, error = ?, updated_at = ?
        WHERE key = ?`),
      failed: db.prepare(
        `UPDATE notify_outbox SET status = 'failed', error = ?, updated_at = ? WHERE key = ?`,
      ),
      skipped: db.prepare(
        `UPDATE notify_outbox SET status = 'skipped', reason = ?, updated_at = ? WHERE key = ?`,
      ),
      recent: db.prepare(`${ROW} ORDER BY created_at DESC, key DESC LIMIT ?`),
      prune: db.prepare(
        `DELETE FROM notify_outbox WHERE created_at < ? AND status IN ('sent', 'failed', 'skipped')`,
      ),
      grant: db.prepare(`
        INSERT INTO notify_consents (phone_id, channel, granted_at, revoked_at) VALUES (?, ?, ?, NULL)
        ON CONFLICT (phone_id, channel) DO UPDATE SET revoked_at = NULL,
          granted_at = CASE WHEN revoked_at IS NULL THEN granted_at ELSE excluded.granted_at END`),
      revoke: db.prepare(`UPDATE notify_consents SET revoked_at = ?
        WHERE phone_id = ? AND channel ${IN_LIST} AND revoked_at IS NULL`),
      channelsOf: db
        .prepare(
          'SELECT channel FROM notify_consents WHERE phone_id = ? AND revoked_at IS NULL ORDER BY channel',
        )
        .pluck(),
      unlinkChat: db.prepare('DELETE FROM telegram_links WHERE chat_entry_id = ? AND phone_id <> ?'),
      link: db.prepare(`
        INSERT INTO telegram_links (phone_id, chat_entry_id, language, linked_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (phone_id) DO UPDATE SET chat_entry_id = excluded.chat_entry_id,
          language = excluded.language, linked_at = excluded.linked_at`),
      unlink: db.prepare('DELETE FROM telegram_links WHERE phone_id = ?'),
      chatOf: db.prepare(
        'SELECT chat_entry_id AS chatEntryId, language FROM telegram_links WHERE phone_id = ?',
      ),
      phoneOf: db.prepare('SELECT phone_id FROM telegram_links WHERE chat_entry_id = ?').pluck(),
      inUse: db
        .prepare(
          `
          SELECT phone_id FROM notify_consents WHERE revoked_at IS NULL
          UNION SELECT phone_id FROM telegram_links
          UNION SELECT chat_entry_id FROM telegram_links
          UNION SELECT phone_id FROM notify_outbox WHERE status IN ('pending', 'sending')`,
        )
        .pluck(),
    }
  }

  addIntents(intents: readonly NotifyIntent[], seq: number, at: number): void {
    this.lightly(() => {
      for (const intent of intents)
        this.s.insert.run({ ...intent, params: JSON.stringify(intent.params), at })
      this.s.setCursor.run(seq)
    })
  }

  cursor(): number | null {
    return (this.s.cursor.get() as number | undefined) ?? null
  }

  due(channel: NotifyChannel, now: number, limit: number): OutboxRow[] {
    return (this.s.due.all(channel, now, limit) as OutboxDbRow[]).map(outboxRow)
  }

  nextDueAt(channel: NotifyChannel): number | null {
    return (this.s.nextDueAt.get(channel) as number | null) ?? null
  }

  get(key: string): OutboxRow | undefined {
    const row = this.s.get.get(key) as OutboxDbRow | undefined
    return row && outboxRow(row)
  }

  markSending(key: string, at: number, reason: OutboxReason | null): void {
    this.lightly(() => this.s.sending.run(reason, at, key))
  }

  markSent(key: string, at: number): void {
    this.lightly(() => this.s.sent.run(at, at, key))
  }

  markRetry(key: string, nextAt: number, error: string, at: number): void {
    this.lightly(() => this.s.retry.run(nextAt, error, at, key))
  }

  markFailed(key: string, error: string, at: number): void {
    this.lightly(() => this.s.failed.run(error, at, key))
  }

  markSkipped(key: string, reason: OutboxReason, at: number): void {
    this.lightly(() => this.s.skipped.run(reason, at, key))
  }

  recent(limit: number): OutboxRow[] {
    return (this.s.recent.all(limit) as OutboxDbRow[]).map(outboxRow)
  }

  prune(before: number): number {
    return this.s.prune.run(before).changes
  }

  grant(phoneId: string, channels: readonly NotifyChannel[], at: number): void {
    this.db.transaction(() => {
      for (const channel of channels) this.s.grant.run(phoneId, channel, at)
    })()
  }

  revoke(phoneId: string, channels: readonly NotifyChannel[], at: number): void {
    this.s.revoke.run(at, phoneId, JSON.stringify(channels))
  }

  channelsOf(phoneId: string): NotifyChannel[] {
    return this.s.channelsOf.all(phoneId) as NotifyChannel[]
  }

  link(phoneId: string, chatEntryId: string, language: Language, at: number): void {
    this.db.transaction(() => {
      // One phone per chat too: a chat linked to another phone leaves the old one.
      this.s.unlinkChat.run(chatEntryId, phoneId)
      this.s.link.run(phoneId, chatEntryId, language, at)
    })()
  }

  unlink(phoneId: string): void {
    this.s.unlink.run(phoneId)
  }

  chatOf(phoneId: string): { chatEntryId: string; language: Language } | undefined {
    return this.s.chatOf.get(phoneId) as { chatEntryId: string; language: Language } | undefined
  }

  phoneOf(chatEntryId: string): string | undefined {
    return this.s.phoneOf.get(chatEntryId) as string | undefined
  }

  entriesInUse(): string[] {
    return this.s.inUse.all() as string[]
  }

  /** One transaction without an fsync of its own (see the header). */
  private lightly(work: () => void): void {
    this.db.pragma('synchronous = NORMAL')
    try {
      this.db.transaction(work).immediate()
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }
}
