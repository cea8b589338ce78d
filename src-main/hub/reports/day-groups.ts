/**
 * The per-day sums the reports add up over a range: for each day, grouping (`dim`) and key, how many
 * tickets and what they came to (served, waits and their sum, ratings…). The projector keeps them by
 * adding what a ticket's row now contributes and taking away what it contributed when last written, so
 * a range of a year is a few thousand small rows to sum. Percentiles are not sums: they are read from the
 * ticket rows themselves (`report-query.ts`).
 */
import { SERVICE_STANDARD_MS } from '../../../src-shared/figures'
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
  'overStandard',
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

/** The wait standard the per-day `overStandard` counts against. */
export const STANDARD_MS = SERVICE_STANDARD_MS
export const SLOT_MINUTES = 30
export const WAIT_BIN_MS = 5 * 60_000
export const WAIT_BINS = 12

const zero = (): Sums => Object.fromEntries(SUMS.map((name) => [name, 0])) as Sums

function figures(row: TicketRow): Sums {
  const sums = zero()
  sums.visitors = 1
  if (row.status === 'done') sums.served = 1
  if (row.status === 'no_show') sums.noShow = 1
  if (row.status === 'cancelled') sums.cancelled = 1
  if (row.status === 'lapsed') sums.lapsed = 1
  if (row.status === 'closed') sums.closed = 1
  if (row.transfers > 0) sums.transferred = 1
  if (row.waitMs !== null) {
    sums.waits = 1
    sums.waitSum = row.waitMs
    if (row.waitMs > STANDARD_MS) sums.overStandard = 1
  }
  if (row.serviceMs !== null) {
    sums.services = 1
    sums.serviceSum = row.serviceMs
  }
  if (row.rating !== null) {
    sums.ratings = 1
    sums.ratingSum = row.rating
  }
  return sums
}

/** What one ticket's row adds to its day: [dim, key, sums]. */
export function contributions(row: TicketRow): Array<[Dim, string, Sums]> {
  const all = figures(row)
  const one = (): Sums => ({ ...zero(), visitors: 1 })
  const out: Array<[Dim, string, Sums]> = [
    ['all', 'all', all],
    ['service', row.serviceId, all],
    ['hour', String(row.hour), all],
    ['weekday', String(row.weekday), all],
    ['channel', row.channel, one()],
    ['heat', `${row.weekday}:${row.hour}`, one()],
  ]
  if (row.deskId !== null) out.push(['desk', row.deskId, all])
  if (row.staffId !== null) out.push(['staff', row.staffId, all])
  if (row.status === 'done') out.push(['outcome', row.outcome ?? 'none', one()])
  if (row.rating !== null) out.push(['score', String(row.rating), one()])
  if (row.ratingReason !== null) out.push(['reason', row.ratingReason, one()])
  if (row.arrivalMinute !== null) {
    out.push(['arrived', String(Math.floor(row.arrivalMinute / SLOT_MINUTES)), one()])
    if (row.leftMinute !== null) out.push(['left', String(Math.floor(row.leftMinute / SLOT_MINUTES)), one()])
  }
  if (row.waitMs !== null)
    out.push(['waitBin', String(Math.min(WAIT_BINS, Math.floor(row.waitMs / WAIT_BIN_MS))), one()])
  return out
}

/** The change of the per-day sums from `before` (as last written, or none) to `after`. */
export class DayGroupDeltas {
  private readonly deltas = new Map<string, DayGroupDelta>()

  add(row: TicketRow, sign: 1 | -1): void {
    for (const [dim, key, sums] of contributions(row)) {
      const id = `${row.day}\u0000${dim}\u0000${key}`
      let delta = this.deltas.get(id)
      if (!delta) {
        delta = { day: row.day, dim, key, ...zero() }
        this.deltas.set(id, delta)
      }
      for (const name of SUMS) delta[name] += sign * sums[name]
    }
  }

  /** The changes that are not zero. */
  list(): DayGroupDelta[] {
    return [...this.deltas.values()].filter((delta) => SUMS.some((name) => delta[name] !== 0))
  }
}
