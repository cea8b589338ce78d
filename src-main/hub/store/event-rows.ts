/**
 * What both event stores share, whatever their SQL: how a stored row becomes an event, how a batch must
 * continue the log, and the words of their errors. Each store keeps only its dialect (statements,
 * transactions, locks), so a damaged row reads the same from SQLite and from PostgreSQL.
 */
import type { EventEnvelope } from '../../../src-shared/domain/types'
import { checkEventEnvelope } from '../../../src-shared/protocol/events'
import type { CommitBatch } from './types'

/** How many of a corrupt row's problems its error lists; a foreign row can have dozens. */
export const PROBLEMS_SHOWN = 3

/** Which log a store reads and writes, as its errors name it. */
export interface EventLogName {
  /** The store: the SQLite file, or the PostgreSQL URL without its password. */
  where: string
  /** The centre whose log it is, where one store holds several (PostgreSQL). */
  centreId?: string
}

/** One row of the events table, as the driver returns it. */
export interface StoredEventRow {
  /** PostgreSQL's driver returns a bigint as text. */
  seq: number | string
  /** The `type` column, which finds the day's start; it must say what the JSON says. */
  type: string
  /** The event's JSON: text (SQLite) or already parsed (PostgreSQL's jsonb), as `json` says. */
  data: unknown
}

/**
 * Every row is checked against the fact schemas before `evolve` sees it: a hand-edited file, a restore
 * from another centre or an older bug must stop the hub with the row and field named, not fold into a
 * wrong state.
 */
export function parseEventRows(
  log: EventLogName,
  json: 'text' | 'parsed',
  rows: readonly StoredEventRow[],
): EventEnvelope[] {
  return rows.map((row) => {
    const seq = Number(row.seq)
    const value = json === 'text' ? parseText(log, seq, row.data) : row.data
    const checked = checkEventEnvelope(value)
    if (!checked.ok) throw corruptRow(log, seq, value, checked.problems)
    if (checked.event.seq !== seq)
      throw corruptRow(log, seq, value, [`seq: ${checked.event.seq} does not match its place in the log`])
    if (checked.event.type !== row.type)
      throw corruptRow(log, seq, value, [`type: the row's type column says ${JSON.stringify(row.type)}`])
    return checked.event
  })
}

function parseText(log: EventLogName, seq: number, data: unknown): unknown {
  try {
    return JSON.parse(String(data))
  } catch {
    throw new Error(`The event store ${log.where} is corrupt: ${rowName(log, seq)} is not valid JSON`)
  }
}

function corruptRow(log: EventLogName, seq: number, value: unknown, problems: string[]): Error {
  const type = (value as { type?: unknown } | null)?.type
  const shown = problems.slice(0, PROBLEMS_SHOWN).join('; ')
  const more = problems.length > PROBLEMS_SHOWN ? `; and ${problems.length - PROBLEMS_SHOWN} more` : ''
  const fact = typeof type === 'string' ? ` (${type})` : ''
  return new Error(`The event store ${log.where} is corrupt: ${rowName(log, seq)}${fact}: ${shown}${more}`)
}

const rowName = (log: EventLogName, seq: number) =>
  `${log.centreId === undefined ? '' : `centre ${log.centreId} `}event seq ${seq}`

/**
 * Throws unless the batch's events continue the log right after `lastSeq`, with no gap or repeat.
 * Returns whether the batch has anything to write.
 */
export function checkBatchContinues(lastSeq: number, batch: CommitBatch): boolean {
  batch.events.forEach((event, i) => {
    if (event.seq !== lastSeq + 1 + i) {
      throw new Error(
        `Events must continue the log without gaps: expected seq ${lastSeq + 1 + i}, got ${event.seq}`,
      )
    }
  })
  return batch.events.length > 0 || batch.results.length > 0
}

/** The error of a commit that found the log longer (or shorter) than this store left it. */
export function changedByAnotherWriter(log: EventLogName, stored: number, expected: number): Error {
  const centre = log.centreId === undefined ? '' : ` for centre ${log.centreId}`
  return new Error(
    `The event store ${log.where} was changed by another writer${centre} (last seq ${stored}, expected ${expected})`,
  )
}

/** Throws unless `limit` is a page size `eventsAfter` can use. */
export function checkPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`limit must be a whole number ≥ 0, got ${limit}`)
}
