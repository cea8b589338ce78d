/**
 * The storage contract of vault entries (SQLite migration 5, PostgreSQL migration 3), as both stores
 * keep it: one personal value per row, sealed (opaque text here) under a vault key, with its keyed hash
 * when its kind is looked up by value. A store implementing this never sees a plain value;
 * `entries.ts` seals on the way in and opens on the way out.
 *
 * Every call may answer at once (SQLite) or with a Promise (PostgreSQL), and each is one transaction.
 */
import type { Awaitable } from '../store/types'

/** A row as stored. */
export interface VaultEntryRecord {
  /** `ve_` and 16 base32 characters. */
  id: string
  kind: string
  /** Keyed hash of the value under `keyId`, for kinds looked up by value; null otherwise and once erased. */
  hash: string | null
  /** The value sealed under `keyId`, bound to `vault_entries:<id>:<kind>`; null once erased. */
  sealed: string | null
  /** The vault key of `sealed` and `hash`; null once erased. */
  keyId: string | null
  createdAt: number
  /** When the value was last put (a looked-up value put again moves it forward). */
  usedAt: number
  erasedAt: number | null
}

/** A new row: sealed and hashed already. */
export interface NewVaultEntry {
  id: string
  kind: string
  hash: string | null
  sealed: string
  keyId: string
  at: number
}

/** An entry the retention purge may take: not erased, not put since the cutoff. */
export interface UnusedVaultEntry {
  id: string
  kind: string
  createdAt: number
  usedAt: number
}

/** A row to seal again under another key (key rotation). */
export interface SealedEntryRef {
  id: string
  kind: string
  keyId: string
  sealed: string
}

/** The same row sealed again under `keyId`; applied only while the row is still under `fromKeyId`. */
export interface ResealedEntry {
  id: string
  fromKeyId: string
  keyId: string
  hash: string | null
  sealed: string
}

export interface VaultEntryRecords {
  /** Inserts a row (a kind that is never looked up: every value gets a row of its own). */
  insert(row: NewVaultEntry): Awaitable<void>
  /**
   * Find-or-create in one step, safe under concurrency: the id of the live entry of `row.kind` whose
   * hash is one of `hashes` (one per vault key), its `usedAt` moved forward to `row.at`; else inserts
   * `row` and returns its id.
   */
  insertUnlessFound(row: NewVaultEntry, hashes: readonly string[]): Awaitable<string>
  /** The id of the live entry of `kind` whose hash is one of `hashes`. */
  findByHash(kind: string, hashes: readonly string[]): Awaitable<string | undefined>
  get(id: string): Awaitable<VaultEntryRecord | undefined>
  /**
   * Erases hash, sealed value and key id of these entries (sets `erasedAt`); returns how many it erased.
   * With `unusedBefore`, only those still last put before it (one put again meanwhile is kept).
   */
  erase(ids: readonly string[], at: number, unusedBefore?: number): Awaitable<number>
  /** Live entries last put before `cutoff`, oldest use first, at most `limit`. */
  unusedBefore(cutoff: number, limit: number): Awaitable<UnusedVaultEntry[]>
  /** After an erasure: lets go of old page images where the store can (SQLite: a WAL checkpoint). */
  afterErasure(): Awaitable<void>

  /** Every key id some entry is sealed under, sorted. */
  keyIdsInUse(): Awaitable<string[]>
  /** Up to `limit` entries sealed under any key other than `keyId`, by id. */
  rowsNotUnder(keyId: string, limit: number): Awaitable<SealedEntryRef[]>
  /** Writes re-sealed rows in one transaction; a row no longer under its `fromKeyId` is left alone. */
  reseal(rows: readonly ResealedEntry[]): Awaitable<void>
}
