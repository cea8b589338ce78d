/**
 * Vault entries on whichever store the hub runs: the one place that knows both implementations.
 * `entries.ts` sees only `VaultEntryRecords`.
 */
import type { PostgresEventStore } from '../../store/postgres-store'
import { isSqliteEventStore } from '../../store/sqlite-store'
import type { AsyncEventStore } from '../../store/types'
import type { VaultEntryRecords } from '../entry-records'
import { SqliteEntryRecords } from './sqlite-entry-records'

export { SqliteEntryRecords }
export type { PostgresEntryRecords } from './postgres-entry-records'

/**
 * The entries' records in `store`'s own database: the SQLite file's connection, or the PostgreSQL pool
 * and centre. Null for any other store (tests' in-memory stores). The PostgreSQL records are loaded only
 * here, so a hub on SQLite never loads the `pg` driver.
 */
export async function openEntryRecords(store: AsyncEventStore): Promise<VaultEntryRecords | null> {
  if (isSqliteEventStore(store)) return new SqliteEntryRecords(store.db)
  if ('deskConnection' in store && 'centreId' in store) {
    const { pool, centreId } = (store as PostgresEventStore).deskConnection()
    const { PostgresEntryRecords } = await import('./postgres-entry-records')
    return new PostgresEntryRecords(pool, centreId)
  }
  return null
}
