/**
 * Measurement 10 (`--only reports`): a report over a year of a busy centre. A generated log of
 * `perDay` tickets a day × `days` days (about 4.3 facts a ticket, deterministic) goes into a SQLite store;
 * the projector folds it into the report tables as a hub's first start would; then the whole range's
 * report (`buildReport`: every grouping, exact percentiles, charts) is timed against a plain SQL aggregate
 * over the same rows (`SELECT service_id, count(*), avg(wait_ms) … GROUP BY service_id`), alternating,
 * in the same run. Target: the report under 2 s.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { DomainEvent, EventEnvelope } from '../src-shared/domain'
import { localEpoch } from '../src-shared/domain/time'
import { createLogger } from '../src-main/hub/logger'
import { buildReport, openReportRecords, ReportProjector } from '../src-main/hub/reports'
import { openSqliteStore } from '../src-main/hub/store/sqlite-store'
import { median, round } from './stats'

export interface ReportsBenchParams {
  days: number
  perDay: number
  /** Timed runs of each query. */
  runs: number
}

export interface ReportsResult {
  tickets: number
  events: number
  generateSeconds: number
  projectSeconds: number
  reportMs: { median: number; runs: number[] }
  plainMs: { median: number; runs: number[] }
  ratio: number
}

const ZONE = 'Asia/Almaty'
const SERVICES = ['a', 'b', 'c', 'd', 'e', 'f']
const DESKS = 12
const MIN = 60_000

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function dayName(start: number, offset: number): string {
  return new Date(start + offset * 86_400_000).toISOString().slice(0, 10)
}

/** One day's facts: tickets issued through 09:00–18:00, each called, served (or not) at a window. */
function* dayOfFacts(
  day: string,
  perDay: number,
  rnd: () => number,
): Generator<DomainEvent & { at: number }> {
  const opens = localEpoch(day, 9 * 60, ZONE)
  yield { type: 'day:opened', day, at: opens - 30 * MIN }
  for (let n = 0; n < perDay; n++) {
    const ticketId = `${day}-${n}`
    const serviceId = SERVICES[Math.floor(rnd() * SERVICES.length)]!
    const issuedAt = opens + Math.floor((n / perDay) * 9 * 60 * MIN)
    const deskId = `d${1 + Math.floor(rnd() * DESKS)}`
    const staffId = `s${deskId.slice(1)}`
    const number = `${serviceId.toUpperCase()}${String(n % 1000).padStart(3, '0')}`
    const remote = rnd() < 0.05
    if (remote) {
      yield {
        type: 'ticket:joined',
        ticketId,
        number,
        prefix: serviceId.toUpperCase(),
        serviceId,
        trackToken: `t${n}`,
        code: 'ABCDEF',
        phoneId: 'bench-phone',
        channel: 'web',
        travelMinutes: 20,
        at: issuedAt - 20 * MIN,
      }
      yield { type: 'ticket:checked-in', ticketId, at: issuedAt }
    } else {
      const issued = { type: 'ticket:issued' as const, ticketId, number, prefix: number[0]!, serviceId }
      yield { ...issued, categoryId: null, bookedFor: null, at: issuedAt }
    }
    const fate = rnd()
    if (fate < 0.05) {
      yield { type: 'ticket:cancelled', ticketId, at: issuedAt + Math.floor(rnd() * 20 * MIN) }
      continue
    }
    const calledAt = issuedAt + Math.floor(rnd() * rnd() * 60 * MIN)
    yield { type: 'ticket:called', ticketId, deskId, staffId, reason: 'regular', at: calledAt }
    if (fate < 0.12) {
      yield { type: 'ticket:missed', ticketId, at: calledAt + 2 * MIN }
      continue
    }
    yield { type: 'ticket:started', ticketId, at: calledAt + MIN }
    const finishedAt = calledAt + MIN + Math.floor((3 + rnd() * 22) * MIN)
    const outcome = rnd() < 0.6 ? { outcome: rnd() < 0.9 ? 'served' : 'documents_missing' } : {}
    yield { type: 'ticket:finished', ticketId, ...outcome, at: finishedAt }
    if (rnd() < 0.2)
      yield {
        type: 'ticket:rated',
        ticketId,
        score: 1 + Math.floor(rnd() * 5),
        reason: null,
        at: finishedAt + MIN,
      }
  }
}

/** The generated log: `perDay` tickets a day × `days` days from 2025-12-01, in seq order from 1. */
export function* generatedLog(days: number, perDay: number, seed = 16): Generator<EventEnvelope> {
  const rnd = random(seed)
  const start = Date.UTC(2025, 11, 1)
  let seq = 0
  for (let d = 0; d < days; d++)
    for (const fact of dayOfFacts(dayName(start, d), perDay, rnd))
      yield { ...fact, seq: ++seq } as EventEnvelope
}

export async function reportsBench(dataRoot: string, params: ReportsBenchParams): Promise<ReportsResult> {
  const dir = mkdtempSync(join(dataRoot, 'reports-'))
  const store = openSqliteStore(dir)
  try {
    const start = Date.UTC(2025, 11, 1)
    let seq = 0
    let batch: EventEnvelope[] = []
    const generating = performance.now()
    for (const fact of generatedLog(params.days, params.perDay)) {
      batch.push(fact)
      seq = fact.seq
      if (batch.length === 20_000) {
        store.commit({ events: batch, results: [] })
        batch = []
      }
    }
    if (batch.length > 0) store.commit({ events: batch, results: [] })
    const generateSeconds = (performance.now() - generating) / 1000

    const records = (await openReportRecords(store))!
    const projector = new ReportProjector({
      records,
      store,
      centre: { timeZone: ZONE },
      logger: createLogger({ level: 'silent' }),
    })
    const projecting = performance.now()
    await projector.start()
    await projector.idle()
    const projectSeconds = (performance.now() - projecting) / 1000
    await projector.stop()

    const from = dayName(start, 0)
    const to = dayName(start, params.days - 1)
    const range = {
      from,
      to,
      now: Date.now(),
      upToSeq: seq,
      logSeq: seq,
      standardMs: 15 * MIN,
      centre: { timeZone: ZONE },
    }
    const plainSql = `SELECT service_id, count(*) AS n, avg(wait_ms) AS wait FROM {report_tickets}
      WHERE {scope} day BETWEEN :from AND :to GROUP BY service_id`
    const reportRuns: number[] = []
    const plainRuns: number[] = []
    let tickets = 0
    for (let run = 0; run < params.runs; run++) {
      let t = performance.now()
      const report = await buildReport(records, range)
      reportRuns.push(performance.now() - t)
      tickets = report.totals.visitors
      t = performance.now()
      await records.query(plainSql, { from, to })
      plainRuns.push(performance.now() - t)
    }
    const reportMedian = median(reportRuns)
    const plainMedian = median(plainRuns)
    return {
      tickets,
      events: seq,
      generateSeconds: round(generateSeconds, 1),
      projectSeconds: round(projectSeconds, 1),
      reportMs: { median: round(reportMedian, 1), runs: reportRuns.map((v) => round(v, 1)) },
      plainMs: { median: round(plainMedian, 1), runs: plainRuns.map((v) => round(v, 1)) },
      ratio: round(reportMedian / plainMedian, 1),
    }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function printReports(r: ReportsResult): void {
  console.log('\nReport over a year (measurement 10)')
  console.log(
    `log: ${r.tickets.toLocaleString('en-US')} tickets, ${r.events.toLocaleString('en-US')} facts; ` +
      `generated in ${r.generateSeconds} s, projected in ${r.projectSeconds} s`,
  )
  console.log(`whole-range report: median ${r.reportMs.median} ms (runs ${r.reportMs.runs.join(', ')})`)
  console.log(`plain SQL aggregate: median ${r.plainMs.median} ms (runs ${r.plainMs.runs.join(', ')})`)
  console.log(`ratio report ÷ plain aggregate: ${r.ratio}`)
}
