/**
 * Vault entries in the SQLite event store's file (migration 5), on the store's connection. Synchronous
 * like the store (every call answers at once, each write one BEGIN IMMEDIATE), except the puts, which are
 * written a turn of the event loop later, together (`insertUnlessFound`).
 */
import type Database from 'better-sqlite3'
import type {
  NewVaultEntry,
  ResealedEntry,
  SealedEntryRef,
  UnusedVaultEntry,
  VaultEntryRecord,
  VaultEntryRecords,
} from '../entry-records'

const ENTRY = `SELECT id, kind, hash, sealed, key_id AS keyId, created_at AS createdAt, used_at AS usedAt,
  erased_at AS erasedAt FROM vault_entries`
/** A list as one JSON array parameter: one prepared statement serves any number of values. */
const IN_LIST = 'IN (SELECT value FROM json_each(?))'

interface PendingPut {
  row: NewVaultEntry
  /** The value's keyed hashes under every key of the ring, as one JSON array. */
  hashes: string
  resolve(id: string): void
  reject(error: unknown): void
}

export class SqliteEntryRecords implements VaultEntryRecords {
  private readonly s

  constructor(private readonly db: Database.Database) {
    this.s = {
      insert: db.prepare(`
        INSERT INTO vault_entries (id, kind, hash, sealed, key_id, created_at, used_at, erased_at)
        VALUES (@id, @kind, @hash, @sealed, @keyId, @at, @at, NULL)`),
      find: db.prepare(`SELECT id FROM vault_entries WHERE kind = ? AND hash ${IN_LIST} LIMIT 1`).pluck(),
      used: db.prepare('UPDATE vault_entries SET used_at = max(used_at, ?) WHERE id = ?'),
      get: db.prepare(`${ENTRY} WHERE id = ?`),
      erase: db.prepare(`
        UPDATE vault_entries SET hash = NULL, sealed = NULL, key_id = NULL, erased_at = ?
        WHERE id ${IN_LIST} AND erased_at IS NULL AND used_at < ?`),
      unusedBefore: db.prepare(`
        SELECT id, kind, created_at AS createdAt, used_at AS usedAt FROM vault_entries
        WHERE erased_at IS NULL AND used_at < ? ORDER BY used_at, id LIMIT ?`),
      keyIdsInUse: db
        .prepare('SELECT DISTINCT key_id FROM vault_entries WHERE key_id IS NOT NULL ORDER BY key_id')
        .pluck(),
      rowsNotUnder: db.prepare(`
        SELECT id, kind, key_id AS keyId, sealed FROM vault_entries
        WHERE key_id IS NOT NULL AND key_id <> ? ORDER BY id LIMIT ?`),
      reseal: db.prepare(`
        UPDATE vault_entries SET key_id = @keyId, hash = @hash, sealed = @sealed
        WHERE id = @id AND key_id = @fromKeyId`),
    }
  }

  insert(row: NewVaultEntry): void {
    this.s.insert.run(row)
  }

  /**
   * Puts asked for in the same turn of the event loop are written together, in one transaction, in the
   * order they were asked (each finds what an earlier one inserted): with 50 integrations booking at
   * once, two transactions a booking were most of a booking's storage cost (bench 8).
   *
   * Without an fsync of its own (`synchronous = NORMAL` for this one transaction): an entry counts only
   * once the command that names it commits, and that commit (`synchronous = FULL`, the same WAL, written
   * in order) makes this entry's frames durable with its own. An entry lost to a power cut belongs to a
   * command that was never acknowledged; the retention purge takes such orphans.
   */
  insertUnlessFound(row: NewVaultEntry, hashes: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.writePending())
      this.pending.push({ row, hashes: JSON.stringify(hashes), resolve, reject })
    })
  }

  private pending: PendingPut[] = []

  private writePending(): void {
    const puts = this.pending
    this.pending = []
    let ids: string[]
    this.db.pragma('synchronous = NORMAL')
    try {
      ids = this.db.transaction(() => puts.map((put) => this.insertOrUse(put.row, put.hashes))).immediate()
    } catch (error) {
      for (const put of puts) put.reject(error)
      return
    } finally {
      this.db.pragma('synchronous = FULL')
    }
    puts.forEach((put, n) => put.resolve(ids[n]!))
  }

  private insertOrUse(row: NewVaultEntry, hashes: string): string {
    const found = this.s.find.get(row.kind, hashes) as string | undefined
    if (found === undefined) {
      this.s.insert.run(row)
      return row.id
    }
    this.s.used.run(row.at, found)
    return found
  }

  findByHash(kind: string, hashes: readonly string[]): string | undefined {
    return this.s.find.get(kind, JSON.stringify(hashes)) as string | undefined
  }

  get(id: string): VaultEntryRecord | undefined {
    return this.s.get.get(id) as VaultEntryRecord | undefined
  }

  erase(ids: readonly string[], at: number, unusedBefore = Number.MAX_SAFE_INTEGER): number {
    if (ids.length === 0) return 0
    return this.s.erase.run(at, JSON.stringify(ids), unusedBefore).changes
  }

  unusedBefore(cutoff: number, limit: number): UnusedVaultEntry[] {
    return this.s.unusedBefore.all(cutoff, limit) as UnusedVaultEntry[]
  }

  /**
   * Copies the WAL into the file and truncates it, so erased values do not linger in old frames
   * (`secure_delete` zeroes freed space in the file only). Best effort, as the desk's: a busy WAL is
   * covered by the next checkpoint.
   */
  afterErasure(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)')
    } catch {
      // Inside a transaction or with the file locked: the next checkpoint does the same work.
    }
  }

  keyIdsInUse(): string[] {
    return this.s.keyIdsInUse.all() as string[]
  }

  rowsNotUnder(keyId: string, limit: number): SealedEntryRef[] {
    return this.s.rowsNotUnder.all(keyId, limit) as SealedEntryRef[]
  }

  reseal(rows: readonly ResealedEntry[]): void {
    this.db
      .transaction(() => {
        for (const row of rows) this.s.reseal.run(row)
      })
      .immediate()
  }
}
