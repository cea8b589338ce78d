/**
 * The table rows of measurement 8 (`bookings.ts`), for run.ts to print.
 */
import type { BookingsResult } from './bookings'

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
const ms = (v: number) => `${v.toFixed(2)} ms`
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`)
const list = <T>(values: T[], f: (v: T) => string) => values.map(f).join(' / ')

/**
 * The table rows of measurement 8; `issueHubMedian` is measurement 1's hub figure when it ran too (a
 * second ratio, to a figure measured minutes apart).
 */
export function printBookings(r: BookingsResult, issueHubMedian?: number): string[][] {
  const { bookings: b, issue: i, params: p, probes } = r
  const per = (total: number) => ms(total / Math.max(1, r.probedBookings))
  const refusals = Object.entries(b.outcomes)
    .filter(([outcome]) => outcome !== 'booked')
    .map(([outcome, count]) => `${outcome} ${n0(count)}`)
  const rows: string[][] = [
    [
      `8. bookings through the API (mean of ${b.rates.length} × ${p.bookingWindowMs / 1000} s)`,
      'bookings/s',
      'issue acks/s',
      'bookings ÷ issue',
    ],
    [
      `   ${p.clients} HTTP clients, 1 in flight each; issue: ${p.kiosks} kiosks × ${p.inFlight}, ${i.rates.length} × ${p.issueWindowMs / 1000} s`,
      n0(b.mean),
      n0(i.mean),
      r.ratio.toFixed(2),
    ],
    [
      '   each window (alternating bookings, issue, issue, bookings)',
      list(b.rates, n0),
      list(i.rates, n0),
      list(r.pairRatios, (v) => v.toFixed(2)),
    ],
  ]
  if (issueHubMedian !== undefined)
    rows.push([
      "   against measurement 1's hub (issue acks/s)",
      '',
      n0(issueHubMedian),
      (b.mean / issueHubMedian).toFixed(2),
    ])
  rows.push(
    [
      `   booking latency p50 / p99 / max (closed loop: about ${p.clients} ÷ rate)`,
      `${ms(b.p50)} / ${ms(b.p99)} / ${ms(b.max)}`,
      '',
      '',
    ],
    [
      '   answers in the run: booked; refused',
      `${n0(b.outcomes.booked ?? 0)}; ${refusals.length > 0 ? refusals.join(', ') : 'none'}`,
      i.errors > 0 ? `${n0(i.errors)} refused` : '',
      '',
    ],
    ['   server CPU, share of one core', list(b.serverCpu, pct), list(i.serverCpu, pct), ''],
    ['   bench client CPU', list(b.clientCpu, pct), list(i.clientCpu, pct), ''],
    ['   other load on the machine', list(b.otherCpu, pct), list(i.otherCpu, pct), ''],
    [
      "   bookings in the hub's state / tickets waiting, at each window's end",
      list(b.inStateAfter, n0),
      list(i.waitingAfter, n0),
      '',
    ],
    [
      `   booking:made facts the ${p.kiosks} kiosks received per booking`,
      b.broadcastsPerBooking.toFixed(1),
      '',
      '',
    ],
    [
      '   per booking: hub time (1 / rate); hub CPU',
      list(b.rates, (rate) => ms(1000 / rate)) + '; ' + list(b.serverCpuMsPerBooking, ms),
      '',
      '',
    ],
    [
      '   per booking: vault puts (2) and their writes; sealing / hashing',
      `${per(probes.vaultPutTotalMs + probes.vaultWriteTotalMs)}; ${per(probes.sealMs)} / ${per(probes.hashMs)}`,
      '',
      '',
    ],
    [
      '   one batched vault write p50 / p99 (a transaction, no fsync); puts per write',
      `${ms(probes.vaultWriteP50)} / ${ms(probes.vaultWriteP99)}; ${(probes.vaultPuts / Math.max(1, probes.vaultWrites)).toFixed(1)}`,
      '',
      '',
    ],
    [
      '   per booking: engine decides / commits / publishes; bookings per commit',
      `${per(probes.decideMs)} / ${per(probes.commitTotalMs)} / ${per(probes.publishMs)}; ${probes.commandsPerCommit.toFixed(1)}`,
      '',
      '',
    ],
    [
      "   booking hub's event loop: longest delay (a batch is decided in one pass)",
      ms(probes.loopDelayMax),
      '',
      '',
    ],
  )
  return rows
}
