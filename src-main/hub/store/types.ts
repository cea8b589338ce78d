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

/** A value now, or a Promise of it: what an `AsyncEventStore` method returns. */
export type Awaitable<T> = T | Promise<T>

/** True when `value` will arrive later (a store that answers asynchronously). */
export function isPromiseLike<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function'
}

/**
 * Durable storage of one centre's event log, as the hub uses it. Every method may answer at once (the
 * SQLite store: an `EventStore` is an `AsyncEventStore`) or with a Promise (PostgreSQL). The engine
 * awaits only what is a Promise, so a synchronous store costs no extra tick per command.
 */
export interface AsyncEventStore {
  /**
   * Appends a batch in one transaction; answers only after the commit is durable. Fails (throws or
   * rejects) when the log does not continue where this store expects it, or when storage fails.
   */
  commit(batch: CommitBatch): Awaitable<void>
  /** The highest seq this store has stored (kept in memory, so always synchronous), 0 when empty. */
  lastSeq(): number
  /**
   * The events needed to rebuild the current state: from the newest `day:opened` event on
   * (or from the start when there is none), in seq order.
   */
  eventsOfCurrentDay(): Awaitable<EventEnvelope[]>
  /** Up to `limit` events with seq > `afterSeq`, in seq order. */
  eventsAfter(afterSeq: number, limit: number): Awaitable<EventEnvelope[]>
  /** A stored result for this principal and request id, if any (fingerprint null for old rows). */
  findResult(
    principal: string,
    requestId: string,
  ): Awaitable<{ ack: string; fingerprint: string | null } | undefined>
  /** Drops results older than `before` (epoch ms); returns how many. */
  pruneResults(before: number): Awaitable<number>
  saveSession(session: StaffSessionRow): Awaitable<void>
  findSession(tokenHash: string): Awaitable<StaffSessionRow | undefined>
  deleteSession(tokenHash: string): Awaitable<void>
  /** Ends every session of one staff member (they set a new password); returns how many. */
  deleteSessionsOf(staffId: string): Awaitable<number>
  /** Drops sessions that expired before `before` (epoch ms); returns how many. */
  pruneSessions(before: number): Awaitable<number>
  close(): Awaitable<void>
}

/**
 * A store that answers every call synchronously (SQLite, with better-sqlite3): the embedded default.
 * Code that needs the answer in the same tick (maintenance tools, tests) asks for this type; the hub
 * itself takes any `AsyncEventStore`.
 */
export interface EventStore extends AsyncEventStore {
  commit(batch: CommitBatch): void
  eventsOfCurrentDay(): EventEnvelope[]
  eventsAfter(afterSeq: number, limit: number): EventEnvelope[]
  findResult(principal: string, requestId: string): { ack: string; fingerprint: string | null } | undefined
  pruneResults(before: number): number
  saveSession(session: StaffSessionRow): void
  findSession(tokenHash: string): StaffSessionRow | undefined
  deleteSession(tokenHash: string): void
  deleteSessionsOf(staffId: string): number
  pruneSessions(before: number): number
  close(): void
}
