/**
 * A report over a range of days, as SQL aggregates over the report tables: the same statements on SQLite
 * and PostgreSQL (each store names its tables and scope, `records.ts`). Percentiles are exact: a window
 * query numbers each group's values in order and returns the two around the percentile's position, which
 * are then joined linearly, as PostgreSQL's `percentile_cont` does (SQLite has no percentile function).
 */
import type { CountOf, GroupFigures, Report, ReportTotals, WaitFigures } from '../../../src-shared/reports'
import type { QueryRow, ReportRecords } from './records'

export interface ReportRange {
  from: string
  to: string
  standardMs: number
  now: number
  upToSeq: number
  logSeq: number
}

type Params = Record<string, string | number>
const RANGE = '{scope} day BETWEEN :from AND :to'
const count = (condition: string) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END)`
const mean = (column: string) => `CAST(avg(${column}) AS DOUBLE PRECISION)`
const num = (value: string | number | null | undefined): number => Number(value ?? 0)
const numOrNull = (value: string | number | null | undefined): number | null =>
  value === null || value === undefined ? null : Number(value)

/** Ticket groups: the column each is keyed by (null: all tickets in one). */
const GROUPS = {
  totals: null,
  byService: 'service_id',
  byDesk: 'desk_id',
  byStaff: 'staff_id',
  byHour: 'hour',
  byWeekday: 'weekday',
} as const
type Group = keyof typeof GROUPS

function groupSql(key: string | null): string {
  return `SELECT ${key ?? "'all'"} AS key, count(*) AS visitors,
    ${count("status = 'done'")} AS served, ${count("status = 'no_show'")} AS "noShow",
    ${count("status = 'cancelled'")} AS cancelled, ${count("status = 'lapsed'")} AS lapsed,
    ${count("status = 'closed'")} AS closed, ${count('transfers > 0')} AS transferred,
    count(wait_ms) AS waits, ${mean('wait_ms')} AS "waitAvg", ${count('wait_ms > :std')} AS "overStd",
    count(service_ms) AS services, ${mean('service_ms')} AS "serviceAvg",
    count(rating) AS ratings, ${mean('rating')} AS "ratingAvg"
    FROM {report_tickets} WHERE ${RANGE}${key ? ` AND ${key} IS NOT NULL GROUP BY ${key}` : ''}`
}

/** The two values around the median's and the 90th percentile's positions, per group. */
function percentileSql(key: string | null, column: string): string {
  const partition = key ? `PARTITION BY ${key} ` : ''
  return `SELECT key, n, i, v FROM (
    SELECT ${key ?? "'all'"} AS key, ${column} AS v,
      row_number() OVER (${partition}ORDER BY ${column}) - 1 AS i, count(*) OVER (${partition ? `PARTITION BY ${key}` : ''}) AS n
    FROM {report_tickets} WHERE ${RANGE} AND ${column} IS NOT NULL${key ? ` AND ${key} IS NOT NULL` : ''}
  ) ranked WHERE i = (n - 1) / 2 OR i = (n - 1) / 2 + 1 OR i = (n - 1) * 9 / 10 OR i = (n - 1) * 9 / 10 + 1`
}

interface Percentiles {
  median: number
  p90: number
}

/** `percentile_cont` from the values at the positions `percentileSql` returns. */
function percentiles(rows: QueryRow[]): Map<string, Percentiles> {
  const byKey = new Map<string, { n: number; at: Map<number, number> }>()
  for (const row of rows) {
    const key = String(row.key)
    const entry = byKey.get(key) ?? { n: num(row.n), at: new Map<number, number>() }
    entry.at.set(num(row.i), num(row.v))
    byKey.set(key, entry)
  }
  const result = new Map<string, Percentiles>()
  for (const [key, { n, at }] of byKey) {
    // Position (n − 1)·p, split into its whole part and tenths exactly (no float rounding).
    const pick = (tenths: number) => {
      const lo = Math.floor(((n - 1) * tenths) / 10)
      const fraction = (((n - 1) * tenths) % 10) / 10
      const low = at.get(lo)!
      const high = at.get(lo + 1) ?? low
      return low + fraction * (high - low)
    }
    result.set(key, { median: pick(5), p90: pick(9) })
  }
  return result
}

function groupFigures(
  row: QueryRow,
  waits: Percentiles | undefined,
  service: Percentiles | undefined,
): GroupFigures {
  const measured = num(row.waits)
  const over = num(row.overStd)
  const wait: WaitFigures = {
    measured,
    averageMs: measured ? numOrNull(row.waitAvg) : null,
    medianMs: waits?.median ?? null,
    p90Ms: waits?.p90 ?? null,
    overStandard: over,
    overStandardShare: measured ? over / measured : null,
  }
  const services = num(row.services)
  const ratings = num(row.ratings)
  return {
    key: String(row.key),
    visitors: num(row.visitors),
    served: num(row.served),
    noShow: num(row.noShow),
    cancelled: num(row.cancelled),
    waits: wait,
    serviceMeasured: services,
    serviceAverageMs: services ? numOrNull(row.serviceAvg) : null,
    serviceMedianMs: service?.median ?? null,
    ratings,
    ratingAverage: ratings ? numOrNull(row.ratingAvg) : null,
  }
}

const counts = (rows: QueryRow[]): CountOf[] =>
  rows
    .map((row) => ({ key: String(row.key), count: num(row.count) }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))

/** The whole report of `range`. */
export async function buildReport(records: ReportRecords, range: ReportRange): Promise<Report> {
  const params: Params = { from: range.from, to: range.to, std: range.standardMs, now: range.now }
  const q = async (sql: string) => records.query(sql, params)

  const groups = {} as Record<Group, GroupFigures[]>
  let totalsRow: QueryRow = {}
  for (const [group, key] of Object.entries(GROUPS) as Array<[Group, string | null]>) {
    const rows = await q(groupSql(key))
    const waits = percentiles(await q(percentileSql(key, 'wait_ms')))
    const service =
      group === 'totals' || group === 'byService'
        ? percentiles(await q(percentileSql(key, 'service_ms')))
        : new Map()
    groups[group] = rows
      .map((row) => groupFigures(row, waits.get(String(row.key)), service.get(String(row.key))))
      .sort((a, b) =>
        key === 'hour' || key === 'weekday' ? Number(a.key) - Number(b.key) : a.key.localeCompare(b.key),
      )
    if (group === 'totals') totalsRow = rows[0] ?? {}
  }
  const totals: ReportTotals = {
    ...groups.totals[0]!,
    lapsed: num(totalsRow.lapsed),
    closed: num(totalsRow.closed),
    transferred: num(totalsRow.transferred),
  }

  const [daysRow] = await q(`SELECT count(DISTINCT day) AS days FROM {report_tickets} WHERE ${RANGE}`)
  const days = num(daysRow?.days)
  const outcomes = counts(
    await q(`SELECT coalesce(outcome, 'none') AS key, count(*) AS count FROM {report_tickets}
      WHERE ${RANGE} AND status = 'done' GROUP BY coalesce(outcome, 'none')`),
  )
  const scoreRows = await q(`SELECT rating AS key, count(*) AS count FROM {report_tickets}
    WHERE ${RANGE} AND rating IS NOT NULL GROUP BY rating`)
  const scores = [1, 2, 3, 4, 5].map((s) => num(scoreRows.find((row) => num(row.key) === s)?.count))
  const reasons = counts(
    await q(`SELECT rating_reason AS key, count(*) AS count FROM {report_tickets}
      WHERE ${RANGE} AND rating_reason IS NOT NULL GROUP BY rating_reason`),
  )
  const channels = counts(
    await q(`SELECT channel AS key, count(*) AS count FROM {report_tickets} WHERE ${RANGE} GROUP BY channel`),
  )
  const notHall = channels.filter((c) => c.key !== 'hall').reduce((sum, c) => sum + c.count, 0)

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

  const pauseRows = await q(`SELECT coalesce(reason, 'none') AS key, count(*) AS count,
    sum(coalesce(ended_at, paused_at) - paused_at) AS ms
    FROM {report_pauses} WHERE ${RANGE} GROUP BY coalesce(reason, 'none')`)

  return {
    from: range.from,
    to: range.to,
    days,
    standardMs: range.standardMs,
    generatedAt: range.now,
    upToSeq: range.upToSeq,
    logSeq: range.logSeq,
    totals,
    byService: groups.byService,
    byDesk: groups.byDesk,
    byStaff: groups.byStaff,
    byHour: groups.byHour,
    byWeekday: groups.byWeekday,
    outcomes,
    ratings: { count: totals.ratings, average: totals.ratingAverage, scores, reasons },
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
    arrivals: await arrivals(q, days),
    waitHistogram: await waitHistogram(q),
    heatmap: (
      await q(`SELECT weekday, hour, count(*) AS visitors FROM {report_tickets} WHERE ${RANGE}
        GROUP BY weekday, hour`)
    )
      .map((row) => ({ weekday: num(row.weekday), hour: num(row.hour), visitors: num(row.visitors) }))
      .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour),
  }
}

const SLOT_MINUTES = 30

/** Arrivals per half hour and those still waiting at its end, as running sums of arrivals − leavings. */
async function arrivals(q: (sql: string) => Promise<QueryRow[]>, days: number): Promise<Report['arrivals']> {
  if (days === 0) return []
  const per = async (column: string) => {
    const rows = await q(`SELECT ${column} / ${SLOT_MINUTES} AS slot, count(*) AS n FROM {report_tickets}
      WHERE ${RANGE} AND arrival_minute IS NOT NULL AND ${column} IS NOT NULL GROUP BY ${column} / ${SLOT_MINUTES}`)
    return new Map(rows.map((row) => [num(row.slot), num(row.n)]))
  }
  const arrived = await per('arrival_minute')
  const left = await per('left_minute')
  const slots = [...arrived.keys(), ...left.keys()]
  const first = Math.min(...slots)
  const last = Math.max(...slots)
  const result: Report['arrivals'] = []
  let waiting = 0
  for (let slot = first; slot <= last; slot++) {
    waiting += (arrived.get(slot) ?? 0) - (left.get(slot) ?? 0)
    const round = (value: number) => Math.round((value / days) * 100) / 100
    result.push({
      minute: slot * SLOT_MINUTES,
      arrivals: round(arrived.get(slot) ?? 0),
      queue: round(waiting),
    })
  }
  return result
}

const BIN_MS = 5 * 60_000
const BINS = 12

async function waitHistogram(q: (sql: string) => Promise<QueryRow[]>): Promise<Report['waitHistogram']> {
  const rows =
    await q(`SELECT CASE WHEN wait_ms >= ${BIN_MS * BINS} THEN ${BINS} ELSE wait_ms / ${BIN_MS} END AS bin,
    count(*) AS n FROM {report_tickets} WHERE ${RANGE} AND wait_ms IS NOT NULL GROUP BY 1`)
  const byBin = new Map(rows.map((row) => [num(row.bin), num(row.n)]))
  return Array.from({ length: BINS + 1 }, (_, bin) => ({
    fromMinutes: bin * 5,
    toMinutes: bin === BINS ? null : (bin + 1) * 5,
    count: byBin.get(bin) ?? 0,
  }))
}
