/**
 * Reports across days: the figures of a small two-day log (`tests/support/report-log.ts`) against the
 * same figures worked out by hand, on SQLite and on PostgreSQL; the projector catching up after a stop
 * (no ticket counted twice or lost); percentiles equal to PostgreSQL's own `percentile_cont`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import type { GroupFigures, Report } from '../../src-shared/reports'
import { createLogger } from '../../src-main/hub/logger'
import {
  buildReport,
  openReportRecords,
  ReportProjector,
  type ReportRecords,
} from '../../src-main/hub/reports'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import type { AsyncEventStore } from '../../src-main/hub/store/types'
import { generatedLog } from '../../bench/reports'
import { adminQuery, createTestSchema, describePostgres, type TestSchema } from '../support/postgres'
import { LogBuilder, REPORT_ZONE, reportLog, TUESDAY, WEDNESDAY } from '../support/report-log'

const MIN = 60_000
const logger = createLogger({ level: 'silent' })
const centre = { timeZone: REPORT_ZONE }

async function commit(store: AsyncEventStore, events: EventEnvelope[]): Promise<void> {
  await store.commit({ events, results: [] })
}

async function project(
  store: AsyncEventStore,
): Promise<{ projector: ReportProjector; records: ReportRecords }> {
  const records = (await openReportRecords(store))!
  const projector = new ReportProjector({ records, store, centre, logger })
  await projector.start()
  await projector.idle()
  return { projector, records }
}

async function report(
  records: ReportRecords,
  store: AsyncEventStore,
  from = TUESDAY,
  to = WEDNESDAY,
  standardMs = 15 * MIN,
) {
  return buildReport(records, {
    from,
    to,
    now: Date.UTC(2026, 10, 26),
    upToSeq: 0,
    logSeq: store.lastSeq(),
    standardMs,
    centre,
  })
}

/** The figures of `reportLog()`, worked out by hand (see the comments there). */
function expectHandFigures(r: Report): void {
  expect(r.days).toBe(2)
  const t = r.totals
  expect([t.visitors, t.served, t.noShow, t.cancelled, t.lapsed, t.closed]).toEqual([7, 5, 1, 1, 0, 0])
  // Waits 5, 10, 16, 20, 20, 30 min: median between 16 and 20, p90 between 20 and 30 (at 0.5).
  expect(t.waits.measured).toBe(6)
  expect(t.waits.medianMs).toBe(18 * MIN)
  expect(t.waits.p90Ms).toBe(25 * MIN)
  expect(t.waits.averageMs).toBeCloseTo((101 / 6) * MIN, 3)
  expect(t.waits.overStandard).toBe(4)
  expect(t.waits.overStandardShare).toBeCloseTo(4 / 6, 6)
  // Service times 5, 5, 10, 15, 20 min.
  expect(t.serviceMeasured).toBe(5)
  expect(t.serviceMedianMs).toBe(10 * MIN)
  expect(t.serviceAverageMs).toBe(11 * MIN)
  expect([t.ratings, t.ratingAverage]).toEqual([2, 4])

  const a = r.byService.find((g) => g.key === 'a')!
  const b = r.byService.find((g) => g.key === 'b')!
  expect([a.visitors, a.served, a.noShow, a.waits.medianMs, a.waits.p90Ms]).toEqual([
    4,
    3,
    1,
    20 * MIN,
    27 * MIN,
  ])
  expect([b.visitors, b.served, b.cancelled, b.waits.medianMs]).toEqual([3, 2, 1, 13 * MIN])
  expect(b.waits.p90Ms).toBeCloseTo(15.4 * MIN, 6)
  expect(r.byDesk.map((g) => [g.key, g.visitors])).toEqual([
    ['d1', 4],
    ['d2', 2],
  ])
  expect(r.byStaff.map((g) => [g.key, g.served])).toEqual([
    ['s1', 3],
    ['s2', 2],
  ])
  expect(r.byHour.map((g) => [g.key, g.visitors])).toEqual([
    ['9', 5],
    ['10', 2],
  ])
  expect(r.byWeekday.map((g) => [g.key, g.visitors])).toEqual([
    ['1', 6],
    ['2', 1],
  ])
  expect(r.heatmap).toEqual([
    { weekday: 1, hour: 9, visitors: 4 },
    { weekday: 1, hour: 10, visitors: 2 },
    { weekday: 2, hour: 9, visitors: 1 },
  ])
  expect(r.outcomes).toEqual([
    { key: 'none', count: 4 },
    { key: 'served', count: 1 },
  ])
  expect(r.ratings.scores).toEqual([0, 0, 1, 0, 1])
  expect(r.ratings.reasons).toEqual([{ key: 'slow', count: 1 }])
  expect(r.channels).toEqual([
    { key: 'hall', count: 6 },
    { key: 'web', count: 1 },
  ])
  expect(r.remoteShare).toBeCloseTo(1 / 7, 6)
  expect(r.selfService).toMatchObject({ sessions: 1, completed: 1, abandoned: 0, timedOut: 0 })
  expect(r.selfService.share).toBeCloseTo(1 / 8, 6)
  expect(r.bookings).toEqual({ made: 1, checkedIn: 0, cancelled: 1, lapsed: 0 })
  expect(r.pauses).toEqual({
    count: 1,
    totalMs: 30 * MIN,
    byReason: [{ key: 'lunch', count: 1, totalMs: 30 * MIN }],
  })
  expect(r.registrations.started).toBe(0)
  // Half hours from 09:00: 5 arrived on two days (2.5 a day), 4 of them still waiting at 09:30 (2)...
  expect(r.arrivals).toEqual([
    { minute: 540, arrivals: 2.5, queue: 2 },
    { minute: 570, arrivals: 0, queue: 0 },
    { minute: 600, arrivals: 1, queue: 0.5 },
    { minute: 630, arrivals: 0, queue: 0 },
  ])
  expect(r.waitHistogram.map((bin) => bin.count)).toEqual([0, 1, 1, 1, 2, 0, 1, 0, 0, 0, 0, 0, 0])
}

function reportSuite(open: () => Promise<AsyncEventStore>) {
  let store: AsyncEventStore
  afterEach(async () => {
    await store.close()
  })

  it('gives the hand-worked figures of a two-day log, and one day alone', async () => {
    store = await open()
    await commit(store, reportLog())
    const { projector, records } = await project(store)
    expectHandFigures(await report(records, store))
    const wednesday = await report(records, store, WEDNESDAY, WEDNESDAY)
    expect([wednesday.days, wednesday.totals.visitors, wednesday.totals.waits.medianMs]).toEqual([
      1,
      1,
      30 * MIN,
    ])
    const empty = await report(records, store, '2026-12-01', '2026-12-02')
    expect([empty.days, empty.totals.visitors, empty.totals.waits.medianMs, empty.arrivals]).toEqual([
      0,
      0,
      null,
      [],
    ])
    await projector.stop()
  })

  it('counts the waits over the standard asked for, from the same rows, for every group', async () => {
    store = await open()
    await commit(store, reportLog())
    const { projector, records } = await project(store)
    // Waits: service a 5, 20, 20, 30 (window d1); service b 10, 16 (window d2). A wait equal to the
    // standard is not over it.
    const shares = (r: Report) => [
      r.standardMs,
      [r.totals.waits.overStandard, r.totals.waits.overStandardShare],
      ...[...r.byService, ...r.byDesk, ...r.byWeekday].map((g) => [
        g.key,
        g.waits.overStandard,
        g.waits.overStandardShare,
      ]),
    ]
    expect(shares(await report(records, store, TUESDAY, WEDNESDAY, 10 * MIN))).toEqual([
      10 * MIN,
      [4, 4 / 6],
      ['a', 3, 3 / 4],
      ['b', 1, 1 / 2],
      ['d1', 3, 3 / 4],
      ['d2', 1, 1 / 2],
      ['1', 3, 3 / 5],
      ['2', 1, 1],
    ])
    // The admin raises the standard to 20 minutes: the same stored rows, asked again.
    expect(shares(await report(records, store, TUESDAY, WEDNESDAY, 20 * MIN))).toEqual([
      20 * MIN,
      [1, 1 / 6],
      ['a', 1, 1 / 4],
      ['b', 0, 0],
      ['d1', 1, 1 / 4],
      ['d2', 0, 0],
      ['1', 0, 0],
      ['2', 1, 1],
    ])
    // Tuesday alone at 19 minutes: 20, 20 of a.
    const tuesday = await report(records, store, TUESDAY, TUESDAY, 19 * MIN)
    expect([tuesday.totals.waits.overStandard, tuesday.totals.waits.overStandardShare]).toEqual([2, 2 / 5])
    await projector.stop()
  })

  it('splits a pause across midnight between the two days, counting it on the day it began', async () => {
    store = await open()
    const log = new LogBuilder(reportLog().length)
      .at(TUESDAY, '22:00', { type: 'desk:opened', deskId: 'd3', staffId: 's3', serviceIds: ['a'] })
      .at(TUESDAY, '23:30', { type: 'desk:paused', deskId: 'd3', reason: 'repair' })
      .at(WEDNESDAY, '00:45', { type: 'desk:resumed', deskId: 'd3' }).events
    await commit(store, [...reportLog(), ...log])
    const { projector, records } = await project(store)
    const repair = (r: Report) => r.pauses.byReason.find((p) => p.key === 'repair')
    // Tuesday: the lunch pause (30 min) and the repair's 30 minutes before midnight.
    const tuesday = await report(records, store, TUESDAY, TUESDAY)
    expect([tuesday.pauses.count, tuesday.pauses.totalMs]).toEqual([2, 60 * MIN])
    expect(repair(tuesday)).toEqual({ key: 'repair', count: 1, totalMs: 30 * MIN })
    // Wednesday: the repair's 45 minutes after midnight, a pause that began the day before.
    const wednesday = await report(records, store, WEDNESDAY, WEDNESDAY)
    expect([wednesday.pauses.count, wednesday.pauses.totalMs]).toEqual([0, 45 * MIN])
    expect(repair(wednesday)).toEqual({ key: 'repair', count: 0, totalMs: 45 * MIN })
    // Both days: the whole of it, once.
    const both = await report(records, store)
    expect([both.pauses.count, both.pauses.totalMs]).toEqual([2, 105 * MIN])
    // A centre whose day turns at 01:00: the whole repair falls on Tuesday.
    const late = await buildReport(records, {
      from: TUESDAY,
      to: TUESDAY,
      now: Date.UTC(2026, 10, 26),
      upToSeq: 0,
      logSeq: store.lastSeq(),
      standardMs: 15 * MIN,
      centre: { timeZone: REPORT_ZONE, dayStartsAt: '01:00' },
    })
    expect(repair(late)).toEqual({ key: 'repair', count: 1, totalMs: 75 * MIN })
    await projector.stop()
  })

  it('catches up after a stop: facts committed meanwhile are counted once, none lost', async () => {
    store = await open()
    const log = reportLog()
    const half = log.findIndex((e) => e.type === 'ticket:rated')
    await commit(store, log.slice(0, half))
    const first = await project(store)
    expect(first.projector.seq).toBe(half)
    // Commits the first projector follows, then a stop (a kill -9 would leave the same: rows and cursor
    // of what was written, nothing of the rest).
    await commit(store, log.slice(half, half + 5))
    first.projector.onCommit(log.slice(half, half + 5))
    await first.projector.idle()
    await first.projector.stop()
    await commit(store, log.slice(half + 5))

    const second = await project(store)
    expect(second.projector.seq).toBe(log.length)
    // The same facts told again (a commit listener that fires late) change nothing.
    second.projector.onCommit(log)
    await second.projector.idle()
    const r = await report(second.records, store)
    expectHandFigures(r)
    const rows = await second.records.query(
      'SELECT count(*) AS n, sum(recalls) AS recalls FROM {report_tickets} WHERE {scope} 1 = 1',
      {},
    )
    // PostgreSQL's sum of bigint is numeric, read as text.
    expect([Number(rows[0]!.n), Number(rows[0]!.recalls)]).toEqual([7, 1])

    // A rebuild from the log gives the same figures.
    await second.projector.rebuild()
    expectHandFigures(await report(second.records, store))
    await second.projector.stop()
  })
}

describe('reports on SQLite', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))
  reportSuite(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kezek-reports-'))
    dirs.push(dir)
    return openSqliteStore(dir)
  })
})

describePostgres('reports on PostgreSQL', () => {
  let schema: TestSchema
  let centres = 0
  beforeAll(async () => {
    schema = await createTestSchema()
  })
  afterAll(async () => {
    await schema?.drop()
  })
  reportSuite(async () => openPostgresStore(schema.url, { centreId: `centre-${++centres}` }))

  it('gives, for every group, the percentiles PostgreSQL’s percentile_cont gives, and the waits over a 12-minute standard', async () => {
    const store = await openPostgresStore(schema.url, { centreId: `centre-${++centres}` })
    try {
      // Three generated days of 300 tickets (the bench's log, small): waits of every length and tie.
      await commit(store, [...generatedLog(3, 300)])
      const { projector, records } = await project(store)
      const r = await buildReport(records, {
        from: '2025-12-01',
        to: '2025-12-03',
        now: Date.now(),
        upToSeq: 0,
        logSeq: store.lastSeq(),
        standardMs: 12 * MIN,
        centre: { timeZone: 'Asia/Almaty' },
      })
      const groups: Array<[string, GroupFigures[]]> = [
        ["'all'", [r.totals]],
        ['service_id', r.byService],
        ['desk_id', r.byDesk],
        ['staff_id', r.byStaff],
        ['hour', r.byHour],
        ['weekday', r.byWeekday],
      ]
      let compared = 0
      for (const [column, list] of groups) {
        const rows = await adminQuery<{ key: string; median: number; p90: number; over: number }>(
          `SELECT ${column}::text AS key, percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_ms) AS median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_ms) AS p90,
             count(*) FILTER (WHERE wait_ms > ${12 * MIN}) AS over
           FROM ${schema.name}.kezek_report_tickets
           WHERE centre_id = 'centre-${centres}' AND wait_ms IS NOT NULL GROUP BY 1`,
        )
        expect(list.filter((g) => g.waits.measured > 0)).toHaveLength(rows.length)
        for (const row of rows) {
          const group = list.find((g) => g.key === row.key)!
          expect(group.waits.medianMs, `${column} ${row.key}`).toBeCloseTo(Number(row.median), 6)
          expect(group.waits.p90Ms, `${column} ${row.key}`).toBeCloseTo(Number(row.p90), 6)
          expect(group.waits.overStandard, `${column} ${row.key}`).toBe(Number(row.over))
          compared++
        }
      }
      expect(compared).toBeGreaterThan(30)
      await projector.stop()
    } finally {
      await store.close()
    }
  })
})
