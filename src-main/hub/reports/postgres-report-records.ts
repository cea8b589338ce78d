/**
 * The report tables in the PostgreSQL store's database, on the store's pool and keyed by its centre: the
 * same rows as `sqlite-report-records.ts`. A batch's rows and the cursor go in one transaction.
 */
import type pg from 'pg'
import { int8AsNumber as types } from '../store/postgres-int8'
import { inTransaction } from '../store/postgres-transaction'
import type { QueryRow, ReportRecords } from './records'
import type { BookingRow, PauseRow, ReportChanges, RowIds, SessionRow, TicketRow } from './rows'
import {
  ACTS,
  BOOKINGS,
  DAYS,
  PAUSES,
  postgresSchema,
  REPORT_SCHEMA_VERSION,
  reportTableNames,
  selectColumns,
  SESSIONS,
  TICKETS,
  type Table,
} from './tables'

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters at 28 columns. */
const CHUNK = 1000

function select<R>(table: Table<R>): string {
  return `SELECT ${selectColumns(table)} FROM kezek_${table.name}`
}

export class PostgresReportRecords implements ReportRecords {
  readonly registrationTable = 'kezek_registration_challenges'

  constructor(
    private readonly pool: pg.Pool,
    private readonly centreId: string,
  ) {}

  async open(): Promise<number> {
    await inTransaction(this.pool, async (client) => {
      // One hub at a time makes the tables (two centres' hubs may start together).
      await client.query("SELECT pg_advisory_xact_lock(hashtext('kezek_report_tables'))")
      const exists = await client.query<{ found: string | null }>(
        "SELECT to_regclass('kezek_report_cursor')::text AS found",
      )
      let stale = !exists.rows[0]?.found
      if (!stale) {
        const versions = await client.query<{ version: number }>(
          'SELECT DISTINCT version FROM kezek_report_cursor',
        )
        stale = versions.rows.some((row) => row.version !== REPORT_SCHEMA_VERSION)
      }
      if (stale) {
        for (const name of reportTableNames('kezek_')) await client.query(`DROP TABLE IF EXISTS ${name}`)
        await client.query(postgresSchema())
      }
    })
    const [row] = await this.rows<{ seq: number }>('SELECT seq FROM kezek_report_cursor WHERE centre_id = $1')
    return row?.seq ?? 0
  }

  async load(ids: RowIds) {
    const each = async <R extends object>(table: Table<R>, key: string, list: string[]) =>
      list.length === 0
        ? []
        : this.rows<R>(`${select(table)} WHERE centre_id = $1 AND ${key} = ANY($2::text[])`, [list])
    return {
      tickets: await each<TicketRow>(TICKETS, 'ticket_id', ids.tickets),
      sessions: await each<SessionRow>(SESSIONS, 'session_id', ids.sessions),
      bookings: await each<BookingRow>(BOOKINGS, 'booking_id', ids.bookings),
    }
  }

  async openPauses(): Promise<PauseRow[]> {
    return this.rows<PauseRow>(`${select(PAUSES)} WHERE centre_id = $1 AND ended_at IS NULL`)
  }

  async write(changes: ReportChanges, seq: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await this.upsert(client, TICKETS, changes.tickets)
      await this.upsert(client, SESSIONS, changes.sessions)
      await this.upsert(client, BOOKINGS, changes.bookings)
      await this.upsert(client, PAUSES, changes.pauses)
      await this.upsert(client, DAYS, changes.days)
      await this.upsert(client, ACTS, changes.acts)
      for (const read of changes.reads)
        await client.query(
          `UPDATE kezek_report_acts SET read_at = $3
           WHERE centre_id = $1 AND act_id = $2 AND read_at IS NULL`,
          [this.centreId, read.actId, read.readAt],
        )
      await client.query(
        `INSERT INTO kezek_report_cursor (centre_id, seq, version) VALUES ($1, $2, ${REPORT_SCHEMA_VERSION})
         ON CONFLICT (centre_id) DO UPDATE SET seq = GREATEST(kezek_report_cursor.seq, excluded.seq)`,
        [this.centreId, seq],
      )
    })
  }

  async clear(): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      for (const name of reportTableNames('kezek_'))
        await client.query(`DELETE FROM ${name} WHERE centre_id = $1`, [this.centreId])
    })
  }

  async query(sql: string, params: Record<string, string | number>): Promise<QueryRow[]> {
    const values: unknown[] = [this.centreId]
    const index = new Map<string, number>([['centre', 1]])
    const text = sql
      .replace(/\{scope\}/g, 'centre_id = :centre AND ')
      .replace(/\{index:\w+\}/g, '')
      .replace(/\{(\w+)\}/g, 'kezek_$1')
      .replace(/(?<!:):(\w+)/g, (_, name: string) => {
        if (!index.has(name)) {
          if (!(name in params)) throw new Error(`report query: no value for :${name}`)
          values.push(params[name])
          index.set(name, values.length)
        }
        return `$${index.get(name)}`
      })
    const result = await this.pool.query<QueryRow>({ text, values, types })
    return result.rows
  }

  private async upsert<R>(client: pg.PoolClient, table: Table<R>, rows: readonly R[]): Promise<void> {
    const names = ['centre_id', ...table.columns.map((c) => c.name)]
    const updates = table.columns
      .map((c) => c.name)
      .filter((n) => !table.key.includes(n))
      .map((n) =>
        table.additive ? `${n} = kezek_${table.name}.${n} + excluded.${n}` : `${n} = excluded.${n}`,
      )
    for (let start = 0; start < rows.length; start += CHUNK) {
      const chunk = rows.slice(start, start + CHUNK)
      const values: unknown[] = []
      const tuples = chunk.map((row) => {
        const cells = [this.centreId, ...table.columns.map((c) => row[c.field])]
        const first = values.length
        values.push(...cells)
        return `(${cells.map((_, i) => `$${first + i + 1}`).join(', ')})`
      })
      await client.query(
        `INSERT INTO kezek_${table.name} (${names.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (centre_id, ${table.key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
        values,
      )
    }
  }

  private async rows<R extends object>(sql: string, params: unknown[] = []): Promise<R[]> {
    const result = await this.pool.query<R & pg.QueryResultRow>({
      text: sql,
      values: [this.centreId, ...params],
      types,
    })
    return result.rows
  }
}
