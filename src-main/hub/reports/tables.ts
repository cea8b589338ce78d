/**
 * The report tables, described once for both stores: each column's name, its row field and its type.
 * They are a projection of the log, rebuilt from it at will, so they carry their own schema version
 * (`REPORT_SCHEMA_VERSION`) beside the cursor instead of a store migration: a hub that finds another
 * version drops them and projects the log again from the start.
 */
import type { ActRow } from './acts'
import { SUMS, type DayGroupDelta } from './day-groups'
import type { BookingRow, PauseRow, SessionRow, TicketRow } from './rows'

/** Raise on any change of the tables below or of what the fold writes into them. */
export const REPORT_SCHEMA_VERSION = 6

type Kind = 'text' | 'int'
export interface Column<R> {
  name: string
  field: keyof R & string
  kind: Kind
  nullable: boolean
}

function columns<R>(spec: Array<[name: string, field: keyof R & string, kind: Kind, nullable?: 'null']>) {
  return spec.map(([name, field, kind, nullable]): Column<R> => ({ name, field, kind, nullable: !!nullable }))
}

export interface Table<R> {
  /** The name in SQLite; PostgreSQL's is `kezek_` + it, with a `centre_id` first. */
  name: string
  columns: Column<R>[]
  /** The key columns (PostgreSQL's add `centre_id`). */
  key: string[]
  /** SQLite's clustered key: rows of a day lie together, which a range of days reads in order. */
  sqliteKey: string[]
  /** Other indexes: [suffix, columns, the rows they hold (a partial index)]. */
  indexes: Array<[string, string[], string?]>
  /** Rows are sums: an upsert adds to the stored values instead of replacing them. */
  additive?: boolean
}

export const TICKETS: Table<TicketRow> = {
  name: 'report_tickets',
  columns: columns<TicketRow>([
    ['ticket_id', 'ticketId', 'text'],
    ['number', 'number', 'text', 'null'],
    ['day', 'day', 'text'],
    ['hour', 'hour', 'int'],
    ['weekday', 'weekday', 'int'],
    ['service_id', 'serviceId', 'text'],
    ['desk_id', 'deskId', 'text', 'null'],
    ['staff_id', 'staffId', 'text', 'null'],
    ['channel', 'channel', 'text'],
    ['category_id', 'categoryId', 'text', 'null'],
    ['issued_at', 'issuedAt', 'int'],
    ['wait_from', 'waitFrom', 'int', 'null'],
    ['called_at', 'calledAt', 'int', 'null'],
    ['started_at', 'startedAt', 'int', 'null'],
    ['finished_at', 'finishedAt', 'int', 'null'],
    ['arrival_minute', 'arrivalMinute', 'int', 'null'],
    ['left_minute', 'leftMinute', 'int', 'null'],
    ['status', 'status', 'text'],
    ['wait_ms', 'waitMs', 'int', 'null'],
    ['service_ms', 'serviceMs', 'int', 'null'],
    ['outcome', 'outcome', 'text', 'null'],
    ['rating', 'rating', 'int', 'null'],
    ['rating_reason', 'ratingReason', 'text', 'null'],
    ['booked', 'booked', 'int'],
    ['remote', 'remote', 'int'],
    ['transfers', 'transfers', 'int'],
    ['recalls', 'recalls', 'int'],
  ]),
  key: ['ticket_id'],
  sqliteKey: ['day', 'ticket_id'],
  // The percentiles read a group's waits in order, skipping to a position (`report-query.ts`): one
  // index per grouping, holding the day so that a range of days is checked in the index.
  indexes: [
    ['id', ['ticket_id']],
    ['w_all', ['wait_ms', 'day'], 'wait_ms IS NOT NULL'],
    ['w_service', ['service_id', 'wait_ms', 'day'], 'wait_ms IS NOT NULL'],
    ['w_desk', ['desk_id', 'wait_ms', 'day'], 'wait_ms IS NOT NULL'],
    ['w_staff', ['staff_id', 'wait_ms', 'day'], 'wait_ms IS NOT NULL'],
    ['w_hour', ['hour', 'wait_ms', 'day'], 'wait_ms IS NOT NULL'],
    ['w_weekday', ['weekday', 'wait_ms', 'day'], 'wait_ms IS NOT NULL'],
    ['s_all', ['service_ms', 'day'], 'service_ms IS NOT NULL'],
    ['s_service', ['service_id', 'service_ms', 'day'], 'service_ms IS NOT NULL'],
  ],
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** The per-day sums (`day-groups.ts`): a few hundred rows a day, whatever the centre's size. */
export const DAYS: Table<DayGroupDelta> = {
  name: 'report_days',
  columns: [
    ...columns<DayGroupDelta>([
      ['day', 'day', 'text'],
      ['dim', 'dim', 'text'],
      ['key', 'key', 'text'],
    ]),
    ...SUMS.map(
      (name): Column<DayGroupDelta> => ({ name: snake(name), field: name, kind: 'int', nullable: false }),
    ),
  ],
  key: ['day', 'dim', 'key'],
  sqliteKey: ['day', 'dim', 'key'],
  indexes: [],
  additive: true,
}

export const SESSIONS: Table<SessionRow> = {
  name: 'report_sessions',
  columns: columns<SessionRow>([
    ['session_id', 'sessionId', 'text'],
    ['day', 'day', 'text'],
    ['service_id', 'serviceId', 'text'],
    ['kiosk_id', 'kioskId', 'text'],
    ['started_at', 'startedAt', 'int'],
    ['steps', 'steps', 'int'],
    ['outcome', 'outcome', 'text', 'null'],
  ]),
  key: ['session_id'],
  sqliteKey: ['day', 'session_id'],
  indexes: [['id', ['session_id']]],
}

export const BOOKINGS: Table<BookingRow> = {
  name: 'report_bookings',
  columns: columns<BookingRow>([
    ['booking_id', 'bookingId', 'text'],
    ['day', 'day', 'text'],
    ['service_id', 'serviceId', 'text'],
    ['channel', 'channel', 'text'],
    ['made_at', 'madeAt', 'int'],
    ['status', 'status', 'text'],
  ]),
  key: ['booking_id'],
  sqliteKey: ['booking_id'],
  indexes: [['day', ['day']]],
}

export const PAUSES: Table<PauseRow> = {
  name: 'report_pauses',
  columns: columns<PauseRow>([
    ['desk_id', 'deskId', 'text'],
    ['paused_at', 'pausedAt', 'int'],
    ['day', 'day', 'text'],
    ['staff_id', 'staffId', 'text', 'null'],
    ['reason', 'reason', 'text', 'null'],
    ['by_staff', 'by', 'text', 'null'],
    ['ended_at', 'endedAt', 'int', 'null'],
  ]),
  key: ['desk_id', 'paused_at'],
  sqliteKey: ['desk_id', 'paused_at'],
  indexes: [['day', ['day']]],
}

/** The supervisor's acts (`acts.ts`): one row per act, read by day for the audit export. */
export const ACTS: Table<ActRow> = {
  name: 'report_acts',
  columns: columns<ActRow>([
    ['act_id', 'actId', 'text'],
    ['seq', 'seq', 'int'],
    ['day', 'day', 'text'],
    ['at', 'at', 'int'],
    ['by_staff', 'by', 'text'],
    ['kind', 'kind', 'text'],
    ['ticket_id', 'ticketId', 'text', 'null'],
    ['ticket_number', 'ticketNumber', 'text', 'null'],
    ['desk_id', 'deskId', 'text', 'null'],
    ['staff_id', 'staffId', 'text', 'null'],
    ['old_value', 'oldValue', 'text', 'null'],
    ['new_value', 'newValue', 'text', 'null'],
    ['reason', 'reason', 'text', 'null'],
    ['read_at', 'readAt', 'int', 'null'],
  ]),
  key: ['act_id'],
  sqliteKey: ['act_id'],
  indexes: [['day', ['day', 'at']]],
}

export const REPORT_TABLES = [TICKETS, DAYS, SESSIONS, BOOKINGS, PAUSES, ACTS] as const

/** SQLite's DDL of every report table and the cursor (one row: the last seq folded, the schema version). */
export function sqliteSchema(): string {
  const tables = REPORT_TABLES.map((table) => {
    const cols = (table.columns as Column<unknown>[]).map(
      (c) => `${c.name} ${c.kind === 'int' ? 'INTEGER' : 'TEXT'}${c.nullable ? '' : ' NOT NULL'}`,
    )
    const indexes = table.indexes.map(
      ([suffix, cols, where]) =>
        `CREATE ${suffix === 'id' ? 'UNIQUE ' : ''}INDEX ${table.name}_${suffix} ON ${table.name} (${cols.join(', ')})${where ? ` WHERE ${where}` : ''};`,
    )
    return [
      `CREATE TABLE ${table.name} (${cols.join(', ')}, PRIMARY KEY (${table.sqliteKey.join(', ')})) STRICT, WITHOUT ROWID;`,
      ...indexes,
    ].join('\n')
  })
  return [
    ...tables,
    'CREATE TABLE report_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, version INTEGER NOT NULL) STRICT;',
  ].join('\n')
}

/** PostgreSQL's DDL: the same tables keyed by centre. */
export function postgresSchema(): string {
  const tables = REPORT_TABLES.map((table) => {
    const name = `kezek_${table.name}`
    const cols = (table.columns as Column<unknown>[]).map(
      (c) => `${c.name} ${c.kind === 'int' ? 'bigint' : 'text'}${c.nullable ? '' : ' NOT NULL'}`,
    )
    const indexes = table.indexes
      .filter(([suffix]) => suffix !== 'id')
      .map(
        ([suffix, cols, where]) =>
          `CREATE INDEX ${name}_${suffix} ON ${name} (centre_id, ${cols.join(', ')})${where ? ` WHERE ${where}` : ''};`,
      )
    return [
      `CREATE TABLE ${name} (centre_id text NOT NULL, ${cols.join(', ')}, PRIMARY KEY (centre_id, ${table.key.join(', ')}));`,
      ...indexes,
    ].join('\n')
  })
  return [
    ...tables,
    `CREATE INDEX kezek_report_tickets_day ON kezek_report_tickets (centre_id, day);`,
    'CREATE TABLE kezek_report_cursor (centre_id text PRIMARY KEY, seq bigint NOT NULL, version integer NOT NULL);',
  ].join('\n')
}

/** A table's columns as a SELECT list, each named as its row's field (the rows come back as `R`). */
export const selectColumns = <R>(table: Table<R>): string =>
  table.columns.map((c) => `${c.name} AS "${c.field}"`).join(', ')

/** Every table's name in a store (`prefix` '' for SQLite, 'kezek_' for PostgreSQL), the cursor last. */
export const reportTableNames = (prefix: string): string[] => [
  ...REPORT_TABLES.map((t) => prefix + t.name),
  `${prefix}report_cursor`,
]
