import type pg from 'pg'

/**
 * Runs `work` in one BEGIN…COMMIT on one connection of `pool` and returns what it returns; on a failure
 * it rolls back and rethrows. A connection whose ROLLBACK failed too is not given back to the pool.
 * A connection the server ends while it is checked out is reported by `pg` as an `error` event as well as
 * to the statement in flight; with no listener that event would end the hub, so it is heard here and the
 * statement's own failure (or the next one's) is what the caller sees.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken = false
  const onError = (): void => {
    broken = true
  }
  client.on('error', onError)
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
    client.off('error', onError)
    client.release(broken)
  }
}
