/**
 * Where the report rows are kept: the contract both stores implement (`sqlite-report-records.ts`,
 * `postgres-report-records.ts`), in the centre's own database, and the one place that picks one.
 */
import type { PostgresEventStore } from '../store/postgres-store'
import { isSqliteEventStore } from '../store/sqlite-store'
import type { AsyncEventStore, Awaitable } from '../store/types'
import type { BookingRow, PauseRow, ReportChanges, RowIds, SessionRow, TicketRow } from './rows'
import { SqliteReportRecords } from './sqlite-report-records'

/** A row of a report query: column alias → value (numbers as numbers on both stores). */
export type QueryRow = Record<string, string | number | null>

/**
 * A report query's text names its tables `{report_tickets}`…, its store's scope `{scope}` (PostgreSQL:
 * `centre_id = :centre AND `), and parameters as `:name`; each store puts in its own.
 */
export interface ReportRecords {
  /**
   * Makes the tables when missing (or of another schema version: dropped and made again) and answers
   * the cursor: the last seq whose rows are stored, 0 for tables that are new.
   */
  open(): Awaitable<number>
  load(ids: RowIds): Awaitable<{ tickets: TicketRow[]; sessions: SessionRow[]; bookings: BookingRow[] }>
  /** Pauses not ended yet, one per window. */
  openPauses(): Awaitable<PauseRow[]>
  /** The changed rows and the cursor at `seq`, in one transaction: both or neither. */
  write(changes: ReportChanges, seq: number): Awaitable<void>
  /**
   * A long catch-up starts (`true`) or ends: SQLite holds more of the file in memory meanwhile, so that
   * the indexes of a year of tickets are not read from disk again for every page of facts.
   */
  catchingUp?(on: boolean): void
  /** Empties the tables and the cursor (a rebuild from the log follows). */
  clear(): Awaitable<void>
  query(sql: string, params: Record<string, string | number>): Awaitable<QueryRow[]>
  /** The registration desk's starts per day and how they ended: its own table, read only. */
  readonly registrationTable: string
}

/** The records in `store`'s own database; null for any other store (tests' in-memory stores). */
export async function openReportRecords(store: AsyncEventStore): Promise<ReportRecords | null> {
  if (isSqliteEventStore(store)) return new SqliteReportRecords(store.db)
  if ('deskConnection' in store && 'centreId' in store) {
    const { pool, centreId } = (store as PostgresEventStore).deskConnection()
    const { PostgresReportRecords } = await import('./postgres-report-records')
    return new PostgresReportRecords(pool, centreId)
  }
  return null
}
