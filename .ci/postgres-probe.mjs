#!/usr/bin/env node
// Tries the PostgreSQL URL given as the first argument: exits 0 when a connection can run a query,
// 1 with the reason on one line otherwise. Used by .ci/run (after npm ci, so `pg` is installed).
import pg from 'pg'

const url = process.argv[2]
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
try {
  await client.connect()
  await client.query('SELECT 1')
  await client.end()
} catch (error) {
  console.log(String(error?.message || error).split('\n')[0])
  process.exit(1)
}
