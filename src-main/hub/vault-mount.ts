/**
 * The hub's vault: opened once, in `server.ts`, against every table of the store that holds sealed
 * personal data (the registration desk's rows and the vault entries), and shared by all that keeps
 * personal data: the registration desk, and bookings through `entries`. The one module that knows every
 * kind of sealed row; `rotate-key.ts` moves them all through it too.
 *
 * Opening checks the key file against the key ids every table uses (a missing or wrong key file stops
 * the hub here, before anything is read), then seals again, under the current key, every row not under
 * it: rows written before the vault, and what an interrupted key rotation left.
 */
import type { Logger } from './logger'
import type { DeskRecords } from './registration/desk-records'
import { openDeskRecords } from './registration/records'
import { SealedDeskStore } from './registration/sealed-desk-store'
import type { AsyncEventStore } from './store/types'
import {
  combinedLedger,
  openVault,
  resealAll,
  VaultEntries,
  type ResealOptions,
  type SealedLedger,
  type Vault,
  type VaultEntryRecords,
} from './vault'
import { openEntryRecords } from './vault/records'

/** Every table of a store that holds sealed personal data, before a vault opens them. */
export interface SealedTables {
  desk: DeskRecords
  entries: VaultEntryRecords
  /** What `openVault` checks: the key ids in use in any of them, and the store's key check values. */
  ledger: SealedLedger
}

/** The hub's personal data, sealed and opened with one vault. */
export interface HubVault {
  vault: Vault
  /** The registration desk's store. */
  desk: SealedDeskStore
  /** Personal values that events refer to by id (bookings' IINs and phones). */
  entries: VaultEntries
  /** Seals again, under the current key, every row of every table not under it; returns how many. */
  resealAll(options?: Omit<ResealOptions, 'keyId'>): Promise<number>
}

/** The sealed tables of `store` (SQLite or PostgreSQL); throws for a store that cannot keep them. */
export async function openSealedTables(store: AsyncEventStore): Promise<SealedTables> {
  const desk = await openDeskRecords(store)
  const entries = await openEntryRecords(store)
  if (!desk || !entries) throw new Error('personal data can be kept only in SQLite or PostgreSQL')
  // The desk's records keep the store's one table of key check values (`vault_keys`).
  return { desk, entries, ledger: combinedLedger(desk, [desk, entries]) }
}

/** The sealed tables, opened and sealed with `vault`. */
export function sealWith(tables: SealedTables, vault: Vault): HubVault {
  const desk = new SealedDeskStore(tables.desk, vault)
  const entries = new VaultEntries(tables.entries, vault)
  return {
    vault,
    desk,
    entries,
    resealAll: (reseal) => resealAll([desk, entries], { ...reseal, keyId: vault.currentKeyId }),
  }
}

export interface MountVaultOptions {
  store: AsyncEventStore
  /** The vault's key file (see `vault/`). */
  keyFile: string
  logger: Logger
}

/**
 * Opens the vault against `store` and seals again every row not under its current key, before anything
 * serves. Rejects with a `VaultKeyError` (nothing read or changed) when the key file cannot be the
 * data's.
 */
export async function mountVault(options: MountVaultOptions): Promise<HubVault> {
  const { store, keyFile, logger } = options
  const tables = await openSealedTables(store)
  const vault = await openVault({ keyFile, ledger: tables.ledger, logger })
  const hubVault = sealWith(tables, vault)
  await hubVault.resealAll({ logger })
  return hubVault
}
