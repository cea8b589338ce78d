/**
 * The desk's sealed records in the PostgreSQL store's database (migration 2), on the store's pool and
 * keyed by its centre: the same rows, orderings and guards as `sqlite-desk-records.ts`, answered with
 * Promises. A transaction's writes are collected first, then sent in one BEGIN…COMMIT on one connection.
 */
import type pg from 'pg'
import type { StoredAnswer } from '../../idempotency'
import type { AuditEntry, PurgedBinding, StaffFigures } from '../registration-rows'
import type {
  BindingRecord,
  ChallengeRecord,
  DeskRecords,
  DeskRecordWriter,
  OutboxRecord,
  ResealedRow,
  SealedRowRef,
} from '../desk-records'
// bigint columns as numbers (epoch milliseconds, ids, counts).
import { int8AsNumber as types } from '../../store/postgres-int8'
import { inTransaction } from '../../store/postgres-transaction'
import { resealStatement, writerOf, type Statement } from './postgres-desk-writer'
import {
  AUDIT_FIELDS,
  BINDING_FIELDS,
  CHALLENGE_FIELDS,
  type NewSubmission,
  OUTBOX_FIELDS,
  rowsNotUnderSql,
  SEALED_TABLES,
  selectList,
  sortedKeyIds,
  type StoredSubmission,
} from './desk-columns'

const CHALLENGES = `SELECT ${selectList(CHALLENGE_FIELDS)} FROM kezek_registration_challenges`
const BINDINGS = `SELECT ${selectList(BINDING_FIELDS)} FROM kezek_bindings`
const OUTBOX = `SELECT ${selectList(OUTBOX_FIELDS)} FROM kezek_gateway_outbox`
const AUDIT = `SELECT ${selectList(AUDIT_FIELDS)} FROM kezek_registration_audit`
const ROWS_NOT_UNDER = rowsNotUnderSql({
  table: (name) => `kezek_${name}`,
  notCurrent: 'centre_id = $1 AND key_id <> $2',
  limit: '$3',
  collate: ' COLLATE "C"',
})

/**
 * `DeskRecords` on the PostgreSQL store's pool (`PostgresEventStore.deskConnection()`), for one centre.
 * Every read answers with a Promise; `transaction` rejects, with nothing stored, if any write fails.
 */
export class PostgresDeskRecords implements DeskRecords {
  constructor(
    private readonly pool: pg.Pool,
    private readonly centreId: string,
  ) {}

  async transaction(write: (tx: DeskRecordWriter) => void): Promise<void> {
    const statements: Statement[] = []
    let open = true
    const writer = writerOf((text, values) => {
      if (!open) throw new Error('A desk transaction writer was used after its transaction ended')
      statements.push({ text, values })
    })
    try {
      write(writer)
    } finally {
      open = false
    }
    await this.allOrNone(statements)
  }

  async findResult(principal: string, requestId: string): Promise<StoredAnswer | undefined> {
    return this.one<StoredAnswer>(
      `SELECT ack, fingerprint FROM kezek_command_results
       WHERE centre_id = $1 AND principal = $2 AND request_id = $3`,
      [principal, requestId],
    )
  }

  async getChallenge(id: string): Promise<ChallengeRecord | undefined> {
    return this.one<ChallengeRecord>(`${CHALLENGES} WHERE centre_id = $1 AND id = $2`, [id])
  }

  async pendingChallengesForIin(iinHashes: readonly string[]): Promise<ChallengeRecord[]> {
    return this.rows<ChallengeRecord>(
      `${CHALLENGES} WHERE centre_id = $1 AND status = 'pending' AND iin_hash = ANY($2::text[])
       ORDER BY created_at, id COLLATE "C"`,
      [iinHashes],
    )
  }

  async openChallengeAtDesk(deskId: string, now: number): Promise<ChallengeRecord | undefined> {
    const rows = await this.rows<ChallengeRecord>(
      `${CHALLENGES} WHERE centre_id = $1 AND status = 'pending' AND desk_id = $2 AND expires_at > $3
       ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT 1`,
      [deskId, now],
    )
    return rows[0]
  }

  async expiredPendingChallenges(now: number): Promise<ChallengeRecord[]> {
    return this.rows<ChallengeRecord>(
      `${CHALLENGES} WHERE centre_id = $1 AND status = 'pending' AND expires_at <= $2
       ORDER BY expires_at, id COLLATE "C"`,
      [now],
    )
  }

  async getBinding(id: string): Promise<BindingRecord | undefined> {
    return this.one<BindingRecord>(`${BINDINGS} WHERE centre_id = $1 AND id = $2`, [id])
  }

  async activeBindingForIin(iinHashes: readonly string[]): Promise<BindingRecord | undefined> {
    return this.one<BindingRecord>(
      `${BINDINGS} WHERE centre_id = $1 AND status = 'active' AND iin_hash = ANY($2::text[])
       ORDER BY confirmed_at DESC, seq DESC LIMIT 1`,
      [iinHashes],
    )
  }

  async bindingsForIin(iinHashes: readonly string[]): Promise<BindingRecord[]> {
    return this.rows<BindingRecord>(
      `${BINDINGS} WHERE centre_id = $1 AND iin_hash = ANY($2::text[])
       ORDER BY status = 'active' DESC, confirmed_at DESC, seq DESC`,
      [iinHashes],
    )
  }

  async dueOutbox(now: number, limit: number): Promise<OutboxRecord[]> {
    return this.rows<OutboxRecord>(
      `${OUTBOX} WHERE centre_id = $1 AND status <> 'delivered' AND next_attempt_at <= $2
       ORDER BY next_attempt_at, id LIMIT $3`,
      [now, limit],
    )
  }

  async nextOutboxAt(): Promise<number | null> {
    const row = await this.one<{ at: number | null }>(
      `SELECT min(next_attempt_at) AS at FROM kezek_gateway_outbox WHERE centre_id = $1 AND status <> 'delivered'`,
    )
    return row?.at ?? null
  }

  async latestOutboxFor(bindingId: string): Promise<OutboxRecord | undefined> {
    return this.one<OutboxRecord>(
      `${OUTBOX} WHERE centre_id = $1 AND binding_id = $2 ORDER BY id DESC LIMIT 1`,
      [bindingId],
    )
  }

  async getOutbox(id: number): Promise<OutboxRecord | undefined> {
    return this.one<OutboxRecord>(`${OUTBOX} WHERE centre_id = $1 AND id = $2`, [id])
  }

  async markDelivered(id: number, at: number, maskedPayload: string): Promise<boolean> {
    return this.changed(
      `UPDATE kezek_gateway_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = $3,
         payload = $4, key_id = NULL, last_error = NULL
       WHERE centre_id = $1 AND id = $2 AND status <> 'delivered'`,
      [id, at, maskedPayload],
    )
  }

  async markRetry(id: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return this.changed(
      `UPDATE kezek_gateway_outbox SET status = 'retrying', attempts = attempts + 1, next_attempt_at = $3,
         last_error = $4
       WHERE centre_id = $1 AND id = $2 AND status <> 'delivered'`,
      [id, nextAttemptAt, error],
    )
  }

  async auditBetween(fromDay: string, toDay: string): Promise<AuditEntry[]> {
    return this.rows<AuditEntry>(`${AUDIT} WHERE centre_id = $1 AND day >= $2 AND day <= $3 ORDER BY id`, [
      fromDay,
      toDay,
    ])
  }

  async auditForBinding(bindingId: string): Promise<AuditEntry[]> {
    return this.rows<AuditEntry>(`${AUDIT} WHERE centre_id = $1 AND binding_id = $2 ORDER BY id`, [bindingId])
  }

  async figures(day: string, now: number): Promise<StaffFigures[]> {
    return this.rows<StaffFigures>(
      `SELECT staff_id AS "staffId",
         count(*) AS started,
         count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
         count(*) FILTER (WHERE status = 'failed') AS failed,
         count(*) FILTER (WHERE status = 'expired' OR (status = 'pending' AND expires_at <= $3)) AS expired,
         count(*) FILTER (WHERE status = 'cancelled') AS superseded,
         count(*) FILTER (WHERE status = 'pending' AND expires_at > $3) AS pending
       FROM kezek_registration_challenges WHERE centre_id = $1 AND day = $2
       GROUP BY staff_id ORDER BY staff_id COLLATE "C"`,
      [day, now],
    )
  }

  async purgeCandidates(cutoff: number): Promise<PurgedBinding[]> {
    return this.rows<PurgedBinding>(
      `SELECT id, iin_masked AS "iinMasked", phone_masked AS "phoneMasked" FROM kezek_bindings
       WHERE centre_id = $1 AND purged_at IS NULL
         AND (confirmed_at < $2 OR (status <> 'active' AND ended_at < $2))
       ORDER BY confirmed_at, id COLLATE "C"`,
      [cutoff],
    )
  }

  /** Nothing to do: old row versions are VACUUM's, and the hub does not run it inside its transactions. */
  async afterErasure(): Promise<void> {}

  async recordSubmission(row: NewSubmission): Promise<void> {
    await this.query(
      `INSERT INTO kezek_mobile_citizen_submissions
         (centre_id, idempotency_key, binding_id, kind, payload, key_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (centre_id, idempotency_key) DO NOTHING`,
      [row.idempotencyKey, row.bindingId, row.kind, row.payload, row.keyId, row.at],
    )
  }

  async submissionsFor(bindingId: string): Promise<StoredSubmission[]> {
    return this.rows(
      `SELECT idempotency_key AS "idempotencyKey", payload, key_id AS "keyId"
       FROM kezek_mobile_citizen_submissions WHERE centre_id = $1 AND binding_id = $2
       ORDER BY received_at, idempotency_key COLLATE "C"`,
      [bindingId],
    )
  }

  async keyIdsInUse(): Promise<string[]> {
    const rows = await this.rows<{ keyId: string }>(
      SEALED_TABLES.map(
        (table) => `SELECT key_id AS "keyId" FROM kezek_${table} WHERE centre_id = $1 AND key_id IS NOT NULL`,
      ).join(' UNION '),
    )
    return sortedKeyIds(rows.map((row) => row.keyId))
  }

  async rowsNotUnder(keyId: string, limit: number): Promise<SealedRowRef[]> {
    return this.rows<SealedRowRef>(ROWS_NOT_UNDER, [keyId, limit])
  }

  async reseal(rows: readonly ResealedRow[]): Promise<void> {
    await this.allOrNone(rows.map(resealStatement))
  }

  async keyChecks(): Promise<Record<string, string>> {
    const rows = await this.rows<{ keyId: string; checkValue: string }>(
      `SELECT key_id AS "keyId", check_value AS "checkValue" FROM kezek_vault_keys WHERE centre_id = $1`,
    )
    return Object.fromEntries(rows.map((row) => [row.keyId, row.checkValue]))
  }

  async saveKeyCheck(keyId: string, check: string): Promise<void> {
    await this.query(
      `INSERT INTO kezek_vault_keys (centre_id, key_id, check_value, first_seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (centre_id, key_id) DO NOTHING`,
      [keyId, check, Date.now()],
    )
  }

  // ---- plumbing: every query is the centre's ($1) ----

  private query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    return this.pool.query({ text, values: [this.centreId, ...values], types })
  }

  private async rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.query(text, values)).rows as T[]
  }

  private async one<T>(text: string, values: unknown[] = []): Promise<T | undefined> {
    return (await this.rows<T>(text, values))[0]
  }

  private async changed(text: string, values: unknown[]): Promise<boolean> {
    return (await this.query(text, values)).rowCount === 1
  }

  /** Runs `statements` in one transaction: all of them or none. */
  private async allOrNone(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return
    await inTransaction(this.pool, async (client) => {
      for (const { text, values } of statements) {
        await client.query({ text, values: [this.centreId, ...values], types })
      }
    })
  }
}
