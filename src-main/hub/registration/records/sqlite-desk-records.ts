/**
 * The desk's sealed records in the SQLite event store's file (tables of migrations 2 and 4). It shares
 * the store's connection, so a command's retry record (`command_results`) commits with what it changed.
 * Synchronous like the store: every read answers at once and a transaction is applied when it returns.
 */
import type Database from 'better-sqlite3'
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
  type NewSubmission,
  OUTBOX_FIELDS,
  rowsNotUnderSql,
  SEALED_ROW,
  SEALED_TABLES,
  selectList,
  sortedKeyIds,
  type StoredSubmission,
  valuesOf,
} from './desk-columns'

const CHALLENGES = `SELECT ${selectList(CHALLENGE_FIELDS)} FROM registration_challenges`
const BINDINGS = `SELECT ${selectList(BINDING_FIELDS)} FROM bindings`
const OUTBOX = `SELECT ${selectList(OUTBOX_FIELDS)} FROM gateway_outbox`
const AUDIT = `SELECT ${selectList(AUDIT_FIELDS)} FROM registration_audit`
/** The IIN hashes as one JSON array parameter: one prepared statement serves any number of them. */
const HASHES = 'iin_hash IN (SELECT value FROM json_each(?))'

function insertSql(table: string, fields: readonly string[]): string {
  return `INSERT INTO ${table} (${columnList(fields)}) VALUES (${fields.map(() => '?').join(', ')})`
}

/** SQLite stores booleans as 0/1. */
const bit = (value: boolean) => (value ? 1 : 0)

type Raw<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] }

function fromRaw<T extends { documentChecked: boolean }>(row: Raw<T>): T {
  return { ...row, documentChecked: row.documentChecked === 1 } as T
}

/** The writer of one transaction: its methods run at once, and throw once the transaction has ended. */
function writerOf(db: Database.Database, isOpen: () => boolean): DeskRecordWriter {
  const s = {
    saveResult: db.prepare(
      'INSERT INTO command_results (principal, request_id, ack, at, fingerprint) VALUES (?, ?, ?, ?, ?)',
    ),
    insertChallenge: db.prepare(insertSql('registration_challenges', CHALLENGE_FIELDS)),
    recordSend: db.prepare(`
      UPDATE registration_challenges SET sent_at = ?, expires_at = ?, code_hash = ?, code_salt = ?, sends = sends + 1
      WHERE id = ? AND status = 'pending'`),
    recordAttempts: db.prepare(
      `UPDATE registration_challenges SET attempts = ? WHERE id = ? AND status = 'pending'`,
    ),
    finishChallenge: db.prepare(`
      UPDATE registration_challenges
      SET status = ?, attempts = ?, finished_at = ?, binding_id = ?, iin_hash = NULL, iin_sealed = NULL,
        phone_sealed = NULL, key_id = NULL, code_hash = NULL, code_salt = NULL
      WHERE id = ? AND status = 'pending'`),
    insertBinding: db.prepare(insertSql('bindings', BINDING_FIELDS)),
    endBinding: db.prepare(`
      UPDATE bindings SET status = ?, ended_at = ?, replaced_by = ?, revoke_reason = ?
      WHERE id = ? AND status = 'active'`),
    linkReplacement: db.prepare('UPDATE bindings SET replaced_by = ? WHERE id = ?'),
    insertOutbox: db.prepare(`
      INSERT INTO gateway_outbox (idempotency_key, binding_id, kind, payload, key_id, status, attempts, created_at,
        next_attempt_at, last_error, delivered_at)
      VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, NULL, NULL)`),
    audit: db.prepare(insertSql('registration_audit', AUDIT_INSERT_FIELDS)),
    purgeBinding: db.prepare(`
      UPDATE bindings SET iin_hash = NULL, iin_sealed = NULL, phone_sealed = NULL, key_id = NULL, purged_at = ?
      WHERE id = ? AND purged_at IS NULL`),
    purgeSubmissions: db.prepare(
      'UPDATE mobile_citizen_submissions SET payload = ?, key_id = NULL WHERE binding_id = ?',
    ),
  }
  const writer: DeskRecordWriter = {
    saveResult({ principal, requestId, ack, at, fingerprint }) {
      s.saveResult.run(principal, requestId, ack, at, fingerprint)
    },
    insertChallenge(row) {
      s.insertChallenge.run(valuesOf(CHALLENGE_FIELDS, row, bit))
    },
    recordSend(id, send) {
      s.recordSend.run(send.sentAt, send.expiresAt, send.codeHash, send.codeSalt, id)
    },
    recordAttempts(id, attempts) {
      s.recordAttempts.run(attempts, id)
    },
    finishChallenge(id, finish) {
      s.finishChallenge.run(finish.status, finish.attempts, finish.at, finish.bindingId ?? null, id)
    },
    insertBinding(row) {
      s.insertBinding.run(valuesOf(BINDING_FIELDS, row, bit))
    },
    endBinding(id, end) {
      s.endBinding.run(end.status, end.at, end.replacedBy ?? null, end.reason ?? null, id)
    },
    linkReplacement(id, replacedBy) {
      s.linkReplacement.run(replacedBy, id)
    },
    insertOutbox(row) {
      s.insertOutbox.run(row.idempotencyKey, row.bindingId, row.kind, row.payload, row.keyId, row.at, row.at)
    },
    audit(entry) {
      s.audit.run(valuesOf(AUDIT_INSERT_FIELDS, entry, bit))
    },
    purgeBinding(id, at, maskedSubmission) {
      if (s.purgeBinding.run(at, id).changes === 1) s.purgeSubmissions.run(maskedSubmission, id)
    },
  }
  const guarded = Object.entries(writer).map(([name, method]: [string, (...args: never[]) => void]) => [
    name,
    (...args: never[]) => {
      if (!isOpen()) throw new Error('A desk transaction writer was used after its transaction ended')
      method(...args)
    },
  ])
  return Object.fromEntries(guarded) as DeskRecordWriter
}

/**
 * `DeskRecords` on the SQLite event store's connection (`SqliteEventStore.db`). Every read answers at
 * once; `transaction` runs its writes in one BEGIN IMMEDIATE and throws (nothing stored) if any fails.
 */
export class SqliteDeskRecords implements DeskRecords {
  private readonly s
  private readonly writer: DeskRecordWriter
  /** Transactions under way (a nested one is a savepoint of the outer): the writer works only inside. */
  private depth = 0

  constructor(private readonly db: Database.Database) {
    this.writer = writerOf(db, () => this.depth > 0)
    this.s = {
      findResult: db.prepare(
        'SELECT ack, fingerprint FROM command_results WHERE principal = ? AND request_id = ?',
      ),
      getChallenge: db.prepare(`${CHALLENGES} WHERE id = ?`),
      pendingForIin: db.prepare(
        `${CHALLENGES} WHERE status = 'pending' AND ${HASHES} ORDER BY created_at, id`,
      ),
      openAtDesk: db.prepare(
        `${CHALLENGES} WHERE status = 'pending' AND desk_id = ? AND expires_at > ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      ),
      pendingExpired: db.prepare(
        `${CHALLENGES} WHERE status = 'pending' AND expires_at <= ? ORDER BY expires_at, id`,
      ),
      getBinding: db.prepare(`${BINDINGS} WHERE id = ?`),
      activeForIin: db.prepare(
        `${BINDINGS} WHERE status = 'active' AND ${HASHES} ORDER BY confirmed_at DESC, rowid DESC LIMIT 1`,
      ),
      bindingsForIin: db.prepare(
        `${BINDINGS} WHERE ${HASHES} ORDER BY status = 'active' DESC, confirmed_at DESC, rowid DESC`,
      ),
      dueOutbox: db.prepare(
        `${OUTBOX} WHERE status != 'delivered' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      nextOutboxAt: db
        .prepare(`SELECT min(next_attempt_at) FROM gateway_outbox WHERE status != 'delivered'`)
        .pluck(),
      latestOutboxFor: db.prepare(`${OUTBOX} WHERE binding_id = ? ORDER BY id DESC LIMIT 1`),
      getOutbox: db.prepare(`${OUTBOX} WHERE id = ?`),
      markDelivered: db.prepare(`
        UPDATE gateway_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, payload = ?,
          key_id = NULL, last_error = NULL
        WHERE id = ? AND status != 'delivered'`),
      markRetry: db.prepare(`
        UPDATE gateway_outbox SET status = 'retrying', attempts = attempts + 1, next_attempt_at = ?, last_error = ?
        WHERE id = ? AND status != 'delivered'`),
      auditBetween: db.prepare(`${AUDIT} WHERE day >= ? AND day <= ? ORDER BY id`),
      auditForBinding: db.prepare(`${AUDIT} WHERE binding_id = ? ORDER BY id`),
      figures: db.prepare(`
        SELECT staff_id AS staffId,
          count(*) AS started,
          sum(status = 'confirmed') AS confirmed,
          sum(status = 'failed') AS failed,
          sum(status = 'expired' OR (status = 'pending' AND expires_at <= @now)) AS expired,
          sum(status = 'cancelled') AS superseded,
          sum(status = 'pending' AND expires_at > @now) AS pending
        FROM registration_challenges WHERE day = @day GROUP BY staff_id ORDER BY staff_id`),
      purgeCandidates: db.prepare(`
        SELECT id, iin_masked AS iinMasked, phone_masked AS phoneMasked FROM bindings
        WHERE purged_at IS NULL AND (confirmed_at < @cutoff OR (status != 'active' AND ended_at < @cutoff))
        ORDER BY confirmed_at, id`),
      recordSubmission: db.prepare(`
        INSERT INTO mobile_citizen_submissions (idempotency_key, binding_id, kind, payload, key_id, received_at)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`),
      submissionsFor: db.prepare(`
        SELECT idempotency_key AS idempotencyKey, payload, key_id AS keyId FROM mobile_citizen_submissions
        WHERE binding_id = ? ORDER BY received_at, idempotency_key`),
      keyIdsInUse: db
        .prepare(
          SEALED_TABLES.map((table) => `SELECT key_id FROM ${table} WHERE key_id IS NOT NULL`).join(
            ' UNION ',
          ),
        )
        .pluck(),
      rowsNotUnder: db.prepare(
        rowsNotUnderSql({
          table: (name) => name,
          notCurrent: 'key_id <> @keyId',
          limit: '@limit',
          collate: '',
        }),
      ),
      reseal: resealStatements(db),
      keyChecks: db.prepare('SELECT key_id AS keyId, check_value AS checkValue FROM vault_keys'),
      saveKeyCheck: db.prepare(`
        INSERT INTO vault_keys (key_id, check_value, first_seen_at) VALUES (?, ?, ?)
        ON CONFLICT (key_id) DO NOTHING`),
    }
  }

  transaction(write: (tx: DeskRecordWriter) => void): void {
    this.db
      .transaction(() => {
        this.depth++
        try {
          write(this.writer)
        } finally {
          this.depth--
        }
      })
      .immediate()
  }

  findResult(principal: string, requestId: string): StoredAnswer | undefined {
    return this.s.findResult.get(principal, requestId) as StoredAnswer | undefined
  }

  getChallenge(id: string): ChallengeRecord | undefined {
    const row = this.s.getChallenge.get(id) as Raw<ChallengeRecord> | undefined
    return row && fromRaw(row)
  }

  pendingChallengesForIin(iinHashes: readonly string[]): ChallengeRecord[] {
    const rows = this.s.pendingForIin.all(JSON.stringify(iinHashes)) as Raw<ChallengeRecord>[]
    return rows.map((row) => fromRaw(row))
  }

  openChallengeAtDesk(deskId: string, now: number): ChallengeRecord | undefined {
    const row = this.s.openAtDesk.get(deskId, now) as Raw<ChallengeRecord> | undefined
    return row && fromRaw(row)
  }

  expiredPendingChallenges(now: number): ChallengeRecord[] {
    return (this.s.pendingExpired.all(now) as Raw<ChallengeRecord>[]).map((row) => fromRaw(row))
  }

  getBinding(id: string): BindingRecord | undefined {
    const row = this.s.getBinding.get(id) as Raw<BindingRecord> | undefined
    return row && fromRaw(row)
  }

  activeBindingForIin(iinHashes: readonly string[]): BindingRecord | undefined {
    const row = this.s.activeForIin.get(JSON.stringify(iinHashes)) as Raw<BindingRecord> | undefined
    return row && fromRaw(row)
  }

  bindingsForIin(iinHashes: readonly string[]): BindingRecord[] {
    const rows = this.s.bindingsForIin.all(JSON.stringify(iinHashes)) as Raw<BindingRecord>[]
    return rows.map((row) => fromRaw(row))
  }

  dueOutbox(now: number, limit: number): OutboxRecord[] {
    return this.s.dueOutbox.all(now, limit) as OutboxRecord[]
  }

  nextOutboxAt(): number | null {
    return (this.s.nextOutboxAt.get() as number | null) ?? null
  }

  latestOutboxFor(bindingId: string): OutboxRecord | undefined {
    return this.s.latestOutboxFor.get(bindingId) as OutboxRecord | undefined
  }

  getOutbox(id: number): OutboxRecord | undefined {
    return this.s.getOutbox.get(id) as OutboxRecord | undefined
  }

  markDelivered(id: number, at: number, maskedPayload: string): boolean {
    return this.s.markDelivered.run(at, maskedPayload, id).changes === 1
  }

  markRetry(id: number, nextAttemptAt: number, error: string): boolean {
    return this.s.markRetry.run(nextAttemptAt, error, id).changes === 1
  }

  auditBetween(fromDay: string, toDay: string): AuditEntry[] {
    return this.s.auditBetween.all(fromDay, toDay) as AuditEntry[]
  }

  auditForBinding(bindingId: string): AuditEntry[] {
    return this.s.auditForBinding.all(bindingId) as AuditEntry[]
  }

  figures(day: string, now: number): StaffFigures[] {
    return (this.s.figures.all({ day, now }) as StaffFigures[]).map((row) => ({
      staffId: row.staffId,
      started: row.started,
      confirmed: row.confirmed ?? 0,
      failed: row.failed ?? 0,
      expired: row.expired ?? 0,
      superseded: row.superseded ?? 0,
      pending: row.pending ?? 0,
    }))
  }

  purgeCandidates(cutoff: number): PurgedBinding[] {
    return this.s.purgeCandidates.all({ cutoff }) as PurgedBinding[]
  }

  /**
   * Copies the WAL into the file and truncates it, so erased values do not linger in old frames
   * (`secure_delete` zeroes freed pages of the file only). Best effort: a reader holding the WAL makes
   * it report busy, and the next erasure or checkpoint covers it; nothing to log, nothing to throw.
   */
  afterErasure(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      // Inside a transaction or with the file locked: the next checkpoint does the same work.
    }
  }

  recordSubmission(row: NewSubmission): void {
    this.s.recordSubmission.run(row.idempotencyKey, row.bindingId, row.kind, row.payload, row.keyId, row.at)
  }

  submissionsFor(bindingId: string): StoredSubmission[] {
    return this.s.submissionsFor.all(bindingId) as StoredSubmission[]
  }

  keyIdsInUse(): string[] {
    return sortedKeyIds(this.s.keyIdsInUse.all() as string[])
  }

  rowsNotUnder(keyId: string, limit: number): SealedRowRef[] {
    return this.s.rowsNotUnder.all({ keyId, limit }) as SealedRowRef[]
  }

  reseal(rows: readonly ResealedRow[]): void {
    const statements = this.s.reseal
    this.db
      .transaction(() => {
        for (const row of rows) {
          const { table, id, fromKeyId, keyId, iinHash, iinSealed, phoneSealed, payload } = row
          const params = { id, fromKeyId, keyId }
          statements[table].run(
            SEALED_ROW[table].personal
              ? { ...params, iinHash, iinSealed, phoneSealed }
              : { ...params, payload },
          )
        }
      })
      .immediate()
  }

  keyChecks(): Record<string, string> {
    const rows = this.s.keyChecks.all() as Array<{ keyId: string; checkValue: string }>
    return Object.fromEntries(rows.map((row) => [row.keyId, row.checkValue]))
  }

  saveKeyCheck(keyId: string, check: string): void {
    this.s.saveKeyCheck.run(keyId, check, Date.now())
  }
}

/** One guarded UPDATE per sealed table: it applies only while the row is still under `fromKeyId`. */
function resealStatements(db: Database.Database): Record<SealedTable, Database.Statement> {
  const update = (table: SealedTable) => {
    const { id, personal } = SEALED_ROW[table]
    const set = personal
      ? 'iin_hash = @iinHash, iin_sealed = @iinSealed, phone_sealed = @phoneSealed'
      : 'payload = @payload'
    return db.prepare(`UPDATE ${table} SET key_id = @keyId, ${set} WHERE ${id} = @id AND key_id = @fromKeyId`)
  }
  return Object.fromEntries(SEALED_TABLES.map((table) => [table, update(table)])) as Record<
    SealedTable,
    Database.Statement
  >
}
