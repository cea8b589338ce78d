/**
 * The PostgreSQL store: the same contract tests as SQLite's, on a fresh schema of the test database,
 * and what only it has (many centres in one database, its migrations, a clear error for each way the
 * server can be wrong).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresMigrations } from '../../src-main/hub/store/postgres-migrations'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { describePostgresUrl } from '../../src-main/hub/store/postgres-url'
import {
  adminQuery,
  createTestSchema,
  describePostgres,
  TEST_POSTGRES_URL,
  type TestSchema,
} from '../support/postgres'
import { dayOpened, result, started, storeContract } from '../support/store-contract'

let schema: TestSchema
let centres = 0
/** A centre id no other test in this file uses: each test gets a log of its own in one database. */
const newCentre = () => `centre-${++centres}`

describePostgres('PostgreSQL event store', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })

  describe('the contract every store keeps', () => {
    storeContract(async () => {
      const centreId = newCentre()
      return {
        open: () => openPostgresStore(schema.url, { centreId }),
        cleanup: async () => undefined,
        where: describePostgresUrl(schema.url),
        centreId,
        rewriteRow: async (seq, { type, data }) => {
          await adminQuery(
            `UPDATE ${schema.name}.kezek_events SET type = coalesce($1, type), data = coalesce($2::jsonb, data)
             WHERE centre_id = $3 AND seq = $4`,
            [type ?? null, data === undefined ? null : JSON.stringify(data), centreId, seq],
          )
        },
      }
    })
  })

  it('applies its migrations once and records them', async () => {
    const first = await openPostgresStore(schema.url, { centreId: newCentre() })
    await first.close()
    const second = await openPostgresStore(schema.url, { centreId: newCentre() })
    await second.close()
    const rows = await adminQuery(
      `SELECT version, name FROM ${schema.name}.kezek_schema_migrations ORDER BY version`,
    )
    expect(rows).toEqual(postgresMigrations.map((m) => ({ version: m.version, name: m.name })))
  })

  it('refuses a damaged row by its seq, fact and field, as the SQLite store does', async () => {
    const centreId = newCentre()
    const store = await openPostgresStore(schema.url, { centreId })
    try {
      await store.commit({ events: [dayOpened(1, '2025-03-03'), started(2)], results: [] })
      await adminQuery(
        `UPDATE ${schema.name}.kezek_events SET data = jsonb_set(data, '{ticketId}', '7') WHERE centre_id = $1 AND seq = 2`,
        [centreId],
      )
      await expect(store.eventsAfter(0, 10)).rejects.toThrow(
        new RegExp(
          `centre ${centreId} event seq 2 \\(ticket:started\\): ticketId: expected string, received number`,
        ),
      )
    } finally {
      await store.close()
    }
  })

  it('refuses a row whose type column says another fact than its JSON', async () => {
    const centreId = newCentre()
    const store = await openPostgresStore(schema.url, { centreId })
    try {
      await store.commit({ events: [dayOpened(1, '2025-03-03'), started(2)], results: [] })
      await adminQuery(
        `UPDATE ${schema.name}.kezek_events SET type = 'day:opened' WHERE centre_id = $1 AND seq = 2`,
        [centreId],
      )
      await expect(store.eventsOfCurrentDay()).rejects.toThrow(
        /event seq 2 \(ticket:started\): type: the row's type column says "day:opened"/,
      )
    } finally {
      await store.close()
    }
  })

  it('keeps the logs of centres sharing one database apart', async () => {
    const astana = await openPostgresStore(schema.url, { centreId: newCentre() })
    const almaty = await openPostgresStore(schema.url, { centreId: newCentre() })
    try {
      await astana.commit({ events: [dayOpened(1, '2025-03-03'), started(2)], results: [result('r1')] })
      await almaty.commit({ events: [started(1, 'almaty-1')], results: [] })
      expect(astana.lastSeq()).toBe(2)
      expect(almaty.lastSeq()).toBe(1)
      expect(await almaty.eventsOfCurrentDay()).toEqual([started(1, 'almaty-1')])
      expect(await almaty.findResult('staff:aigerim', 'r1')).toBeUndefined()
      await astana.saveSession({ tokenHash: 'h', staffId: 'a', createdAt: 0, expiresAt: 1 })
      expect(await almaty.findSession('h')).toBeUndefined()
    } finally {
      await astana.close()
      await almaty.close()
    }
  })

  it('lets concurrent writers of one centre through one at a time: exactly one wins each seq', async () => {
    const centreId = newCentre()
    const writers = await Promise.all(
      Array.from({ length: 4 }, () => openPostgresStore(schema.url, { centreId })),
    )
    try {
      const outcomes = await Promise.allSettled(
        writers.map((w, i) => w.commit({ events: [started(1, `w${i}`)], results: [] })),
      )
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      for (const o of outcomes.filter((o) => o.status === 'rejected'))
        expect(String((o as PromiseRejectedResult).reason)).toMatch(/another writer/)
      expect((await writers[0]!.eventsAfter(0, 10)).map((e) => e.seq)).toEqual([1])
    } finally {
      for (const w of writers) await w.close()
    }
  })

  it('refuses a database whose Kezek schema is newer, naming both versions', async () => {
    const newer = await createTestSchema()
    try {
      await (await openPostgresStore(newer.url, { centreId: 'c' })).close()
      await adminQuery(
        `INSERT INTO ${newer.name}.kezek_schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)`,
      )
      await expect(openPostgresStore(newer.url, { centreId: 'c' })).rejects.toThrow(
        new RegExp(`version 999.*up to ${postgresMigrations.length}`),
      )
    } finally {
      await newer.drop()
    }
  })

  it('refuses a connection whose commits would not be durable', async () => {
    const url = new URL(schema.url)
    url.searchParams.set('options', `-c search_path=${schema.name} -c synchronous_commit=off`)
    await expect(openPostgresStore(url.toString(), { centreId: 'c' })).rejects.toThrow(
      /synchronous_commit is off/,
    )
  })

  /** The test server's URL with another database or port, the same user and password. */
  const variant = (change: (url: URL) => void) => {
    const url = new URL(TEST_POSTGRES_URL)
    change(url)
    return url.toString()
  }

  it.each([
    ['a missing database', () => variant((u) => (u.pathname = '/kezek_no_such_db')), /does not exist/],
    ['a port nobody listens on', () => variant((u) => (u.port = '1')), /nothing accepts connections/],
  ])('names the server and the problem for %s', async (_, url, reason) => {
    const error = await openPostgresStore(url(), { centreId: 'c', connectTimeoutMs: 2000 }).catch((e) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toMatch(
      /^Cannot open the PostgreSQL store at postgres:\/\/[^ ]*127\.0\.0\.1/,
    )
    // A password in the URL is never shown.
    expect((error as Error).message).not.toMatch(/:(?!\*\*\*@)[^:@/]+@127/)
    expect((error as Error).message).toMatch(reason)
    expect((error as Error).message).not.toContain('\n')
  })
})

describe('PostgreSQL URLs', () => {
  it('hides the password and refuses what is not a postgres:// URL', () => {
    expect(describePostgresUrl('postgres://kezek:s3cret@db.local:5432/kezek')).toBe(
      'postgres://kezek:***@db.local:5432/kezek',
    )
    expect(() => describePostgresUrl('mysql://db/kezek')).toThrow(/not a postgres:\/\/ URL/)
    expect(() => describePostgresUrl('postgres//db')).toThrow(/not a URL/)
  })
})
