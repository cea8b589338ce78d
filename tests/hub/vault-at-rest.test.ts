/**
 * Personal data at rest: after a registration, a phone change, a revoke and a retention purge (on a
 * moved clock), and with vault entries put for the citizens, no IIN or phone number is anywhere in the
 * data folder in plain digits (the database, its WAL, the SMS outbox), nor in any PostgreSQL row of the
 * centre; an erased entry leaves not even its sealed value or hash behind; and the desk and the entries
 * still work after a key rotation, and the desk after a rotation killed (SIGKILL) half way and run again.
 */
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { maskIin } from '../../src-shared/kz/iin'
import { maskPhone } from '../../src-shared/kz/phone'
import { createLogger } from '../../src-main/hub/logger'
import { openDeskRecords } from '../../src-main/hub/registration/records'
import { SealedDeskStore } from '../../src-main/hub/registration/sealed-desk-store'
import { rotateKey } from '../../src-main/hub/rotate-key'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import { defaultKeyFile, openVault, readKeyFile } from '../../src-main/hub/vault'
import {
  demoConfig,
  expectOk,
  makeTempDir,
  PROJECT_ROOT,
  removeDataDir,
  startTestHub,
  type TestHub,
} from '../support/hub-harness'
import { T0, writeSchema3File } from '../support/desk-records-fixtures'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../support/postgres'
import {
  CITIZEN,
  codeFromOutbox,
  deskDay,
  NEW_PHONE,
  OTHER_CITIZEN,
  register,
  REGISTRAR_DESK,
  startPayload,
} from './fixtures/registration'
import { entryKeyId, expectEntries, putCitizenEntries, storedSecrets } from './fixtures/vault-entries'

const DAY = 24 * 60 * 60_000
const silent = createLogger({ level: 'silent' })
const KEPT = { iin: '800416300257', phone: '87051234567', national: '7051234567' }

/** The plain digits that must never be at rest: IINs, and phone numbers without their +7. */
const SECRETS = [
  CITIZEN.iin,
  OTHER_CITIZEN.iin,
  KEPT.iin,
  CITIZEN.e164.slice(2),
  NEW_PHONE.e164.slice(2),
  OTHER_CITIZEN.e164.slice(2),
  KEPT.national,
]

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Kept in vault entries, as a booking would: KEPT's stay, the first citizen's are erased. */
const ENTRY_VALUES = {
  kept: { iin: KEPT.iin, phone: `+7${KEPT.national}` },
  erased: { iin: CITIZEN.iin, phone: CITIZEN.e164 },
}

/** Every file under the data folder, byte for byte, as the secrets it holds (`file: secret`). */
function plainInFolder(dataDir: string, secrets: readonly string[] = SECRETS): string[] {
  const found: string[] = []
  for (const name of readdirSync(dataDir, { recursive: true }) as string[]) {
    const file = join(dataDir, name)
    if (!statSync(file).isFile()) continue
    const bytes = readFileSync(file).toString('latin1')
    for (const secret of secrets) if (bytes.includes(secret)) found.push(`${name}: ${secret}`)
  }
  return found
}

/**
 * Puts the citizens' entries on a running hub and erases the first citizen's; returns the ids, and what
 * the store held for the erased ones (their sealed values and hashes), which `scan` finds before.
 */
async function entriesWithErasure(
  hub: TestHub,
  at: number,
  scan: (secrets: readonly string[]) => string[] | Promise<string[]>,
) {
  const entries = hub.hub.vault.entries
  const ids = await putCitizenEntries(entries, ENTRY_VALUES, at)
  const erased = await storedSecrets(hub.store, [ids.erasedIin, ids.erasedPhone])
  // The scan finds what is there, until it is erased.
  expect(await scan(erased)).not.toEqual([])
  expect(await entries.erase([ids.erasedIin, ids.erasedPhone], at)).toBe(2)
  return { ids, erased }
}

const retentionConfig = () => {
  const base = demoConfig()
  return centreConfigSchema.parse({ ...base, registration: { ...base.registration, retentionDays: 30 } })
}

/** Registers KEPT (a binding that outlives the purge) and returns its binding id. */
async function registerKept(hub: TestHub): Promise<string> {
  const registrar = await hub.staffClient('registrar')
  const start = expectOk(
    await register(registrar, 'registration:start', startPayload({ iin: KEPT.iin, phone: KEPT.phone })),
  )
  const code = codeFromOutbox(hub.dataDir, start.registrationId)
  return expectOk(
    await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
  ).binding.id
}

/** The registrar finds KEPT by IIN (its keyed hash) and sees the masked binding. */
async function findsKept(hub: TestHub): Promise<void> {
  const registrar = await hub.staffClient('registrar')
  const found = expectOk(await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: KEPT.iin }))
  expect(found.bindings.map((b) => [b.status, b.iinMasked, b.phoneMasked])).toEqual([
    ['active', maskIin(KEPT.iin), maskPhone(`+7${KEPT.national}`)],
  ])
}

/** A whole desk history on `hub`, then 31 days later the purge: returns the clock. */
async function historyWithPurge(hub: TestHub, clock: { now: number }): Promise<void> {
  await deskDay(hub, clock)
  clock.now += 20 * DAY
  await registerKept(hub)
  clock.now += 11 * DAY
  // The first citizen's two bindings (replaced, revoked) are past the period; KEPT is not.
  expect(await hub.hub.registration.purge()).toBe(2)
  expect(await hub.hub.registration.expireCodes()).toBe(1)
}

describe('the data folder (SQLite)', () => {
  it('never holds an IIN or a phone in plain digits, while the hub runs, after a purge, and after a rotation', async () => {
    const clock = { now: Date.now() }
    const dataDir = makeTempDir()
    cleanups.push(() => removeDataDir(dataDir))
    const options = {
      config: retentionConfig(),
      dataDir,
      now: () => clock.now,
      hubOptions: { registration: { sweepIntervalMs: 3_600_000 } },
    }
    let hub = await startTestHub(options)
    await historyWithPurge(hub, clock)
    const { ids, erased } = await entriesWithErasure(hub, clock.now, (secrets) =>
      plainInFolder(dataDir, secrets),
    )
    // The hub is running: the WAL is as the hub left it.
    expect(readdirSync(dataDir)).toEqual(
      expect.arrayContaining(['kezek.sqlite', 'kezek.sqlite-wal', 'sms-outbox.jsonl']),
    )
    expect(plainInFolder(dataDir)).toEqual([])
    expect(plainInFolder(dataDir, erased)).toEqual([])
    // The key is not in the data folder.
    expect(readdirSync(dataDir).some((name) => name.includes('vault'))).toBe(false)
    const before = readKeyFile(defaultKeyFile(dataDir))!
    await hub.close()

    const store = openSqliteStore(dataDir)
    const report = await rotateKey({ store, keyFile: defaultKeyFile(dataDir), logger: silent })
    await store.close()
    expect(report).toMatchObject({ newKey: true, dropped: [before.current] })
    expect(report.resealed).toBeGreaterThan(0)
    const after = readKeyFile(defaultKeyFile(dataDir))!
    expect(after.keys.map((k) => k.id)).toEqual([report.keyId])
    expect(plainInFolder(dataDir)).toEqual([])

    // After the rotation the desk finds KEPT, and registers anew the first citizen (purged before);
    // KEPT's entries, sealed again under the new key, are found and opened.
    hub = await startTestHub(options)
    cleanups.push(() => hub.close())
    await findsKept(hub)
    expect(await entryKeyId(hub.store, ids.keptIin)).toBe(report.keyId)
    await expectEntries(hub.hub.vault.entries, ENTRY_VALUES, ids, clock.now)
    const registrar = await hub.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    expectOk(
      await register(registrar, 'registration:confirm', {
        registrationId: start.registrationId,
        code: codeFromOutbox(dataDir, start.registrationId),
      }),
    )
    expect(plainInFolder(dataDir)).toEqual([])
  })

  it('finishes a rotation killed half way when run again, and the desk works throughout', async () => {
    const dataDir = makeTempDir()
    cleanups.push(() => removeDataDir(dataDir))
    const keyFile = defaultKeyFile(dataDir)
    let hub = await startTestHub({ dataDir })
    await registerKept(hub)
    await hub.close()
    // Many more bindings, straight into the store, so the rotation takes many batches.
    const total = await seedBindings(dataDir, keyFile, 400)
    const oldKey = readKeyFile(keyFile)!.current

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src-main/hub/cli-rotate-key.ts', '--data', dataDir, '--batch', '1'],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    // Kill it once some rows are under the new key and many are not.
    await expect.poll(() => keyCounts(dataDir, oldKey).moved, { timeout: 60_000 }).toBeGreaterThan(20)
    child.kill('SIGKILL')
    await exited
    const half = keyCounts(dataDir, oldKey)
    expect(half.old, output).toBeGreaterThan(0)
    expect(half.old + half.moved).toBe(total + 1)
    expect(readKeyFile(keyFile)!.keys.map((k) => k.id)).toContain(oldKey)

    // Mid-rotation, the hub still reads every row (it holds both keys) and finds KEPT.
    hub = await startTestHub({ dataDir })
    await findsKept(hub)
    await hub.close()

    // Run again: it finishes, and the old key leaves the file.
    const store = openSqliteStore(dataDir)
    const report = await rotateKey({ store, keyFile, logger: silent })
    await store.close()
    expect(report.newKey).toBe(false)
    expect(report.dropped).toEqual([oldKey])
    expect(keyCounts(dataDir, oldKey).old).toBe(0)
    hub = await startTestHub({ dataDir })
    cleanups.push(() => hub.close())
    await findsKept(hub)
    expect(plainInFolder(dataDir)).toEqual([])
  }, 120_000)
})

describe('a data folder from before the vault', () => {
  it('is sealed at the first start: the plain IIN and phone are gone from every file, and the desk finds the citizen', async () => {
    const dataDir = makeTempDir()
    cleanups.push(() => removeDataDir(dataDir))
    writeSchema3File(join(dataDir, 'kezek.sqlite'), { iin: KEPT.iin, phone: `+7${KEPT.national}` })
    expect(plainInFolder(dataDir)).toContain(`kezek.sqlite: ${KEPT.iin}`)

    // The hub's clock an hour after the old rows were written: within the retention period.
    const hub = await startTestHub({ dataDir, now: () => T0 + 60 * 60_000 })
    cleanups.push(() => hub.close())
    // Sealed before the desk served anything; old page images went with the checkpoint.
    expect(plainInFolder(dataDir)).toEqual([])
    const registrar = await hub.staffClient('registrar')
    const found = expectOk(
      await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: KEPT.iin }),
    )
    expect(found.bindings.map((b) => [b.id, b.status])).toEqual([['b-live', 'active']])
    // The submission left pending before the upgrade is delivered, from its sealed payload.
    await expect
      .poll(async () => {
        const again = expectOk(
          await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: KEPT.iin }),
        )
        return again.bindings[0]?.delivery?.status
      })
      .toBe('delivered')
  })
})

/** Rows of the sealed tables under the old key, and under any other. */
function keyCounts(dataDir: string, oldKey: string): { old: number; moved: number } {
  const db = new Database(join(dataDir, 'kezek.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const old = db.prepare('SELECT count(*) FROM bindings WHERE key_id = ?').pluck().get(oldKey) as number
    const all = db.prepare('SELECT count(*) FROM bindings WHERE key_id IS NOT NULL').pluck().get() as number
    return { old, moved: all - old }
  } finally {
    db.close()
  }
}

/** Inserts `count` active bindings of made-up citizens through the sealed store; returns the count. */
async function seedBindings(dataDir: string, keyFile: string, count: number): Promise<number> {
  const store = openSqliteStore(dataDir)
  try {
    const records = (await openDeskRecords(store))!
    const sealed = new SealedDeskStore(records, await openVault({ keyFile, ledger: records, logger: silent }))
    const now = Date.now()
    await sealed.transaction((tx) => {
      for (let i = 0; i < count; i++) {
        const iin = `9001013${String(i).padStart(5, '0')}`
        tx.insertBinding({
          id: `seed-${i}`,
          iin,
          phone: `+7701${String(i).padStart(7, '0')}`,
          iinMasked: maskIin(iin),
          phoneMasked: '+7 (701) ***-**-00',
          status: 'active',
          centreId: 'demo',
          ticketId: null,
          staffId: 'registrar-1',
          deskId: REGISTRAR_DESK,
          registrationId: `seed-registration-${i}`,
          createdAt: now,
          confirmedAt: now,
          day: '2026-12-06',
          replaces: null,
          replacedBy: null,
          endedAt: null,
          revokeReason: null,
          consentVersion: '1',
          consentLanguage: 'kk',
          consentAt: now,
          documentChecked: true,
          purgedAt: null,
        })
      }
    })
    return count
  } finally {
    await store.close()
  }
}

describePostgres('PostgreSQL rows', () => {
  let schema: TestSchema

  it('never hold an IIN or a phone in plain digits, after a purge and after a rotation', async () => {
    schema = await createTestSchema()
    cleanups.push(() => schema.drop())
    const clock = { now: Date.now() }
    const dataDir = makeTempDir()
    cleanups.push(() => removeDataDir(dataDir))
    const options = {
      config: retentionConfig(),
      dataDir,
      postgresUrl: schema.url,
      now: () => clock.now,
      hubOptions: { registration: { sweepIntervalMs: 3_600_000 } },
    }
    let hub = await startTestHub(options)
    await historyWithPurge(hub, clock)
    const { ids, erased } = await entriesWithErasure(hub, clock.now, (secrets) =>
      plainInRows(schema, secrets),
    )
    expect(await plainInRows(schema)).toEqual([])
    expect(await plainInRows(schema, erased)).toEqual([])
    await hub.close()

    const { openPostgresStore } = await import('../../src-main/hub/store/postgres-store')
    const store = await openPostgresStore(schema.url, { centreId: options.config.centre.id })
    const report = await rotateKey({ store, keyFile: defaultKeyFile(dataDir), logger: silent })
    await store.close()
    expect(report.newKey).toBe(true)
    expect(report.resealed).toBeGreaterThan(0)
    expect(await plainInRows(schema)).toEqual([])

    hub = await startTestHub(options)
    cleanups.push(() => hub.close())
    await findsKept(hub)
    expect(await entryKeyId(hub.store, ids.keptIin)).toBe(report.keyId)
    await expectEntries(hub.hub.vault.entries, ENTRY_VALUES, ids, clock.now)
    expect(await plainInRows(schema)).toEqual([])
  })
})

/** Every row of every table in the schema, as text, and the secrets it holds (`table: secret`). */
async function plainInRows(schema: TestSchema, secrets: readonly string[] = SECRETS): Promise<string[]> {
  const tables = await adminQuery<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
    [schema.name],
  )
  expect(tables.length).toBeGreaterThan(5)
  const found: string[] = []
  for (const { table_name: table } of tables) {
    const rows = await adminQuery<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM ${schema.name}.${table} t`,
    )
    const text = rows.map((r) => r.row).join('\n')
    for (const secret of secrets) if (text.includes(secret)) found.push(`${table}: ${secret}`)
  }
  return found
}
