/**
 * The vault: the one entry point for sealing personal data at rest. `openVault` reads (or, for a store
 * that holds nothing sealed yet, creates) the key file, and checks it against what the store has seen
 * before anything is read or written: a missing or wrong key file stops the hub with one line naming the
 * file and the key, and changes nothing.
 */
import path from 'node:path'
import type { Logger } from '../logger'
import type { Awaitable } from '../store/types'
import { newKey, readableByOthers, readKeyFile, VaultKeyError, writeKeyFile } from './key-file'
import { Vault } from './vault'

export { Vault, VaultOpenError } from './vault'
export { newKey, readKeyFile, VaultKeyError, writeKeyFile, type KeyRing, type VaultKey } from './key-file'
export {
  newVaultEntryId,
  VAULT_ENTRY_KINDS,
  VaultEntries,
  type OpenedVaultEntry,
  type VaultEntryKind,
} from './entries'
export type { UnusedVaultEntry, VaultEntryRecords } from './entry-records'
export { combinedLedger, resealAll, type ResealOptions, type SealedRows } from './reseal'

/** The environment variable that names the key file. */
export const VAULT_KEY_ENV = 'KEZEK_VAULT_KEY_FILE'

/** Row markers that are not keys: rows written before the vault hold plain text under this id. */
const NOT_KEYS = new Set(['plain'])

/** What the vault asks of a store that keeps sealed rows. */
export interface SealedLedger {
  /** Every key id some row is sealed under. */
  keyIdsInUse(): Awaitable<string[]>
  /** key id → check value, for every key the store has seen. */
  keyChecks(): Awaitable<Record<string, string>>
  saveKeyCheck(keyId: string, check: string): Awaitable<void>
}

/**
 * The key file's default place: beside the data folder, never in it (`/srv/kezek/data` →
 * `/srv/kezek/data.vault-key.json`), so copying the data folder does not copy the key.
 */
export function defaultKeyFile(dataDir: string): string {
  const resolved = path.resolve(dataDir)
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.vault-key.json`)
}

export interface OpenVaultOptions {
  keyFile: string
  ledger: SealedLedger
  logger: Logger
}

/**
 * Opens the vault for a store. With no key file yet and nothing sealed in the store, makes one (and
 * says where, once). With sealed rows under a key the file does not hold, or a key whose check value
 * differs from the one the store recorded, throws a `VaultKeyError`: the data is never touched with a
 * key that cannot be the right one.
 */
export async function openVault(options: OpenVaultOptions): Promise<Vault> {
  const { keyFile, ledger, logger } = options
  const inUse = (await ledger.keyIdsInUse()).filter((id) => !NOT_KEYS.has(id))
  let ring = readKeyFile(keyFile)
  if (!ring) {
    if (inUse.length > 0)
      throw new VaultKeyError(
        `vault key file ${keyFile} does not exist, but personal data in the store is sealed with key ` +
          `${inUse.join(', ')}: restore the key file from where you keep it (the data cannot be read without it)`,
      )
    const key = newKey()
    ring = { current: key.id, keys: [key] }
    writeKeyFile(keyFile, ring)
    logger.warn(
      { event: 'vault-key-created', keyFile, keyId: key.id },
      'made a new vault key for personal data; keep this file apart from backups of the data, and safe: without it the data cannot be read',
    )
  } else if (readableByOthers(keyFile)) {
    logger.warn(
      { event: 'vault-key-readable', keyFile },
      'the vault key file is readable by other users; chmod 600 it',
    )
  }
  const vault = new Vault(ring)
  const missing = inUse.filter((id) => !vault.has(id))
  if (missing.length > 0)
    throw new VaultKeyError(
      `vault key file ${keyFile} holds no key ${missing.join(', ')}, which personal data in the store is sealed with: ` +
        'restore the key file that has it',
    )
  const checks = await ledger.keyChecks()
  for (const id of vault.keyIds) {
    const seen = checks[id]
    if (seen !== undefined && seen !== vault.checkValue(id))
      throw new VaultKeyError(
        `vault key file ${keyFile} holds a key ${id} that is not the key ${id} this store was sealed with: wrong or damaged key file`,
      )
  }
  for (const id of vault.keyIds) {
    if (checks[id] === undefined) await ledger.saveKeyCheck(id, vault.checkValue(id))
  }
  return vault
}
