/**
 * The registration desk's sealed records on both stores: the one contract (tests/support), on a SQLite
 * file opened through the event store (so its migrations run) and on a fresh PostgreSQL schema through
 * the PostgreSQL store. SQLite also upgrades a file written before the vault.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PLAIN_KEY_ID } from '../../src-main/hub/registration/desk-records'
import { openDeskRecords, SqliteDeskRecords } from '../../src-main/hub/registration/records'
import { PostgresDeskRecords } from '../../src-main/hub/registration/records/postgres-desk-records'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore, type SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { deskRecordsContract } from '../support/desk-records-contract'
import { OLD_PAYLOAD, writeSchema3File } from '../support/desk-records-fixtures'
import { createTestSchema, describePostgres, type TestSchema } from '../support/postgres'

describe('desk records on SQLite', () => {
  deskRecordsContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-desk-records-'))
    const store = openSqliteStore(dir)
    const records = await openDeskRecords(store)
    expect(records).toBeInstanceOf(SqliteDeskRecords)
    return {
      records: records!,
      centreId: 'centre-sqlite',
      close: async () => {
        store.close()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  })

  describe('a file written before the vault (schema 3)', () => {
    let dir: string
    let store: SqliteEventStore | undefined

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-desk-upgrade-'))
    })
    afterEach(() => {
      store?.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('keeps its plain rows for sealing, forgets erased ones, and still holds the binding CHECK', async () => {
      writeSchema3File(path.join(dir, 'kezek.sqlite'))
      store = openSqliteStore(dir)
      // Synchronous on SQLite: the upgrade is checked without awaiting.
      const records = (await openDeskRecords(store)) as SqliteDeskRecords
      expect(records).toBeInstanceOf(SqliteDeskRecords)
      const plain = { keyId: PLAIN_KEY_ID }

      expect(records.keyIdsInUse()).toEqual([PLAIN_KEY_ID])
      expect(records.rowsNotUnder('k1', 100)).toEqual([
        {
          table: 'bindings',
          id: 'b-live',
          ...plain,
          iinSealed: '870412300127',
          phoneSealed: '+77011234578',
          payload: null,
        },
        {
          table: 'registration_challenges',
          id: 'c-pending',
          ...plain,
          iinSealed: '990101300111',
          phoneSealed: '+77015550000',
          payload: null,
        },
        {
          table: 'gateway_outbox',
          id: 'o-pending',
          ...plain,
          iinSealed: null,
          phoneSealed: null,
          payload: OLD_PAYLOAD,
        },
        {
          table: 'mobile_citizen_submissions',
          id: 'sub-live',
          ...plain,
          iinSealed: null,
          phoneSealed: null,
          payload: OLD_PAYLOAD,
        },
      ])
      expect(records.getChallenge('c-done')).toMatchObject({
        status: 'confirmed',
        keyId: null,
        iinSealed: null,
      })
      expect(records.getOutbox(2)).toMatchObject({ status: 'delivered', keyId: null })

      // The renamed CHECK: a live binding must keep its (sealed) IIN and phone, a purged one must not.
      const db = store.db
      expect(() => db.prepare(`UPDATE bindings SET iin_sealed = NULL WHERE id = 'b-live'`).run()).toThrow(
        /CHECK/,
      )
      expect(() =>
        db.prepare(`UPDATE bindings SET iin_sealed = 'x', phone_sealed = 'y' WHERE id = 'b-purged'`).run(),
      ).toThrow(/CHECK/)

      records.reseal([
        {
          table: 'bindings',
          id: 'b-live',
          fromKeyId: PLAIN_KEY_ID,
          keyId: 'k1',
          iinHash: 'hash:k1:870412300127',
          iinSealed: 'sealed:k1:870412300127',
          phoneSealed: 'sealed:k1:+77011234578',
          payload: null,
        },
      ])
      expect(records.activeBindingForIin(['hash:k1:870412300127'])).toMatchObject({
        id: 'b-live',
        keyId: 'k1',
        iinSealed: 'sealed:k1:870412300127',
        documentChecked: true,
      })
      expect(records.rowsNotUnder('k1', 100).map((r) => r.id)).toEqual(['c-pending', 'o-pending', 'sub-live'])
    })
  })
})

let schema: TestSchema
let centres = 0

describePostgres('desk records on PostgreSQL', () => {
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })

  // Each test is a centre of its own in one schema: the rows of the others must never show.
  deskRecordsContract(async () => {
    const centreId = `centre-${++centres}`
    const store = await openPostgresStore(schema.url, { centreId })
    const records = await openDeskRecords(store)
    expect(records).toBeInstanceOf(PostgresDeskRecords)
    return { records: records!, centreId, close: () => store.close() }
  })
})
