/**
 * `npm run bench`: the hub against a bare Socket.IO server, measured in one run on this machine.
 *
 *   npm run bench                       measurements 1–6 and 8 (about three and a half minutes)
 *   npm run bench -- --only issue,fanout   some of them: issue, latency, fanout, daysize, restart, bookings
 *   npm run bench -- --only bookings       bookings through the API ÷ ticket:issue, side by side (30 s)
 *   npm run bench -- --only slowreaders    the soak with 200 sockets that never read (not in the default run)
 *   npm run bench -- --only notify         booking acks with a 2 s SMS gateway ÷ a quick one (not in the default run)
 *   npm run bench -- --only reports        a year's report (1,500 tickets × 300 days) ÷ a plain SQL aggregate (not in the default run)
 *   npm run bench -- --profile           also write V8 CPU profiles of the server children
 *   npm run bench -- --no-pin            do not pin the client and the servers to CPUs of their own
 *
 * Loopback only. Prints a table and ratios, writes bench/results/latest.json, exits 0 even when a
 * target is missed (the `TARGET MISSED` lines say which) and 1 when the bench itself fails.
 */
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { killAll } from './child'
import { pinBenchProcess, type Pinning } from './pinning'
import {
  callFanout,
  daySize,
  issueThroughput,
  steadyLatency,
  type BenchOptions,
  type DaySizeResult,
  type FanoutResult,
  type LatencyResult,
  type ThroughputResult,
} from './scenarios'
import { restartTime, type RestartResult } from './restart'
import { bookingThroughput, type BookingsResult } from './bookings'
import { printBookings } from './bookings-table'
import { notifyAckLatency, printNotify, type NotifyResult } from './notify'
import { printReports, reportsBench, type ReportsResult } from './reports'
import { printSlowReaders, slowReaders, type SlowReadersResult } from './slow-readers'
import { mb, median, round } from './stats'

const TIME_LIMIT_MS = 360_000
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))
const PROJECT_DIR = fileURLToPath(new URL('..', import.meta.url))
const ALL = ['issue', 'latency', 'fanout', 'daysize', 'restart', 'bookings'] as const
/** Run only when asked for by name (`--only`): soaks, which take a minute or more each. */
const OPT_IN = ['slowreaders', 'notify', 'reports'] as const
type Part = (typeof ALL)[number] | (typeof OPT_IN)[number]
const KNOWN: readonly Part[] = [...ALL, ...OPT_IN]

/** Above this much other CPU load (share of one core, on average) the run is called noisy. */
const NOISY_OTHER_CPU = 0.25

const TARGETS = {
  issueRatio: 0.5,
  p99Ms: 10,
  fanoutRatio: 1.2,
  /** Day-size ratio should be about 1; below this it is reported as missed. */
  dayRatioMin: 0.8,
  /** Spawn of the built hub to its first ack, with a 3,200-ticket day on disk. */
  restartMs: 500,
  /** Soak 7: the hub's peak RSS with 200 sockets that never read, and the honest kiosks' ack p99. */
  slowReadersRssMb: 250,
  slowReadersP99Ms: 20,
  /** 8: bookings/s through the API ÷ ticket:issue acks/s, measured side by side. */
  bookingsRatio: 0.5,
  /** 9: bookings' answer p99 with a 2 s SMS gateway ÷ with a quick one, side by side. */
  notifyRatio: 1.2,
  /** 10: the whole range's report over a year of a busy centre, in ms. */
  reportMs: 2000,
}

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
  },
  strict: true,
})
const parts = new Set<Part>(
  args.only ? (args.only.split(',').map((p) => p.trim()) as Part[]).filter((p) => KNOWN.includes(p)) : ALL,
)

const started = Date.now()
const log = (line: string) =>
  process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`)

/** The hub children's SQLite folders, one subfolder each; removed however the run ends. */
const dataRoot = mkdtempSync(join(os.tmpdir(), 'kezek-bench-'))

/** Stops the server children and removes their data, then exits. */
function abort(code: number): never {
  killAll()
  rmSync(dataRoot, { recursive: true, force: true, maxRetries: 3 })
  process.exit(code)
}

const watchdog = setTimeout(() => {
  log(`the bench took longer than ${TIME_LIMIT_MS / 1000} s; stopping`)
  abort(1)
}, TIME_LIMIT_MS)
watchdog.unref()
process.on('SIGINT', () => abort(130))

/** The commit measured, and whether the hub's or shared code had uncommitted changes. */
function source(): { commit: string; uncommittedChanges: boolean } | null {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: PROJECT_DIR, encoding: 'utf8' }).trim()
    const commit = git('rev-parse', '--short', 'HEAD')
    const changes = git('status', '--porcelain', '--', 'src-main/hub', 'src-shared')
    return { commit, uncommittedChanges: changes.length > 0 }
  } catch {
    return null
  }
}

function machine() {
  const require = createRequire(import.meta.url)
  const socketIo = (require('socket.io/package.json') as { version: string }).version
  const cpus = os.cpus()
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    socketIo,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  }
}

interface Results {
  when: string
  source: ReturnType<typeof source>
  machine: ReturnType<typeof machine> & { loadAverageAtEnd?: number[] }
  /** Where the client and the servers ran, or why they were not pinned. */
  pinning: Pinning | { unpinned: string }
  issue?: ThroughputResult
  latency?: LatencyResult
  fanout?: FanoutResult
  /** 2b: the same against a bare server that fdatasyncs before each ack (no target). */
  latencyFsync?: LatencyResult
  /** 3b: the same against a bare server that fsyncs before each broadcast (no target). */
  fanoutFsync?: FanoutResult
  /** 3c: the same as 3, with displays that parse through socket.io-client in the bench's process. */
  fanoutParsed?: FanoutResult
  memory?: {
    clients: number
    hubIdle: number
    hubWithClients: number
    bareIdle: number
    bareWithClients: number
  }
  daysize?: DaySizeResult
  restart?: RestartResult
  slowReaders?: SlowReadersResult
  bookings?: BookingsResult
  notify?: NotifyResult
  reports?: ReportsResult
  targets: { name: string; target: string; value: string; met: boolean }[]
  /** Other processes' CPU while measuring (Linux), as a share of one core. */
  noise?: { otherCpuMean: number; otherCpuMax: number; samples: number }
  durationSeconds?: number
}

async function main(): Promise<void> {
  const pinned = args['no-pin'] ? '--no-pin' : pinBenchProcess()
  const options: BenchOptions = { dataRoot, log }
  if (typeof pinned !== 'string') options.serverCpu = pinned.serverCpu
  if (args.profile) {
    options.cpuProfDir = join(RESULTS_DIR, `profiles-${new Date().toISOString().replace(/[:.]/g, '-')}`)
    mkdirSync(options.cpuProfDir, { recursive: true })
    log(`CPU profiles go to ${options.cpuProfDir}`)
  }
  const results: Results = {
    when: new Date().toISOString(),
    source: source(),
    machine: machine(),
    pinning: typeof pinned === 'string' ? { unpinned: pinned } : pinned,
    targets: [],
  }
  const target = (name: string, targetText: string, value: string, met: boolean) =>
    results.targets.push({ name, target: targetText, value, met })

  try {
    if (parts.has('issue')) {
      log('1. issue throughput, hub and bare in alternating windows')
      const issue = await issueThroughput(options, {
        clients: 50,
        inFlight: 4,
        warmupMs: 2000,
        rampMs: 1000,
        windowMs: 5000,
        windows: 3,
      })
      results.issue = issue
      target(
        'issue acks/s, hub ÷ bare',
        `≥ ${TARGETS.issueRatio}`,
        issue.ratio.toFixed(2),
        issue.ratio >= TARGETS.issueRatio,
      )
    }
    if (parts.has('latency')) {
      log('2. latency at 200 tickets/s, hub and bare in alternating 2 s chunks')
      const latency = await steadyLatency(options, {
        clients: 4,
        rate: 200,
        chunkMs: 2000,
        chunks: 5,
        chunkWarmupMs: 250,
        preIssue: 1000,
      })
      results.latency = latency
      const p99 = latency.hub.p99
      target(
        'hub p99 ack latency at 200/s',
        `< ${TARGETS.p99Ms} ms`,
        `${p99.toFixed(2)} ms`,
        p99 < TARGETS.p99Ms,
      )
      log('2b. the same against a bare server that fdatasyncs before each ack')
      results.latencyFsync = await steadyLatency(options, {
        clients: 4,
        rate: 200,
        chunkMs: 2000,
        chunks: 3,
        chunkWarmupMs: 250,
        preIssue: 500,
        bareFsync: true,
      })
    }
    if (parts.has('fanout')) {
      log('3+4. one call to 1,000 clients, and memory: hub and bare, alternating calls')
      const fanout = await callFanout(options, {
        clients: 1000,
        batch: 100,
        warmups: 5,
        repetitions: 60,
        displays: 'wire',
      })
      results.fanout = fanout
      results.memory = {
        clients: fanout.hub.clients,
        hubIdle: fanout.hub.rssIdle,
        hubWithClients: fanout.hub.rssWithClients,
        bareIdle: fanout.bare.rssIdle,
        bareWithClients: fanout.bare.rssWithClients,
      }
      const ratio = fanout.ratio
      target(
        'call to 1,000 clients, hub ÷ bare',
        `≤ ${TARGETS.fanoutRatio}`,
        ratio.toFixed(2),
        ratio <= TARGETS.fanoutRatio,
      )
      log('3b. the same against a bare server that fsyncs before each broadcast')
      results.fanoutFsync = await callFanout(options, {
        clients: 1000,
        batch: 100,
        warmups: 5,
        repetitions: 40,
        bareFsync: true,
        displays: 'wire',
      })
      log('3c. the same as 3, with displays that parse through socket.io-client in this one process')
      results.fanoutParsed = await callFanout(options, {
        clients: 1000,
        batch: 100,
        warmups: 5,
        repetitions: 40,
        displays: 'socket.io',
      })
    }
    if (parts.has('daysize')) {
      log('5. day-size independence: an empty day and a 3,200-ticket day, alternating windows')
      const day = await daySize(options, {
        clients: 50,
        inFlight: 4,
        measure: 2000,
        preload: 3200,
        serve: 3000,
        rounds: 5,
      })
      results.daysize = day
      target(
        'issue rate, 3,200-ticket day ÷ empty day',
        `≈ 1 (≥ ${TARGETS.dayRatioMin})`,
        day.ratio.toFixed(2),
        day.ratio >= TARGETS.dayRatioMin,
      )
    }
    if (parts.has('restart')) {
      log('6. restart after kill -9 with a 3,200-ticket day on disk: built hub, tsx hub, bare node, rotating')
      const restart = await restartTime(options, { preload: 3200, serve: 3000, rounds: 7 })
      results.restart = restart
      target(
        'restart to first ack, 3,200-ticket day (built hub)',
        `< ${TARGETS.restartMs} ms`,
        ms(restart.built.median),
        restart.built.median < TARGETS.restartMs,
      )
    }
    if (parts.has('bookings')) {
      log('8. bookings through the API, 50 HTTP clients, against ticket:issue on a second hub, alternating')
      const bookings = await bookingThroughput(options, {
        clients: 50,
        kiosks: 50,
        inFlight: 4,
        warmupMs: 2000,
        rampMs: 1000,
        bookingWindowMs: 5000,
        issueWindowMs: 4000,
        windows: 2,
      })
      results.bookings = bookings
      target(
        'bookings/s through the API ÷ ticket:issue acks/s',
        `≥ ${TARGETS.bookingsRatio}`,
        bookings.ratio.toFixed(2),
        bookings.ratio >= TARGETS.bookingsRatio,
      )
    }
    if (parts.has('slowreaders')) {
      log('7. soak: 200 sockets that never read, 20,000 tickets to everyone')
      const soak = await slowReaders(options, {
        slowSockets: 200,
        tickets: 20_000,
        rate: 200,
        kiosks: 4,
        displays: 10,
        baselineTickets: 4_000,
      })
      results.slowReaders = soak
      target(
        'hub RSS at its peak, 200 sockets that never read',
        `< ${TARGETS.slowReadersRssMb} MB`,
        `${soak.rss.peak} MB`,
        soak.rss.peak < TARGETS.slowReadersRssMb,
      )
      target(
        "honest kiosks' ack p99 meanwhile",
        `< ${TARGETS.slowReadersP99Ms} ms`,
        ms(soak.withSlow.p99),
        soak.withSlow.p99 < TARGETS.slowReadersP99Ms,
      )
      target(
        'sockets that never read, dropped',
        `all ${soak.params.slowSockets}`,
        `${soak.dropped}`,
        soak.dropped === soak.params.slowSockets && soak.stillConnected === 0,
      )
      target(
        'honest displays that missed a fact',
        'none',
        `${soak.displaysMissingFacts}`,
        soak.displaysMissingFacts === 0,
      )
    }
    if (parts.has('notify')) {
      log('9. booking acks with a 2 s SMS gateway and with a quick one, alternating windows')
      const notify = await notifyAckLatency(options, {
        clients: 4,
        slowGatewayMs: 2000,
        warmupMs: 2000,
        windowMs: 4000,
        windows: 3,
      })
      results.notify = notify
      target(
        "bookings' answer p99, 2 s SMS gateway ÷ quick",
        `≤ ${TARGETS.notifyRatio}`,
        notify.ratio.toFixed(2),
        notify.ratio <= TARGETS.notifyRatio,
      )
    }
    if (parts.has('reports')) {
      log('10. a report over 300 days × 1,500 tickets ÷ a plain SQL aggregate over the same rows')
      const reports = await reportsBench(dataRoot, { days: 300, perDay: 1500, runs: 5 })
      results.reports = reports
      target(
        'whole-year report',
        `< ${TARGETS.reportMs} ms`,
        `${reports.reportMs.median} ms (${reports.ratio}× the plain aggregate)`,
        reports.reportMs.median < TARGETS.reportMs,
      )
    }
  } finally {
    rmSync(dataRoot, { recursive: true, force: true })
  }

  const noise = noiseOf(results)
  if (noise) results.noise = noise
  results.machine.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2))
  results.durationSeconds = round((Date.now() - started) / 1000, 1)
  print(results)
  mkdirSync(RESULTS_DIR, { recursive: true })
  const file = join(RESULTS_DIR, 'latest.json')
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nWrote ${file}`)
}

// --- printing -----------------------------------------------------------------------------------

const n0 = (v: number) => Math.round(v).toLocaleString('en-US')
const ms = (v: number) => `${v.toFixed(2)} ms`
const pct = (v: number) => `${Math.round(v * 100)}%`
const pctOrDash = (v: number | null) => (v === null ? '–' : pct(v))
const list = <T>(values: T[], f: (v: T) => string) => values.map(f).join(' / ')

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n')
}

function print(r: Results): void {
  const m = r.machine
  console.log(`\nKezek hub bench — ${r.when}`)
  console.log(
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}, node ${m.node}, socket.io ${m.socketIo}`,
  )
  if (r.source) {
    const dirty = r.source.uncommittedChanges ? ' plus uncommitted changes in src-main/hub or src-shared' : ''
    console.log(`code: commit ${r.source.commit}${dirty}`)
  }
  console.log(
    'unpinned' in r.pinning
      ? `CPUs: not pinned (${r.pinning.unpinned})`
      : `CPUs: bench client on CPU ${r.pinning.clientCpu}, server children on CPU ${r.pinning.serverCpu}`,
  )
  console.log(
    `load average at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd?.join(' ')}; run took ${r.durationSeconds} s\n`,
  )

  const rows: string[][] = [['measurement', 'hub', 'bare', 'hub ÷ bare']]
  if (r.issue) {
    const { hub, bare, probes } = r.issue
    rows.push([
      `1. ticket:issue acks/s, 50 kiosks × 4 in flight (median of ${hub.rates.length} × 5 s)`,
      n0(hub.median),
      n0(bare.median),
      r.issue.ratio.toFixed(2),
    ])
    rows.push([
      '   each window (alternating hub, bare)',
      list(hub.rates, n0),
      list(bare.rates, n0),
      list(r.issue.pairRatios, (v) => v.toFixed(2)),
    ])
    rows.push(['   server CPU, share of one core', list(hub.serverCpu, pct), list(bare.serverCpu, pct), ''])
    rows.push(['   bench client CPU', list(hub.clientCpu, pct), list(bare.clientCpu, pct), ''])
    rows.push([
      '   other load on the machine',
      list(hub.otherCpu, pctOrDash),
      list(bare.otherCpu, pctOrDash),
      '',
    ])
    rows.push([
      '   broadcasts received per ack',
      hub.broadcastsPerAck.toFixed(1),
      bare.broadcastsPerAck.toFixed(1),
      '',
    ])
    rows.push([
      '   ack / broadcast JSON bytes',
      `${hub.ackBytes} / ${hub.broadcastBytes}`,
      `${bare.ackBytes} / ${bare.broadcastBytes}`,
      '',
    ])
    rows.push(["   tickets waiting at each window's end (new day each)", list(hub.waitingAfter, n0), '', ''])
    rows.push([
      '   hub commits: commands per commit; commit p50 / p99',
      `${probes.commandsPerCommit.toFixed(1)}; ${ms(probes.commitP50)} / ${ms(probes.commitP99)}`,
      '',
      '',
    ])
  }
  if (r.latency) {
    const { hub, bare, probes } = r.latency
    rows.push([
      `2. ack latency at ${r.latency.rate} tickets/s, open loop, p50 / p99`,
      `${ms(hub.p50)} / ${ms(hub.p99)}`,
      `${ms(bare.p50)} / ${ms(bare.p99)}`,
      `${(hub.p99 / bare.p99).toFixed(2)} (p99)`,
    ])
    rows.push([
      '   max; samples; sends > 5 ms late',
      `${ms(hub.max)}; ${hub.samples}; ${hub.lateSends}`,
      `${ms(bare.max)}; ${bare.samples}; ${bare.lateSends}`,
      '',
    ])
    rows.push([
      '   hub commit (fsync inside) p50 / p99 / max',
      `${ms(probes.commitP50)} / ${ms(probes.commitP99)} / ${ms(probes.commitMax)}`,
      '',
      '',
    ])
    const slow = probes.slowCommits
    rows.push([
      '   hub commits slower than 5 ms (their longest)',
      `${slow.length} (${slow.length > 0 ? ms(Math.max(...slow.map((c) => c.ms))) : '–'})`,
      '',
      '',
    ])
    rows.push([
      '   p99 from the actual send (without client lateness)',
      ms(hub.p99FromSend),
      ms(bare.p99FromSend),
      '',
    ])
    rows.push(['   hub event-loop delay max', ms(probes.loopDelayMax), '', ''])
    rows.push(['   other load on the machine meanwhile', pctOrDash(r.latency.otherCpu), '', ''])
  }
  if (r.latencyFsync) {
    const { hub, bare, probes } = r.latencyFsync
    const slow = probes.slowCommits
    rows.push([
      '2b. the same, bare server fdatasyncs before each ack, p50 / p99****',
      `${ms(hub.p50)} / ${ms(hub.p99)}`,
      `${ms(bare.p50)} / ${ms(bare.p99)}`,
      `${(hub.p99 / bare.p99).toFixed(2)} (p99)`,
    ])
    rows.push([
      '   hub commits slower than 5 ms (their longest)',
      `${slow.length} (${slow.length > 0 ? ms(Math.max(...slow.map((c) => c.ms))) : '–'})`,
      '',
      '',
    ])
  }
  if (r.fanout) {
    const { hub, bare } = r.fanout
    rows.push([
      `3. one call to ${n0(hub.clients)} clients, to the last receipt (median of ${hub.times.length})*`,
      ms(hub.median),
      ms(bare.median),
      r.fanout.ratio.toFixed(2),
    ])
    rows.push([
      '   min / max',
      `${ms(Math.min(...hub.times))} / ${ms(Math.max(...hub.times))}`,
      `${ms(Math.min(...bare.times))} / ${ms(Math.max(...bare.times))}`,
      '',
    ])
    rows.push([
      '   paired: median of hub ÷ bare over back-to-back calls',
      '',
      '',
      r.fanout.pairedRatio.toFixed(2),
    ])
    rows.push([
      '   to the first receipt, median',
      ms(median(hub.firstTimes)),
      ms(median(bare.firstTimes)),
      (median(hub.firstTimes) / median(bare.firstTimes)).toFixed(2),
    ])
    rows.push([
      '   inside the server: command in to broadcast written, median',
      ms(median(r.fanout.hubCommandToBroadcastMs)),
      ms(median(r.fanout.bareTriggerToBroadcastMs)),
      '',
    ])
    const phases = r.fanout.probes.callPhases
    rows.push([
      '   hub: to commit / commit / broadcast, medians',
      [phases.map((p) => p.toCommit), phases.map((p) => p.commit), phases.map((p) => p.broadcast)]
        .map((v) => ms(median(v)))
        .join(' / '),
      '',
      '',
    ])
    rows.push([
      '   hub commits (fsync inside) p50 / max',
      `${ms(r.fanout.probes.commitP50)} / ${ms(r.fanout.probes.commitMax)}`,
      '',
      '',
    ])
    rows.push([
      '   ticket:called JSON bytes; time to connect all',
      `${hub.calledBytes}; ${n0(hub.connectMs)} ms`,
      `${bare.calledBytes}; ${n0(bare.connectMs)} ms`,
      '',
    ])
  }
  if (r.fanoutFsync) {
    const { hub, bare } = r.fanoutFsync
    rows.push([
      `3b. the same, bare server fsyncs before each broadcast (median of ${hub.times.length})**`,
      ms(hub.median),
      ms(bare.median),
      r.fanoutFsync.ratio.toFixed(2),
    ])
    rows.push([
      '   paired: median of hub ÷ bare over back-to-back calls',
      '',
      '',
      r.fanoutFsync.pairedRatio.toFixed(2),
    ])
  }
  if (r.fanoutParsed) {
    const { hub, bare } = r.fanoutParsed
    rows.push([
      `3c. the same as 3, displays parse with socket.io-client (median of ${hub.times.length})***`,
      ms(hub.median),
      ms(bare.median),
      r.fanoutParsed.ratio.toFixed(2),
    ])
    rows.push([
      '   paired: median of hub ÷ bare over back-to-back calls',
      '',
      '',
      r.fanoutParsed.pairedRatio.toFixed(2),
    ])
  }
  if (r.memory) {
    const mem = r.memory
    rows.push([
      '4. server RSS, idle',
      `${mb(mem.hubIdle)} MB`,
      `${mb(mem.bareIdle)} MB`,
      (mem.hubIdle / mem.bareIdle).toFixed(2),
    ])
    rows.push([
      `   server RSS, ${n0(mem.clients)} clients connected`,
      `${mb(mem.hubWithClients)} MB`,
      `${mb(mem.bareWithClients)} MB`,
      (mem.hubWithClients / mem.bareWithClients).toFixed(2),
    ])
    rows.push([
      '   per connected client',
      `${n0((mem.hubWithClients - mem.hubIdle) / mem.clients / 1024)} KB`,
      `${n0((mem.bareWithClients - mem.bareIdle) / mem.clients / 1024)} KB`,
      '',
    ])
  }
  if (rows.length > 1) console.log(table(rows))
  if (r.daysize) {
    const d = r.daysize
    const dayRows: string[][] = [
      ['5. issue acks/s, the hub alone', 'empty day', 'day of 3,200+', 'full ÷ empty'],
    ]
    dayRows.push([
      `   over ${n0(d.measured)} tickets, 50 kiosks × 4 (median of ${d.pairRatios.length})`,
      n0(d.emptyMedian),
      n0(d.fullMedian),
      d.ratio.toFixed(2),
    ])
    dayRows.push([
      '   each round (back-to-back windows)',
      list(d.empty, n0),
      list(d.full, n0),
      list(d.pairRatios, (v) => v.toFixed(2)),
    ])
    dayRows.push(['   tickets in the day at the window start', '0', list(d.fullDayTickets, n0), ''])
    dayRows.push(['   of which waiting', '0', list(d.fullDayWaiting, n0), ''])
    dayRows.push([
      '   other load on the machine',
      list(d.otherCpu.empty, pctOrDash),
      list(d.otherCpu.full, pctOrDash),
      '',
    ])
    console.log(`\n${table(dayRows)}`)
  }
  if (r.restart) printRestart(r.restart)
  if (r.slowReaders) console.log(`\n${table(printSlowReaders(r.slowReaders))}`)
  if (r.bookings) console.log(`\n${table(printBookings(r.bookings, r.issue?.hub.median))}`)
  if (r.notify) printNotify(r.notify)
  if (r.reports) printReports(r.reports)
  if (r.fanout) {
    console.log(
      "\n* The hub's time includes deciding the call and its durable commit (SQLite, synchronous=FULL,",
    )
    console.log('  fsync) before the broadcast; the bare server only broadcasts on the trigger message.')
    console.log('  A display has the call when its frame arrives at its socket (bench/wire-clients.ts).')
  }
  if (r.fanoutFsync) {
    console.log(
      '** 3b gives the bare server a 4 KB overwrite of a laid-out file and its fdatasync before each broadcast',
    )
    console.log(
      "   (durability at its cheapest): what is left is the hub's own code and its larger commit (several WAL frames).",
    )
  }
  if (r.latencyFsync) {
    console.log(
      '**** 2b: a 4 KB overwrite and fdatasync per ticket, no database: when its p99 is near 10 ms,',
    )
    console.log('     the disk, not the hub, sets the tail in this run.')
  }
  if (r.fanoutParsed) {
    console.log(
      '*** 3c: 1,000 socket.io-client parsers in one process on one core fall behind either server, so',
    )
    console.log(
      "    their backlog (and their GC) is part of the time: the bench client's limit, not a hall's.",
    )
  }

  console.log('\nratios')
  if (r.issue)
    console.log(
      `  issue throughput     hub ÷ bare = ${r.issue.ratio.toFixed(2)}   (target ≥ ${TARGETS.issueRatio})`,
    )
  if (r.latency)
    console.log(
      `  p99 at 200/s         hub ÷ bare = ${(r.latency.hub.p99 / r.latency.bare.p99).toFixed(2)}   (target: hub p99 < ${TARGETS.p99Ms} ms)`,
    )
  if (r.fanout)
    console.log(
      `  call to 1,000        hub ÷ bare = ${r.fanout.ratio.toFixed(2)}   (target ≤ ${TARGETS.fanoutRatio})`,
    )
  if (r.fanoutFsync)
    console.log(
      `  call, bare + fsync   hub ÷ bare = ${r.fanoutFsync.ratio.toFixed(2)}   (no target: the hub's code alone)`,
    )
  if (r.fanoutParsed)
    console.log(
      `  call, parsed         hub ÷ bare = ${r.fanoutParsed.ratio.toFixed(2)}   (no target: the bench client's parsing in the path)`,
    )
  if (r.memory)
    console.log(
      `  RSS, 1,000 clients   hub ÷ bare = ${(r.memory.hubWithClients / r.memory.bareWithClients).toFixed(2)}   (no target)`,
    )
  if (r.daysize)
    console.log(`  day size             3,200 ÷ 0  = ${r.daysize.ratio.toFixed(2)}   (target ≈ 1)`)
  if (r.restart)
    console.log(
      `  restart              hub ÷ node = ${r.restart.ratio.toFixed(2)}   (target: built hub under ${TARGETS.restartMs} ms; tsx hub ÷ node = ${r.restart.tsxRatio.toFixed(2)})`,
    )
  if (r.bookings)
    console.log(
      `  bookings             API ÷ issue = ${r.bookings.ratio.toFixed(2)}   (target ≥ ${TARGETS.bookingsRatio}; booking p99 ${ms(r.bookings.bookings.p99)}, no target)`,
    )
  if (r.slowReaders)
    console.log(
      `  p99, ${r.slowReaders.params.slowSockets} never reading ÷ reading = ${(r.slowReaders.withSlow.p99 / r.slowReaders.withReading.p99).toFixed(2)}   (no target: the same hub and rate, one run)`,
    )

  console.log('')
  for (const t of r.targets) {
    console.log(
      t.met
        ? `target met:    ${t.name} = ${t.value} (${t.target})`
        : `TARGET MISSED: ${t.name} = ${t.value} (target ${t.target})`,
    )
  }
  if (r.latency && r.latency.hub.p99 >= TARGETS.p99Ms && r.latency.bare.p99 >= TARGETS.p99Ms / 2) {
    console.log(
      `  note: the bare server's p99 was ${ms(r.latency.bare.p99)} in the same chunks; the machine, not only the hub, set the tail`,
    )
  }
  const refused = r.issue?.hub.firstError ?? r.latency?.hub.firstError
  if (refused) console.log(`WARNING: the hub refused some requests, e.g. ${refused}`)
  if (r.noise && r.noise.otherCpuMean > NOISY_OTHER_CPU) {
    console.log(
      `NOISY RUN: other processes used ${pct(r.noise.otherCpuMean)} of a core on average while measuring ` +
        `(up to ${pct(r.noise.otherCpuMax)}); compare ratios within this run only, and rerun on a quieter machine.`,
    )
  }
}

function printRestart(r: RestartResult): void {
  const rows: string[][] = [
    [`6. restart after kill -9, ${n0(r.tickets)}-ticket day on disk`, 'built hub', 'tsx hub', 'bare node'],
    [
      `   spawn → first ack (bare: → its line), median of ${r.built.runs.length}`,
      ms(r.built.median),
      ms(r.tsx.median),
      ms(r.node.median),
    ],
    ['   ÷ bare node', r.ratio.toFixed(2), r.tsxRatio.toFixed(2), '1.00'],
    ['   spawn → listening line, median', ms(median(r.built.listening)), ms(median(r.tsx.listening)), ''],
    [
      '   each round (ms)',
      list(r.built.runs, (v) => v.toFixed(0)),
      list(r.tsx.runs, (v) => v.toFixed(0)),
      list(r.node.runs, (v) => v.toFixed(0)),
    ],
  ]
  console.log(`\n${table(rows)}`)
}

/** Other processes' CPU over every measured window, as a share of one core. */
function noiseOf(r: Results): Results['noise'] {
  const samples = [
    ...(r.issue ? [...r.issue.hub.otherCpu, ...r.issue.bare.otherCpu] : []),
    r.latency?.otherCpu ?? null,
    ...(r.daysize ? [...r.daysize.otherCpu.empty, ...r.daysize.otherCpu.full] : []),
    ...(r.bookings ? [...r.bookings.bookings.otherCpu, ...r.bookings.issue.otherCpu] : []),
  ].filter((v): v is number => v !== null)
  if (samples.length === 0) return undefined
  return {
    otherCpuMean: samples.reduce((a, b) => a + b, 0) / samples.length,
    otherCpuMax: Math.max(...samples),
    samples: samples.length,
  }
}

main().then(
  () => {
    clearTimeout(watchdog)
    process.exit(0)
  },
  (error: unknown) => {
    console.error('bench failed:', error)
    abort(1)
  },
)
