/**
 * A report over a range of days, as SQL over the report tables: the same statements on SQLite and
 * PostgreSQL (each store names its tables and scope, `records.ts`). Counts, sums and averages add up the
 * per-day sums (`report_days`, a few thousand rows for a year). Percentiles are exact, never an average
 * of daily ones: the two values around the percentile's position are read from the group's waits in
 * order (an index per grouping, `LIMIT 2 OFFSET k`) and joined linearly, as PostgreSQL's
 * `percentile_cont` does (SQLite has no percentile function). The waits over the standard are counted
 * the same way, from the same index, against the standard in force when the report is asked
 * (`ReportRange.standardMs`, the config's `alerts.waitStandardMinutes`), never one folded in earlier.
 */
import type { CountOf, GroupFigures, Report, ReportTotals } from '../../../src-shared/reports'
import { SLOT_MINUTES, SUMS, WAIT_BIN_MS, WAIT_BINS, type Dim, type Sums } from './day-groups'
import { centreDayBounds } from '../../../src-shared/domain/time'
import type { QueryRow, ReportRecords } from './records'
import type { ReportCentre } from './row-types'

export interface ReportRange {
  from: string
  to: string
  now: number
  upToSeq: number
  logSeq: number
  /** The wait standard to count against: the config's at the time of the question. */
  standardMs: number
  /** Where the centre's days begin and end: a pause across the turn of a day is split there. */
  centre: ReportCentre
}

type Params = Record<string, string | number>
const RANGE = '{scope} day BETWEEN :from AND :to'
const count = (condition: string) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`
const num = (value: string | number | null | undefined): number => Number(value ?? 0)

/** The figure groupings: the report's list, the ticket column each is keyed by, its waits' index. */
const GROUPS: Array<{
  dim: Dim
  list: 'totals' | 'byService' | 'byDesk' | 'byStaff' | 'byHour' | 'byWeekday'
  column: string | null
  numeric?: true
}> = [
  { dim: 'all', list: 'totals', column: null },
  { dim: 'service', list: 'byService', column: 'service_id' },
  { dim: 'desk', list: 'byDesk', column: 'desk_id' },
  { dim: 'staff', list: 'byStaff', column: 'staff_id' },
  { dim: 'hour', list: 'byHour', column: 'hour', numeric: true },
  { dim: 'weekday', list: 'byWeekday', column: 'weekday', numeric: true },
]

/** The sums of every dim and key over the range: one pass over the per-day rows. */
function sumsSql(): string {
  const sums = SUMS.map((name) => `sum(${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}) AS "${name}"`)
  return `SELECT dim, key, ${sums.join(', ')} FROM {report_days} WHERE ${RANGE} GROUP BY dim, key`
}

interface Percentiles {
  median: number | null
  p90: number | null
}

/**
 * `percentile_cont` of the group's `n` values of `column`: the values at position ⌊(n − 1)·p⌋ and the
 * next, read from the group's index in order, joined linearly. Position and fraction in exact tenths.
 */
async function percentiles(
  q: (sql: string, extra: Params) => Promise<QueryRow[]>,
  column: 'wait_ms' | 'service_ms',
  group: { column: string | null; index: string },
  key: string | number,
  n: number,
): Promise<Percentiles> {
  if (n === 0) return { median: null, p90: null }
  const where = group.column ? `${group.column} = :key AND ` : ''
  const sql = `SELECT ${column} AS v FROM {report_tickets} {index:${group.index}}
    WHERE {scope} ${where}${column} IS NOT NULL AND day BETWEEN :from AND :to
    ORDER BY ${column} LIMIT 2 OFFSET :offset`
  const pick = async (tenths: number) => {
    const lo = Math.floor(((n - 1) * tenths) / 10)
    const fraction = (((n - 1) * tenths) % 10) / 10
    const rows = await q(sql, { key, offset: lo })
    const low = num(rows[0]?.v)
    const high = rows[1] === undefined ? low : num(rows[1].v)
    return low + fraction * (high - low)
  }
  return { median: await pick(5), p90: await pick(9) }
}

/**
 * How many of the group's `n` waits in the range are longer than `standardMs`, read from its waits'
 * index: the rows past the standard, or (when the median is past it, so those are the most) the rows up
 * to it taken from `n`, so that at most half the group's waits are read.
 */
async function overStandard(
  q: (sql: string, extra: Params) => Promise<QueryRow[]>,
  group: { column: string | null; index: string },
  key: string | number,
  standardMs: number,
  n: number,
  median: number | null,
): Promise<number> {
  if (n === 0) return 0
  const where = group.column ? `${group.column} = :key AND ` : ''
  const over = median === null || median <= standardMs
  const [row] = await q(
    `SELECT count(*) AS n FROM {report_tickets} {index:${group.index}}
    WHERE {scope} ${where}wait_ms ${over ? '>' : '<='} :standard AND day BETWEEN :from AND :to`,
    { key, standard: standardMs },
  )
  return over ? num(row?.n) : n - num(row?.n)
}

function groupFigures(
  key: string,
  sums: Sums,
  over: number,
  waits: Percentiles,
  service: Percentiles | null,
): GroupFigures {
  const measured = sums.waits
  return {
    key,
    visitors: sums.visitors,
    served: sums.served,
    noShow: sums.noShow,
    cancelled: sums.cancelled,
    waits: {
      measured,
      averageMs: measured ? sums.waitSum / measured : null,
      medianMs: waits.median,
      p90Ms: waits.p90,
      overStandard: over,
      overStandardShare: measured ? over / measured : null,
    },
    serviceMeasured: sums.services,
    serviceAverageMs: sums.services ? sums.serviceSum / sums.services : null,
    serviceMedianMs: service?.median ?? null,
    ratings: sums.ratings,
    ratingAverage: sums.ratings ? sums.ratingSum / sums.ratings : null,
  }
}

const byCount = (a: CountOf, b: CountOf) => b.count - a.count || a.key.localeCompare(b.key)

/** The whole report of `range`. */
export async function buildReport(records: ReportRecords, range: ReportRange): Promise<Report> {
  const params: Params = { from: range.from, to: range.to, now: range.now }
  const q = async (sql: string, extra: Params = {}) => records.query(sql, { ...params, ...extra })

  // dim → key → sums over the range.
  const sums = new Map<string, Map<string, Sums>>()
  for (const row of await q(sumsSql())) {
    const dim = String(row.dim)
    if (!sums.has(dim)) sums.set(dim, new Map())
    sums
      .get(dim)!
      .set(String(row.key), Object.fromEntries(SUMS.map((name) => [name, num(row[name])])) as Sums)
  }
  const of = (dim: Dim) => sums.get(dim) ?? new Map<string, Sums>()
  const countsOf = (dim: Dim): CountOf[] =>
    [...of(dim)].map(([key, s]) => ({ key, count: s.visitors })).sort(byCount)

  const lists = {} as Record<(typeof GROUPS)[number]['list'], GroupFigures[]>
  for (const group of GROUPS) {
    const figures: GroupFigures[] = []
    const index = `w_${group.dim}`
    for (const [key, s] of of(group.dim)) {
      const value = group.numeric ? Number(key) : key
      const waits = await percentiles(q, 'wait_ms', { column: group.column, index }, value, s.waits)
      const over = await overStandard(
        q,
        { column: group.column, index },
        value,
        range.standardMs,
        s.waits,
        waits.median,
      )
      const withService = group.dim === 'all' || group.dim === 'service'
      const service = withService
        ? await percentiles(
            q,
            'service_ms',
            { column: group.column, index: `s_${group.dim}` },
            value,
            s.services,
          )
        : null
      figures.push(groupFigures(key, s, over, waits, service))
    }
    lists[group.list] = figures.sort((a, b) =>
      group.numeric ? Number(a.key) - Number(b.key) : a.key.localeCompare(b.key),
    )
  }
  const all = of('all').get('all')
  const totals: ReportTotals = {
    ...(lists.totals[0] ??
      groupFigures(
        'all',
        Object.fromEntries(SUMS.map((n) => [n, 0])) as Sums,
        0,
        { median: null, p90: null },
        { median: null, p90: null },
      )),
    lapsed: all?.lapsed ?? 0,
    closed: all?.closed ?? 0,
    transferred: all?.transferred ?? 0,
  }

  const [daysRow] = await q(`SELECT count(*) AS days FROM {report_days} WHERE ${RANGE} AND dim = 'all'`)
  const days = num(daysRow?.days)
  const channels = countsOf('channel')
  const notHall = channels.filter((c) => c.key !== 'hall').reduce((total, c) => total + c.count, 0)
  const scores = [1, 2, 3, 4, 5].map((score) => of('score').get(String(score))?.visitors ?? 0)

  const sessionRows = await q(`SELECT service_id AS key, count(*) AS sessions,
    ${count("outcome = 'completed'")} AS completed, ${count("outcome = 'abandoned'")} AS abandoned,
    ${count("outcome = 'timed_out'")} AS "timedOut"
    FROM {report_sessions} WHERE ${RANGE} GROUP BY service_id`)
  const sum = (rows: QueryRow[], field: string) => rows.reduce((total, row) => total + num(row[field]), 0)
  const sessions = sum(sessionRows, 'sessions')

  const [reg] = await q(`SELECT count(*) AS started, ${count("status = 'confirmed'")} AS confirmed,
    ${count("status = 'failed'")} AS failed,
    ${count("status = 'expired' OR (status = 'pending' AND expires_at <= :now)")} AS expired,
    ${count("status = 'cancelled'")} AS superseded, ${count("status = 'pending' AND expires_at > :now")} AS pending
    FROM {registration_challenges} WHERE ${RANGE}`)

  const bookingRows = await q(`SELECT status AS key, count(*) AS count FROM {report_bookings}
    WHERE ${RANGE} GROUP BY status`)
  const bookingsBy = (status: string) => num(bookingRows.find((row) => row.key === status)?.count)

  const pauseRows = await pausesOf(q, range)

  return {
    from: range.from,
    to: range.to,
    days,
    standardMs: range.standardMs,
    generatedAt: range.now,
    upToSeq: range.upToSeq,
    logSeq: range.logSeq,
    totals,
    byService: lists.byService,
    byDesk: lists.byDesk,
    byStaff: lists.byStaff,
    byHour: lists.byHour,
    byWeekday: lists.byWeekday,
    outcomes: countsOf('outcome'),
    ratings: { count: totals.ratings, average: totals.ratingAverage, scores, reasons: countsOf('reason') },
    channels,
    selfService: {
      sessions,
      completed: sum(sessionRows, 'completed'),
      abandoned: sum(sessionRows, 'abandoned'),
      timedOut: sum(sessionRows, 'timedOut'),
      share: sessions + totals.visitors ? sessions / (sessions + totals.visitors) : null,
      byService: sessionRows
        .map((row) => ({
          serviceId: String(row.key),
          sessions: num(row.sessions),
          completed: num(row.completed),
        }))
        .sort((a, b) => a.serviceId.localeCompare(b.serviceId)),
    },
    remoteShare: totals.visitors ? notHall / totals.visitors : null,
    registrations: {
      started: num(reg?.started),
      confirmed: num(reg?.confirmed),
      failed: num(reg?.failed),
      expired: num(reg?.expired),
      superseded: num(reg?.superseded),
      pending: num(reg?.pending),
    },
    bookings: {
      made: sum(bookingRows, 'count'),
      checkedIn: bookingsBy('checked_in'),
      cancelled: bookingsBy('cancelled'),
      lapsed: bookingsBy('lapsed'),
    },
    pauses: {
      count: sum(pauseRows, 'count'),
      totalMs: sum(pauseRows, 'ms'),
      byReason: pauseRows
        .map((row) => ({ key: String(row.key), count: num(row.count), totalMs: num(row.ms) }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    },
    arrivals: arrivals(of('arrived'), of('left'), days),
    waitHistogram: Array.from({ length: WAIT_BINS + 1 }, (_, bin) => ({
      fromMinutes: (bin * WAIT_BIN_MS) / 60_000,
      toMinutes: bin === WAIT_BINS ? null : ((bin + 1) * WAIT_BIN_MS) / 60_000,
      count: of('waitBin').get(String(bin))?.visitors ?? 0,
    })),
    heatmap: [...of('heat')]
      .map(([key, s]) => {
        const [weekday, hour] = key.split(':').map(Number)
        return { weekday: weekday!, hour: hour!, visitors: s.visitors }
      })
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
  }
}

/**
 * Windows' pauses by reason: each counted on the day it began, and its length split at the turn of the
 * centre's day, so the range holds only its own part of a pause across midnight (a pause not ended yet
 * counts nothing yet).
 */
async function pausesOf(
  q: (sql: string, extra?: Params) => Promise<QueryRow[]>,
  range: ReportRange,
): Promise<QueryRow[]> {
  const bounds = {
    pauseFrom: centreDayBounds(range.from, range.centre).start,
    pauseTo: centreDayBounds(range.to, range.centre).end,
  }
  const end = 'coalesce(ended_at, paused_at)'
  const inRange = `(CASE WHEN ${end} < :pauseTo THEN ${end} ELSE :pauseTo END)
    - (CASE WHEN paused_at > :pauseFrom THEN paused_at ELSE :pauseFrom END)`
  return q(
    `SELECT coalesce(reason, 'none') AS key, ${count('paused_at >= :pauseFrom')} AS count,
    sum(CASE WHEN ${end} > :pauseFrom THEN ${inRange} ELSE 0 END) AS ms
    FROM {report_pauses} WHERE {scope} paused_at < :pauseTo AND ${end} >= :pauseFrom
    GROUP BY coalesce(reason, 'none')`,
    bounds,
  )
}

/** Arrivals per half hour and those still waiting at its end (running arrivals − leavings), a day's average. */
function arrivals(arrived: Map<string, Sums>, left: Map<string, Sums>, days: number): Report['arrivals'] {
  if (days === 0 || arrived.size === 0) return []
  const at = (map: Map<string, Sums>, slot: number) => map.get(String(slot))?.visitors ?? 0
  const slots = [...arrived.keys(), ...left.keys()].map(Number)
  const result: Report['arrivals'] = []
  const round = (value: number) => Math.round((value / days) * 100) / 100
  let waiting = 0
  for (let slot = Math.min(...slots); slot <= Math.max(...slots); slot++) {
    waiting += at(arrived, slot) - at(left, slot)
    result.push({ minute: slot * SLOT_MINUTES, arrivals: round(at(arrived, slot)), queue: round(waiting) })
  }
  return result
}
