/** The figures of a scenario (errors of both estimates against realised waits) and the printed table. */
import { erlangCWaitMin } from './estimators'
import type { TicketRecord } from './loop'
import { meanServiceMin, type Scenario } from './scenarios'

export interface EstimateFigures {
  /** Mean |estimate − realised wait|, minutes. */
  maeMin: number
  /** Mean (estimate − realised wait), minutes: negative when citizens wait longer than printed. */
  biasMin: number
}

export interface ScenarioResult {
  name: string
  days: number
  tickets: number
  meanWaitMin: number
  /** Erlang C's mean wait for the scenario's M/M/c, or null when it is not plain M/M/c. */
  erlangCMin: number | null
  /** `coverage80`: share of realised waits inside Kezek's 80% range (ends included). */
  kezek: EstimateFigures & { coverage80: number | null }
  naive: EstimateFigures
  /** The oracle's figures: present only when asked for (`--oracle`). */
  oracle?: EstimateFigures
}

const round2 = (x: number) => Math.round(x * 100) / 100

function figures(records: readonly TicketRecord[], estimate: (r: TicketRecord) => number): EstimateFigures {
  let abs = 0
  let signed = 0
  for (const r of records) {
    const error = estimate(r) - (r.waitMin ?? 0)
    abs += Math.abs(error)
    signed += error
  }
  const n = Math.max(1, records.length)
  return { maeMin: round2(abs / n), biasMin: round2(signed / n) }
}

/**
 * Share of realised waits inside the range printed with them, among the tickets printed with one (a
 * ticket for which a window was free at once says "now", with no range); null when none had one.
 */
function coverage(records: readonly TicketRecord[]): number | null {
  let ranged = 0
  let inside = 0
  for (const r of records) {
    if (r.kezekLow === null || r.kezekHigh === null) continue
    ranged++
    const wait = r.waitMin ?? 0
    if (wait >= r.kezekLow && wait <= r.kezekHigh) inside++
  }
  return ranged === 0 ? null : round2(inside / ranged)
}

export function summarise(
  scenario: Scenario,
  days: number,
  records: readonly TicketRecord[],
): ScenarioResult {
  const n = Math.max(1, records.length)
  return {
    name: scenario.name,
    days,
    tickets: records.length,
    meanWaitMin: round2(records.reduce((sum, r) => sum + (r.waitMin ?? 0), 0) / n),
    erlangCMin: scenario.erlang
      ? round2(erlangCWaitMin(scenario.windows, scenario.rho, meanServiceMin(scenario)))
      : null,
    kezek: { ...figures(records, (r) => r.kezekMin), coverage80: coverage(records) },
    naive: figures(records, (r) => r.naiveMin),
    ...(records.length > 0 && records.every((r) => r.oracleMin !== null)
      ? { oracle: figures(records, (r) => r.oracleMin!) }
      : {}),
  }
}

const HEADER = [
  'scenario',
  'days',
  'tickets',
  'mean wait',
  'Erlang C',
  'Kezek MAE',
  'Kezek bias',
  'naive MAE',
  'naive bias',
  'Kezek÷naive MAE',
  'cover80',
]

const fixed = (x: number | null) => (x === null ? '—' : x.toFixed(2))

/** The results as an aligned text table, minutes throughout. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const withOracle = results.some((r) => r.oracle)
  const header = withOracle ? [...HEADER, ...ORACLE_HEADER] : HEADER
  const rows = results.map((r) => [
    r.name,
    String(r.days),
    String(r.tickets),
    fixed(r.meanWaitMin),
    fixed(r.erlangCMin),
    fixed(r.kezek.maeMin),
    fixed(r.kezek.biasMin),
    fixed(r.naive.maeMin),
    fixed(r.naive.biasMin),
    r.naive.maeMin > 0 ? fixed(r.kezek.maeMin / r.naive.maeMin) : '—',
    r.kezek.coverage80 === null ? '—' : fixed(r.kezek.coverage80),
    ...(withOracle ? oracleCells(r) : []),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), ...rows.map(line)].join('\n')
}

const ORACLE_HEADER = ['oracle MAE', 'oracle bias', 'oracle÷naive MAE']

function oracleCells(r: ScenarioResult): string[] {
  if (!r.oracle) return ['—', '—', '—']
  const ratio = r.naive.maeMin > 0 ? fixed(r.oracle.maeMin / r.naive.maeMin) : '—'
  return [fixed(r.oracle.maeMin), fixed(r.oracle.biasMin), ratio]
}

/** The long-run check: realised mean wait ÷ Erlang C, and whether it is within 10%. */
export function formatErlangCheck(result: ScenarioResult): string {
  if (result.erlangCMin === null || result.erlangCMin === 0) return `${result.name}: no Erlang C value`
  const ratio = result.meanWaitMin / result.erlangCMin
  const verdict = Math.abs(ratio - 1) <= 0.1 ? 'within 10%' : 'NOT within 10%'
  return (
    `Erlang C check (${result.name}, ${result.tickets} tickets): realised mean wait ` +
    `${fixed(result.meanWaitMin)} min, Erlang C ${fixed(result.erlangCMin)} min, ratio ${ratio.toFixed(3)} (${verdict})`
  )
}
