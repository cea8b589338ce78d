/**
 * Vault entries: personal values (a citizen's IIN, a phone number) that events, logs and broadcasts
 * refer to by id, never by value. A booking's event carries `ve_…` ids; whoever needs the value (the SMS
 * sender, staff with the right) opens the entry, and the retention purge erases it, which leaves the id
 * resolving to nothing, while the event log stays as it was.
 *
 * Each value is sealed by the vault (AES-256-GCM) bound to `vault_entries:<id>:<kind>`. Kinds looked up
 * by value (the IIN) also keep a keyed hash, and one live entry per value: putting the same IIN again
 * gives the same id, under any key of the ring (mid-rotation too). Other kinds (the phone) keep no hash
 * at all, so nothing at rest tells that two bookings share a phone; each put is a new entry.
 *
 * Values are kept exactly as given: callers put them normalised (an IIN's 12 digits, a phone in E.164),
 * so one citizen's IIN is one entry. An entry put for a command that then fails is an orphan until the
 * retention purge takes it (`unusedBefore`).
 */
import { randomBytes } from 'node:crypto'
import type { ResealedEntry, SealedEntryRef, UnusedVaultEntry, VaultEntryRecords } from './entry-records'
import type { SealedRows } from './reseal'
import type { Vault } from './vault'

/** What a vault entry holds, and whether it is looked up by value. Add a kind here to keep a new field. */
export const VAULT_ENTRY_KINDS = {
  /** A citizen's IIN: bookings are found by it, and limits counted per IIN. */
  iin: { lookedUp: true },
  /**
   * A phone number in E.164, opened to send a code or a reminder. Looked up too, so one number keeps one
   * entry: a retried booking then names the same `phoneId`, and the engine sees the same command.
   */
  phone: { lookedUp: true },
  /**
   * A Telegram chat id (the bot's `src-main/hub/telegram/`), linked to a confirmed phone. Looked up, so an
   * update from a chat finds its link, and one chat keeps one entry.
   */
  'telegram-chat': { lookedUp: true },
} as const satisfies Record<string, { lookedUp: boolean }>

export type VaultEntryKind = keyof typeof VAULT_ENTRY_KINDS

export interface OpenedVaultEntry {
  kind: VaultEntryKind
  value: string
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** A new entry id: `ve_` and 16 base32 characters (80 random bits). */
export function newVaultEntryId(): string {
  const bytes = randomBytes(10)
  let bits = 0
  let value = 0
  let id = 've_'
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      id += BASE32[(value >>> bits) & 31]
    }
  }
  return id
}

function isKind(kind: string): kind is VaultEntryKind {
  return Object.hasOwn(VAULT_ENTRY_KINDS, kind)
}

const sealContext = (id: string, kind: string) => `vault_entries:${id}:${kind}`
/** The keyed hash's purpose: its own per kind, and never the desk's (`iin`), so the two never match. */
const hashPurpose = (kind: string) => `vault_entries:${kind}`

export class VaultEntries implements SealedRows {
  readonly name = 'vault entries'

  constructor(
    private readonly records: VaultEntryRecords,
    private readonly vault: Vault,
  ) {}

  /**
   * Keeps `value` and returns its entry id. A looked-up kind: the id of the live entry that already
   * holds the value (its use moved forward to `at`), or a new one. Any other kind: always a new entry.
   */
  async put(kind: VaultEntryKind, value: string, at: number): Promise<string> {
    if (!isKind(kind)) throw new Error(`no vault entry kind ${String(kind)}`)
    if (value === '') throw new Error(`an empty ${kind} is not kept in the vault`)
    const id = newVaultEntryId()
    const { lookedUp } = VAULT_ENTRY_KINDS[kind]
    const row = {
      id,
      kind,
      hash: lookedUp ? this.vault.hash(value, hashPurpose(kind)) : null,
      sealed: this.vault.seal(value, sealContext(id, kind)),
      keyId: this.vault.currentKeyId,
      at,
    }
    if (!lookedUp) {
      await this.records.insert(row)
      return id
    }
    return this.records.insertUnlessFound(row, this.vault.hashes(value, hashPurpose(kind)))
  }

  /** The id of the live entry holding `value`, for a looked-up kind; throws for a kind that is not. */
  async find(kind: VaultEntryKind, value: string): Promise<string | undefined> {
    if (!isKind(kind) || !VAULT_ENTRY_KINDS[kind].lookedUp)
      throw new Error(`vault entries of kind ${String(kind)} are never looked up by value`)
    return this.records.findByHash(kind, this.vault.hashes(value, hashPurpose(kind)))
  }

  /** The entry's kind and value; undefined for an unknown id or an erased entry. */
  async open(id: string): Promise<OpenedVaultEntry | undefined> {
    const record = await this.records.get(id)
    if (!record || record.sealed === null || record.keyId === null) return undefined
    if (!isKind(record.kind))
      throw new Error(
        `vault entry ${id} is of kind ${record.kind}, which this version of Kezek does not know`,
      )
    return {
      kind: record.kind,
      value: this.vault.open(record.sealed, record.keyId, sealContext(record.id, record.kind)),
    }
  }

  /**
   * Erases the values of these entries (their ids stay, opening to nothing); returns how many were
   * erased now. Old page images that may hold them are let go where the store can. With
   * `unusedBefore` (the retention sweep's cutoff), an entry put again since is kept: a booking being
   * made right now may name it.
   */
  async erase(ids: readonly string[], at: number, options: { unusedBefore?: number } = {}): Promise<number> {
    const erased = await this.records.erase([...new Set(ids)], at, options.unusedBefore)
    if (erased > 0) await this.records.afterErasure()
    return erased
  }

  /**
   * Live entries whose value was last put before `cutoff`, least recently used first, at most `limit`:
   * the retention purge's candidates (it keeps those a live record still refers to, and erases the rest).
   */
  async unusedBefore(cutoff: number, limit = 500): Promise<UnusedVaultEntry[]> {
    return this.records.unusedBefore(cutoff, limit)
  }

  // ---- re-sealing (SealedRows): key rotation and the hub's start ----

  async keyIdsInUse(): Promise<string[]> {
    return this.records.keyIdsInUse()
  }

  async resealSome(limit: number): Promise<string[]> {
    const rows = await this.records.rowsNotUnder(this.vault.currentKeyId, limit)
    if (rows.length === 0) return []
    await this.records.reseal(rows.map((row) => this.resealed(row)))
    return rows.map((row) => row.id)
  }

  async afterErasure(): Promise<void> {
    await this.records.afterErasure()
  }

  private resealed(row: SealedEntryRef): ResealedEntry {
    // A kind this version does not know may be looked up by a newer one: its hash cannot be dropped.
    if (!isKind(row.kind))
      throw new Error(
        `vault entry ${row.id} is of kind ${row.kind}, which this version of Kezek does not know`,
      )
    const value = this.vault.open(row.sealed, row.keyId, sealContext(row.id, row.kind))
    const lookedUp = VAULT_ENTRY_KINDS[row.kind].lookedUp
    return {
      id: row.id,
      fromKeyId: row.keyId,
      keyId: this.vault.currentKeyId,
      hash: lookedUp ? this.vault.hash(value, hashPurpose(row.kind)) : null,
      sealed: this.vault.seal(value, sealContext(row.id, row.kind)),
    }
  }
}
