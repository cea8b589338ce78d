import type { EventEnvelope } from '../../../src-shared/domain/types'

/** The outcome of one command, kept so that a retry with the same request id gets the same answer. */
export interface StoredResult {
  /** Who sent the command (`staff:<id>`, `device:<id>`): request ids are unique per principal. */
  principal: string
  requestId: string
  /** The ack sent to the client, as JSON text. */
  ack: string
  /** `commandFingerprint` of the command's payload: a retry must send the same payload. */
  fingerprint: string
  /** When the command was decided (epoch ms). */
  at: number
}

/** One group commit: every event and result of the commands that arrived together. */
export interface CommitBatch {
  events: EventEnvelope[]
  results: StoredResult[]
}

export interface StaffSessionRow {
  tokenHash: string
  staffId: string
  createdAt: number
  expiresAt: number
}

/**
 * Durable storage of one centre's event log. Implementations: SQLite (embedded default), later
 * PostgreSQL. All methods are synchronous for SQLite; a PostgreSQL store will need an async twin.
 */
export interface EventStore {
  /** Appends a batch in one transaction; returns only after the commit is durable. Throws on failure. */
  commit(batch: CommitBatch): void
  /** The highest seq stored, 0 when empty. */
  lastSeq(): number
  /**
   * The events needed to rebuild the current state: from the newest `day:opened` event on
   * (or from the start when there is none), in seq order.
   */
  eventsOfCurrentDay(): EventEnvelope[]
  /** Up to `limit` events with seq > `afterSeq`, in seq order. */
  eventsAfter(afterSeq: number, limit: number): EventEnvelope[]
  /** A stored result for this principal and request id, if any (fingerprint null for old rows). */
  findResult(principal: string, requestId: string): { ack: string; fingerprint: string | null } | undefined
  /** Drops results older than `before` (epoch ms); returns how many. */
  pruneResults(before: number): number
  saveSession(session: StaffSessionRow): void
  findSession(tokenHash: string): StaffSessionRow | undefined
  deleteSession(tokenHash: string): void
  /** Drops sessions that expired before `before` (epoch ms); returns how many. */
  pruneSessions(before: number): number
  close(): void
}
