/**
 * The admin screen's config versions, on SQLite and on PostgreSQL: a change is stored with its audit
 * row (who, when, section, before and after; never a password hash), the newest version is the config
 * after a restart (the file only bootstraps), a refused change stores nothing, and the export is a file
 * the hub reads again.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { CentreConfig } from '../../../src-shared/config'
import { loadCentreConfig } from '../../../src-main/hub/config-file'
import { adminCall } from '../../support/admin-api'
import { makeTempDir, removeDataDir, startTestHub, type TestHub } from '../../support/hub-harness'
import { createTestSchema, describePostgres, type TestSchema } from '../../support/postgres'

interface Audit {
  changes: { version: number; at: number; by: string; section: string; before: unknown; after: unknown }[]
}
type Services = CentreConfig['services']

function storeContract(open: (restart: boolean) => Promise<TestHub>) {
  let hub: TestHub | null = null
  afterEach(async () => {
    await hub?.close()
    hub = null
  })

  it('stores a change with its audit row, and the newest version wins after a restart', async () => {
    hub = await open(false)
    const token = await hub.signIn('admin')
    const services = structuredClone(hub.config.services)
    services[0]!.name.ru = 'Справка о судимости (новое имя)'
    const saved = await adminCall<{ version: number }>(hub.url, token, 'PUT', 'config/services', {
      value: services,
    })
    expect(saved.status).toBe(200)
    expect(saved.body.version).toBe(1)

    const audit = await adminCall<Audit>(hub.url, token, 'GET', 'audit')
    expect(audit.body.changes).toHaveLength(1)
    const row = audit.body.changes[0]!
    expect(row).toMatchObject({ version: 1, by: 'admin-1', section: 'services' })
    expect((row.before as Services)[0]!.name.ru).toBe('Справка о наличии либо отсутствии судимости')
    expect((row.after as Services)[0]!.name.ru).toBe('Справка о судимости (новое имя)')

    await hub.close()
    hub = await open(true)
    // The file still says the old name; the stored version is the centre's config now.
    expect(hub.config.services[0]!.name.ru).toBe('Справка о наличии либо отсутствии судимости')
    expect(hub.hub.config.current.services[0]!.name.ru).toBe('Справка о судимости (новое имя)')
    const kiosk = await hub.deviceClient('kiosk-1')
    expect(kiosk.snapshot.config.services[0]!.name.ru).toBe('Справка о судимости (новое имя)')
  })

  it('refuses a bad change with its problem at its path, and stores nothing', async () => {
    hub = await open(false)
    const token = await hub.signIn('admin')
    const services = structuredClone(hub.config.services)
    services[1]!.prefix = 'a1'
    services[2]!.name.kk = ''
    const refused = await adminCall<{ error: { code: string; issues: { path: unknown[] }[] } }>(
      hub.url,
      token,
      'PUT',
      'config/services',
      { value: services },
    )
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('invalid_payload')
    expect(refused.body.error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ['services', 1, 'prefix'],
        ['services', 2, 'name', 'kk'],
      ]),
    )
    // A window naming a service that does not exist: the file's cross-check, at the window's field.
    const desks = structuredClone(hub.config.desks)
    desks[0]!.serviceIds = ['no-such-service']
    const crossChecked = await adminCall<{ error: { issues: { path: unknown[] }[] } }>(
      hub.url,
      token,
      'PUT',
      'config/desks',
      { value: desks },
    )
    expect(crossChecked.status).toBe(422)
    expect(crossChecked.body.error.issues[0]!.path).toEqual(['desks', 0, 'serviceIds', 0])

    expect((await adminCall<Audit>(hub.url, token, 'GET', 'audit')).body.changes).toEqual([])
    expect(hub.hub.config.current.services[1]!.prefix).toBe(hub.config.services[1]!.prefix)
    await hub.close()
    hub = await open(true)
    expect(hub.hub.config.current).toEqual(hub.config)
  })

  it('audits a password reset as changed, never the hash, and exports a file the hub reads', async () => {
    hub = await open(false)
    const token = await hub.signIn('admin')
    const reset = await adminCall<{ password: string }>(
      hub.url,
      token,
      'POST',
      'staff/consultant-1/password',
      {},
    )
    expect(reset.status).toBe(200)
    expect(reset.body.password).toMatch(/^[A-Za-z0-9]{12}$/)
    const audit = await adminCall<Audit>(hub.url, token, 'GET', 'audit')
    const text = JSON.stringify(audit.body)
    expect(text).not.toContain('scrypt$')
    const after = audit.body.changes[0]!.after as { id: string; passwordHash: string }[]
    expect(after.find((s) => s.id === 'consultant-1')!.passwordHash).toBe('(changed)')
    expect(after.find((s) => s.id === 'consultant-2')!.passwordHash).toBe('(unchanged)')

    const exported = await adminCall<string>(hub.url, token, 'GET', 'config.yaml')
    expect(exported.status).toBe(200)
    const dir = makeTempDir('kezek-admin-export-')
    try {
      const file = join(dir, 'centre.yaml')
      writeFileSync(file, exported.body)
      // The same shape as the file: the hub reads the export as its config, new hash included.
      expect(loadCentreConfig(file)).toEqual(hub.hub.config.current)
      expect(exported.body).toContain('scrypt$')
    } finally {
      removeDataDir(dir)
    }
  })
}

describe('config versions on SQLite', () => {
  let dataDir = ''
  afterEach(() => {
    if (dataDir) removeDataDir(dataDir)
    dataDir = ''
  })
  storeContract(async (restart) => {
    if (!restart) dataDir = makeTempDir('kezek-admin-store-')
    return startTestHub({ dataDir })
  })
})

let schema: TestSchema
let centres = 0

describePostgres('config versions on PostgreSQL', () => {
  const dirs: string[] = []
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
    for (const dir of dirs.splice(0)) removeDataDir(dir)
  })
  storeContract(async (restart) => {
    if (!restart) centres += 1
    // A centre per test (its own id): the versions of the others must never show.
    const { demoConfig } = await import('../../support/hub-harness')
    const config = demoConfig()
    config.centre.id = `admin-centre-${centres}`
    const dataDir = makeTempDir('kezek-admin-pg-')
    dirs.push(dataDir)
    return startTestHub({ config, postgresUrl: schema.url, dataDir })
  })
})
