/**
 * The per-day sums the reports add up over a range: for each day, grouping (`dim`) and key, how many
 * tickets and what they came to (served, waits and their sum, ratings…). The projector keeps them by
 * adding what a ticket's row now contributes and taking away what it contributed when last written, so
 * a range of a year is a few thousand small rows to sum. Percentiles are not sums, and neither is the
 * share over the wait standard (the admin may change it, and a report answers with the standard in force
 * when it is asked): both are read from the ticket rows themselves (`report-query.ts`).
 */
import type { TicketRow } from './rows'

/** The figures summed per day and key; for the counting dims only `visitors` (the count) is used. */
export const SUMS = [
  'visitors',
  'served',
  'noShow',
  'cancelled',
  'lapsed',
  'closed',
  'transferred',
  'waits',
  'waitSum',
  'services',
  'serviceSum',
  'ratings',
  'ratingSum',
] as const
export type SumName = (typeof SUMS)[number]
export type Sums = Record<SumName, number>

/** Groupings with every figure, keyed by the ticket column of the same meaning. */
export const FIGURE_DIMS = ['all', 'service', 'desk', 'staff', 'hour', 'weekday'] as const
/** Groupings that only count tickets: by outcome, score, reason, channel, half hour, wait bin, heat cell. */
export const COUNT_DIMS = [
  'outcome',
  'score',
  'reason',
  'channel',
  'arrived',
  'left',
  'waitBin',
  'heat',
] as const
export type Dim = (typeof FIGURE_DIMS)[number] | (typeof COUNT_DIMS)[number]

export interface DayGroupDelta extends Sums {
  day: string
  dim: Dim
  key: string
}

export const SLOT_MINUTES = 30
export const WAIT_BIN_MS = 5 * 60_000
export const WAIT_BINS = 12

/** Sums as an array in `SUMS` order while folding (no object per contribution). */
type Vector = number[]
const WIDTH = SUMS.length
const at = Object.fromEntries(SUMS.map((name, i) => [name, i])) as Record<SumName, number>
/** A counting dim's contribution: one ticket. */
const ONE: Vector = SUMS.map((name) => (name === 'visitors' ? 1 : 0))

function figures(row: TicketRow): Vector {
  const v: Vector = new Array<number>(WIDTH).fill(0)
  v[at.visitors] = 1
  if (row.status === 'done') v[at.served] = 1
  else if (row.status === 'no_show') v[at.noShow] = 1
  else if (row.status === 'cancelled') v[at.cancelled] = 1
  else if (row.status === 'lapsed') v[at.lapsed] = 1
  else if (row.status === 'closed') v[at.closed] = 1
  if (row.transfers > 0) v[at.transferred] = 1
  if (row.waitMs !== null) {
    v[at.waits] = 1
    v[at.waitSum] = row.waitMs
  }
  if (row.serviceMs !== null) {
    v[at.services] = 1
    v[at.serviceSum] = row.serviceMs
  }
  if (row.rating !== null) {
    v[at.ratings] = 1
    v[at.ratingSum] = row.rating
  }
  return v
}

/** What one ticket's row adds to its day: [dim, key, sums in `SUMS` order]. */
export function contributions(row: TicketRow): Array<[Dim, string, Vector]> {
  const all = figures(row)
  const out: Array<[Dim, string, Vector]> = [
    ['all', 'all', all],
    ['service', row.serviceId, all],
    ['hour', String(row.hour), all],
    ['weekday', String(row.weekday), all],
    ['channel', row.channel, ONE],
    ['heat', `${row.weekday}:${row.hour}`, ONE],
  ]
  if (row.deskId !== null) out.push(['desk', row.deskId, all])
  if (row.staffId !== null) out.push(['staff', row.staffId, all])
  if (row.status === 'done') out.push(['outcome', row.outcome ?? 'none', ONE])
  if (row.rating !== null) out.push(['score', String(row.rating), ONE])
  if (row.ratingReason !== null) out.push(['reason', row.ratingReason, ONE])
  if (row.arrivalMinute !== null) {
    out.push(['arrived', String(Math.floor(row.arrivalMinute / SLOT_MINUTES)), ONE])
    if (row.leftMinute !== null) out.push(['left', String(Math.floor(row.leftMinute / SLOT_MINUTES)), ONE])
  }
  if (row.waitMs !== null)
    out.push(['waitBin', String(Math.min(WAIT_BINS, Math.floor(row.waitMs / WAIT_BIN_MS))), ONE])
  return out
}

/** The change of the per-day sums from `before` (as last written, or none) to `after`. */
export class DayGroupDeltas {
  private readonly deltas = new Map<string, { day: string; dim: Dim; key: string; sums: Vector }>()

  add(row: TicketRow, sign: 1 | -1): void {
    for (const [dim, key, vector] of contributions(row)) {
      const id = `${row.day} ${dim} ${key}`
      let delta = this.deltas.get(id)
      if (!delta) {
        delta = { day: row.day, dim, key, sums: new Array<number>(WIDTH).fill(0) }
        this.deltas.set(id, delta)
      }
      for (let i = 0; i < WIDTH; i++) delta.sums[i]! += sign * vector[i]!
    }
  }

  /** The changes that are not zero. */
  list(): DayGroupDelta[] {
    const result: DayGroupDelta[] = []
    for (const { day, dim, key, sums } of this.deltas.values()) {
      if (sums.every((value) => value === 0)) continue
      const row = { day, dim, key } as DayGroupDelta
      SUMS.forEach((name, i) => (row[name] = sums[i]!))
      result.push(row)
    }
    return result
  }
}
