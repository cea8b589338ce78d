import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import {
  changedByAnotherWriter,
  checkBatchContinues,
  checkPageLimit,
  parseEventRows,
  type EventLogName,
  type StoredEventRow,
} from './event-rows'
import { migrations, type SqliteMigration } from './sqlite-migrations'
import type { AsyncEventStore, CommitBatch, EventStore, StaffSessionRow } from './types'

export const DEFAULT_DB_FILE_NAME = 'kezek.sqlite'

const BUSY_TIMEOUT_MS = 5000

interface SessionRow {
  token_hash: string
  staff_id: string
  created_at: number
  expires_at: number
}

/**
 * The SQLite event store, with the connection under it: the registration store (bindings, audit log,
 * outbox) shares the file, so one transaction can cover both.
 */
export interface SqliteEventStore extends EventStore {
  readonly db: Database.Database
  /** The data folder the file is in; the hub keeps its other files (the SMS outbox) there too. */
  readonly dataDir: string
  /** Lays out the WAL file (see `reserveWal`); the hub calls it once its day is loaded. */
  reserveWal(): WalReserve
}

export function isSqliteEventStore(store: AsyncEventStore): store is SqliteEventStore {
  return 'db' in store && 'dataDir' in store
}

/**
 * Opens (creating if needed) the SQLite event store in `dataDir` and brings its schema up to date.
 * Throws, naming the file, when the file is not a usable Kezek database or its schema is newer than
 * this code.
 */
export function openSqliteStore(dataDir: string, options: { fileName?: string } = {}): SqliteEventStore {
  const { db, file } = openSqliteDatabase(dataDir, options)
  try {
    return createStore(db, file)
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * The connection under the store, with its pragmas set and migrations applied. Exported for tests and
 * maintenance tools; hub code goes through `openSqliteStore`.
 */
export function openSqliteDatabase(
  dataDir: string,
  options: { fileName?: string } = {},
): { db: Database.Database; file: string } {
  const fileName = options.fileName ?? DEFAULT_DB_FILE_NAME
  if (fileName !== path.basename(fileName) || fileName === '.' || fileName === '..' || fileName === '') {
    throw new Error(`Store file name must be a plain file name inside the data folder, got "${fileName}"`)
  }
  const file = path.join(path.resolve(dataDir), fileName)

  prepareFiles(path.dirname(file), file)

  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    refuseNewerSchema(db, file)
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (mode !== 'wal') throw new Error(`The event store ${file} cannot use WAL (journal mode is ${mode})`)
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // Erased personal data (a purged IIN, a code's challenge) must not stay readable in freed pages:
    // SQLite overwrites deleted content with zeros. The event log only appends, so it costs little.
    db.pragma('secure_delete = ON')
    migrate(db, migrations)
    return { db, file }
  } catch (error) {
    db.close()
    if (error instanceof Error && error.message.includes(file)) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Cannot open the event store ${file}: ${reason}`, { cause: error })
  }
}

/** WAL frames beyond the auto-checkpoint threshold that the reserved WAL file also holds. */
const WAL_RESERVE_HEADROOM = 0.25
/** The scratch table the reserve writes and drops; a start that stopped half-way may have left it. */
const WAL_RESERVE_TABLE = 'kezek_wal_reserve'

/** What `reserveWal` did: the WAL is laid out, or why not (the hub runs either way). */
export type WalReserve = { reserved: true; walBytes: number } | { reserved: false; reason: string }

/**
 * Lays out the WAL file, so that commits overwrite blocks the file already has instead of growing it.
 * The hub calls it once its day is loaded (a file that fails to load is left as it was); it is best
 * effort and never throws.
 *
 * Why: an fsync (SQLite's fdatasync) after an append must also commit the file's new size through the
 * file system's journal (a second write and flush on ext4); after an overwrite it flushes the data
 * only. SQLite reuses its WAL from the start after every checkpoint and never shrinks it (no
 * `journal_size_limit`), so a hub that has run for a while is in that state anyway; a hub just started
 * (SQLite deletes the WAL at a clean close) would otherwise grow its WAL commit by commit for its
 * first few thousand commands. What it saves per commit was measured, not assumed: the figures are in
 * bench/RESULTS.md ("Why the WAL is laid out"). PostgreSQL preallocates its WAL segments for the same reason.
 *
 * How, with SQL only: a blob about the size of one checkpoint interval is written to a scratch table,
 * the table is dropped, then a RESTART checkpoint copies everything into the database file and makes
 * the next writer start again at the beginning of the (now allocated) WAL. SQLite's own frame checksums
 * and salts tell new frames from the old ones, exactly as after any checkpoint. The freed pages stay in
 * the database's free list and are reused, so the file grows by the reserve once, not at every start.
 * No schema change: the table exists only while the reserve runs, so older versions open the file.
 * On a nearly full disk it does nothing: the WAL and the database would each grow by the reserve.
 */
export function reserveWal(
  db: Database.Database,
  file: string,
  freeBytes: (dir: string) => number | null = freeBytesIn,
): WalReserve {
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const threshold = db.pragma('wal_autocheckpoint', { simple: true }) as number
  if (threshold <= 0) return { reserved: false, reason: 'automatic checkpoints are off' }
  const frames = Math.ceil(threshold * (1 + WAL_RESERVE_HEADROOM))
  const wanted = 32 + frames * (24 + pageSize)
  const before = walSize(file)
  if (before >= wanted) return { reserved: true, walBytes: before }
  const dir = path.dirname(file)
  const free = freeBytes(dir)
  // The WAL and then the database grow by the reserve; leave as much again for the day's own work.
  if (free !== null && free < 4 * wanted) {
    return {
      reserved: false,
      reason: `only ${megabytes(free)} free in ${dir}; laying out the WAL needs ${megabytes(4 * wanted)}`,
    }
  }
  try {
    db.exec(`DROP TABLE IF EXISTS ${WAL_RESERVE_TABLE}`)
    db.exec(`CREATE TABLE ${WAL_RESERVE_TABLE} (filler BLOB NOT NULL) STRICT`)
    db.prepare(`INSERT INTO ${WAL_RESERVE_TABLE} (filler) VALUES (zeroblob(?))`).run(frames * pageSize)
    db.exec(`DROP TABLE ${WAL_RESERVE_TABLE}`)
    // If another connection is reading, the checkpoint reports busy and the WAL is reused from its next
    // full checkpoint on instead: slower for a while, never wrong.
    db.pragma('wal_checkpoint(RESTART)')
    return { reserved: true, walBytes: walSize(file) }
  } catch (error) {
    try {
      db.exec(`DROP TABLE IF EXISTS ${WAL_RESERVE_TABLE}`)
    } catch {
      // the next start drops it
    }
    const reason = error instanceof Error ? error.message : String(error)
    return { reserved: false, reason: `laying out the WAL of ${file} failed: ${reason}` }
  }
}

function freeBytesIn(dir: string): number | null {
  try {
    const stats = fs.statfsSync(dir)
    return stats.bavail * stats.bsize
  } catch {
    return null
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function walSize(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size
  } catch {
    return 0
  }
}

function prepareFiles(dir: string, file: string): void {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
    fs.chmodSync(dir, 0o700) // mkdir's mode is filtered by the umask
  } else {
    // The folder holds personal data (registrations): only the hub's user may look inside. A folder
    // the hub does not own keeps its mode; the files in it are still 0600.
    try {
      if ((fs.statSync(dir).mode & 0o077) !== 0) fs.chmodSync(dir, 0o700)
    } catch {
      // not ours to change
    }
  }
  // Create the file ourselves so it is never readable by others, not even for a moment. SQLite gives
  // its -wal and -shm files the same mode as the database file.
  fs.closeSync(fs.openSync(file, 'a', 0o600))
  fs.chmodSync(file, 0o600)
}

function latestKnownVersion(list: readonly SqliteMigration[]): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0)
}

/** Checked before anything is written, so a newer hub's file is left exactly as it was. */
function refuseNewerSchema(db: Database.Database, file: string): void {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
    .get()
  if (!table) return
  const row = db.prepare('SELECT max(version) AS version FROM schema_migrations').get() as {
    version: number | null
  }
  const known = latestKnownVersion(migrations)
  if (row.version !== null && row.version > known) {
    throw new Error(
      `The event store ${file} has schema version ${row.version}, but this version of Kezek knows only ` +
        `up to ${known}. It was written by a newer Kezek; upgrade Kezek rather than open it with this one.`,
    )
  }
}

function migrate(db: Database.Database, list: readonly SqliteMigration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration "${m.name}" has version ${m.version}, expected ${i + 1}`)
  })
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT
  `)
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?')
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  for (const m of list) {
    // IMMEDIATE takes the write lock before the check, so two processes opening one new file at once
    // cannot both apply the same migration.
    db.transaction(() => {
      if (isApplied.get(m.version)) return
      m.up(db)
      record.run(m.version, m.name, Date.now())
    }).immediate()
  }
}

function createStore(db: Database.Database, file: string): SqliteEventStore {
  const log: EventLogName = { where: file }
  const parseRows = (rows: unknown[]) => parseEventRows(log, 'text', rows as StoredEventRow[])

  const maxSeq = db.prepare('SELECT max(seq) AS seq FROM events').pluck()
  const insertEvent = db.prepare('INSERT INTO events (seq, type, at, data) VALUES (?, ?, ?, ?)')
  const insertResult = db.prepare(
    'INSERT INTO command_results (principal, request_id, ack, at, fingerprint) VALUES (?, ?, ?, ?, ?)',
  )
  const selectAfter = db.prepare('SELECT seq, type, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?')
  const selectFrom = db.prepare('SELECT seq, type, data FROM events WHERE seq >= ? ORDER BY seq')
  const newestDayOpened = db.prepare(`SELECT max(seq) FROM events WHERE type = 'day:opened'`).pluck()
  const selectResult = db.prepare(
    'SELECT ack, fingerprint FROM command_results WHERE principal = ? AND request_id = ?',
  )
  const deleteResultsBefore = db.prepare('DELETE FROM command_results WHERE at < ?')
  const upsertSession = db.prepare(`
    INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (token_hash) DO UPDATE SET
      staff_id = excluded.staff_id, created_at = excluded.created_at, expires_at = excluded.expires_at
  `)
  const selectSession = db.prepare(
    'SELECT token_hash, staff_id, created_at, expires_at FROM staff_sessions WHERE token_hash = ?',
  )
  const deleteSessionStmt = db.prepare('DELETE FROM staff_sessions WHERE token_hash = ?')
  const deleteExpiredSessions = db.prepare('DELETE FROM staff_sessions WHERE expires_at < ?')
  const deleteStaffSessions = db.prepare('DELETE FROM staff_sessions WHERE staff_id = ?')

  let last = (maxSeq.get() as number | null) ?? 0

  const writeBatch = db.transaction((batch: CommitBatch) => {
    // Guards against a second writer on the same file; the max of a rowid is one b-tree descent.
    const stored = (maxSeq.get() as number | null) ?? 0
    if (stored !== last) throw changedByAnotherWriter(log, stored, last)
    for (const event of batch.events) {
      insertEvent.run(event.seq, event.type, event.at, JSON.stringify(event))
    }
    for (const result of batch.results) {
      insertResult.run(result.principal, result.requestId, result.ack, result.at, result.fingerprint)
    }
  })

  return {
    db,
    dataDir: path.dirname(file),
    reserveWal: () => reserveWal(db, file),

    commit(batch) {
      if (!checkBatchContinues(last, batch)) return
      writeBatch.immediate(batch)
      last += batch.events.length
    },

    lastSeq() {
      return last
    },

    eventsOfCurrentDay() {
      const from = (newestDayOpened.get() as number | null) ?? 1
      return parseRows(selectFrom.all(from))
    },

    eventsAfter(afterSeq, limit) {
      checkPageLimit(limit)
      return parseRows(selectAfter.all(afterSeq, limit))
    },

    findResult(principal, requestId) {
      return selectResult.get(principal, requestId) as { ack: string; fingerprint: string | null } | undefined
    },

    pruneResults(before) {
      return deleteResultsBefore.run(before).changes
    },

    saveSession(session: StaffSessionRow) {
      upsertSession.run(session.tokenHash, session.staffId, session.createdAt, session.expiresAt)
    },

    findSession(tokenHash) {
      const row = selectSession.get(tokenHash) as SessionRow | undefined
      if (!row) return undefined
      return {
        tokenHash: row.token_hash,
        staffId: row.staff_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    },

    deleteSession(tokenHash) {
      deleteSessionStmt.run(tokenHash)
    },

    deleteSessionsOf(staffId) {
      return deleteStaffSessions.run(staffId).changes
    },

    pruneSessions(before) {
      return deleteExpiredSessions.run(before).changes
    },

    close() {
      if (db.open) db.close()
    },
  }
}
