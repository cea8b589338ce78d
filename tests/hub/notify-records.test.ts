/**
 * The notifications' records on both stores: one contract (tests/support/notify-records-contract.ts) on
 * a SQLite file opened through the event store (so its migrations run) and on a fresh PostgreSQL schema,
 * a centre per test (the rows of the others must never show).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect } from 'vitest'
import { openNotifyRecords, SqliteNotifyRecords } from '../../src-main/hub/notify/records'
import { PostgresNotifyRecords } from '../../src-main/hub/notify/records/postgres-notify-records'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import { notifyRecordsContract } from '../support/notify-records-contract'
import { createTestSchema, describePostgres, type TestSchema } from '../support/postgres'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('notification records on SQLite', () => {
  notifyRecordsContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-notify-records-'))
    dirs.push(dir)
    const store = openSqliteStore(dir)
    const records = await openNotifyRecords(store)
    expect(records).toBeInstanceOf(SqliteNotifyRecords)
    return { records: records!, close: async () => store.close() }
  })
})

let schema: TestSchema
let centres = 0

describePostgres('notification records on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })

  notifyRecordsContract(async () => {
    const store = await openPostgresStore(schema.url, { centreId: `centre-${++centres}` })
    const records = await openNotifyRecords(store)
    expect(records).toBeInstanceOf(PostgresNotifyRecords)
    return { records: records!, close: () => store.close() }
  })
})
