/**
 * Key rotation: a new vault key seals everything, and the old key leaves the key file. Three steps,
 * each safe to interrupt (a kill -9 included), so running the command again finishes the job:
 *
 * 1. A new key is added to the key file as the current one (the old stay, retired). Skipped when a
 *    rotation is already under way: the key file still holds a retired key.
 * 2. Every row not under the current key (the registration desk's and the vault entries', see
 *    `vault-mount.ts`) is opened and sealed again under it, keyed hashes recomputed, in batches of one
 *    transaction each (a row already moved is left alone). A hub started meanwhile finishes this step too.
 * 3. Retired keys that no row uses any more are dropped from the key file.
 *
 * It claims the centre's data as a hub does (`store/centre-lock.ts`): with a hub running, which keeps
 * sealing under the key it read at start, it refuses.
 */
import type { Logger } from './logger'
import { lockCentre } from './store/centre-lock'
import type { AsyncEventStore } from './store/types'
import { newKey, openVault, readKeyFile, type Vault, writeKeyFile } from './vault'
import { openSealedTables, sealWith } from './vault-mount'

export interface RotationReport {
  /** The key that seals everything now. */
  keyId: string
  /** True when this run made the key; false when it finished an earlier run's rotation. */
  newKey: boolean
  /** Rows sealed again by this run. */
  resealed: number
  /** Retired keys dropped from the key file. */
  dropped: string[]
}

export interface RotateOptions {
  store: AsyncEventStore
  keyFile: string
  logger: Logger
  /** Rows per transaction (default 200). */
  batch?: number
  /** Told after each batch, e.g. to print progress. */
  onProgress?: (resealed: number) => void
}

export async function rotateKey(options: RotateOptions): Promise<RotationReport> {
  const lock = await lockCentre(options.store, 'rotate-key')
  try {
    return await rotate(options)
  } finally {
    await lock.release()
  }
}

async function rotate(options: RotateOptions): Promise<RotationReport> {
  const { store, keyFile, logger } = options
  const tables = await openSealedTables(store)
  const { ledger } = tables
  let vault = await openVault({ keyFile, ledger, logger })
  const made = vault.keyIds.length === 1
  if (made) {
    const ring = readKeyFile(keyFile)!
    const key = newKey(ring.keys.map((k) => k.id))
    writeKeyFile(keyFile, { current: key.id, keys: [...ring.keys, key] })
    vault = await openVault({ keyFile, ledger, logger })
    logger.info(
      { event: 'vault-key-added', keyId: key.id },
      'new vault key added; sealing everything under it',
    )
  }
  const resealed = await sealWith(tables, vault).resealAll({
    logger,
    batch: options.batch,
    onProgress: options.onProgress,
  })
  const dropped = await dropRetired(keyFile, vault, await ledger.keyIdsInUse())
  if (dropped.length > 0)
    logger.info(
      { event: 'vault-keys-dropped', keyIds: dropped },
      'retired vault keys removed from the key file',
    )
  return { keyId: vault.currentKeyId, newKey: made, resealed, dropped }
}

/** Removes from the key file the keys that are neither current nor used by any row. */
async function dropRetired(keyFile: string, vault: Vault, inUse: readonly string[]): Promise<string[]> {
  const ring = readKeyFile(keyFile)!
  const keep = ring.keys.filter((key) => key.id === vault.currentKeyId || inUse.includes(key.id))
  if (keep.length === ring.keys.length) return []
  writeKeyFile(keyFile, { current: vault.currentKeyId, keys: keep })
  return ring.keys.filter((key) => !keep.includes(key)).map((key) => key.id)
}
