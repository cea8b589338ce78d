/**
 * What both desk stores agree on: which field of a record goes in which column (the field's name in
 * snake_case), and the select lists that read them back under the field names. The aliases are quoted,
 * which SQLite and PostgreSQL both accept, so one list serves both; only placeholders and the
 * `centre_id` key differ, and those stay in each store.
 */
import type { AuditEntry } from '../registration-rows'
import type { BindingRecord, ChallengeRecord, DeskRecords, OutboxRecord, SealedTable } from '../desk-records'

/** The tables whose rows hold sealed fields, in the order `rowsNotUnder` lists them (after plain rows). */
export const SEALED_TABLES: readonly SealedTable[] = [
  'bindings',
  'registration_challenges',
  'gateway_outbox',
  'mobile_citizen_submissions',
]

/** How each sealed table names a row (`SealedRowRef.id` is text), and whether it holds the IIN and phone. */
export const SEALED_ROW: Record<SealedTable, { id: string; personal: boolean }> = {
  bindings: { id: 'id', personal: true },
  registration_challenges: { id: 'id', personal: true },
  gateway_outbox: { id: 'idempotency_key', personal: false },
  mobile_citizen_submissions: { id: 'idempotency_key', personal: false },
}

/**
 * `rowsNotUnder`'s query: every row whose `key_id` is set and not the current key (`notCurrent`, the
 * dialect's filter), plain rows first, then by table and id. `table` names a table in the dialect.
 */
export function rowsNotUnderSql(dialect: {
  table: (name: SealedTable) => string
  notCurrent: string
  limit: string
  collate: string
}): string {
  const selects = SEALED_TABLES.map((name, ord) => {
    const { id, personal } = SEALED_ROW[name]
    const [iin, phone, payload] = personal
      ? ['iin_sealed', 'phone_sealed', 'CAST(NULL AS TEXT)']
      : ['CAST(NULL AS TEXT)', 'CAST(NULL AS TEXT)', 'payload']
    return `SELECT '${name}' AS "table", ${ord} AS ord, CAST(${id} AS TEXT) AS id, key_id AS "keyId",
      ${iin} AS "iinSealed", ${phone} AS "phoneSealed", ${payload} AS payload
      FROM ${dialect.table(name)} WHERE ${dialect.notCurrent}`
  })
  return `SELECT "table", id, "keyId", "iinSealed", "phoneSealed", payload FROM (${selects.join(' UNION ALL ')})
    AS sealed ORDER BY "keyId" <> 'plain', ord, id${dialect.collate} LIMIT ${dialect.limit}`
}

/** What `recordSubmission` stores, and what `submissionsFor` reads back. */
export type NewSubmission = Parameters<DeskRecords['recordSubmission']>[0]
export type StoredSubmission = { idempotencyKey: string; payload: string; keyId: string | null }

/** `fields` when it names every key of `T`; a field added to a record type fails to compile until listed. */
function everyField<T>() {
  return <const F extends readonly (keyof T & string)[]>(
    fields: F &
      (Exclude<keyof T, F[number]> extends never ? unknown : { missing: Exclude<keyof T, F[number]> }),
  ): F => fields
}

export const CHALLENGE_FIELDS = everyField<ChallengeRecord>()([
  'id',
  'kind',
  'status',
  'iinHash',
  'iinSealed',
  'phoneSealed',
  'keyId',
  'iinMasked',
  'phoneMasked',
  'replacesBindingId',
  'bindingId',
  'ticketId',
  'staffId',
  'deskId',
  'consentVersion',
  'consentLanguage',
  'documentChecked',
  'codeHash',
  'codeSalt',
  'createdAt',
  'day',
  'sentAt',
  'expiresAt',
  'attempts',
  'sends',
  'finishedAt',
])

export const BINDING_FIELDS = everyField<BindingRecord>()([
  'id',
  'iinHash',
  'iinSealed',
  'phoneSealed',
  'keyId',
  'iinMasked',
  'phoneMasked',
  'status',
  'centreId',
  'ticketId',
  'staffId',
  'deskId',
  'registrationId',
  'createdAt',
  'confirmedAt',
  'day',
  'replaces',
  'replacedBy',
  'endedAt',
  'revokeReason',
  'consentVersion',
  'consentLanguage',
  'consentAt',
  'documentChecked',
  'purgedAt',
])

export const OUTBOX_FIELDS = everyField<OutboxRecord>()([
  'id',
  'idempotencyKey',
  'bindingId',
  'kind',
  'payload',
  'keyId',
  'status',
  'attempts',
  'createdAt',
  'nextAttemptAt',
  'lastError',
  'deliveredAt',
])

/** Written by `audit` (the id is the store's: insertion order). */
export const AUDIT_INSERT_FIELDS = everyField<Omit<AuditEntry, 'id'>>()([
  'at',
  'day',
  'staffId',
  'deskId',
  'action',
  'bindingId',
  'registrationId',
  'oldValue',
  'newValue',
  'detail',
])

export const AUDIT_FIELDS = ['id', ...AUDIT_INSERT_FIELDS] as const

/** The column a field is stored in: `iinSealed` → `iin_sealed`. */
export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)
}

/** `iin_sealed AS "iinSealed", …`: reads a row back under the record's field names. */
export function selectList(fields: readonly string[]): string {
  return fields
    .map((field) => (columnOf(field) === field ? field : `${columnOf(field)} AS "${field}"`))
    .join(', ')
}

/** The columns of `fields`, in order, for an INSERT. */
export function columnList(fields: readonly string[]): string {
  return fields.map(columnOf).join(', ')
}

/**
 * The values of `fields` of `row`, in order, for an INSERT: booleans as the dialect stores them, a
 * missing field as NULL.
 */
export function valuesOf(
  fields: readonly string[],
  row: object,
  bool: (value: boolean) => unknown,
): unknown[] {
  return fields.map((field) => {
    const value = (row as Record<string, unknown>)[field]
    return typeof value === 'boolean' ? bool(value) : (value ?? null)
  })
}

/** Ordered the same way by both stores (code-unit order), whatever the database's collation. */
export function sortedKeyIds(keyIds: Iterable<string>): string[] {
  return [...new Set(keyIds)].sort()
}
