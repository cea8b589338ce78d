/**
 * The centre config's versions in the centre's own database (SQLite migration 7, PostgreSQL migration
 * 5): one row per change made on the admin screen, with who, when, which section, the section before and
 * after (the audit), and the whole config after it. The newest row is the centre's config from then on;
 * the config file only bootstraps a centre that has no row yet.
 *
 * Both implementations answer with Promises (the hub awaits either); the PostgreSQL one uses the store's
 * pool, so this module never loads `pg` itself.
 */
import type Database from 'better-sqlite3'
import type pg from 'pg'
import type { PostgresEventStore } from '../store/postgres-store'
import { inTransaction } from '../store/postgres-transaction'
import { isSqliteEventStore } from '../store/sqlite-store'
import type { AsyncEventStore } from '../store/types'

import type { ConfigAuditRow } from '../../../src-shared/config'

export type { ConfigAuditRow }

export interface NewConfigVersion extends Omit<ConfigAuditRow, 'version'> {
  /** The whole config after the change, as the file would hold it (hashes, never passwords). */
  config: unknown
}

export interface ConfigVersions {
  /** The newest stored config and its version; null while the file's config has never been changed. */
  latest(): Promise<{ version: number; config: unknown } | null>
  /** Stores a change in one transaction; answers its version once it is durable. */
  save(change: NewConfigVersion): Promise<number>
  /** The newest changes first. */
  audit(limit: number): Promise<ConfigAuditRow[]>
  /** The changes made at `fromAt` ≤ at < `toAt` (epoch ms), oldest first. */
  between(fromAt: number, toAt: number): Promise<ConfigAuditRow[]>
}

/** The versions in `store`'s own database; null for any other store (tests' in-memory stores). */
export function openConfigVersions(store: AsyncEventStore): ConfigVersions | null {
  if (isSqliteEventStore(store)) return new SqliteConfigVersions(store.db)
  // Not `isPostgresEventStore`: importing postgres-store would load `pg` into every SQLite hub.
  if ('deskConnection' in store && 'centreId' in store) {
    const { pool, centreId } = (store as PostgresEventStore).deskConnection()
    return new PostgresConfigVersions(pool, centreId)
  }
  return null
}

interface SqliteRow {
  version: number
  at: number
  by: string
  section: string
  before: string
  after: string
}

export class SqliteConfigVersions implements ConfigVersions {
  constructor(private readonly db: Database.Database) {}

  latest(): Promise<{ version: number; config: unknown } | null> {
    const row = this.db
      .prepare('SELECT version, config FROM config_versions ORDER BY version DESC LIMIT 1')
      .get() as { version: number; config: string } | undefined
    return Promise.resolve(row ? { version: row.version, config: JSON.parse(row.config) } : null)
  }

  async save(change: NewConfigVersion): Promise<number> {
    const result = this.db
      .prepare(
        `INSERT INTO config_versions (version, at, by_staff, section, before, after, config)
         VALUES ((SELECT coalesce(max(version), 0) + 1 FROM config_versions), ?, ?, ?, ?, ?, ?)
         RETURNING version`,
      )
      .pluck()
      .get(
        change.at,
        change.by,
        change.section,
        JSON.stringify(change.before),
        JSON.stringify(change.after),
        JSON.stringify(change.config),
      ) as number
    return Promise.resolve(result)
  }

  audit(limit: number): Promise<ConfigAuditRow[]> {
    const rows = this.db
      .prepare(
        `SELECT version, at, by_staff AS by, section, before, after FROM config_versions
         ORDER BY version DESC LIMIT ?`,
      )
      .all(limit) as SqliteRow[]
    return Promise.resolve(
      rows.map((row) => ({ ...row, before: JSON.parse(row.before), after: JSON.parse(row.after) })),
    )
  }

  between(fromAt: number, toAt: number): Promise<ConfigAuditRow[]> {
    const rows = this.db
      .prepare(
        `SELECT version, at, by_staff AS by, section FROM config_versions
         WHERE at >= ? AND at < ? ORDER BY version`,
      )
      .all(fromAt, toAt) as Array<Omit<SqliteRow, 'before' | 'after'>>
    // The audit export names the section only: its contents stay on the admin's screen.
    return Promise.resolve(rows.map((row) => ({ ...row, before: null, after: null })))
  }
}

export class PostgresConfigVersions implements ConfigVersions {
  constructor(
    private readonly pool: pg.Pool,
    private readonly centreId: string,
  ) {}

  async latest(): Promise<{ version: number; config: unknown } | null> {
    const { rows } = await this.pool.query<{ version: string; config: unknown }>(
      `SELECT version, config FROM kezek_config_versions WHERE centre_id = $1
       ORDER BY version DESC LIMIT 1`,
      [this.centreId],
    )
    const row = rows[0]
    return row ? { version: Number(row.version), config: row.config } : null
  }

  async save(change: NewConfigVersion): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      // One change at a time per centre: the next version number is taken under this lock.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`config:${this.centreId}`])
      const { rows } = await client.query<{ version: string }>(
        `INSERT INTO kezek_config_versions (centre_id, version, at, by_staff, section, before, after, config)
         VALUES ($1, (SELECT coalesce(max(version), 0) + 1 FROM kezek_config_versions WHERE centre_id = $1),
           $2, $3, $4, $5, $6, $7)
         RETURNING version`,
        [
          this.centreId,
          change.at,
          change.by,
          change.section,
          JSON.stringify(change.before),
          JSON.stringify(change.after),
          JSON.stringify(change.config),
        ],
      )
      return Number(rows[0]!.version)
    })
  }

  async audit(limit: number): Promise<ConfigAuditRow[]> {
    const { rows } = await this.pool.query<{
      version: string
      at: string
      by: string
      section: string
      before: unknown
      after: unknown
    }>(
      `SELECT version, at, by_staff AS by, section, before, after FROM kezek_config_versions
       WHERE centre_id = $1 ORDER BY version DESC LIMIT $2`,
      [this.centreId, limit],
    )
    return rows.map((row) => ({ ...row, version: Number(row.version), at: Number(row.at) }))
  }

  async between(fromAt: number, toAt: number): Promise<ConfigAuditRow[]> {
    const { rows } = await this.pool.query<{ version: string; at: string; by: string; section: string }>(
      `SELECT version, at, by_staff AS by, section FROM kezek_config_versions
       WHERE centre_id = $1 AND at >= $2 AND at < $3 ORDER BY version`,
      [this.centreId, fromAt, toAt],
    )
    return rows.map((row) => ({
      ...row,
      version: Number(row.version),
      at: Number(row.at),
      before: null,
      after: null,
    }))
  }
}
