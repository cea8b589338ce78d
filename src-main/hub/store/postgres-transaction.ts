import type pg from 'pg'

/**
 * Runs `work` in one BEGIN…COMMIT on one connection of `pool` and returns what it returns; on a failure
 * it rolls back and rethrows. A connection whose ROLLBACK failed too is not given back to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
    } catch {
      broken = true
    }
    throw error
  } finally {
    client.release(broken)
  }
}
