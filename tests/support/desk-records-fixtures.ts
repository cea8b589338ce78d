/**
 * Rows for the registration desk's records contract (desk-records-contract.ts): deterministic builders.
 * The "sealed" values are stand-in strings (`sealed:k1:…`): the stores keep opaque text and never look
 * inside.
 */
import type {
  BindingRecord,
  ChallengeRecord,
  DeskRecords,
  DeskRecordWriter,
} from '../../src-main/hub/registration/desk-records'
import type { AuditEntry } from '../../src-main/hub/registration/registration-rows'

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
