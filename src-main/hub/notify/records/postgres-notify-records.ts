/**
 * The notifications' tables in the PostgreSQL store's database (migration 4), on the store's pool and
 * keyed by its centre: the same rows and orderings as `sqlite-notify-records.ts`, answered with
 * Promises. Each call is one statement, so each is atomic without an explicit transaction, except a
 * link (two, in one transaction).
 */
import type pg from 'pg'
import type { Language } from '../../../../src-shared/config'
import type { NotifyChannel, NotifyIntent } from '../../../../src-shared/notifications'
import { int8AsNumber as types } from '../../store/postgres-int8'
import { inTransaction } from '../../store/postgres-transaction'
import type { NotifyRecords, OutboxReason, OutboxRow } from '../notify-records'
import { outboxRow, type OutboxDbRow } from './rows'

const ROW = `SELECT key, kind, channel, phone_id AS "phoneId", subject_id AS "subjectId", params, seq, status,
  attempts, not_before AS "notBefore", reason, error, created_at AS "createdAt", updated_at AS "updatedAt",
  sent_at AS "sentAt" FROM kezek_notify_outbox`

/** The intents and the cursor in one statement: both or neither. */
const ADD_INTENTS = `
  WITH added AS (
    INSERT INTO kezek_notify_outbox (centre_id, key, kind, channel, phone_id, subject_id, params, seq, status,
      attempts, not_before, created_at, updated_at)
    SELECT $1, i.key, i.kind, i.channel, i.phone_id, i.subject_id, i.params, i.seq, 'pending', 0, i.not_before, $3, $3
    FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::bigint[])
      AS i (key, kind, channel, phone_id, subject_id, params, seq, not_before)
    ON CONFLICT (centre_id, key) DO NOTHING
  )
  INSERT INTO kezek_notify_cursor (centre_id, seq) VALUES ($1, $2)
  ON CONFLICT (centre_id) DO UPDATE SET seq = GREATEST(kezek_notify_cursor.seq, excluded.seq)`

export class PostgresNotifyRecords implements NotifyRecords {
  constructor(
    private readonly pool: pg.Pool,
    private readonly centreId: string,
  ) {}

  async addIntents(intents: readonly NotifyIntent[], seq: number, at: number): Promise<void> {
    const column = <T>(pick: (intent: NotifyIntent) => T) => intents.map(pick)
    await this.query(ADD_INTENTS, [
      seq,
      at,
      column((i) => i.key),
      column((i) => i.kind),
      column((i) => i.channel),
      column((i) => i.phoneId),
      column((i) => i.subjectId),
      column((i) => JSON.stringify(i.params)),
      column((i) => i.seq),
      column((i) => i.notBefore),
    ])
  }

  async cursor(): Promise<number | null> {
    const [row] = await this.rows<{ seq: number }>('SELECT seq FROM kezek_notify_cursor WHERE centre_id = $1')
    return row?.seq ?? null
  }

  async due(channel: NotifyChannel, now: number, limit: number): Promise<OutboxRow[]> {
    const rows = await this.rows<OutboxDbRow>(
      `${ROW} WHERE centre_id = $1 AND channel = $2 AND status IN ('pending', 'sending') AND not_before <= $3
       ORDER BY not_before, key COLLATE "C" LIMIT $4`,
      [channel, now, limit],
    )
    return rows.map(outboxRow)
  }

  async nextDueAt(channel: NotifyChannel): Promise<number | null> {
    const [row] = await this.rows<{ at: number | null }>(
      `SELECT min(not_before) AS at FROM kezek_notify_outbox
       WHERE centre_id = $1 AND channel = $2 AND status IN ('pending', 'sending')`,
      [channel],
    )
    return row?.at ?? null
  }

  async get(key: string): Promise<OutboxRow | undefined> {
    const [row] = await this.rows<OutboxDbRow>(`${ROW} WHERE centre_id = $1 AND key = $2`, [key])
    return row && outboxRow(row)
  }

  async markSending(key: string, at: number, reason: OutboxReason | null): Promise<void> {
    await this.query(
      `UPDATE kezek_notify_outbox SET status = 'sending', attempts = attempts + 1,
       reason = coalesce($2, reason), updated_at = $3 WHERE centre_id = $1 AND key = $4`,
      [reason, at, key],
    )
  }

  async markSent(key: string, at: number): Promise<void> {
    await this.query(
      `UPDATE kezek_notify_outbox SET status = 'sent', error = NULL, sent_at = $2, updated_at = $2
       WHERE centre_id = $1 AND key = $3`,
      [at, key],
    )
  }

  async markRetry(key: string, nextAt: number, error: string, at: number): Promise<void> {
    await this.query(
      `UPDATE kezek_notify_outbox SET status = 'pending', not_before = $2, error = $3, updated_at = $4
       WHERE centre_id = $1 AND key = $5`,
      [nextAt, error, at, key],
    )
  }

  async markFailed(key: string, error: string, at: number): Promise<void> {
    await this.query(
      `UPDATE kezek_notify_outbox SET status = 'failed', error = $2, updated_at = $3
       WHERE centre_id = $1 AND key = $4`,
      [error, at, key],
    )
  }

  async markSkipped(key: string, reason: OutboxReason, at: number): Promise<void> {
    await this.query(
      `UPDATE kezek_notify_outbox SET status = 'skipped', reason = $2, updated_at = $3
       WHERE centre_id = $1 AND key = $4`,
      [reason, at, key],
    )
  }

  async recent(limit: number): Promise<OutboxRow[]> {
    const rows = await this.rows<OutboxDbRow>(
      `${ROW} WHERE centre_id = $1 ORDER BY created_at DESC, key COLLATE "C" DESC LIMIT $2`,
      [limit],
    )
    return rows.map(outboxRow)
  }

  async prune(before: number): Promise<number> {
    const result = await this.query(
      `DELETE FROM kezek_notify_outbox WHERE centre_id = $1 AND created_at < $2
       AND status IN ('sent', 'failed', 'skipped')`,
      [before],
    )
    return result.rowCount ?? 0
  }

  async grant(phoneId: string, channels: readonly NotifyChannel[], at: number): Promise<void> {
    await this.query(
      `INSERT INTO kezek_notify_consents (centre_id, phone_id, channel, granted_at, revoked_at)
       SELECT $1, $2, channel, $3, NULL FROM unnest($4::text[]) AS c (channel)
       ON CONFLICT (centre_id, phone_id, channel) DO UPDATE SET revoked_at = NULL,
         granted_at = CASE WHEN kezek_notify_consents.revoked_at IS NULL
           THEN kezek_notify_consents.granted_at ELSE excluded.granted_at END`,
      [phoneId, at, [...channels]],
    )
  }

  async revoke(phoneId: string, channels: readonly NotifyChannel[], at: number): Promise<void> {
    await this.query(
      `UPDATE kezek_notify_consents SET revoked_at = $2
       WHERE centre_id = $1 AND phone_id = $3 AND channel = ANY($4::text[]) AND revoked_at IS NULL`,
      [at, phoneId, [...channels]],
    )
  }

  async channelsOf(phoneId: string): Promise<NotifyChannel[]> {
    const rows = await this.rows<{ channel: NotifyChannel }>(
      `SELECT channel FROM kezek_notify_consents WHERE centre_id = $1 AND phone_id = $2 AND revoked_at IS NULL
       ORDER BY channel COLLATE "C"`,
      [phoneId],
    )
    return rows.map((row) => row.channel)
  }

  async link(phoneId: string, chatEntryId: string, language: Language, at: number): Promise<void> {
    // One phone per chat too: a chat linked to another phone leaves the old one. Two statements (a
    // statement's own DELETE is invisible to its INSERT's unique check), so one transaction.
    await inTransaction(this.pool, async (client) => {
      await client.query(
        'DELETE FROM kezek_telegram_links WHERE centre_id = $1 AND chat_entry_id = $2 AND phone_id <> $3',
        [this.centreId, chatEntryId, phoneId],
      )
      await client.query(
        `INSERT INTO kezek_telegram_links (centre_id, phone_id, chat_entry_id, language, linked_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (centre_id, phone_id) DO UPDATE SET chat_entry_id = excluded.chat_entry_id,
           language = excluded.language, linked_at = excluded.linked_at`,
        [this.centreId, phoneId, chatEntryId, language, at],
      )
    })
  }

  async unlink(phoneId: string): Promise<void> {
    await this.query('DELETE FROM kezek_telegram_links WHERE centre_id = $1 AND phone_id = $2', [phoneId])
  }

  async chatOf(phoneId: string): Promise<{ chatEntryId: string; language: Language } | undefined> {
    const [row] = await this.rows<{ chatEntryId: string; language: Language }>(
      `SELECT chat_entry_id AS "chatEntryId", language FROM kezek_telegram_links
       WHERE centre_id = $1 AND phone_id = $2`,
      [phoneId],
    )
    return row
  }

  async phoneOf(chatEntryId: string): Promise<string | undefined> {
    const [row] = await this.rows<{ phoneId: string }>(
      `SELECT phone_id AS "phoneId" FROM kezek_telegram_links WHERE centre_id = $1 AND chat_entry_id = $2`,
      [chatEntryId],
    )
    return row?.phoneId
  }

  async entriesInUse(): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT phone_id AS id FROM kezek_notify_consents WHERE centre_id = $1 AND revoked_at IS NULL
       UNION SELECT phone_id FROM kezek_telegram_links WHERE centre_id = $1
       UNION SELECT chat_entry_id FROM kezek_telegram_links WHERE centre_id = $1
       UNION SELECT phone_id FROM kezek_notify_outbox WHERE centre_id = $1 AND status IN ('pending', 'sending')`,
    )
    return rows.map((row) => row.id)
  }

  // ---- plumbing: every query is the centre's ($1) ----

  private query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    return this.pool.query({ text, values: [this.centreId, ...values], types })
  }

  private async rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.query(text, values)).rows as T[]
  }
}
