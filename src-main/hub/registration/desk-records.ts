/**
 * The registration desk's storage contract, as SQLite and PostgreSQL both keep it: the same rows as
 * `registration-rows.ts`, but with every personal field **sealed** (encrypted by the vault, opaque text
 * here) and the IIN findable only through a keyed hash. A store implementing this never sees a plain IIN
 * or phone number; `sealed-desk-store.ts` seals on the way in and opens on the way out.
 *
 * Every read may answer at once (SQLite) or with a Promise (PostgreSQL). Writes go in one transaction as
 * a batch: `transaction(tx => ...)` hands a writer whose methods return nothing; the batch is applied
 * (SQLite) or sent in one BEGIN…COMMIT (PostgreSQL) when the callback returns, and the returned value
 * settles once it is durable. Guards (`WHERE status = 'pending'`…) make a write that no longer applies a
 * no-op, never an error.
 */
import type { Awaitable } from '../store/types'
import type { StoredAnswer } from '../idempotency'
import type {
  AuditEntry,
  BindingRow,
  ChallengeRow,
  OutboxRow,
  PurgedBinding,
  StaffFigures,
} from './registration-rows'
import type { ChallengeStatus } from '../../../src-shared/registration/otp'

/**
 * The key id of a row written before the vault (SQLite migration 4 marks them): its "sealed" fields
 * hold plain text, and the hub seals them under the current key before the desk serves.
 */
export const PLAIN_KEY_ID = 'plain'

/** A row's personal fields as stored: sealed text under `keyId`, and the IIN's keyed hash for lookups. */
export interface SealedPersonal {
  /** HMAC of the IIN under `keyId`'s hash key; null once erased. */
  iinHash: string | null
  iinSealed: string | null
  phoneSealed: string | null
  /** The vault key that sealed the fields; null once they are erased. */
  keyId: string | null
}

export type ChallengeRecord = Omit<ChallengeRow, 'iin' | 'phone'> & SealedPersonal
export type BindingRecord = Omit<BindingRow, 'iin' | 'phone'> & SealedPersonal

/** An outbox row; `payload` is sealed under `keyId` until delivered, masked plain JSON (keyId null) after. */
export interface OutboxRecord extends OutboxRow {
  keyId: string | null
}

/** The tables whose rows hold sealed fields. */
export type SealedTable =
  | 'bindings'
  | 'registration_challenges'
  | 'gateway_outbox'
  | 'mobile_citizen_submissions'

/**
 * One row to re-seal (key rotation, or the first sealing of rows written before the vault): the sealed
 * fields it has. Bindings and challenges carry `iinSealed` and `phoneSealed`; the outbox and the local
 * submissions carry `payload`. The id is the row's key: `id` for bindings and challenges, the
 * idempotency key for the outbox and the submissions.
 */
export interface SealedRowRef {
  table: SealedTable
  id: string
  keyId: string
  iinSealed: string | null
  phoneSealed: string | null
  payload: string | null
}

/** The same row, sealed again under `keyId`; applied only if the row is still under `fromKeyId`. */
export interface ResealedRow {
  table: SealedTable
  id: string
  fromKeyId: string
  keyId: string
  iinHash: string | null
  iinSealed: string | null
  phoneSealed: string | null
  payload: string | null
}

/** The writes of one desk transaction. */
export interface DeskRecordWriter {
  saveResult(result: {
    principal: string
    requestId: string
    ack: string
    at: number
    fingerprint: string
  }): void
  insertChallenge(row: ChallengeRecord): void
  recordSend(
    id: string,
    send: { sentAt: number; expiresAt: number; codeHash: Buffer; codeSalt: Buffer },
  ): void
  recordAttempts(id: string, attempts: number): void
  /** Ends a pending challenge and erases its IIN hash, sealed fields, key id and code hash. */
  finishChallenge(
    id: string,
    finish: {
      status: Exclude<ChallengeStatus, 'pending'>
      attempts: number
      at: number
      bindingId?: string | null
    },
  ): void
  insertBinding(row: BindingRecord): void
  endBinding(
    id: string,
    end: { status: 'replaced' | 'revoked'; at: number; replacedBy?: string | null; reason?: string | null },
  ): void
  linkReplacement(id: string, replacedBy: string): void
  /** `payload` sealed under `keyId`. */
  insertOutbox(row: {
    idempotencyKey: string
    bindingId: string
    kind: string
    payload: string
    keyId: string
    at: number
  }): void
  audit(entry: AuditEntry): void
  /**
   * Erases a binding's IIN hash, sealed fields and key id (sets `purged_at`), and replaces the payload of
   * its local submissions with `maskedSubmission` (key id null). A no-op on a binding already purged.
   */
  purgeBinding(id: string, at: number, maskedSubmission: string): void
}

export interface DeskRecords {
  /** Applies `write`'s batch in one transaction; settles once it is durable, rejects (nothing stored) on failure. */
  transaction(write: (tx: DeskRecordWriter) => void): Awaitable<void>

  findResult(principal: string, requestId: string): Awaitable<StoredAnswer | undefined>
  getChallenge(id: string): Awaitable<ChallengeRecord | undefined>
  /** Pending challenges whose IIN hash is one of `iinHashes` (one hash per vault key). */
  pendingChallengesForIin(iinHashes: readonly string[]): Awaitable<ChallengeRecord[]>
  /** The newest challenge still pending at `deskId` whose code runs out after `now`, if any. */
  openChallengeAtDesk(deskId: string, now: number): Awaitable<ChallengeRecord | undefined>
  /** Pending challenges whose code ran out at or before `now`. */
  expiredPendingChallenges(now: number): Awaitable<ChallengeRecord[]>
  getBinding(id: string): Awaitable<BindingRecord | undefined>
  activeBindingForIin(iinHashes: readonly string[]): Awaitable<BindingRecord | undefined>
  /** Every binding whose IIN hash is one of these: the active one first, then newest confirmed first. */
  bindingsForIin(iinHashes: readonly string[]): Awaitable<BindingRecord[]>

  dueOutbox(now: number, limit: number): Awaitable<OutboxRecord[]>
  /** When the next undelivered submission is due, or null when all are delivered. */
  nextOutboxAt(): Awaitable<number | null>
  latestOutboxFor(bindingId: string): Awaitable<OutboxRecord | undefined>
  getOutbox(id: number): Awaitable<OutboxRecord | undefined>
  /** Delivered: the payload becomes the masked copy (plain JSON, key id null). False if already delivered. */
  markDelivered(id: number, at: number, maskedPayload: string): Awaitable<boolean>
  markRetry(id: number, nextAttemptAt: number, error: string): Awaitable<boolean>

  auditBetween(fromDay: string, toDay: string): Awaitable<AuditEntry[]>
  auditForBinding(bindingId: string): Awaitable<AuditEntry[]>
  figures(day: string, now: number): Awaitable<StaffFigures[]>
  purgeCandidates(cutoff: number): Awaitable<PurgedBinding[]>
  /**
   * After an erasure: lets go of old page images that may still hold what was erased (SQLite:
   * `wal_checkpoint(TRUNCATE)`; PostgreSQL: nothing the hub can do inside its transaction rules).
   */
  afterErasure(): Awaitable<void>

  /** The local stand-in of the mobile-citizen database: one row per idempotency key, payload sealed. */
  recordSubmission(row: {
    idempotencyKey: string
    bindingId: string
    kind: string
    payload: string
    keyId: string
    at: number
  }): Awaitable<void>
  /** Local submissions of one binding (tests and the byte scan read them). */
  submissionsFor(
    bindingId: string,
  ): Awaitable<Array<{ idempotencyKey: string; payload: string; keyId: string | null }>>

  /** Every key id some row is sealed under (PLAIN_KEY_ID included), sorted. */
  keyIdsInUse(): Awaitable<string[]>
  /** Up to `limit` rows sealed under any key other than `keyId` (PLAIN_KEY_ID rows first). */
  rowsNotUnder(keyId: string, limit: number): Awaitable<SealedRowRef[]>
  /** Writes re-sealed rows in one transaction; a row no longer under its `fromKeyId` is left alone. */
  reseal(rows: readonly ResealedRow[]): Awaitable<void>
  /** The check values of the vault keys this store has seen (key id → check), to catch a wrong key file. */
  keyChecks(): Awaitable<Record<string, string>>
  /** Remembers a key's check value (insert; an existing id keeps its first value). */
  saveKeyCheck(keyId: string, check: string): Awaitable<void>
}
