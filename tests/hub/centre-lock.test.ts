/**
 * One owner of a centre's data at a time: a second hub, or `rotate-key` under a running hub (which
 * would keep sealing under the key being retired), is refused with the owner named and nothing touched;
 * a lock left by a process that is gone is taken over.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import { rotateKey } from '../../src-main/hub/rotate-key'
import { openHub } from '../../src-main/hub/server'
import { CentreBusyError, LOCK_FILE } from '../../src-main/hub/store/centre-lock'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import { defaultKeyFile, readKeyFile } from '../../src-main/hub/vault'
import {
  demoConfig,
  makeTempDir,
  PROJECT_ROOT,
  removeDataDir,
  startTestHub,
  type TestHub,
} from '../support/hub-harness'
import { adminQuery, createTestSchema, describePostgres } from '../support/postgres'

const silent = createLogger({ level: 'silent' })
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function hubIn(dataDir: string): Promise<TestHub> {
  const hub = await startTestHub({ dataDir })
  cleanups.push(() => hub.close())
  return hub
}

function folder(): string {
  const dataDir = makeTempDir()
  cleanups.push(() => removeDataDir(dataDir))
  return dataDir
}

describe('the data folder (SQLite)', () => {
  it('refuses a second hub while the first runs, and lets it start once the first has stopped', async () => {
    const dataDir = folder()
    const first = await hubIn(dataDir)
    const store = openSqliteStore(dataDir)
    const opening = openHub({ config: demoConfig(), store, logger: silent })
    await expect(opening).rejects.toThrow(CentreBusyError)
    await expect(opening).rejects.toThrow(
      `the data folder ${dataDir} is in use by a hub (pid ${process.pid})`,
    )
    await store.close()
    await first.close()
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
    await hubIn(dataDir)
  })

  it('refuses a key rotation under a running hub, and changes neither the key file nor the data', async () => {
    const dataDir = folder()
    const hub = await hubIn(dataDir)
    const keyFile = defaultKeyFile(dataDir)
    const before = readFileSync(keyFile, 'utf8')
    const store = openSqliteStore(dataDir)
    cleanups.push(() => store.close())
    await expect(rotateKey({ store, keyFile, logger: silent })).rejects.toThrow(/in use by a hub/)
    expect(readFileSync(keyFile, 'utf8')).toBe(before)

    // The command says so in one line, exit status 1.
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src-main/hub/cli-rotate-key.ts', '--data', dataDir],
      { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 30_000 },
    )
    expect(cli.status).toBe(1)
    expect(cli.stderr.trim().split('\n')).toHaveLength(1)
    expect(cli.stderr).toContain(`kezek rotate-key: the data folder ${dataDir} is in use by a hub`)
    expect(readFileSync(keyFile, 'utf8')).toBe(before)

    await hub.close()
    const report = await rotateKey({ store, keyFile, logger: silent })
    expect(readKeyFile(keyFile)!.current).toBe(report.keyId)
  })

  it('takes over a lock left by a process that is gone, or by this process in an earlier life', async () => {
    const dataDir = folder()
    const gone = spawn(process.execPath, ['-e', ''])
    const pid = gone.pid!
    await new Promise((resolve) => gone.on('exit', resolve))
    const lockFile = join(dataDir, LOCK_FILE)
    writeFileSync(lockFile, JSON.stringify({ pid, owner: 'a hub', since: '2026-12-01T00:00:00.000Z' }))
    let hub = await hubIn(dataDir)
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid })
    await hub.close()

    // A container's hub is pid 1 after every restart: its own pid in the file is a previous life's.
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, owner: 'a hub' }))
    hub = await hubIn(dataDir)
    await hub.close()
    // Half-written by a process killed while making it.
    writeFileSync(lockFile, '{"pid": ')
    await hubIn(dataDir)
  })
})

describePostgres('a centre in PostgreSQL', () => {
  it('refuses a second hub for the same centre, and not for another centre', async () => {
    const schema = await createTestSchema()
    cleanups.push(() => schema.drop())
    const dataDir = folder()
    const first = await startTestHub({ postgresUrl: schema.url, dataDir })
    cleanups.push(() => first.close())
    const store = await openPostgresStore(schema.url, { centreId: first.config.centre.id })
    cleanups.push(() => store.close())
    await expect(openHub({ config: demoConfig(), store, dataDir: folder(), logger: silent })).rejects.toThrow(
      `the centre ${first.config.centre.id} in this PostgreSQL database is in use by another hub or command`,
    )
    await expect(rotateKey({ store, keyFile: defaultKeyFile(dataDir), logger: silent })).rejects.toThrow(
      CentreBusyError,
    )
    const other = await openPostgresStore(schema.url, { centreId: 'another-centre' })
    cleanups.push(() => other.close())
    const config = demoConfig()
    const second = await openHub({
      config: { ...config, centre: { ...config.centre, id: 'another-centre' } },
      store: other,
      dataDir: folder(),
      logger: silent,
    })
    await second.close()
  })

  it('stops the hub, with its reason, when the connection holding the lock ends', async () => {
    const schema = await createTestSchema()
    cleanups.push(() => schema.drop())
    const config = demoConfig()
    const store = await openPostgresStore(schema.url, { centreId: config.centre.id })
    cleanups.push(() => store.close())
    const lines: string[] = []
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => void lines.push(line) },
    })
    const fatal: unknown[] = []
    const hub = await openHub({
      config,
      store,
      dataDir: folder(),
      logger,
      onFatal: (error) => fatal.push(error),
    })
    cleanups.push(() => hub.close())
    // The database ends the session that holds the centre's advisory lock (a restart, a network cut).
    const rows = await adminQuery<{ pid: number }>(
      "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
      [],
      schema.url,
    )
    expect(rows).toHaveLength(1)
    await adminQuery('SELECT pg_terminate_backend($1)', [rows[0]!.pid], schema.url)
    await expect.poll(() => fatal.length, { timeout: 10_000 }).toBe(1)
    expect(lines.some((line) => line.includes('centre-lock-lost'))).toBe(true)
  })
})
