/**
 * Vault entries in the PostgreSQL store's database (migration 3), on the store's pool and keyed by its
 * centre: the same rows, orderings and guards as `sqlite-entry-records.ts`, answered with Promises. Each
 * call is one statement, so each is atomic without an explicit transaction.
 */
import type pg from 'pg'
import { int8AsNumber as types } from '../../store/postgres-int8'
import type {
  NewVaultEntry,
  ResealedEntry,
  SealedEntryRef,
  UnusedVaultEntry,
  VaultEntryRecord,
  VaultEntryRecords,
} from '../entry-records'

const ENTRY = `SELECT id, kind, hash, sealed, key_id AS "keyId", created_at AS "createdAt", used_at AS "usedAt",
  erased_at AS "erasedAt" FROM kezek_vault_entries`

const INSERT = `INSERT INTO kezek_vault_entries (centre_id, id, kind, hash, sealed, key_id, created_at, used_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`

/**
 * Find-or-create in one statement. Two of them racing for a new value both insert under the current
 * key's hash: the unique index lets one in, the other inserts nothing and finds nothing in its snapshot,
 * and is run again (`insertUnlessFound`), when it finds the winner's row.
 */
const INSERT_UNLESS_FOUND = `
  WITH found AS (
    UPDATE kezek_vault_entries SET used_at = GREATEST(used_at, $7)
    WHERE centre_id = $1 AND kind = $3 AND hash = ANY($8::text[])
    RETURNING id
  ), inserted AS (
    INSERT INTO kezek_vault_entries (centre_id, id, kind, hash, sealed, key_id, created_at, used_at)
    SELECT $1, $2, $3, $4, $5, $6, $7, $7 WHERE NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT (centre_id, kind, hash) WHERE hash IS NOT NULL DO NOTHING
    RETURNING id
  )
  SELECT id FROM found UNION ALL SELECT id FROM inserted`

/** Tries of `INSERT_UNLESS_FOUND`: a second finds what the race's winner committed. */
const FIND_OR_CREATE_TRIES = 3

export class PostgresEntryRecords implements VaultEntryRecords {
  constructor(
    private readonly pool: pg.Pool,
    private readonly centreId: string,
  ) {}

  async insert(row: NewVaultEntry): Promise<void> {
    await this.query(INSERT, [row.id, row.kind, row.hash, row.sealed, row.keyId, row.at])
  }

  async insertUnlessFound(row: NewVaultEntry, hashes: readonly string[]): Promise<string> {
    const values = [row.id, row.kind, row.hash, row.sealed, row.keyId, row.at, hashes]
    for (let tries = 0; tries < FIND_OR_CREATE_TRIES; tries++) {
      const [first] = await this.rows<{ id: string }>(INSERT_UNLESS_FOUND, values)
      if (first) return first.id
    }
    throw new Error(`a vault entry of kind ${row.kind} was neither found nor stored`)
  }

  async findByHash(kind: string, hashes: readonly string[]): Promise<string | undefined> {
    const [first] = await this.rows<{ id: string }>(
      `SELECT id FROM kezek_vault_entries WHERE centre_id = $1 AND kind = $2 AND hash = ANY($3::text[]) LIMIT 1`,
      [kind, hashes],
    )
    return first?.id
  }

  async get(id: string): Promise<VaultEntryRecord | undefined> {
    const [first] = await this.rows<VaultEntryRecord>(`${ENTRY} WHERE centre_id = $1 AND id = $2`, [id])
    return first
  }

  async erase(ids: readonly string[], at: number, unusedBefore = Number.MAX_SAFE_INTEGER): Promise<number> {
    if (ids.length === 0) return 0
    const result = await this.query(
      `UPDATE kezek_vault_entries SET hash = NULL, sealed = NULL, key_id = NULL, erased_at = $2
       WHERE centre_id = $1 AND id = ANY($3::text[]) AND erased_at IS NULL AND used_at < $4`,
      [at, ids, unusedBefore],
    )
    return result.rowCount ?? 0
  }

  async unusedBefore(cutoff: number, limit: number): Promise<UnusedVaultEntry[]> {
    return this.rows<UnusedVaultEntry>(
      `SELECT id, kind, created_at AS "createdAt", used_at AS "usedAt" FROM kezek_vault_entries
       WHERE centre_id = $1 AND erased_at IS NULL AND used_at < $2 ORDER BY used_at, id COLLATE "C" LIMIT $3`,
      [cutoff, limit],
    )
  }

  /** Nothing to do: old row versions are VACUUM's, and the hub does not run it inside its work. */
  async afterErasure(): Promise<void> {}

  async keyIdsInUse(): Promise<string[]> {
    const rows = await this.rows<{ keyId: string }>(
      `SELECT DISTINCT key_id AS "keyId" FROM kezek_vault_entries WHERE centre_id = $1 AND key_id IS NOT NULL`,
    )
    // Sorted here, in code-unit order like SQLite's, whatever the database's collation.
    return rows.map((row) => row.keyId).sort()
  }

  async rowsNotUnder(keyId: string, limit: number): Promise<SealedEntryRef[]> {
    return this.rows<SealedEntryRef>(
      `SELECT id, kind, key_id AS "keyId", sealed FROM kezek_vault_entries
       WHERE centre_id = $1 AND key_id IS NOT NULL AND key_id <> $2 ORDER BY id COLLATE "C" LIMIT $3`,
      [keyId, limit],
    )
  }

  async reseal(rows: readonly ResealedEntry[]): Promise<void> {
    if (rows.length === 0) return
    const column = (pick: (row: ResealedEntry) => string | null) => rows.map(pick)
    await this.query(
      `UPDATE kezek_vault_entries e SET key_id = r.key_id, hash = r.hash, sealed = r.sealed
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS r (id, from_key_id, key_id, hash, sealed)
       WHERE e.centre_id = $1 AND e.id = r.id AND e.key_id = r.from_key_id`,
      [
        column((row) => row.id),
        column((row) => row.fromKeyId),
        column((row) => row.keyId),
        column((row) => row.hash),
        column((row) => row.sealed),
      ],
    )
  }

  // ---- plumbing: every query is the centre's ($1) ----

  private query(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
    return this.pool.query({ text, values: [this.centreId, ...values], types })
  }

  private async rows<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.query(text, values)).rows as T[]
  }
}
