/**
 * The registration desk's sealed records on both stores: the one contract (tests/support), on a SQLite
 * file opened through the event store (so its migrations run) and on a fresh PostgreSQL schema through
 * the PostgreSQL store. SQLite also upgrades a file written before the vault.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { PLAIN_KEY_ID } from '../../src-main/hub/registration/desk-records'
import {
  openDeskRecords,
  PostgresDeskRecords,
  SqliteDeskRecords,
} from '../../src-main/hub/registration/records'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { migrations } from '../../src-main/hub/store/sqlite-migrations'
import { openSqliteStore, type SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { deskRecordsContract } from '../support/desk-records-contract'
import { DAY, T0 } from '../support/desk-records-fixtures'
import { createTestSchema, describePostgres, type TestSchema } from '../support/postgres'

describe('desk records on SQLite', () => {
  deskRecordsContract(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kezek-desk-records-'))
    const store = openSqliteStore(dir)
    const records = openDeskRecords(store)
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

    it('keeps its plain rows for sealing, forgets erased ones, and still holds the binding CHECK', () => {
      writeSchema3File(path.join(dir, 'kezek.sqlite'))
      store = openSqliteStore(dir)
      // Synchronous on SQLite: the upgrade is checked without awaiting.
      const records = openDeskRecords(store) as SqliteDeskRecords
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
          id: '1',
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
      expect(records.rowsNotUnder('k1', 100).map((r) => r.id)).toEqual(['c-pending', '1', 'sub-live'])
    })
  })
})

const OLD_PAYLOAD = '{"iin":"870412300127","phone":"+77011234578"}'

/** A database at schema 3 with rows as registration-store.ts wrote them (plain `iin`, `phone_e164`). */
function writeSchema3File(file: string): void {
  const db = new Database(file)
  try {
    db.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
    for (const m of migrations.filter((m) => m.version <= 3)) {
      m.up(db)
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        T0,
      )
    }
    const insertBinding = db.prepare(`
      INSERT INTO bindings (id, iin, phone_e164, iin_masked, phone_masked, status, centre_id, ticket_id, staff_id,
        desk_id, registration_id, created_at, confirmed_at, day, replaces, replaced_by, ended_at, revoke_reason,
        consent_version, consent_language, consent_at, document_checked, purged_at)
      VALUES (?, ?, ?, '8704******27', '+7 (701) ***-**-78', 'active', 'centre', NULL, 'registrar1', 'desk-1',
        'c-done', ?, ?, '${DAY}', NULL, NULL, NULL, NULL, '2025-01', 'kk', ?, 1, ?)`)
    insertBinding.run('b-live', '870412300127', '+77011234578', T0, T0, T0, null)
    insertBinding.run('b-purged', null, null, T0, T0, T0, T0 + 1)
    const insertChallenge = db.prepare(`
      INSERT INTO registration_challenges (id, kind, status, iin, phone_e164, iin_masked, phone_masked,
        replaces_binding_id, binding_id, ticket_id, staff_id, desk_id, consent_version, consent_language,
        document_checked, code_hash, code_salt, created_at, day, sent_at, expires_at, attempts, sends, finished_at)
      VALUES (?, 'register', ?, ?, ?, '9901******11', '+7 (701) ***-**-00', NULL, ?, NULL, 'registrar1', 'desk-1',
        '2025-01', 'ru', 1, ?, ?, ?, '${DAY}', ?, ?, 0, 1, ?)`)
    const code = Buffer.from('code')
    insertChallenge.run(
      'c-pending',
      'pending',
      '990101300111',
      '+77015550000',
      null,
      code,
      code,
      T0,
      T0,
      T0 + 1,
      null,
    )
    insertChallenge.run('c-done', 'confirmed', null, null, 'b-live', null, null, T0, T0, T0 + 1, T0)
    const insertOutbox = db.prepare(`
      INSERT INTO gateway_outbox (idempotency_key, binding_id, kind, payload, status, attempts, created_at,
        next_attempt_at, last_error, delivered_at)
      VALUES (?, 'b-live', 'register', ?, ?, 0, ${T0}, ${T0}, NULL, ?)`)
    insertOutbox.run('o-pending', OLD_PAYLOAD, 'pending', null)
    insertOutbox.run('o-delivered', '{"iin":"8704******27"}', 'delivered', T0)
    const insertSubmission = db.prepare(`
      INSERT INTO mobile_citizen_submissions (idempotency_key, binding_id, kind, payload, received_at)
      VALUES (?, ?, 'register', ?, ${T0})`)
    insertSubmission.run('sub-live', 'b-live', OLD_PAYLOAD)
    insertSubmission.run('sub-purged', 'b-purged', '{"iin":"8704******27"}')
  } finally {
    db.close()
  }
}

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
    const records = openDeskRecords(store)
    expect(records).toBeInstanceOf(PostgresDeskRecords)
    return { records: records!, centreId, close: () => store.close() }
  })
})
