/**
 * The device pairing codes not yet used, in the centre's own database (SQLite migration 8, PostgreSQL
 * migration 6), so a hub restarted between the admin's "pair" and the device's `/pair` still knows the
 * code. A row holds the SHA-256 of the code, never the code: someone who reads the database cannot pair
 * a device with what they find there (a code has about 40 bits and lives 10 minutes, so an unsalted hash
 * is enough; the hub keeps no secret of its own to key it with). Taking a code deletes its row in one
 * statement, so of two redeems of one code, at the same time or not, exactly one gets it.
 *
 * Both implementations answer with Promises; the PostgreSQL one uses the store's pool, so this module
 * never loads `pg` itself. A store without tables (tests' in-memory stores) keeps the codes in memory.
 */
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type pg from 'pg'
import type { PostgresEventStore } from '../store/postgres-store'
import { inTransaction } from '../store/postgres-transaction'
import { isSqliteEventStore } from '../store/sqlite-store'
import type { AsyncEventStore } from '../store/types'

export interface PendingCode {
  deviceId: string
  /** The admin who asked for the code: the key change is theirs in the audit. */
  by: string
  expiresAt: number
}

export interface PairingCodes {
  /**
   * Stores a new code for `pending.deviceId`, dropping that device's earlier codes and every expired
   * one. False (nothing stored) when the code is already taken: the caller draws another.
   */
  add(code: string, pending: PendingCode, now: number): Promise<boolean>
  /** The code's row, deleted as it is read; undefined when unknown, used or expired (`expiresAt` ≤ now). */
  take(code: string, now: number): Promise<PendingCode | undefined>
  /** Drops every code of a device (a removed device). */
  forget(deviceId: string): Promise<void>
}

/** What a row stores instead of the code. */
export function hashPairingCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex')
}

/** The codes in `store`'s own database; in memory for any other store. */
export function openPairingCodes(store: AsyncEventStore): PairingCodes {
  if (isSqliteEventStore(store)) return new SqlitePairingCodes(store.db)
  // Not `isPostgresEventStore`: importing postgres-store would load `pg` into every SQLite hub.
  if ('deskConnection' in store && 'centreId' in store) {
    const { pool, centreId } = (store as PostgresEventStore).deskConnection()
    return new PostgresPairingCodes(pool, centreId)
  }
  return new MemoryPairingCodes()
}

interface Row {
  device_id: string
  by_staff: string
  expires_at: number | string
}

const pendingOf = (row: Row | undefined): PendingCode | undefined =>
  row && { deviceId: row.device_id, by: row.by_staff, expiresAt: Number(row.expires_at) }

export class SqlitePairingCodes implements PairingCodes {
  readonly #add: (code: string, pending: PendingCode, now: number) => boolean
  readonly #sweep: Database.Statement<[number]>
  readonly #take: Database.Statement<[string]>
  readonly #forget: Database.Statement<[string]>

  constructor(db: Database.Database) {
    const sweepFor = db.prepare<[number, string]>(
      'DELETE FROM pairing_codes WHERE expires_at <= ? OR device_id = ?',
    )
    const insert = db.prepare<[string, string, string, number]>(
      `INSERT INTO pairing_codes (code_hash, device_id, by_staff, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (code_hash) DO NOTHING`,
    )
    this.#add = db.transaction((code: string, pending: PendingCode, now: number) => {
      sweepFor.run(now, pending.deviceId)
      return insert.run(hashPairingCode(code), pending.deviceId, pending.by, pending.expiresAt).changes === 1
    })
    this.#sweep = db.prepare('DELETE FROM pairing_codes WHERE expires_at <= ?')
    this.#take = db.prepare(
      'DELETE FROM pairing_codes WHERE code_hash = ? RETURNING device_id, by_staff, expires_at',
    )
    this.#forget = db.prepare('DELETE FROM pairing_codes WHERE device_id = ?')
  }

  add(code: string, pending: PendingCode, now: number): Promise<boolean> {
    return Promise.resolve(this.#add(code, pending, now))
  }

  take(code: string, now: number): Promise<PendingCode | undefined> {
    this.#sweep.run(now)
    return Promise.resolve(pendingOf(this.#take.get(hashPairingCode(code)) as Row | undefined))
  }

  forget(deviceId: string): Promise<void> {
    this.#forget.run(deviceId)
    return Promise.resolve()
  }
}

export class PostgresPairingCodes implements PairingCodes {
  constructor(
    private readonly pool: pg.Pool,
    private readonly centreId: string,
  ) {}

  add(code: string, pending: PendingCode, now: number): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query(
        `DELETE FROM kezek_pairing_codes WHERE centre_id = $1 AND (expires_at <= $2 OR device_id = $3)`,
        [this.centreId, now, pending.deviceId],
      )
      const { rowCount } = await client.query(
        `INSERT INTO kezek_pairing_codes (centre_id, code_hash, device_id, by_staff, expires_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (centre_id, code_hash) DO NOTHING`,
        [this.centreId, hashPairingCode(code), pending.deviceId, pending.by, pending.expiresAt],
      )
      return rowCount === 1
    })
  }

  async take(code: string, now: number): Promise<PendingCode | undefined> {
    await this.pool.query('DELETE FROM kezek_pairing_codes WHERE centre_id = $1 AND expires_at <= $2', [
      this.centreId,
      now,
    ])
    // A second DELETE of the same row waits for the first to commit, then finds nothing to delete.
    const { rows } = await this.pool.query<Row>(
      `DELETE FROM kezek_pairing_codes WHERE centre_id = $1 AND code_hash = $2
       RETURNING device_id, by_staff, expires_at`,
      [this.centreId, hashPairingCode(code)],
    )
    return pendingOf(rows[0])
  }

  async forget(deviceId: string): Promise<void> {
    await this.pool.query('DELETE FROM kezek_pairing_codes WHERE centre_id = $1 AND device_id = $2', [
      this.centreId,
      deviceId,
    ])
  }
}

/** For stores without tables: the codes last as long as the process. */
export class MemoryPairingCodes implements PairingCodes {
  readonly #codes = new Map<string, PendingCode>()

  add(code: string, pending: PendingCode, now: number): Promise<boolean> {
    for (const [hash, row] of this.#codes) {
      if (row.expiresAt <= now || row.deviceId === pending.deviceId) this.#codes.delete(hash)
    }
    const hash = hashPairingCode(code)
    if (this.#codes.has(hash)) return Promise.resolve(false)
    this.#codes.set(hash, { ...pending })
    return Promise.resolve(true)
  }

  take(code: string, now: number): Promise<PendingCode | undefined> {
    const hash = hashPairingCode(code)
    const row = this.#codes.get(hash)
    this.#codes.delete(hash)
    return Promise.resolve(row && row.expiresAt > now ? row : undefined)
  }

  forget(deviceId: string): Promise<void> {
    for (const [hash, row] of this.#codes) if (row.deviceId === deviceId) this.#codes.delete(hash)
    return Promise.resolve()
  }
}
