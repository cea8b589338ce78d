/**
 * The PostgreSQL event store: the same contract as the SQLite store, answered with Promises, for hubs
 * whose centres share one database (and, in a later step, several hub instances per centre).
 *
 * One database holds many centres: every table is keyed by `centre_id` first. A commit is one
 * transaction that first takes `pg_advisory_xact_lock` on the centre (the single writer per centre),
 * then checks that the log ends where this hub expects; another writer's events make it fail, as in
 * the SQLite store. Durable means COMMIT has returned with `synchronous_commit` on (checked at opening).
 */
import pg from 'pg'
import {
  changedByAnotherWriter,
  checkBatchContinues,
  checkPageLimit,
  parseEventRows,
  type EventLogName,
  type StoredEventRow,
} from './event-rows'
import { postgresMigrations, type PostgresMigration } from './postgres-migrations'
import { inTransaction } from './postgres-transaction'
import { describePostgresUrl, StoreOpenError } from './postgres-url'
import type { AsyncEventStore, CommitBatch, StaffSessionRow } from './types'

/** Taken by every hub while it migrates, so two hubs starting at once do not both apply one. */
const MIGRATION_LOCK_KEY = 'kezek:migrations'

export interface PostgresEventStore extends AsyncEventStore {
  readonly centreId: string
  /** The URL without its password, for logs and errors. */
  readonly where: string
  commit(batch: CommitBatch): Promise<void>
  close(): Promise<void>
  /**
   * The pool and centre under the store, for the registration desk's tables (`registration/records`):
   * they live in the same database, keyed by the same centre, and close with the store.
   */
  deskConnection(): { pool: pg.Pool; centreId: string }
}

export function isPostgresEventStore(store: AsyncEventStore): store is PostgresEventStore {
  return 'deskConnection' in store && 'centreId' in store
}

export interface PostgresStoreOptions {
  /** Whose log this store reads and writes (the centre config's `centre.id`). */
  centreId: string
  /** Connections kept open: one commits at a time, the others serve lookups. Default 4. */
  poolSize?: number
  /** How long to wait for a connection before failing. Default 5 s. */
  connectTimeoutMs?: number
}

/**
 * Connects, checks that commits will be durable, applies the migrations and reads where the centre's
 * log ends. Rejects with one line naming the server and what is wrong (unreachable, authentication,
 * missing database, a schema newer than this code).
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions,
): Promise<PostgresEventStore> {
  const where = describePostgresUrl(url)
  if (!options.centreId) throw new Error('openPostgresStore needs the centre id')
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    application_name: `kezek-hub ${options.centreId}`,
  })
  // An idle connection the server closed (a restart, a network cut) must not crash the hub; the next
  // query gets a new connection, and a commit that fails on it stops the hub as any failed commit does.
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    try {
      const sync = (await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit')).rows[0]
      if (sync?.synchronous_commit === 'off') {
        throw new Error(
          'synchronous_commit is off for this connection; Kezek acknowledges only durable commits, so set it on',
        )
      }
      await migrate(client, postgresMigrations)
    } finally {
      client.release()
    }
    const last = await maxSeq(pool, options.centreId)
    return createStore(pool, where, options.centreId, last)
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw new StoreOpenError(`Cannot open the PostgreSQL store at ${where}: ${reasonOf(error)}`, {
      cause: error,
    })
  }
}

/** What went wrong, in one line an operator can act on. */
function reasonOf(error: unknown): string {
  const e = error as { code?: string; message?: string; errors?: unknown[] }
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'nothing accepts connections there (is PostgreSQL running, on that host and port?)'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve'
    case '28P01':
    case '28000':
      return `authentication failed (${e.message})`
    case '3D000':
      return `${e.message} (create it first: createdb)`
  }
  if (e.message === undefined && Array.isArray(e.errors) && e.errors.length > 0) return reasonOf(e.errors[0])
  return (e.message ?? String(error)).split('\n')[0]!
}

async function maxSeq(db: pg.Pool | pg.PoolClient, centreId: string): Promise<number> {
  const { rows } = await db.query<{ seq: string | null }>(
    'SELECT max(seq) AS seq FROM kezek_events WHERE centre_id = $1',
    [centreId],
  )
  return Number(rows[0]?.seq ?? 0)
}

async function migrate(client: pg.PoolClient, list: readonly PostgresMigration[]): Promise<void> {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}`)
  })
  const known = list.length
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [MIGRATION_LOCK_KEY])
    await client.query(`
      CREATE TABLE IF NOT EXISTS kezek_schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at bigint NOT NULL
      )`)
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM kezek_schema_migrations',
    )
    const current = rows[0]?.version ?? 0
    if (current > known) {
      throw new Error(
        `the database has Kezek schema version ${current}, but this version of Kezek knows only up to ${known}; upgrade Kezek`,
      )
    }
    for (const m of list) {
      if (m.version <= current) continue
      await client.query(m.sql)
      await client.query(
        'INSERT INTO kezek_schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [m.version, m.name, Date.now()],
      )
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  }
}

function createStore(pool: pg.Pool, where: string, centreId: string, initialSeq: number): PostgresEventStore {
  let last = initialSeq
  let closed: Promise<void> | null = null

  const log: EventLogName = { where, centreId }
  // jsonb arrives parsed; the checks are the SQLite store's (event-rows.ts), so are the messages.
  const parseRows = (rows: StoredEventRow[]) => parseEventRows(log, 'parsed', rows)

  function writeBatch(batch: CommitBatch): Promise<void> {
    return inTransaction(pool, async (client) => {
      // The single writer per centre: a second hub's commit waits here until this one has finished.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `kezek:centre:${centreId}`,
      ])
      // A statement of its own, after the lock: in READ COMMITTED each statement sees what was committed
      // before it started, so this sees every commit the lock waited for.
      const stored = await maxSeq(client, centreId)
      if (stored !== last) throw changedByAnotherWriter(log, stored, last)
      if (batch.events.length > 0) {
        await client.query(
          `INSERT INTO kezek_events (centre_id, seq, type, at, data)
           SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::jsonb[])`,
          [
            centreId,
            batch.events.map((e) => e.seq),
            batch.events.map((e) => e.type),
            batch.events.map((e) => e.at),
            batch.events.map((e) => JSON.stringify(e)),
          ],
        )
      }
      if (batch.results.length > 0) {
        await client.query(
          `INSERT INTO kezek_command_results (centre_id, principal, request_id, ack, at, fingerprint)
           SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])`,
          [
            centreId,
            batch.results.map((r) => r.principal),
            batch.results.map((r) => r.requestId),
            batch.results.map((r) => r.ack),
            batch.results.map((r) => r.at),
            batch.results.map((r) => r.fingerprint),
          ],
        )
      }
    })
  }

  return {
    centreId,
    where,

    async commit(batch) {
      if (!checkBatchContinues(last, batch)) return
      await writeBatch(batch)
      last += batch.events.length
    },

    lastSeq() {
      return last
    },

    async eventsOfCurrentDay() {
      const { rows } = await pool.query<StoredEventRow>(
        `SELECT seq, type, data FROM kezek_events
         WHERE centre_id = $1 AND seq >= coalesce(
           (SELECT max(seq) FROM kezek_events WHERE centre_id = $1 AND type = 'day:opened'), 1)
         ORDER BY seq`,
        [centreId],
      )
      return parseRows(rows)
    },

    async eventsAfter(afterSeq, limit) {
      checkPageLimit(limit)
      const { rows } = await pool.query<StoredEventRow>(
        'SELECT seq, type, data FROM kezek_events WHERE centre_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [centreId, afterSeq, limit],
      )
      return parseRows(rows)
    },

    async findResult(principal, requestId) {
      const { rows } = await pool.query<{ ack: string; fingerprint: string | null }>(
        `SELECT ack, fingerprint FROM kezek_command_results
         WHERE centre_id = $1 AND principal = $2 AND request_id = $3`,
        [centreId, principal, requestId],
      )
      return rows[0]
    },

    async pruneResults(before) {
      const result = await pool.query('DELETE FROM kezek_command_results WHERE centre_id = $1 AND at < $2', [
        centreId,
        before,
      ])
      return result.rowCount ?? 0
    },

    async saveSession(session: StaffSessionRow) {
      await pool.query(
        `INSERT INTO kezek_staff_sessions (centre_id, token_hash, staff_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (centre_id, token_hash) DO UPDATE SET
           staff_id = excluded.staff_id, created_at = excluded.created_at, expires_at = excluded.expires_at`,
        [centreId, session.tokenHash, session.staffId, session.createdAt, session.expiresAt],
      )
    },

    async findSession(tokenHash) {
      const { rows } = await pool.query<{
        token_hash: string
        staff_id: string
        created_at: string
        expires_at: string
      }>(
        `SELECT token_hash, staff_id, created_at, expires_at FROM kezek_staff_sessions
         WHERE centre_id = $1 AND token_hash = $2`,
        [centreId, tokenHash],
      )
      const row = rows[0]
      if (!row) return undefined
      return {
        tokenHash: row.token_hash,
        staffId: row.staff_id,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      }
    },

    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM kezek_staff_sessions WHERE centre_id = $1 AND token_hash = $2', [
        centreId,
        tokenHash,
      ])
    },

    async deleteSessionsOf(staffId) {
      const result = await pool.query(
        'DELETE FROM kezek_staff_sessions WHERE centre_id = $1 AND staff_id = $2',
        [centreId, staffId],
      )
      return result.rowCount ?? 0
    },

    async pruneSessions(before) {
      const result = await pool.query(
        'DELETE FROM kezek_staff_sessions WHERE centre_id = $1 AND expires_at < $2',
        [centreId, before],
      )
      return result.rowCount ?? 0
    },

    deskConnection() {
      return { pool, centreId }
    },

    close() {
      closed ??= pool.end()
      return closed
    },
  }
}
