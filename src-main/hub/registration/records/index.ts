/**
 * The registration desk's records, on whichever store the hub runs: the one place that knows both
 * implementations. The desk and its sealing wrapper see only `DeskRecords`.
 */
import { isPostgresEventStore } from '../../store/postgres-store'
import { isSqliteEventStore } from '../../store/sqlite-store'
import type { AsyncEventStore } from '../../store/types'
import type { DeskRecords } from '../desk-records'
import { PostgresDeskRecords } from './postgres-desk-records'
import { SqliteDeskRecords } from './sqlite-desk-records'

export { PostgresDeskRecords, SqliteDeskRecords }

/**
 * The desk's records in `store`'s own database: the SQLite file's connection (so a command's retry
 * record commits with its changes) or the PostgreSQL pool and centre. Null for any other store (tests'
 * in-memory stores), where the desk is off.
 */
export function openDeskRecords(store: AsyncEventStore): DeskRecords | null {
  if (isSqliteEventStore(store)) return new SqliteDeskRecords(store.db)
  if (isPostgresEventStore(store)) {
    const { pool, centreId } = store.deskConnection()
    return new PostgresDeskRecords(pool, centreId)
  }
  return null
}
