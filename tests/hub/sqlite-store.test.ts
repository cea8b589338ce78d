import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CentreEngine } from '../../src-main/hub/centre-engine'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { createLogger } from '../../src-main/hub/logger'
import { migrations } from '../../src-main/hub/store/sqlite-migrations'
import { openHub } from '../../src-main/hub/server'
import {
  openSqliteDatabase,
  openSqliteStore,
  reserveWal,
  type SqliteEventStore,
} from '../../src-main/hub/store/sqlite-store'
import type { EventStore } from '../../src-main/hub/store/types'
import type { Desk, EventEnvelope } from '../../src-shared/domain/types'
import { dayOpened, result, started, storeContract, T0 } from '../support/store-contract'

let dir: string
let open: Array<{ close(): void }>

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-store-'))
  open = []
})

afterEach(() => {
  for (const handle of open) handle.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

function openStore(dataDir = dir): EventStore {
  const store = openSqliteStore(dataDir)
  open.push(store)
  return store
}

/** A second, raw connection to the store's file, to look behind the public API or damage it. */
function rawDb(): Database.Database {
  const db = new Database(path.join(dir, 'kezek.sqlite'))
  open.push(db)
  return db
}

describe('opening', () => {
  it('applies every migration once and records it', () => {
    openStore().close()
    openStore().close()
    const rows = rawDb()
      .prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')
      .all()
    expect(rows).toEqual(
      migrations.map((m) => ({ version: m.version, name: m.name, applied_at: expect.any(Number) })),
    )
  })

  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout', () => {
    const { db } = openSqliteDatabase(dir)
    open.push(db)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0)
  })

  it('makes every table STRICT', () => {
    openStore().close()
    const tables = rawDb()
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as Array<{ name: string; sql: string }>
    expect(tables.map((t) => t.name).sort()).toEqual([
      'bindings',
      'command_results',
      'config_versions',
      'events',
      'gateway_outbox',
      'mobile_citizen_submissions',
      'notify_consents',
      'notify_cursor',
      'notify_outbox',
      'pairing_codes',
      'registration_audit',
      'registration_challenges',
      'schema_migrations',
      'staff_sessions',
      'telegram_links',
      'vault_entries',
      'vault_keys',
    ])
    for (const table of tables) expect(table.sql, table.name).toMatch(/\)\s*STRICT\b/)
  })

  it('creates a missing data folder 0700 and the database file 0600', () => {
    const dataDir = path.join(dir, 'nested', 'data')
    const store = openStore(dataDir)
    store.commit({ events: [started(1)], results: [] })
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700)
    expect(fs.statSync(path.join(dataDir, 'kezek.sqlite')).mode & 0o777).toBe(0o600)
    expect(fs.statSync(path.join(dataDir, 'kezek.sqlite-wal')).mode & 0o777).toBe(0o600)
  })

  it('tightens the mode of an existing database file', () => {
    openStore().close()
    const file = path.join(dir, 'kezek.sqlite')
    fs.chmodSync(file, 0o644)
    openStore()
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('refuses a file name that would write outside the data folder', () => {
    expect(() => openSqliteStore(dir, { fileName: '../escape.sqlite' })).toThrow(/plain file name/)
    expect(fs.existsSync(path.join(dir, '..', 'escape.sqlite'))).toBe(false)
  })

  it('uses the given file name', () => {
    const store = openSqliteStore(dir, { fileName: 'centre-7.sqlite' })
    open.push(store)
    expect(fs.existsSync(path.join(dir, 'centre-7.sqlite'))).toBe(true)
    expect(fs.existsSync(path.join(dir, 'kezek.sqlite'))).toBe(false)
  })

  it('refuses a database written by a newer schema, naming the file and both versions', () => {
    openStore().close()
    const db = new Database(path.join(dir, 'kezek.sqlite'))
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 0)').run(
      'from the future',
    )
    db.close()
    const known = migrations.length
    expect(() => openSqliteStore(dir)).toThrow(
      new RegExp(`${path.join(dir, 'kezek.sqlite').replace(/[.\\/]/g, '\\$&')}.*version 999.*up to ${known}`),
    )
    expect(rawDb().prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(999)
  })

  it('refuses a file that is not a database, naming it', () => {
    fs.writeFileSync(
      path.join(dir, 'kezek.sqlite'),
      'this is a ticket printer log, not a database\n'.repeat(50),
    )
    expect(() => openSqliteStore(dir)).toThrow(/kezek\.sqlite/)
  })
})

describe('the contract every store keeps', () => {
  storeContract(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-store-contract-'))
    return {
      open: async () => openSqliteStore(dataDir),
      cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
      where: path.join(dataDir, 'kezek.sqlite'),
      rewriteRow: async (seq, { type, data }) => {
        const raw = new Database(path.join(dataDir, 'kezek.sqlite'))
        try {
          raw
            .prepare('UPDATE events SET type = coalesce(?, type), data = coalesce(?, data) WHERE seq = ?')
            .run(type ?? null, data === undefined ? null : JSON.stringify(data), seq)
        } finally {
          raw.close()
        }
      },
    }
  })
})

describe('SQLite specifics', () => {
  it('rejects a value of the wrong type with STRICT tables', () => {
    const store = openStore()
    const wrongTime = { ...started(1), at: 'yesterday' as unknown as number }
    expect(() => store.commit({ events: [wrongTime], results: [] })).toThrow(/datatype|cannot store/i)
    expect(() =>
      store.commit({ events: [started(1)], results: [{ ...result('r1'), at: 'now' as unknown as number }] }),
    ).toThrow(/datatype|cannot store/i)
  })

  it('names the seq of a row that is not valid JSON', () => {
    const store = openStore()
    store.commit({ events: [dayOpened(1, '2025-03-03'), started(2), started(3)], results: [] })
    rawDb().prepare('UPDATE events SET data = ? WHERE seq = 2').run('{"type":"ticket:star')
    expect(() => store.eventsAfter(0, 10)).toThrow(/corrupt.*seq 2\b/)
    expect(() => store.eventsOfCurrentDay()).toThrow(/corrupt.*seq 2\b/)
    expect(store.eventsAfter(2, 10)).toEqual([started(3)])
  })

  it('names the seq of a row whose envelope does not match its place in the log', () => {
    const store = openStore()
    store.commit({ events: [started(1), started(2)], results: [] })
    rawDb()
      .prepare('UPDATE events SET data = ? WHERE seq = 2')
      .run(JSON.stringify(started(7)))
    expect(() => store.eventsAfter(0, 10)).toThrow(/corrupt.*seq 2\b/)
  })
})

describe('a damaged log', () => {
  /** The start of a real day, as the hub writes it: each row is one that the damages below break. */
  const d1: Desk = {
    id: 'd1',
    status: 'closed',
    staffId: null,
    serviceIds: ['passport'],
    ticketId: null,
    priorityStreak: 0,
    since: T0,
  }
  const day: EventEnvelope[] = [
    {
      type: 'day:opened',
      day: '2025-03-03',
      desks: { d1 },
      serviceTimes: { passport: [420_000] },
      seq: 1,
      at: T0 + 1,
    },
    { type: 'desk:opened', deskId: 'd1', staffId: 'aigerim', serviceIds: ['passport'], seq: 2, at: T0 + 2 },
    {
      type: 'ticket:issued',
      ticketId: 't3',
      number: 'A001',
      prefix: 'A',
      serviceId: 'passport',
      categoryId: null,
      bookedFor: null,
      trackToken: 'track-token-000001',
      seq: 3,
      at: T0 + 3,
    },
    {
      type: 'ticket:called',
      ticketId: 't3',
      deskId: 'd1',
      staffId: 'aigerim',
      reason: 'regular',
      seq: 4,
      at: T0 + 4,
    },
    started(5, 't3'),
  ]

  /** Every table's rows, to show that a refused start wrote nothing. */
  function contents(db: Database.Database): Record<string, unknown[]> {
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .pluck()
      .all() as string[]
    return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all()]))
  }

  /** The message `fn` throws. */
  function failure(fn: () => unknown): string {
    try {
      fn()
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
    return 'nothing thrown'
  }

  function engineOn(store: EventStore): CentreEngine {
    return new CentreEngine({
      config: loadCentreConfig(DEFAULT_CONFIG_PATH),
      store,
      logger: createLogger({ level: 'silent' }),
      now: () => T0 + 10,
      newId: () => 'new-id',
      newToken: () => 'new-token-abcdefghijklmnop',
    })
  }

  it('loads the undamaged day', () => {
    openStore().commit({ events: day, results: [] })
    expect(openStore().eventsOfCurrentDay()).toEqual(day)
    expect(engineOn(openStore()).state.tickets.t3).toMatchObject({ status: 'serving', deskId: 'd1' })
  })

  it.each([
    [
      'a field of the wrong type',
      4,
      { deskId: 1 },
      'ticket:called',
      'deskId: expected string, received number',
    ],
    ['a missing field', 3, { serviceId: undefined }, 'ticket:issued', 'serviceId: missing'],
    [
      'an unknown fact type',
      5,
      { type: 'ticket:teleported' },
      'ticket:teleported',
      'type: not a fact this hub knows',
    ],
    ['an extra field', 2, { colour: 'red' }, 'desk:opened', 'colour: unknown field'],
    [
      'a damaged desk carried into the day',
      1,
      { desks: { d1: { ...d1, serviceIds: 'passport' } } },
      'day:opened',
      'desks.d1.serviceIds: expected array, received string',
    ],
  ])(
    'refuses to start on %s, naming file, seq, fact and field, and changes nothing',
    (_damage, seq, change, type, problem) => {
      openStore().commit({ events: day, results: [result('r1')] })
      const raw = rawDb()
      const row = raw.prepare('SELECT type, data FROM events WHERE seq = ?').get(seq) as {
        type: string
        data: string
      }
      const damaged = JSON.stringify({ ...JSON.parse(row.data), ...change })
      // The type column too, as a row from elsewhere would have it.
      raw.prepare('UPDATE events SET type = ?, data = ? WHERE seq = ?').run(type, damaged, seq)
      const before = contents(raw)

      const message = `The event store ${path.join(dir, 'kezek.sqlite')} is corrupt: event seq ${seq} (${type}): ${problem}`
      const store = openStore()
      expect(failure(() => store.eventsOfCurrentDay())).toBe(message)
      expect(failure(() => store.eventsAfter(0, 10))).toBe(message)
      expect(failure(() => engineOn(store))).toBe(message)
      store.close()
      expect(contents(raw)).toEqual(before)
      expect(before.events).toHaveLength(day.length)
    },
  )

  it('refuses a row whose type column says another fact than its JSON (the column finds the day start)', () => {
    openStore().commit({ events: day, results: [] })
    const raw = rawDb()
    raw.prepare(`UPDATE events SET type = 'day:opened' WHERE seq = 3`).run()
    const message = `The event store ${path.join(dir, 'kezek.sqlite')} is corrupt: event seq 3 (ticket:issued): type: the row's type column says "day:opened"`
    const store = openStore()
    expect(failure(() => store.eventsOfCurrentDay())).toBe(message)
    expect(failure(() => engineOn(store))).toBe(message)
  })

  it('lists the first few problems of a row from somewhere else, and how many more', () => {
    openStore().commit({ events: day, results: [] })
    rawDb()
      .prepare('UPDATE events SET data = ? WHERE seq = 2')
      .run(JSON.stringify({ type: 'desk:opened', seq: 2, at: T0, a: 1, b: 2, c: 3, d: 4 }))
    expect(() => openStore().eventsOfCurrentDay()).toThrow(
      /event seq 2 \(desk:opened\): deskId: missing; staffId: missing; serviceIds: missing; and 4 more$/,
    )
  })
})

describe('durability', () => {
  it('keeps every batch a killed writer reported as committed', async () => {
    const script = fileURLToPath(new URL('./fixtures/store-writer.ts', import.meta.url))
    const projectRoot = fileURLToPath(new URL('../..', import.meta.url))
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    )

    const deadline = Date.now() + 20_000
    while (stdout.split('\n').length < 60 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    child.kill('SIGKILL')
    expect(await exited, stderr).toBe('SIGKILL')

    const printed = stdout
      .split('\n')
      .slice(0, -1) // the last piece may be a line cut off by the kill
      .map(Number)
    expect(printed.length, stderr).toBeGreaterThanOrEqual(50)

    const store = openStore()
    const events = store.eventsAfter(0, 1_000_000)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    expect(store.lastSeq()).toBe(events.length)
    expect(store.lastSeq()).toBeGreaterThanOrEqual(Math.max(...printed))
    const stored = new Set(events.map((e) => e.seq))
    for (const seq of printed) expect(stored.has(seq)).toBe(true)
  }, 30_000)
})

describe('the WAL file', () => {
  const config = loadCentreConfig(DEFAULT_CONFIG_PATH)
  /** What the store reserves: a checkpoint interval of frames and a quarter more. */
  function reserved(db: Database.Database): number {
    const pageSize = db.pragma('page_size', { simple: true }) as number
    const frames = Math.ceil((db.pragma('wal_autocheckpoint', { simple: true }) as number) * 1.25)
    return 32 + frames * (24 + pageSize)
  }
  const walSize = () => fs.statSync(path.join(dir, 'kezek.sqlite-wal')).size
  const dbSize = () => fs.statSync(path.join(dir, 'kezek.sqlite')).size
  const tables = (db: Database.Database) =>
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all()

  it('is laid out on request, so that commits overwrite it instead of growing it', () => {
    const store = openSqliteStore(dir)
    open.push(store)
    const db = rawDb()
    const before = tables(db)
    expect(walSize()).toBeLessThan(reserved(db))
    const wal = store.reserveWal()
    const size = walSize()
    expect(wal).toEqual({ reserved: true, walBytes: size })
    expect(size).toBeGreaterThanOrEqual(reserved(db))
    // No trace in the schema: an older Kezek still opens the file.
    expect(tables(db)).toEqual(before)

    // A small hall's morning of commits, and then three times the reserve in large events, which
    // crosses SQLite's automatic checkpoints: the file never grows.
    for (let seq = 1; seq <= 500; seq++) {
      store.commit({ events: [started(seq)], results: [result(`r${seq}`)] })
    }
    expect(walSize()).toBe(size)
    const note = 'x'.repeat(6000)
    let seq = 500
    while (seq < 500 + Math.ceil((3 * size) / 6000)) {
      seq += 1
      const transferred: EventEnvelope = {
        type: 'ticket:transferred',
        ticketId: `t${seq}`,
        fromServiceId: 'passport',
        toServiceId: 'land',
        note,
        seq,
        at: T0 + seq,
      }
      store.commit({ events: [transferred], results: [] })
    }
    expect(walSize()).toBe(size)
    expect(store.lastSeq()).toBe(seq)
    expect(store.eventsAfter(0, 1_000_000).map((e) => e.seq)).toEqual(
      Array.from({ length: seq }, (_, i) => i + 1),
    )
  })

  it('is laid out by the hub once the day has loaded, and not at all for a file that fails to load', async () => {
    const store = openSqliteStore(dir)
    store.commit({ events: [dayOpened(1, '2025-03-03')], results: [] })
    store.close()
    const hub = await openHub({
      config,
      store: openSqliteStore(dir),
      logger: createLogger({ level: 'silent' }),
    })
    const db = rawDb()
    expect(walSize()).toBeGreaterThanOrEqual(reserved(db))
    await hub.close()

    // A damaged row: the hub refuses to start and the files stay exactly as they were.
    const damaged = path.join(dir, 'damaged')
    const broken = openSqliteStore(damaged)
    broken.commit({ events: [dayOpened(1, '2025-03-03'), started(2)], results: [] })
    broken.close()
    const raw = new Database(path.join(damaged, 'kezek.sqlite'))
    raw.prepare(`UPDATE events SET data = json_set(data, '$.ticketId', 7) WHERE seq = 2`).run()
    raw.close()
    const sizeBefore = fs.statSync(path.join(damaged, 'kezek.sqlite')).size
    const reopened = openSqliteStore(damaged)
    await expect(
      openHub({ config, store: reopened, logger: createLogger({ level: 'silent' }) }),
    ).rejects.toThrow(/seq 2 \(ticket:started\): ticketId/)
    expect(fs.statSync(path.join(damaged, 'kezek.sqlite-wal')).size).toBeLessThan(reserved(db))
    reopened.close()
    expect(fs.statSync(path.join(damaged, 'kezek.sqlite')).size).toBe(sizeBefore)
  })

  it('leaves the WAL as it is on a nearly full disk, and the store works', () => {
    const store = openStore() as SqliteEventStore
    const { db } = store
    const wal = reserveWal(db, path.join(dir, 'kezek.sqlite'), () => 3 * 1024 * 1024)
    expect(wal).toEqual({ reserved: false, reason: expect.stringMatching(/^only 3\.0 MB free in .*needs/) })
    expect(walSize()).toBeLessThan(reserved(db))
    store.commit({ events: [dayOpened(1, '2025-03-03')], results: [result('r1')] })
    expect(store.lastSeq()).toBe(1)
  })

  it('finishes the job of a start that stopped half-way, without reserving twice', () => {
    const store = openStore() as SqliteEventStore
    // What a start killed between the blob's commit and the table's drop leaves behind.
    store.db.exec('CREATE TABLE kezek_wal_reserve (filler BLOB NOT NULL) STRICT')
    store.db.prepare('INSERT INTO kezek_wal_reserve (filler) VALUES (zeroblob(?))').run(5 * 1024 * 1024)
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const leftOver = dbSize()
    expect(store.reserveWal().reserved).toBe(true)
    expect(tables(store.db)).not.toContain('kezek_wal_reserve')
    // The reserve reused the left-over table's pages rather than adding another reserve's worth.
    expect(dbSize()).toBeLessThanOrEqual(leftOver + 64 * 1024)
  })

  it('costs the database file the reserve once, not at every start', () => {
    const first = openSqliteStore(dir)
    first.reserveWal()
    first.close()
    const size = dbSize()
    for (let i = 0; i < 3; i++) {
      const store = openSqliteStore(dir)
      store.reserveWal()
      store.commit({ events: [started(i + 1)], results: [] })
      store.close()
    }
    // Three more starts with a commit each: a few pages at most, not three more reserves.
    expect(dbSize() - size).toBeLessThan(64 * 1024)
    const store = openStore()
    expect(store.lastSeq()).toBe(3)
  })
})
