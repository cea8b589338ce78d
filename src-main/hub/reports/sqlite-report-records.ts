/**
 * The report tables in the SQLite event store's file, on the store's connection. Their writes go without
 * an fsync of their own (`synchronous = NORMAL`): a power cut may take the newest rows with the cursor
 * that covers them (one transaction), and the projector folds those facts again from the durable log.
 */
import type Database from 'better-sqlite3'
import type { QueryRow, ReportRecords } from './records'
import type { BookingRow, PauseRow, ReportChanges, RowIds, SessionRow, TicketRow } from './rows'
import {
  ACTS,
  BOOKINGS,
  DAYS,
  PAUSES,
  REPORT_SCHEMA_VERSION,
  reportTableNames,
  selectColumns,
  SESSIONS,
  sqliteSchema,
  TICKETS,
  type Table,
} from './tables'

/** The page cache while catching up: 128 MiB (negative: KiB), given back after. */
const CATCH_UP_CACHE_KIB = -131_072
const IN_LIST = 'IN (SELECT value FROM json_each(?))'

function select<R>(table: Table<R>): string {
  return `SELECT ${selectColumns(table)} FROM ${table.name}`
}

/** An upsert of `table`'s rows, bound by position (quicker than by name for a year's rows). */
function upsert<R>(db: Database.Database, table: Table<R>): (row: R) => void {
  const names = table.columns.map((c) => c.name)
  const updates = names
    .filter((n) => !table.sqliteKey.includes(n))
    .map((n) => (table.additive ? `${n} = ${n} + excluded.${n}` : `${n} = excluded.${n}`))
  const statement = db.prepare(
    `INSERT INTO ${table.name} (${names.join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})
     ON CONFLICT (${table.sqliteKey.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
  )
  const fields = table.columns.map((c) => c.field)
  return (row) => void statement.run(fields.map((field) => row[field]))
}

export class SqliteReportRecords implements ReportRecords {
  readonly registrationTable = 'registration_challenges'
  private s: ReturnType<SqliteReportRecords['prepare']> | null = null
  private cacheSize: number | null = null

  constructor(private readonly db: Database.Database) {}

  open(): number {
    const exists = this.db
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'report_cursor'")
      .pluck()
      .get() as number
    const version = exists
      ? (this.db.prepare('SELECT version FROM report_cursor WHERE id = 1').pluck().get() as
          | number
          | undefined)
      : undefined
    if (!exists || (version !== undefined && version !== REPORT_SCHEMA_VERSION)) {
      this.db.transaction(() => {
        for (const name of reportTableNames('')) this.db.exec(`DROP TABLE IF EXISTS ${name}`)
        this.db.exec(sqliteSchema())
      })()
    }
    this.s = this.prepare()
    return (this.s.cursor.get() as number | undefined) ?? 0
  }

  private prepare() {
    const db = this.db
    return {
      cursor: db.prepare('SELECT seq FROM report_cursor WHERE id = 1').pluck(),
      setCursor:
        db.prepare(`INSERT INTO report_cursor (id, seq, version) VALUES (1, ?, ${REPORT_SCHEMA_VERSION})
        ON CONFLICT (id) DO UPDATE SET seq = max(seq, excluded.seq)`),
      tickets: db.prepare(`${select(TICKETS)} WHERE ticket_id ${IN_LIST}`),
      sessions: db.prepare(`${select(SESSIONS)} WHERE session_id ${IN_LIST}`),
      bookings: db.prepare(`${select(BOOKINGS)} WHERE booking_id ${IN_LIST}`),
      openPauses: db.prepare(`${select(PAUSES)} WHERE ended_at IS NULL`),
      upsertTicket: upsert(db, TICKETS),
      upsertSession: upsert(db, SESSIONS),
      upsertBooking: upsert(db, BOOKINGS),
      upsertPause: upsert(db, PAUSES),
      upsertDay: upsert(db, DAYS),
      upsertAct: upsert(db, ACTS),
      readAct: db.prepare('UPDATE report_acts SET read_at = ? WHERE act_id = ? AND read_at IS NULL'),
    }
  }

  private get statements() {
    if (!this.s) throw new Error('the report tables are not open')
    return this.s
  }

  load(ids: RowIds) {
    const s = this.statements
    const each = <R>(statement: Database.Statement, list: string[]): R[] =>
      list.length === 0 ? [] : (statement.all(JSON.stringify(list)) as R[])
    return {
      tickets: each<TicketRow>(s.tickets, ids.tickets),
      sessions: each<SessionRow>(s.sessions, ids.sessions),
      bookings: each<BookingRow>(s.bookings, ids.bookings),
    }
  }

  openPauses(): PauseRow[] {
    return this.statements.openPauses.all() as PauseRow[]
  }

  write(changes: ReportChanges, seq: number): void {
    const s = this.statements
    this.db.pragma('synchronous = NORMAL')
    try {
      this.db
        .transaction(() => {
          for (const row of changes.tickets) s.upsertTicket(row)
          for (const row of changes.sessions) s.upsertSession(row)
          for (const row of changes.bookings) s.upsertBooking(row)
          for (const row of changes.pauses) s.upsertPause(row)
          for (const row of changes.days) s.upsertDay(row)
          for (const row of changes.acts) s.upsertAct(row)
          for (const read of changes.reads) s.readAct.run(read.readAt, read.actId)
          s.setCursor.run(seq)
        })
        .immediate()
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }

  catchingUp(on: boolean): void {
    if (on) {
      this.cacheSize = this.db.pragma('cache_size', { simple: true }) as number
      this.db.pragma(`cache_size = ${CATCH_UP_CACHE_KIB}`)
    } else if (this.cacheSize !== null) {
      this.db.pragma(`cache_size = ${this.cacheSize}`)
      this.cacheSize = null
    }
  }

  clear(): void {
    this.db.transaction(() => {
      for (const name of reportTableNames('')) this.db.exec(`DELETE FROM ${name}`)
    })()
  }

  query(sql: string, params: Record<string, string | number>): QueryRow[] {
    const text = sql
      .replace(/\{scope\}/g, '')
      .replace(/\{index:(\w+)\}/g, 'INDEXED BY report_tickets_$1')
      .replace(/\{(\w+)\}/g, '$1')
    const used = Object.fromEntries(Object.entries(params).filter(([name]) => text.includes(`:${name}`)))
    return this.db.prepare(text).all(used) as QueryRow[]
  }
}
