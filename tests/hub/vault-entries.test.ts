/**
 * Vault entries on both stores: the one contract (tests/support/vault-entries-contract.ts) on a SQLite
 * file opened through the event store (so its migrations run) and on a fresh PostgreSQL schema, a centre
 * per test; and the hub's vault, which refuses a key file that cannot open the entries.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import { readKeyFile, Vault, VaultEntries, VaultKeyError } from '../../src-main/hub/vault'
import { openEntryRecords, SqliteEntryRecords } from '../../src-main/hub/vault/records'
import { PostgresEntryRecords } from '../../src-main/hub/vault/records/postgres-entry-records'
import { mountVault } from '../../src-main/hub/vault-mount'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../support/postgres'
import { T0, vaultEntriesContract } from '../support/vault-entries-contract'

const silent = createLogger({ level: 'silent' })
const IIN = '870412300127'
const KEY = { id: '0000000c', key: Buffer.alloc(32, 3), createdAt: '2026-12-01T00:00:00.000Z' }
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-vault-entries-'))
  dirs.push(dir)
  return dir
}

describe('vault entries on SQLite', () => {
  vaultEntriesContract(async () => {
    const dir = tempDir()
    const store = openSqliteStore(dir)
    const records = await openEntryRecords(store)
    expect(records).toBeInstanceOf(SqliteEntryRecords)
    return { records: records!, close: async () => store.close() }
  })
})

describe('the hub vault', () => {
  it('refuses to open without the key that sealed the entries, and opens them with it', async () => {
    const dir = tempDir()
    const keyFile = path.join(dir, 'key.json')
    const dataDir = path.join(dir, 'data')
    let store = openSqliteStore(dataDir)
    const vault = await mountVault({ store, keyFile, logger: silent })
    // Only an entry is sealed: no desk row names the key.
    const id = await vault.entries.put('iin', IIN, T0)
    store.close()
    const keyId = readKeyFile(keyFile)!.current
    const saved = fs.readFileSync(keyFile)
    fs.rmSync(keyFile)

    store = openSqliteStore(dataDir)
    try {
      const refused = mountVault({ store, keyFile, logger: silent })
      await expect(refused).rejects.toThrow(VaultKeyError)
      await expect(refused).rejects.toThrow(`sealed with key ${keyId}`)
      // Nothing was made in the key's place.
      expect(fs.existsSync(keyFile)).toBe(false)
      fs.writeFileSync(keyFile, saved, { mode: 0o600 })
      const again = await mountVault({ store, keyFile, logger: silent })
      expect(await again.entries.open(id)).toEqual({ kind: 'iin', value: IIN })
    } finally {
      store.close()
    }
  })
})

let schema: TestSchema
let centres = 0

/** A put waiting for a lock (only these tests write vault entries in a transaction left open). */
const RACER_WAITING = `SELECT 1 FROM pg_stat_activity
  WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO kezek_vault_entries%'`

describePostgres('vault entries on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })

  // Each test is a centre of its own in one schema: the rows of the others must never show.
  vaultEntriesContract(async () => {
    const store = await openPostgresStore(schema.url, { centreId: `centre-${++centres}` })
    const records = await openEntryRecords(store)
    expect(records).toBeInstanceOf(PostgresEntryRecords)
    return { records: records!, close: () => store.close() }
  })

  it('gives a put that raced another for a new IIN the entry of the winner, once it commits', async () => {
    const centreId = `centre-${++centres}`
    const store = await openPostgresStore(schema.url, { centreId })
    const winner = new pg.Client({ connectionString: schema.url })
    await winner.connect()
    try {
      const vault = new Vault({ current: KEY.id, keys: [KEY] })
      const records = (await openEntryRecords(store))!
      // The winner's put runs in a transaction left open: its row is in the unique index, uncommitted.
      await winner.query('BEGIN')
      const inTransaction = new PostgresEntryRecords(winner as unknown as pg.Pool, centreId)
      const first = await new VaultEntries(inTransaction, vault).put('iin', IIN, T0)
      const racing = new VaultEntries(records, vault).put('iin', IIN, T0 + 1)
      // The racing put waits on the winner's index entry...
      await expect.poll(async () => (await adminQuery(RACER_WAITING)).length).toBeGreaterThan(0)
      await winner.query('COMMIT')
      // ...then inserts nothing, and finds the winner's row on its next try.
      expect(await racing).toBe(first)
      expect((await new VaultEntries(records, vault).unusedBefore(T0 + 2)).map((e) => e.id)).toEqual([first])
    } finally {
      await winner.end()
      await store.close()
    }
  })
})
