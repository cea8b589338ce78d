/**
 * The desk's sealed records in the PostgreSQL store's database (migration 2), on the store's pool and
 * keyed by its centre: the same rows, orderings and guards as `sqlite-desk-records.ts`, answered with
 * Promises. A transaction's writes are collected first, then sent in one BEGIN…COMMIT on one connection.
 */
import pg from 'pg'
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
  SealedTable,
} from '../desk-records'
import {
  AUDIT_FIELDS,
  AUDIT_INSERT_FIELDS,
  BINDING_FIELDS,
  CHALLENGE_FIELDS,
  columnList,
  OUTBOX_FIELDS,
  selectList,
  sortedKeyIds,
  valuesOf,
} from './desk-columns'

interface Statement {
  text: string
  values: unknown[]
}

/**
 * bigint (int8) columns and counts as JS numbers, for these queries only: epoch milliseconds, ids and
 * counts stay far below 2^53. (pg's default is a string, which postgres-store.ts converts by hand.)
 */
const INT8_OID = 20
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

const CHALLENGES = `SELECT ${selectList(CHALLENGE_FIELDS)} FROM kezek_registration_challenges`
const BINDINGS = `SELECT ${selectList(BINDING_FIELDS)} FROM kezek_bindings`
const OUTBOX = `SELECT ${selectList(OUTBOX_FIELDS)} FROM kezek_gateway_outbox`
const AUDIT = `SELECT ${selectList(AUDIT_FIELDS)} FROM kezek_registration_audit`

/** `$from, $from+1, …`: `count` placeholders. */
function placeholders(count: number, from = 1): string {
  return Array.from({ length: count }, (_, i) => `$${from + i}`).join(', ')
}

/** The key the centre's row goes in first, then the record's fields. */
function insertSql(table: string, fields: readonly string[]): string {
  return `INSERT INTO ${table} (centre_id, ${columnList(fields)}) VALUES (${placeholders(fields.length + 1)})`
}

const asIs = (value: boolean) => value

/** The writes of one transaction, collected in order; nothing reaches the database until it returns. */
function writerOf(centreId: string, push: (text: string, ...values: unknown[]) => void): DeskRecordWriter {
  return {
    saveResult({ principal, requestId, ack, at, fingerprint }) {
      push(
        `INSERT INTO kezek_command_results (centre_id, principal, request_id, ack, at, fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        centreId,
        principal,
        requestId,
        ack,
        at,
        fingerprint,
      )
    },
    insertChallenge(row) {
      push(
        insertSql('kezek_registration_challenges', CHALLENGE_FIELDS),
        centreId,
        ...valuesOf(CHALLENGE_FIELDS, row, asIs),
      )
    },
    recordSend(id, send) {
      push(
        `UPDATE kezek_registration_challenges
         SET sent_at = $3, expires_at = $4, code_hash = $5, code_salt = $6, sends = sends + 1
         WHERE centre_id = $1 AND id = $2 AND status = 'pending'`,
        centreId,
        id,
        send.sentAt,
        send.expiresAt,
        send.codeHash,
        send.codeSalt,
      )
    },
    recordAttempts(id, attempts) {
      push(
        `UPDATE kezek_registration_challenges SET attempts = $3
         WHERE centre_id = $1 AND id = $2 AND status = 'pending'`,
        centreId,
        id,
        attempts,
      )
    },
    finishChallenge(id, finish) {
      push(
        `UPDATE kezek_registration_challenges
         SET status = $3, attempts = $4, finished_at = $5, binding_id = $6, iin_hash = NULL, iin_sealed = NULL,
           phone_sealed = NULL, key_id = NULL, code_hash = NULL, code_salt = NULL
         WHERE centre_id = $1 AND id = $2 AND status = 'pending'`,
        centreId,
        id,
        finish.status,
        finish.attempts,
        finish.at,
        finish.bindingId ?? null,
      )
    },
    insertBinding(row) {
      // `centre_id` is both the key and the record's centreId: the store's centre, always.
      const fields = BINDING_FIELDS
      push(
        `INSERT INTO kezek_bindings (${columnList(fields)}) VALUES (${placeholders(fields.length)})`,
        ...valuesOf(fields, { ...row, centreId }, asIs),
      )
    },
    endBinding(id, end) {
      push(
        `UPDATE kezek_bindings SET status = $3, ended_at = $4, replaced_by = $5, revoke_reason = $6
         WHERE centre_id = $1 AND id = $2 AND status = 'active'`,
        centreId,
        id,
        end.status,
        end.at,
        end.replacedBy ?? null,
        end.reason ?? null,
      )
    },
    linkReplacement(id, replacedBy) {
      push(
        'UPDATE kezek_bindings SET replaced_by = $3 WHERE centre_id = $1 AND id = $2',
        centreId,
        id,
        replacedBy,
      )
    },
    insertOutbox(row) {
      push(
        `INSERT INTO kezek_gateway_outbox (centre_id, idempotency_key, binding_id, kind, payload, key_id, status,
           attempts, created_at, next_attempt_at, last_error, delivered_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, NULL, NULL)`,
        centreId,
        row.idempotencyKey,
        row.bindingId,
        row.kind,
        row.payload,
        row.keyId,
        row.at,
      )
    },
    audit(entry) {
      push(
        insertSql('kezek_registration_audit', AUDIT_INSERT_FIELDS),
        centreId,
        ...valuesOf(AUDIT_INSERT_FIELDS, entry, asIs),
      )
    },
    purgeBinding(id, at, maskedSubmission) {
      // One statement, so the submissions are masked only when this call purged the binding.
      push(
        `WITH purged AS (
           UPDATE kezek_bindings SET iin_hash = NULL, iin_sealed = NULL, phone_sealed = NULL, key_id = NULL,
             purged_at = $3
           WHERE centre_id = $1 AND id = $2 AND purged_at IS NULL
           RETURNING id)
         UPDATE kezek_mobile_citizen_submissions SET payload = $4, key_id = NULL
         WHERE centre_id = $1 AND binding_id IN (SELECT id FROM purged)`,
        centreId,
        id,
        at,
        maskedSubmission,
      )
    },
  }
}

/** One guarded UPDATE per sealed table: it applies only while the row is still under `fromKeyId`. */
function resealStatement(centreId: string, row: ResealedRow): Statement {
  const personal = (table: string): Statement => ({
    text: `UPDATE ${table} SET iin_hash = $3, iin_sealed = $4, phone_sealed = $5, key_id = $6
           WHERE centre_id = $1 AND id = $2 AND key_id = $7`,
    values: [centreId, row.id, row.iinHash, row.iinSealed, row.phoneSealed, row.keyId, row.fromKeyId],
  })
  const payload = (table: string, idColumn: string): Statement => ({
    text: `UPDATE ${table} SET payload = $3, key_id = $4 WHERE centre_id = $1 AND ${idColumn} = $2 AND key_id = $5`,
    values: [centreId, row.id, row.payload, row.keyId, row.fromKeyId],
  })
  const byTable: Record<SealedTable, () => Statement> = {
    bindings: () => personal('kezek_bindings'),
    registration_challenges: () => personal('kezek_registration_challenges'),
    gateway_outbox: () => payload('kezek_gateway_outbox', 'id'),
    mobile_citizen_submissions: () => payload('kezek_mobile_citizen_submissions', 'idempotency_key'),
  }
  return byTable[row.table]()
}

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
    const writer = writerOf(this.centreId, (text, ...values) => {
      if (!open) throw new Error('A desk transaction writer was used after its transaction ended')
      statements.push({ text, values })
    })
    try {
      write(writer)
    } finally {
      open = false
    }
    await this.inTransaction(statements)
  }

  async findResult(principal: string, requestId: string): Promise<StoredAnswer | undefined> {
    return this.one<StoredAnswer>(
      `SELECT ack, fingerprint FROM kezek_command_results
       WHERE centre_id = $1 AND principal = $2 AND request_id = $3`,
      principal,
      requestId,
    )
  }

  async getChallenge(id: string): Promise<ChallengeRecord | undefined> {
    return this.one<ChallengeRecord>(`${CHALLENGES} WHERE centre_id = $1 AND id = $2`, id)
  }

  async pendingChallengesForIin(iinHashes: readonly string[]): Promise<ChallengeRecord[]> {
    return this.rows<ChallengeRecord>(
      `${CHALLENGES} WHERE centre_id = $1 AND status = 'pending' AND iin_hash = ANY($2::text[])
       ORDER BY created_at, id COLLATE "C"`,
      iinHashes,
    )
  }

  async expiredPendingChallenges(now: number): Promise<ChallengeRecord[]> {
    return this.rows<ChallengeRecord>(
      `${CHALLENGES} WHERE centre_id = $1 AND status = 'pending' AND expires_at <= $2
       ORDER BY expires_at, id COLLATE "C"`,
      now,
    )
  }

  async getBinding(id: string): Promise<BindingRecord | undefined> {
    return this.one<BindingRecord>(`${BINDINGS} WHERE centre_id = $1 AND id = $2`, id)
  }

  async activeBindingForIin(iinHashes: readonly string[]): Promise<BindingRecord | undefined> {
    return this.one<BindingRecord>(
      `${BINDINGS} WHERE centre_id = $1 AND status = 'active' AND iin_hash = ANY($2::text[])
       ORDER BY confirmed_at DESC, seq DESC LIMIT 1`,
      iinHashes,
    )
  }

  async bindingsForIin(iinHashes: readonly string[]): Promise<BindingRecord[]> {
    return this.rows<BindingRecord>(
      `${BINDINGS} WHERE centre_id = $1 AND iin_hash = ANY($2::text[])
       ORDER BY status = 'active' DESC, confirmed_at DESC, seq DESC`,
      iinHashes,
    )
  }

  async dueOutbox(now: number, limit: number): Promise<OutboxRecord[]> {
    return this.rows<OutboxRecord>(
      `${OUTBOX} WHERE centre_id = $1 AND status <> 'delivered' AND next_attempt_at <= $2
       ORDER BY next_attempt_at, id LIMIT $3`,
      now,
      limit,
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
      bindingId,
    )
  }

  async getOutbox(id: number): Promise<OutboxRecord | undefined> {
    return this.one<OutboxRecord>(`${OUTBOX} WHERE centre_id = $1 AND id = $2`, id)
  }

  async markDelivered(id: number, at: number, maskedPayload: string): Promise<boolean> {
    return this.changed(
      `UPDATE kezek_gateway_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = $3,
         payload = $4, key_id = NULL, last_error = NULL
       WHERE centre_id = $1 AND id = $2 AND status <> 'delivered'`,
      id,
      at,
      maskedPayload,
    )
  }

  async markRetry(id: number, nextAttemptAt: number, error: string): Promise<boolean> {
    return this.changed(
      `UPDATE kezek_gateway_outbox SET status = 'retrying', attempts = attempts + 1, next_attempt_at = $3,
         last_error = $4
       WHERE centre_id = $1 AND id = $2 AND status <> 'delivered'`,
      id,
      nextAttemptAt,
      error,
    )
  }

  async auditBetween(fromDay: string, toDay: string): Promise<AuditEntry[]> {
    return this.rows<AuditEntry>(
      `${AUDIT} WHERE centre_id = $1 AND day >= $2 AND day <= $3 ORDER BY id`,
      fromDay,
      toDay,
    )
  }

  async auditForBinding(bindingId: string): Promise<AuditEntry[]> {
    return this.rows<AuditEntry>(`${AUDIT} WHERE centre_id = $1 AND binding_id = $2 ORDER BY id`, bindingId)
  }

  async figures(day: string, now: number): Promise<StaffFigures[]> {
    return this.rows<StaffFigures>(
      `SELECT staff_id AS "staffId",
         count(*) AS started,
         count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
         count(*) FILTER (WHERE status = 'failed') AS failed,
         count(*) FILTER (WHERE status = 'expired' OR (status = 'pending' AND expires_at <= $3)) AS expired,
         count(*) FILTER (WHERE status = 'pending' AND expires_at > $3) AS pending
       FROM kezek_registration_challenges WHERE centre_id = $1 AND day = $2
       GROUP BY staff_id ORDER BY staff_id COLLATE "C"`,
      day,
      now,
    )
  }

  async purgeCandidates(cutoff: number): Promise<PurgedBinding[]> {
    return this.rows<PurgedBinding>(
      `SELECT id, iin_masked AS "iinMasked", phone_masked AS "phoneMasked" FROM kezek_bindings
       WHERE centre_id = $1 AND purged_at IS NULL
         AND (confirmed_at < $2 OR (status <> 'active' AND ended_at < $2))
       ORDER BY confirmed_at, id COLLATE "C"`,
      cutoff,
    )
  }

  /** Nothing to do: old row versions are VACUUM's, and the hub does not run it inside its transactions. */
  async afterErasure(): Promise<void> {}

  async recordSubmission(row: {
    idempotencyKey: string
    bindingId: string
    kind: string
    payload: string
    keyId: string
    at: number
  }): Promise<void> {
    await this.query(
      `INSERT INTO kezek_mobile_citizen_submissions
         (centre_id, idempotency_key, binding_id, kind, payload, key_id, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (centre_id, idempotency_key) DO NOTHING`,
      row.idempotencyKey,
      row.bindingId,
      row.kind,
      row.payload,
      row.keyId,
      row.at,
    )
  }

  async submissionsFor(
    bindingId: string,
  ): Promise<Array<{ idempotencyKey: string; payload: string; keyId: string | null }>> {
    return this.rows(
      `SELECT idempotency_key AS "idempotencyKey", payload, key_id AS "keyId"
       FROM kezek_mobile_citizen_submissions WHERE centre_id = $1 AND binding_id = $2
       ORDER BY received_at, idempotency_key COLLATE "C"`,
      bindingId,
    )
  }

  async keyIdsInUse(): Promise<string[]> {
    const rows = await this.rows<{ keyId: string }>(
      [
        'kezek_bindings',
        'kezek_registration_challenges',
        'kezek_gateway_outbox',
        'kezek_mobile_citizen_submissions',
      ]
        .map((table) => `SELECT key_id AS "keyId" FROM ${table} WHERE centre_id = $1 AND key_id IS NOT NULL`)
        .join(' UNION '),
    )
    return sortedKeyIds(rows.map((row) => row.keyId))
  }

  async rowsNotUnder(keyId: string, limit: number): Promise<SealedRowRef[]> {
    return this.rows<SealedRowRef>(
      `SELECT "table", id, "keyId", "iinSealed", "phoneSealed", payload FROM (
         SELECT 'bindings' AS "table", 1 AS ord, id, key_id AS "keyId", iin_sealed AS "iinSealed",
           phone_sealed AS "phoneSealed", NULL::text AS payload
         FROM kezek_bindings WHERE centre_id = $1 AND key_id <> $2
         UNION ALL
         SELECT 'registration_challenges', 2, id, key_id, iin_sealed, phone_sealed, NULL
         FROM kezek_registration_challenges WHERE centre_id = $1 AND key_id <> $2
         UNION ALL
         SELECT 'gateway_outbox', 3, id::text, key_id, NULL, NULL, payload
         FROM kezek_gateway_outbox WHERE centre_id = $1 AND key_id <> $2
         UNION ALL
         SELECT 'mobile_citizen_submissions', 4, idempotency_key, key_id, NULL, NULL, payload
         FROM kezek_mobile_citizen_submissions WHERE centre_id = $1 AND key_id <> $2
       ) AS sealed ORDER BY "keyId" <> 'plain', ord, id COLLATE "C" LIMIT $3`,
      keyId,
      limit,
    )
  }

  async reseal(rows: readonly ResealedRow[]): Promise<void> {
    await this.inTransaction(rows.map((row) => resealStatement(this.centreId, row)))
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
      keyId,
      check,
      Date.now(),
    )
  }

  // ---- plumbing: every query is the centre's ($1) ----

  private query(text: string, ...values: unknown[]): Promise<pg.QueryResult> {
    return this.pool.query({ text, values: [this.centreId, ...values], types })
  }

  private async rows<T>(text: string, ...values: unknown[]): Promise<T[]> {
    return (await this.query(text, ...values)).rows as T[]
  }

  private async one<T>(text: string, ...values: unknown[]): Promise<T | undefined> {
    return (await this.rows<T>(text, ...values))[0]
  }

  private async changed(text: string, ...values: unknown[]): Promise<boolean> {
    return (await this.query(text, ...values)).rowCount === 1
  }

  /** Runs `statements` in one BEGIN…COMMIT on one connection; ROLLBACK and rethrow if any fails. */
  private async inTransaction(statements: readonly Statement[]): Promise<void> {
    if (statements.length === 0) return
    const client = await this.pool.connect()
    let broken = false
    try {
      await client.query('BEGIN')
      for (const { text, values } of statements) await client.query({ text, values, types })
      await client.query('COMMIT')
    } catch (error) {
      try {
        await client.query('ROLLBACK')
      } catch {
        broken = true
      }
      throw error
    } finally {
      // A connection that failed mid-transaction is not given back to the pool.
      client.release(broken)
    }
  }
}
