/**
 * The notifications' records on whichever store the hub runs: the one place that knows both
 * implementations. The PostgreSQL records are loaded only here, so a hub on SQLite never loads `pg`.
 */
import type { PostgresEventStore } from '../../store/postgres-store'
import { isSqliteEventStore } from '../../store/sqlite-store'
import type { AsyncEventStore } from '../../store/types'
import type { NotifyRecords } from '../notify-records'
import { SqliteNotifyRecords } from './sqlite-notify-records'

export { SqliteNotifyRecords }

/** The records in `store`'s own database; null for any other store (tests' in-memory stores). */
export async function openNotifyRecords(store: AsyncEventStore): Promise<NotifyRecords | null> {
  if (isSqliteEventStore(store)) return new SqliteNotifyRecords(store.db)
  if ('deskConnection' in store && 'centreId' in store) {
    const { pool, centreId } = (store as PostgresEventStore).deskConnection()
    const { PostgresNotifyRecords } = await import('./postgres-notify-records')
    return new PostgresNotifyRecords(pool, centreId)
  }
  return null
}
