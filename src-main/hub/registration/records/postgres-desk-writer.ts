/**
 * What a PostgreSQL desk transaction writes: the statements of `DeskRecordWriter` and of `reseal`, each
 * with its guard, collected for `PostgresDeskRecords` to send in one BEGIN…COMMIT. `$1` is always the
 * centre; the runner puts it first.
 */
import type { DeskRecordWriter, ResealedRow } from '../desk-records'
import {
  AUDIT_INSERT_FIELDS,
  BINDING_FIELDS,
  CHALLENGE_FIELDS,
  columnList,
  SEALED_ROW,
  valuesOf,
} from './desk-columns'

/** One statement, its values without the centre (`$1`). */
export interface Statement {
  text: string
  values: unknown[]
}

/** `$1, $2, …`: `count` placeholders. */
function placeholders(count: number): string {
  return Array.from({ length: count }, (_, i) => `$${i + 1}`).join(', ')
}

/** The key the centre's row goes in first, then the record's fields. */
function insertSql(table: string, fields: readonly string[]): string {
  return `INSERT INTO ${table} (centre_id, ${columnList(fields)}) VALUES (${placeholders(fields.length + 1)})`
}

const asIs = (value: boolean) => value

/** Bindings carry their centre as a field; it is the key column, written first like every table's. */
const BINDING_INSERT_FIELDS = BINDING_FIELDS.filter((field) => field !== 'centreId')

/**
 * The writes of one transaction, collected in order; nothing reaches the database until it returns.
 * `push` puts the centre first: `$1` is the centre in every statement.
 */
export function writerOf(push: (text: string, values: unknown[]) => void): DeskRecordWriter {
  return {
    saveResult({ principal, requestId, ack, at, fingerprint }) {
      push(
        `INSERT INTO kezek_command_results (centre_id, principal, request_id, ack, at, fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [principal, requestId, ack, at, fingerprint],
      )
    },
    insertChallenge(row) {
      push(
        insertSql('kezek_registration_challenges', CHALLENGE_FIELDS),
        valuesOf(CHALLENGE_FIELDS, row, asIs),
      )
    },
    recordSend(id, { sentAt, expiresAt, codeHash, codeSalt }) {
      push(
        `UPDATE kezek_registration_challenges
         SET sent_at = $3, expires_at = $4, code_hash = $5, code_salt = $6, sends = sends + 1
         WHERE centre_id = $1 AND id = $2 AND status = 'pending'`,
        [id, sentAt, expiresAt, codeHash, codeSalt],
      )
    },
    recordAttempts(id, attempts) {
      push(
        `UPDATE kezek_registration_challenges SET attempts = $3
         WHERE centre_id = $1 AND id = $2 AND status = 'pending'`,
        [id, attempts],
      )
    },
    finishChallenge(id, finish) {
      push(
        `UPDATE kezek_registration_challenges
         SET status = $3, attempts = $4, finished_at = $5, binding_id = $6, iin_hash = NULL, iin_sealed = NULL,
           phone_sealed = NULL, key_id = NULL, code_hash = NULL, code_salt = NULL
         WHERE centre_id = $1 AND id = $2 AND status = 'pending'`,
        [id, finish.status, finish.attempts, finish.at, finish.bindingId ?? null],
      )
    },
    insertBinding(row) {
      push(insertSql('kezek_bindings', BINDING_INSERT_FIELDS), valuesOf(BINDING_INSERT_FIELDS, row, asIs))
    },
    endBinding(id, end) {
      push(
        `UPDATE kezek_bindings SET status = $3, ended_at = $4, replaced_by = $5, revoke_reason = $6
         WHERE centre_id = $1 AND id = $2 AND status = 'active'`,
        [id, end.status, end.at, end.replacedBy ?? null, end.reason ?? null],
      )
    },
    linkReplacement(id, replacedBy) {
      push('UPDATE kezek_bindings SET replaced_by = $3 WHERE centre_id = $1 AND id = $2', [id, replacedBy])
    },
    insertOutbox(row) {
      push(
        `INSERT INTO kezek_gateway_outbox (centre_id, idempotency_key, binding_id, kind, payload, key_id, status,
           attempts, created_at, next_attempt_at, last_error, delivered_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, NULL, NULL)`,
        [row.idempotencyKey, row.bindingId, row.kind, row.payload, row.keyId, row.at],
      )
    },
    audit(entry) {
      push(
        insertSql('kezek_registration_audit', AUDIT_INSERT_FIELDS),
        valuesOf(AUDIT_INSERT_FIELDS, entry, asIs),
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
        [id, at, maskedSubmission],
      )
    },
  }
}

/** One guarded UPDATE per sealed row: it applies only while the row is still under `fromKeyId`. */
export function resealStatement(row: ResealedRow): Statement {
  const { id, personal } = SEALED_ROW[row.table]
  const where = `WHERE centre_id = $1 AND ${id} = $2 AND key_id = $3`
  return personal
    ? {
        text: `UPDATE kezek_${row.table} SET key_id = $4, iin_hash = $5, iin_sealed = $6, phone_sealed = $7 ${where}`,
        values: [row.id, row.fromKeyId, row.keyId, row.iinHash, row.iinSealed, row.phoneSealed],
      }
    : {
        text: `UPDATE kezek_${row.table} SET key_id = $4, payload = $5 ${where}`,
        values: [row.id, row.fromKeyId, row.keyId, row.payload],
      }
}
