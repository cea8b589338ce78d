/**
 * The registration desk's records, on whichever store the hub runs: the one place that knows both
 * implementations. The desk and its sealing wrapper see only `DeskRecords`.
 */
import type { PostgresEventStore } from '../../store/postgres-store'
import { isSqliteEventStore } from '../../store/sqlite-store'
import type { AsyncEventStore } from '../../store/types'
import type { DeskRecords } from '../desk-records'
import { SqliteDeskRecords } from './sqlite-desk-records'

export { SqliteDeskRecords }
export type { PostgresDeskRecords } from './postgres-desk-records'

/**
 * The desk's records in `store`'s own database: the SQLite file's connection (so a command's retry
 * record commits with its changes) or the PostgreSQL pool and centre. Null for any other store (tests'
 * in-memory stores), where the desk is off. The PostgreSQL records are loaded only here, so a hub on
 * SQLite never loads the `pg` driver.
 */
export async function openDeskRecords(store: AsyncEventStore): Promise<DeskRecords | null> {
  if (isSqliteEventStore(store)) return new SqliteDeskRecords(store.db)
  if ('deskConnection' in store && 'centreId' in store) {
    const { pool, centreId } = (store as PostgresEventStore).deskConnection()
    const { PostgresDeskRecords } = await import('./postgres-desk-records')
    return new PostgresDeskRecords(pool, centreId)
  }
  return null
}
