/**
 * PostgreSQL for tests: the server `.ci/run` makes sure of (127.0.0.1:5432, user postgres, database
 * `test`; `KEZEK_TEST_POSTGRES` names another), and a fresh schema per test file, dropped afterwards.
 *
 * Without a reachable server, tests that need one skip with the reason printed; under CI (CI=true)
 * they fail instead, so a missing server never passes silently.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { describe } from 'vitest'

export const TEST_POSTGRES_URL = process.env.KEZEK_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Why PostgreSQL cannot be used, or null when it can. Asked once per test file. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return null
  } catch (error) {
    return `PostgreSQL at ${TEST_POSTGRES_URL} is not usable: ${(error as Error).message || String(error)}`
  } finally {
    await client.end().catch(() => undefined)
  }
}

const unavailable = await postgresUnavailable()
if (unavailable && process.env.CI === 'true') {
  throw new Error(`${unavailable}. CI must run the PostgreSQL tests: .ci/run starts a server.`)
}
if (unavailable) console.warn(`skipping PostgreSQL tests: ${unavailable}`)

/** `describe` that skips (locally, with the reason printed above) when PostgreSQL is not reachable. */
export const describePostgres = unavailable ? describe.skip : describe

export interface TestSchema {
  name: string
  /** A connection URL whose connections use this schema (`search_path`). */
  url: string
  drop(): Promise<void>
}

/** A new, empty schema in the test database. */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `kezek_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await adminQuery(`CREATE SCHEMA ${name}`)
  const url = new URL(TEST_POSTGRES_URL)
  url.searchParams.set('options', `-c search_path=${name}`)
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
    },
  }
}

/** Runs one statement on a connection of its own (outside any store). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
  url = TEST_POSTGRES_URL,
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(sql, params)).rows
  } finally {
    await client.end()
  }
}
