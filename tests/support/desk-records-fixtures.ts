/**
 * Rows for the registration desk's records contract (desk-records-contract.ts): deterministic builders.
 * The "sealed" values are stand-in strings (`sealed:k1:…`): the stores keep opaque text and never look
 * inside.
 */
import Database from 'better-sqlite3'
import type {
  BindingRecord,
  ChallengeRecord,
  DeskRecords,
  DeskRecordWriter,
} from '../../src-main/hub/registration/desk-records'
import type { AuditEntry } from '../../src-main/hub/registration/registration-rows'
import { migrations } from '../../src-main/hub/store/sqlite-migrations'

export const T0 = Date.UTC(2025, 2, 3, 5, 0)
export const DAY = '2025-03-03'
export const MINUTE = 60_000

export interface DeskRecordsFixture {
  records: DeskRecords
  /** The centre the store keys its rows by (bindings carry it). */
  centreId: string
  close(): Promise<void>
}

/** The current test's records: filled before each test (so read its fields inside a test only). */
export type DeskRecordsContext = DeskRecordsFixture

/** Applies one transaction on the current test's records. */
export function writeIn(ctx: DeskRecordsContext) {
  return async (fn: (tx: DeskRecordWriter) => void) => ctx.records.transaction(fn)
}

/** A citizen's values sealed under `keyId`, as the vault would hand them (stand-ins). */
export function sealedAs(keyId: string, iin = '870412300127', phone = '+77011234578') {
  return {
    iinHash: `hash:${keyId}:${iin}`,
    iinSealed: `sealed:${keyId}:${iin}`,
    phoneSealed: `sealed:${keyId}:${phone}`,
    keyId,
  }
}

export function challenge(overrides: Partial<ChallengeRecord> = {}): ChallengeRecord {
  return {
    id: 'challenge-1',
    kind: 'register',
    status: 'pending',
    ...sealedAs('k1'),
    iinMasked: '8704******27',
    phoneMasked: '+7 (701) ***-**-78',
    replacesBindingId: null,
    bindingId: null,
    ticketId: 'ticket-1',
    staffId: 'registrar1',
    deskId: 'desk-1',
    consentVersion: '2025-01',
    consentLanguage: 'kk',
    documentChecked: true,
    codeHash: Buffer.from('scrypt-of-the-code'),
    codeSalt: Buffer.from([0, 1, 2, 254, 255]),
    createdAt: T0,
    day: DAY,
    sentAt: T0,
    expiresAt: T0 + 5 * MINUTE,
    attempts: 0,
    sends: 1,
    finishedAt: null,
    ...overrides,
  }
}

export function binding(centreId: string, overrides: Partial<BindingRecord> = {}): BindingRecord {
  return {
    id: 'binding-1',
    ...sealedAs('k1'),
    iinMasked: '8704******27',
    phoneMasked: '+7 (701) ***-**-78',
    status: 'active',
    centreId,
    ticketId: 'ticket-1',
    staffId: 'registrar1',
    deskId: 'desk-1',
    registrationId: 'challenge-1',
    createdAt: T0,
    confirmedAt: T0,
    day: DAY,
    replaces: null,
    replacedBy: null,
    endedAt: null,
    revokeReason: null,
    consentVersion: '2025-01',
    consentLanguage: 'ru',
    consentAt: T0,
    documentChecked: false,
    purgedAt: null,
    ...overrides,
  }
}

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0,
    day: DAY,
    staffId: 'registrar1',
    deskId: 'desk-1',
    action: 'create',
    bindingId: 'binding-1',
    registrationId: 'challenge-1',
    oldValue: null,
    newValue: '8704******27, +7 (701) ***-**-78',
    detail: null,
    ...overrides,
  }
}

/** A submission sealed under `keyId`, for the outbox or the local stand-in. */
export const outboxRow = (bindingId: string, key: string, at: number, keyId = 'k1') => ({
  idempotencyKey: key,
  bindingId,
  kind: 'register',
  payload: `sealed:${keyId}:{"iin":"870412300127"}`,
  keyId,
  at,
})

/** The plain citizen of `writeSchema3File` by default. */
export const OLD_CITIZEN = { iin: '870412300127', phone: '+77011234578' }
export const OLD_PAYLOAD = oldPayload(OLD_CITIZEN)

function oldPayload(citizen: { iin: string; phone: string }): string {
  return JSON.stringify({ iin: citizen.iin, phone: citizen.phone })
}

/**
 * A database at schema 3 (before the vault) with rows as the desk wrote them then: plain `iin` and
 * `phone_e164`. `citizen` is the live binding's (and its pending submission's) IIN and phone.
 */
export function writeSchema3File(file: string, citizen = OLD_CITIZEN): void {
  const payload = oldPayload(citizen)
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
    insertBinding.run('b-live', citizen.iin, citizen.phone, T0, T0, T0, null)
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
    insertOutbox.run('o-pending', payload, 'pending', null)
    insertOutbox.run('o-delivered', '{"iin":"8704******27"}', 'delivered', T0)
    const insertSubmission = db.prepare(`
      INSERT INTO mobile_citizen_submissions (idempotency_key, binding_id, kind, payload, received_at)
      VALUES (?, ?, 'register', ?, ${T0})`)
    insertSubmission.run('sub-live', 'b-live', payload)
    insertSubmission.run('sub-purged', 'b-purged', '{"iin":"8704******27"}')
  } finally {
    db.close()
  }
}
