/**
 * The registration desk's tables (migration 2): bindings, one-time-code challenges, the audit log and
 * the gateway outbox. They share the event store's SQLite connection, so the retry record of a command
 * (`command_results`) is written in the same transaction as what the command changed.
 *
 * Personal data lives in two columns of two tables (`iin`, `phone_e164`) and, until delivered, in the
 * outbox payload; every row also keeps masked copies, which is all that remains after retention.
 */
import type Database from 'better-sqlite3'
import type { ChallengeStatus } from '../../../src-shared/registration/otp'
import type { StoredAnswer } from '../idempotency'
import type {
  ChallengeRow,
  BindingRow,
  OutboxRow,
  AuditEntry,
  StaffFigures,
  PurgedBinding,
} from './registration-rows'

const CHALLENGE_COLUMNS = `id, kind, status, iin, phone_e164 AS phone, iin_masked AS iinMasked, phone_masked AS phoneMasked,
  replaces_binding_id AS replacesBindingId, binding_id AS bindingId, ticket_id AS ticketId, staff_id AS staffId,
  desk_id AS deskId, consent_version AS consentVersion, consent_language AS consentLanguage,
  document_checked AS documentChecked, code_hash AS codeHash, code_salt AS codeSalt, created_at AS createdAt, day,
  sent_at AS sentAt, expires_at AS expiresAt, attempts, sends, finished_at AS finishedAt`

const BINDING_COLUMNS = `id, iin, phone_e164 AS phone, iin_masked AS iinMasked, phone_masked AS phoneMasked, status,
  centre_id AS centreId, ticket_id AS ticketId, staff_id AS staffId, desk_id AS deskId,
  registration_id AS registrationId, created_at AS createdAt, confirmed_at AS confirmedAt, day, replaces,
  replaced_by AS replacedBy, ended_at AS endedAt, revoke_reason AS revokeReason, consent_version AS consentVersion,
  consent_language AS consentLanguage, consent_at AS consentAt, document_checked AS documentChecked,
  purged_at AS purgedAt`

const OUTBOX_COLUMNS = `id, idempotency_key AS idempotencyKey, binding_id AS bindingId, kind, payload, status, attempts,
  created_at AS createdAt, next_attempt_at AS nextAttemptAt, last_error AS lastError, delivered_at AS deliveredAt`

const AUDIT_COLUMNS = `id, at, day, staff_id AS staffId, desk_id AS deskId, action, binding_id AS bindingId,
  registration_id AS registrationId, old_value AS oldValue, new_value AS newValue, detail`

type Raw<T> = { [K in keyof T]: T[K] extends boolean ? number : T[K] }

function challengeFromRow(row: Raw<ChallengeRow> | undefined): ChallengeRow | undefined {
  return row && { ...row, documentChecked: row.documentChecked === 1 }
}

function bindingFromRow(row: Raw<BindingRow> | undefined): BindingRow | undefined {
  return row && { ...row, documentChecked: row.documentChecked === 1 }
}

/**
 * Synchronous, like the SQLite event store: a whole command's changes go in one `transaction`. Every
 * method may be called inside one.
 */
export class RegistrationStore {
  private readonly statements

  constructor(private readonly db: Database.Database) {
    this.statements = {
      findResult: db.prepare(
        'SELECT ack, fingerprint FROM command_results WHERE principal = ? AND request_id = ?',
      ),
      saveResult: db.prepare(
        'INSERT INTO command_results (principal, request_id, ack, at, fingerprint) VALUES (?, ?, ?, ?, ?)',
      ),
      insertChallenge: db.prepare(`
        INSERT INTO registration_challenges (id, kind, status, iin, phone_e164, iin_masked, phone_masked,
          replaces_binding_id, binding_id, ticket_id, staff_id, desk_id, consent_version, consent_language,
          document_checked, code_hash, code_salt, created_at, day, sent_at, expires_at, attempts, sends, finished_at)
        VALUES (@id, @kind, @status, @iin, @phone, @iinMasked, @phoneMasked, @replacesBindingId, @bindingId,
          @ticketId, @staffId, @deskId, @consentVersion, @consentLanguage, @documentChecked, @codeHash, @codeSalt,
          @createdAt, @day, @sentAt, @expiresAt, @attempts, @sends, @finishedAt)`),
      getChallenge: db.prepare(`SELECT ${CHALLENGE_COLUMNS} FROM registration_challenges WHERE id = ?`),
      pendingForIin: db.prepare(
        `SELECT ${CHALLENGE_COLUMNS} FROM registration_challenges WHERE status = 'pending' AND iin = ?`,
      ),
      pendingExpired: db.prepare(
        `SELECT ${CHALLENGE_COLUMNS} FROM registration_challenges WHERE status = 'pending' AND expires_at <= ?`,
      ),
      recordSend: db.prepare(`
        UPDATE registration_challenges SET sent_at = ?, expires_at = ?, code_hash = ?, code_salt = ?, sends = sends + 1
        WHERE id = ? AND status = 'pending'`),
      recordAttempts: db.prepare(
        `UPDATE registration_challenges SET attempts = ? WHERE id = ? AND status = 'pending'`,
      ),
      finishChallenge: db.prepare(`
        UPDATE registration_challenges
        SET status = ?, attempts = ?, finished_at = ?, binding_id = ?, iin = NULL, phone_e164 = NULL,
          code_hash = NULL, code_salt = NULL
        WHERE id = ? AND status = 'pending'`),
      insertBinding: db.prepare(`
        INSERT INTO bindings (id, iin, phone_e164, iin_masked, phone_masked, status, centre_id, ticket_id, staff_id,
          desk_id, registration_id, created_at, confirmed_at, day, replaces, replaced_by, ended_at, revoke_reason,
          consent_version, consent_language, consent_at, document_checked, purged_at)
        VALUES (@id, @iin, @phone, @iinMasked, @phoneMasked, @status, @centreId, @ticketId, @staffId, @deskId,
          @registrationId, @createdAt, @confirmedAt, @day, @replaces, @replacedBy, @endedAt, @revokeReason,
          @consentVersion, @consentLanguage, @consentAt, @documentChecked, @purgedAt)`),
      getBinding: db.prepare(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE id = ?`),
      activeForIin: db.prepare(`SELECT ${BINDING_COLUMNS} FROM bindings WHERE iin = ? AND status = 'active'`),
      bindingsForIin: db.prepare(
        `SELECT ${BINDING_COLUMNS} FROM bindings WHERE iin = ?
         ORDER BY status = 'active' DESC, confirmed_at DESC, rowid DESC`,
      ),
      linkReplacement: db.prepare('UPDATE bindings SET replaced_by = ? WHERE id = ?'),
      endBinding: db.prepare(`
        UPDATE bindings SET status = ?, ended_at = ?, replaced_by = ?, revoke_reason = ?
        WHERE id = ? AND status = 'active'`),
      insertOutbox: db.prepare(`
        INSERT INTO gateway_outbox (idempotency_key, binding_id, kind, payload, status, attempts, created_at,
          next_attempt_at, last_error, delivered_at)
        VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, NULL, NULL)`),
      dueOutbox: db.prepare(
        `SELECT ${OUTBOX_COLUMNS} FROM gateway_outbox WHERE status != 'delivered' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      ),
      nextOutboxAt: db
        .prepare(`SELECT min(next_attempt_at) FROM gateway_outbox WHERE status != 'delivered'`)
        .pluck(),
      latestOutboxFor: db.prepare(
        `SELECT ${OUTBOX_COLUMNS} FROM gateway_outbox WHERE binding_id = ? ORDER BY id DESC LIMIT 1`,
      ),
      getOutbox: db.prepare(`SELECT ${OUTBOX_COLUMNS} FROM gateway_outbox WHERE id = ?`),
      markDelivered: db.prepare(`
        UPDATE gateway_outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, payload = ?,
          last_error = NULL
        WHERE id = ? AND status != 'delivered'`),
      markRetry: db.prepare(`
        UPDATE gateway_outbox SET status = 'retrying', attempts = attempts + 1, next_attempt_at = ?, last_error = ?
        WHERE id = ? AND status != 'delivered'`),
      audit: db.prepare(`
        INSERT INTO registration_audit (at, day, staff_id, desk_id, action, binding_id, registration_id, old_value,
          new_value, detail)
        VALUES (@at, @day, @staffId, @deskId, @action, @bindingId, @registrationId, @oldValue, @newValue, @detail)`),
      auditBetween: db.prepare(
        `SELECT ${AUDIT_COLUMNS} FROM registration_audit WHERE day >= ? AND day <= ? ORDER BY id`,
      ),
      auditForBinding: db.prepare(
        `SELECT ${AUDIT_COLUMNS} FROM registration_audit WHERE binding_id = ? ORDER BY id`,
      ),
      figures: db.prepare(`
        SELECT staff_id AS staffId,
          count(*) AS started,
          sum(status = 'confirmed') AS confirmed,
          sum(status = 'failed') AS failed,
          sum(status = 'expired' OR (status = 'pending' AND expires_at <= @now)) AS expired,
          sum(status = 'pending' AND expires_at > @now) AS pending
        FROM registration_challenges WHERE day = @day GROUP BY staff_id ORDER BY staff_id`),
      purgeCandidates: db.prepare(`
        SELECT id, iin_masked AS iinMasked, phone_masked AS phoneMasked FROM bindings
        WHERE purged_at IS NULL AND (confirmed_at < @cutoff OR (status != 'active' AND ended_at < @cutoff))`),
      purgeBinding: db.prepare(
        'UPDATE bindings SET iin = NULL, phone_e164 = NULL, purged_at = ? WHERE id = ? AND purged_at IS NULL',
      ),
      purgeSubmissions: db.prepare('UPDATE mobile_citizen_submissions SET payload = ? WHERE binding_id = ?'),
    }
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE); everything or nothing is stored. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  /**
   * The database file, or null when it lives in memory: the desk keeps its fingerprint key beside the
   * file, never in it.
   */
  get file(): string | null {
    return this.db.memory ? null : this.db.name
  }

  findResult(principal: string, requestId: string): StoredAnswer | undefined {
    return this.statements.findResult.get(principal, requestId) as StoredAnswer | undefined
  }

  /** `fingerprint`: a keyed fingerprint (HMAC) of the payload, never a plain hash of personal data. */
  saveResult(result: {
    principal: string
    requestId: string
    ack: string
    at: number
    fingerprint: string
  }): void {
    const { principal, requestId, ack, at, fingerprint } = result
    this.statements.saveResult.run(principal, requestId, ack, at, fingerprint)
  }

  insertChallenge(row: ChallengeRow): void {
    this.statements.insertChallenge.run({ ...row, documentChecked: row.documentChecked ? 1 : 0 })
  }

  getChallenge(id: string): ChallengeRow | undefined {
    return challengeFromRow(this.statements.getChallenge.get(id) as Raw<ChallengeRow> | undefined)
  }

  pendingChallengesForIin(iin: string): ChallengeRow[] {
    return (this.statements.pendingForIin.all(iin) as Raw<ChallengeRow>[]).map(
      (row) => challengeFromRow(row)!,
    )
  }

  /** Pending challenges whose code ran out at or before `now`. */
  expiredPendingChallenges(now: number): ChallengeRow[] {
    return (this.statements.pendingExpired.all(now) as Raw<ChallengeRow>[]).map(
      (row) => challengeFromRow(row)!,
    )
  }

  recordSend(
    id: string,
    send: { sentAt: number; expiresAt: number; codeHash: Buffer; codeSalt: Buffer },
  ): void {
    this.statements.recordSend.run(send.sentAt, send.expiresAt, send.codeHash, send.codeSalt, id)
  }

  recordAttempts(id: string, attempts: number): void {
    this.statements.recordAttempts.run(attempts, id)
  }

  /** Ends a pending challenge and erases what it held: the full IIN and phone, and the code's hash. */
  finishChallenge(
    id: string,
    finish: {
      status: Exclude<ChallengeStatus, 'pending'>
      attempts: number
      at: number
      bindingId?: string | null
    },
  ): boolean {
    return (
      this.statements.finishChallenge.run(
        finish.status,
        finish.attempts,
        finish.at,
        finish.bindingId ?? null,
        id,
      ).changes === 1
    )
  }

  insertBinding(row: BindingRow): void {
    this.statements.insertBinding.run({ ...row, documentChecked: row.documentChecked ? 1 : 0 })
  }

  getBinding(id: string): BindingRow | undefined {
    return bindingFromRow(this.statements.getBinding.get(id) as Raw<BindingRow> | undefined)
  }

  activeBindingForIin(iin: string): BindingRow | undefined {
    return bindingFromRow(this.statements.activeForIin.get(iin) as Raw<BindingRow> | undefined)
  }

  /** Every binding still holding this IIN: the active one first, then the history, newest first. */
  bindingsForIin(iin: string): BindingRow[] {
    return (this.statements.bindingsForIin.all(iin) as Raw<BindingRow>[]).map((row) => bindingFromRow(row)!)
  }

  /** Marks an active binding replaced (by `replacedBy`) or revoked (with `reason`). */
  endBinding(
    id: string,
    end: { status: 'replaced' | 'revoked'; at: number; replacedBy?: string | null; reason?: string | null },
  ): boolean {
    return (
      this.statements.endBinding.run(end.status, end.at, end.replacedBy ?? null, end.reason ?? null, id)
        .changes === 1
    )
  }

  /** Points a replaced binding at its successor (after both rows exist). */
  linkReplacement(id: string, replacedBy: string): void {
    this.statements.linkReplacement.run(replacedBy, id)
  }

  insertOutbox(row: {
    idempotencyKey: string
    bindingId: string
    kind: string
    payload: string
    at: number
  }): void {
    this.statements.insertOutbox.run(row.idempotencyKey, row.bindingId, row.kind, row.payload, row.at, row.at)
  }

  dueOutbox(now: number, limit: number): OutboxRow[] {
    return this.statements.dueOutbox.all(now, limit) as OutboxRow[]
  }

  /** When the next undelivered submission is due, or null when all are delivered. */
  nextOutboxAt(): number | null {
    return (this.statements.nextOutboxAt.get() as number | null) ?? null
  }

  latestOutboxFor(bindingId: string): OutboxRow | undefined {
    return this.statements.latestOutboxFor.get(bindingId) as OutboxRow | undefined
  }

  getOutbox(id: number): OutboxRow | undefined {
    return this.statements.getOutbox.get(id) as OutboxRow | undefined
  }

  /** Delivered: the payload is replaced by its masked copy, which is all the hub needs from now on. */
  markDelivered(id: number, at: number, maskedPayload: string): boolean {
    return this.statements.markDelivered.run(at, maskedPayload, id).changes === 1
  }

  markRetry(id: number, nextAttemptAt: number, error: string): boolean {
    return this.statements.markRetry.run(nextAttemptAt, error, id).changes === 1
  }

  audit(entry: AuditEntry): void {
    this.statements.audit.run(entry)
  }

  /** Audit entries of the local days `fromDay` to `toDay` (inclusive), oldest first. */
  auditBetween(fromDay: string, toDay: string): AuditEntry[] {
    return this.statements.auditBetween.all(fromDay, toDay) as AuditEntry[]
  }

  auditForBinding(bindingId: string): AuditEntry[] {
    return this.statements.auditForBinding.all(bindingId) as AuditEntry[]
  }

  /** Registrations started on the local `day`, per staff member, and how they ended (as of `now`). */
  figures(day: string, now: number): StaffFigures[] {
    return (this.statements.figures.all({ day, now }) as StaffFigures[]).map((row) => ({
      staffId: row.staffId,
      started: row.started,
      confirmed: row.confirmed ?? 0,
      failed: row.failed ?? 0,
      expired: row.expired ?? 0,
      pending: row.pending ?? 0,
    }))
  }

  /** Bindings whose personal data is past `cutoff`: ended before it, or confirmed before it. */
  purgeCandidates(cutoff: number): PurgedBinding[] {
    return this.statements.purgeCandidates.all({ cutoff }) as PurgedBinding[]
  }

  /** Erases a binding's IIN and phone, here and in the local stand-in of the mobile-citizen database. */
  purgeBinding(binding: PurgedBinding, at: number): boolean {
    const changed = this.statements.purgeBinding.run(at, binding.id).changes === 1
    if (changed) {
      const masked = JSON.stringify({
        bindingId: binding.id,
        iin: binding.iinMasked,
        phone: binding.phoneMasked,
      })
      this.statements.purgeSubmissions.run(masked, binding.id)
    }
    return changed
  }
}
