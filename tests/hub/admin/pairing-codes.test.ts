/**
 * Pairing codes in the centre's database, on SQLite and on PostgreSQL: a code the admin was shown still
 * pairs the device after the hub restarts, once; only its SHA-256 is stored; two redeems of one code at
 * the same time give one key; an expired code is refused and its row swept; a newer code for the same
 * device replaces the older one. Wrong codes lock the address out, as wrong tracker links do.
 */
import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SqliteEventStore } from '../../../src-main/hub/store/sqlite-store'
import { adminCall } from '../../support/admin-api'
import {
  connectClient,
  demoConfig,
  makeTempDir,
  removeDataDir,
  startTestHub,
  type TestHub,
} from '../../support/hub-harness'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../../support/postgres'

interface StoredCode {
  code_hash: string
  device_id: string
  by_staff: string
  expires_at: number
}

interface Backend {
  /** A hub on this test's store; `restart` reopens the one the test opened first. */
  open(restart: boolean, now: () => number): Promise<TestHub>
  rows(hub: TestHub): Promise<StoredCode[]>
}

async function pair(url: string, code: string) {
  const response = await fetch(`${url}/api/pair`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  return { status: response.status, body: (await response.json()) as Record<string, string> }
}

async function newCode(hub: TestHub, token: string, deviceId: string): Promise<string> {
  const answer = await adminCall<{ code: string }>(hub.url, token, 'POST', `devices/${deviceId}/pairing`)
  expect(answer.status).toBe(200)
  return answer.body.code
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function codesContract(backend: Backend) {
  let hub: TestHub | null = null
  afterEach(async () => {
    await hub?.close()
    hub = null
  })

  it('pairs the device with a code issued before a restart, once, and stores only its hash', async () => {
    hub = await backend.open(false, Date.now)
    const code = await newCode(hub, await hub.signIn('admin'), 'kiosk-1')
    const rows = await backend.rows(hub)
    expect(rows).toEqual([
      { code_hash: sha256(code), device_id: 'kiosk-1', by_staff: 'admin-1', expires_at: expect.any(Number) },
    ])
    expect(JSON.stringify(rows)).not.toContain(code.replace('-', ''))

    await hub.close()
    hub = await backend.open(true, Date.now)
    const paired = await pair(hub.url, code)
    expect(paired.status).toBe(200)
    expect(paired.body).toMatchObject({ deviceId: 'kiosk-1', kind: 'kiosk' })
    const kiosk = await connectClient(hub.url, { role: 'device', deviceId: 'kiosk-1', key: paired.body.key })
    expect(kiosk.snapshot.you).toMatchObject({ id: 'kiosk-1', role: 'device' })
    kiosk.close()
    expect((await pair(hub.url, code)).status).toBe(404)
    expect(await backend.rows(hub)).toEqual([])
  })

  it('gives one key when the same code is redeemed twice at the same time', async () => {
    hub = await backend.open(false, Date.now)
    const token = await hub.signIn('admin')
    const code = await newCode(hub, token, 'display-1')
    const answers = await Promise.all([pair(hub.url, code), pair(hub.url, code), pair(hub.url, code)])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404, 404])
    const audit = await adminCall<{ changes: { section: string }[] }>(hub.url, token, 'GET', 'audit')
    expect(audit.body.changes.map((c) => c.section)).toEqual(['devices'])
  })

  it('refuses an expired or replaced code and sweeps expired rows', async () => {
    let now = Date.now()
    hub = await backend.open(false, () => now)
    const token = await hub.signIn('admin')
    const late = await newCode(hub, token, 'kiosk-1')
    now += 10 * 60_000 + 1
    // Another device's code: issuing it sweeps the expired one.
    const replaced = await newCode(hub, token, 'display-1')
    expect((await backend.rows(hub)).map((r) => r.device_id)).toEqual(['display-1'])
    expect((await pair(hub.url, late)).status).toBe(404)

    const newer = await newCode(hub, token, 'display-1')
    expect((await backend.rows(hub)).map((r) => r.code_hash)).toEqual([sha256(newer)])
    expect((await pair(hub.url, replaced)).status).toBe(404)
    // Expiry counts across a restart too: the stored time, not the process, decides.
    await hub.close()
    now += 10 * 60_000
    hub = await backend.open(true, () => now)
    expect((await pair(hub.url, newer)).status).toBe(404)
    expect(await backend.rows(hub)).toEqual([])
  })
}

describe('pairing codes on SQLite', () => {
  let dataDir = ''
  afterEach(() => {
    if (dataDir) removeDataDir(dataDir)
    dataDir = ''
  })
  codesContract({
    open: (restart, now) => {
      if (!restart) dataDir = makeTempDir('kezek-pairing-')
      return startTestHub({ dataDir, now })
    },
    rows: (hub) =>
      Promise.resolve(
        (hub.store as SqliteEventStore).db
          .prepare('SELECT code_hash, device_id, by_staff, expires_at FROM pairing_codes ORDER BY rowid')
          .all() as StoredCode[],
      ),
  })
})

describe('guessing pairing codes', () => {
  let hub: TestHub | null = null
  afterEach(async () => {
    await hub?.close()
    hub = null
  })

  it('locks the address out after ten wrong codes, and a right one then waits too, unspent', async () => {
    hub = await startTestHub()
    const code = await newCode(hub, await hub.signIn('admin'), 'kiosk-1')
    for (let i = 0; i < 10; i += 1) expect((await pair(hub.url, 'ZZZZ-ZZZZ')).status).toBe(404)
    const locked = await fetch(`${hub.url}/api/pair`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    })
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
    const rows = (hub.store as SqliteEventStore).db.prepare('SELECT count(*) FROM pairing_codes').pluck()
    expect(rows.get()).toBe(1)
  })
})

let schema: TestSchema
let centres = 0

describePostgres('pairing codes on PostgreSQL', () => {
  const dirs: string[] = []
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
    for (const dir of dirs.splice(0)) removeDataDir(dir)
  })
  const centreId = () => `pairing-centre-${centres}`
  codesContract({
    open: (restart, now) => {
      if (!restart) centres += 1
      // A centre per test: another centre's codes must never count.
      const config = demoConfig()
      config.centre.id = centreId()
      const dataDir = makeTempDir('kezek-pairing-pg-')
      dirs.push(dataDir)
      return startTestHub({ config, postgresUrl: schema.url, dataDir, now })
    },
    rows: async () =>
      (
        await adminQuery<StoredCode & { expires_at: string }>(
          `SELECT code_hash, device_id, by_staff, expires_at FROM kezek_pairing_codes
           WHERE centre_id = $1 ORDER BY expires_at, code_hash`,
          [centreId()],
          schema.url,
        )
      ).map((row) => ({ ...row, expires_at: Number(row.expires_at) })),
  })
})
