/**
 * Re-sealing, whatever the rows: every kind of sealed row a store keeps (the registration desk's, the
 * vault entries) is a `SealedRows`, and `resealAll` moves each of them, batch by batch, under the vault's
 * current key. `combinedLedger` is what `openVault` asks of a store that keeps several kinds: the key ids
 * of them all, and the one table of key check values.
 */
import type { Logger } from '../logger'
import type { Awaitable } from '../store/types'
import type { SealedLedger } from './index'

/** One kind of sealed row, as key rotation and the start of the hub see it. */
export interface SealedRows {
  /** What these rows are, for messages ("registration desk", "vault entries"). */
  readonly name: string
  /** Every key id one of these rows is sealed under (the desk's PLAIN_KEY_ID included). */
  keyIdsInUse(): Awaitable<string[]>
  /**
   * Opens up to `limit` rows sealed under another key than the vault's current one, seals them again
   * under it (keyed hashes recomputed) in one transaction, and returns their ids: none once every row
   * is under the current key. A row changed meanwhile is left alone, so this is safe to stop anywhere.
   */
  resealSome(limit: number): Promise<string[]>
  /** After rows lost their old sealed values: lets go of old page images where the store can. */
  afterErasure(): Awaitable<void>
}

export interface ResealOptions {
  /** The key everything ends up under: the vault's current key. */
  keyId: string
  logger?: Logger
  /** Rows per transaction (default 200). */
  batch?: number
  /** Told after each batch with the rows moved so far, e.g. to print progress. */
  onProgress?: (resealed: number) => void
}

/**
 * Seals again, under the current key, every row of every source sealed under another (a rotation's
 * retired key, or plain text written before the vault); returns how many rows. Safe to stop anywhere
 * and run again: each batch is one transaction, and a row already moved is left alone.
 */
export async function resealAll(sources: readonly SealedRows[], options: ResealOptions): Promise<number> {
  const { keyId, logger, batch = 200, onProgress } = options
  let moved = 0
  for (const source of sources) {
    let previous = ''
    let movedHere = 0
    for (;;) {
      const ids = await source.resealSome(batch)
      if (ids.length === 0) break
      const marker = ids.join(',')
      if (marker === previous) throw new Error(`re-sealing makes no progress on ${source.name} row ${ids[0]}`)
      previous = marker
      movedHere += ids.length
      moved += ids.length
      onProgress?.(moved)
    }
    if (movedHere > 0) await source.afterErasure()
  }
  if (moved > 0)
    logger?.info(
      { event: 'vault-resealed', rows: moved, keyId },
      'personal data sealed under the current vault key',
    )
  return moved
}

/**
 * A ledger over several kinds of sealed rows: the key ids any of them uses, and the key check values
 * of `checks` (the store's one `vault_keys` table).
 */
export function combinedLedger(
  checks: Pick<SealedLedger, 'keyChecks' | 'saveKeyCheck'>,
  sources: ReadonlyArray<Pick<SealedRows, 'keyIdsInUse'>>,
): SealedLedger {
  return {
    async keyIdsInUse() {
      const all = await Promise.all(sources.map((source) => source.keyIdsInUse()))
      return [...new Set(all.flat())].sort()
    },
    keyChecks: () => checks.keyChecks(),
    saveKeyCheck: (keyId, check) => checks.saveKeyCheck(keyId, check),
  }
}
