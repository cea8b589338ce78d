/**
 * inTransaction on a real PostgreSQL: all of the work or none of it, and a connection that cannot even
 * roll back is closed rather than handed to the next caller.
 */
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { inTransaction } from '../../src-main/hub/store/postgres-transaction'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../support/postgres'

let schema: TestSchema
let pool: pg.Pool

describePostgres('inTransaction', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
    await adminQuery('CREATE TABLE notes (text text PRIMARY KEY)', [], schema.url)
  })
  afterAll(async () => {
    await schema?.drop()
  })
  beforeEach(async () => {
    await adminQuery('DELETE FROM notes', [], schema.url)
    pool = new pg.Pool({ connectionString: schema.url, max: 1 })
  })
  afterEach(async () => {
    await pool.end()
  })

  const notes = async () => (await pool.query<{ text: string }>('SELECT text FROM notes ORDER BY text')).rows

  it('commits every statement and returns what the work returns', async () => {
    const result = await inTransaction(pool, async (client) => {
      await client.query("INSERT INTO notes VALUES ('a')")
      await client.query("INSERT INTO notes VALUES ('b')")
      return 'written'
    })
    expect(result).toBe('written')
    expect(await notes()).toEqual([{ text: 'a' }, { text: 'b' }])
  })

  it('rolls back the first statement when the second fails, rethrows, and gives the connection back', async () => {
    const failed = inTransaction(pool, async (client) => {
      await client.query("INSERT INTO notes VALUES ('a')")
      await client.query("INSERT INTO notes VALUES ('a')")
    })
    await expect(failed).rejects.toThrow(/duplicate key/)
    expect(await notes()).toEqual([])
    // The same (healthy) connection serves the next caller.
    expect(pool.totalCount).toBe(1)
  })

  it('drops a connection the server ended mid-transaction, and the pool opens a fresh one', async () => {
    const failed = inTransaction(pool, async (client) => {
      await client.query("INSERT INTO notes VALUES ('a')")
      // The server ends this connection mid-statement: the work and then its ROLLBACK fail.
      const { pid } = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!
      // The client reports the closed socket as an `error` event too: inTransaction hears it (no listener
      // here), or the event would be an uncaught error that fails this test.
      const sleeping = client.query('SELECT pg_sleep(30)').then(
        () => null,
        (error: unknown) => error,
      )
      await adminQuery('SELECT pg_terminate_backend($1)', [pid])
      throw (await sleeping) ?? new Error('pg_sleep outlived pg_terminate_backend')
    })
    await expect(failed).rejects.toThrow(/terminat/)
    expect(pool.totalCount).toBe(0)
    expect(await notes()).toEqual([])
    expect(pool.totalCount).toBe(1)
  })
})

/** A connection whose ROLLBACK fails while it still looks alive to the pool (pg would reuse it). */
it('does not hand back a connection whose ROLLBACK failed', async () => {
  const released: (boolean | Error | undefined)[] = []
  const client = {
    query: async (sql: string) => {
      if (sql === 'ROLLBACK') throw new Error('ROLLBACK failed')
      if (sql !== 'BEGIN') throw new Error('statement failed')
      return { rows: [] }
    },
    release: (broken?: boolean | Error) => void released.push(broken),
    on: () => client,
    off: () => client,
  }
  const pool = { connect: async () => client } as unknown as pg.Pool
  await expect(inTransaction(pool, (c) => c.query('SELECT 1'))).rejects.toThrow('statement failed')
  expect(released).toEqual([true])
})
