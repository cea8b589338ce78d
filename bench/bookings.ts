/**
 * Measurement 8: bookings through the integration API, as a ratio to the hub's `ticket:issue` rate in
 * the same minute.
 *
 * Two hub children run side by side, both pinned to the servers' CPU and loaded in turn, never together:
 *
 * - the **booking hub** (`serve-hub.ts --bookings`: the bench's booking centre, see `booking-data.ts`)
 *   takes `POST /api/v1/bookings` from 50 HTTP callers, one request in flight each on its own keep-alive
 *   connection, with the demo integration's key; every booking is a new citizen (a distinct valid IIN
 *   and phone) in a place the bench knows is free;
 * - the **issue hub** (`serve-hub.ts`, the demo centre) takes `ticket:issue` from 50 kiosk sockets with 4
 *   in flight each, exactly as measurement 1's hub side (a new, empty day for each window).
 *
 * Both have the same hall: 50 kiosk sockets connected, which receive every public fact (a booking's
 * `booking:made` too, without the citizen). The windows alternate (bookings, issue, issue, bookings, …)
 * so a drift in the machine's other load hits both. The figure is the mean bookings/s ÷ the mean issue
 * acks/s over the measured windows, and the bookings' latency p50/p99 from writing the request to the
 * answer's last byte. The bookings' windows are not alike: the state grows by every booking, and deciding
 * one reads every booking held (see `booking-cost.ts`), so the later window is the slower.
 *
 * A booking does more than a ticket before its ack: the IIN and the phone each go into the vault (sealed,
 * with a keyed hash, and written to SQLite in a transaction of their own, fsync included) before the
 * engine sees the command, which then commits with the others of its batch; and deciding it reads every
 * booking the centre holds. The booking hub's probes time the puts, and the sealing and hashing inside
 * them, apart from the engine's commits. The table is in `bookings-table.ts`.
 */
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Socket } from 'socket.io-client'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../src-main/hub/config-file'
import { localDay } from '../src-shared/domain'
import { BENCH_INTEGRATION, benchIins, benchPhone, benchPlaces, bookingBenchConfig } from './booking-data'
import { startServer, type ServerProcess } from './child'
import { closeAll, closedLoop, connectMany, KIOSKS, sleep } from './clients'
import { postLoop, type HttpAnswer, type HttpRequestSpec } from './http-clients'
import {
  alternate,
  issuePayloads,
  startKind,
  withTimeout,
  type BenchOptions,
  type HubProbes,
} from './scenarios'
import { machineBusyMs, percentile } from './stats'

const HERE = fileURLToPath(new URL('.', import.meta.url))

/** The booking hub's probes: the common ones, and the vault's (see serve-hub.ts). */
export interface BookingProbes extends HubProbes {
  commitTotalMs: number
  vaultPuts: number
  /** The puts themselves (sealing and hashing included), and the records' batched writes. */
  vaultPutTotalMs: number
  vaultWrites: number
  vaultWriteP50: number
  vaultWriteP99: number
  vaultWriteTotalMs: number
  sealMs: number
  hashMs: number
  /** The engine deciding and applying commands (`decided` of them), and publishing batches' facts. */
  decideMs: number
  decided: number
  publishMs: number
}

/** CPU of one window, each as a share of one core. */
interface WindowCpu {
  serverCpu: number[]
  clientCpu: number[]
  /** Everything else on the machine (null off Linux). */
  otherCpu: (number | null)[]
}

export interface BookingsResult {
  params: BookingParams
  bookings: WindowCpu & {
    /** Bookings made (201) per second, each measured window, and their mean. */
    rates: number[]
    mean: number
    /** Latency of every request sent within the measured windows, ms. */
    p50: number
    p99: number
    max: number
    samples: number
    /** Answers in the whole run (warm-up too) by outcome: `booked`, or the problem's code. */
    outcomes: Record<string, number>
    /** Bookings in the hub's state at each measured window's end. */
    inStateAfter: number[]
    /** `booking:made` facts the kiosks received per booking made, over the run (the number of kiosks). */
    broadcastsPerBooking: number
    /** The booking hub's CPU per booking made, ms, each window. */
    serverCpuMsPerBooking: number[]
  }
  issue: WindowCpu & {
    /** Acks per second, each measured window, and their mean. */
    rates: number[]
    mean: number
    errors: number
    firstError?: string
    /** Tickets waiting at each window's end (each window starts an empty day). */
    waitingAfter: number[]
  }
  /** bookings mean ÷ issue mean. */
  ratio: number
  /** bookings ÷ issue of each adjacent pair of windows. */
  pairRatios: number[]
  /** The booking hub's probes, from the first measured window to the end. */
  probes: BookingProbes
  /** Bookings the probes' span committed (for the per-booking figures). */
  probedBookings: number
}

export interface BookingParams {
  /** HTTP callers, one request in flight each. */
  clients: number
  /** Kiosk sockets on each hub; on the issue hub, each keeps `inFlight` issues outstanding. */
  kiosks: number
  inFlight: number
  warmupMs: number
  rampMs: number
  bookingWindowMs: number
  issueWindowMs: number
  /** Measured windows per side. */
  windows: number
}

type Side = 'bookings' | 'issue'

/** What one loaded window measured: its rate and the CPU figures. */
interface Measured {
  rate: number
  serverCpu: number
  clientCpu: number
  otherCpu: number | null
}

/**
 * Runs a load (already started) for its warm-up, then measures `windowMs`: its `done()` count, the
 * server's and this process's CPU and the machine's; then stops the load and waits for it to drain.
 */
async function measureWindow(
  server: ServerProcess,
  load: { done(): number; stop(): Promise<void> },
  warmMs: number,
  windowMs: number,
  hooks: { start?: () => Promise<void>; end?: () => void } = {},
): Promise<Measured> {
  await sleep(warmMs)
  await hooks.start?.()
  const usage0 = await server.usage()
  const client0 = process.cpuUsage()
  const machine0 = machineBusyMs()
  const done0 = load.done()
  const t0 = performance.now()
  await sleep(windowMs)
  const done1 = load.done()
  const t1 = performance.now()
  hooks.end?.()
  const usage1 = await server.usage()
  const client = process.cpuUsage(client0)
  const machine1 = machineBusyMs()
  const t2 = performance.now()
  await withTimeout(load.stop(), 30_000, 'draining the load')
  const serverMs = (usage1.cpuUser + usage1.cpuSystem - usage0.cpuUser - usage0.cpuSystem) / 1000
  const clientMs = (client.user + client.system) / 1000
  return {
    rate: ((done1 - done0) / (t1 - t0)) * 1000,
    serverCpu: serverMs / (t2 - t0),
    clientCpu: clientMs / (t2 - t0),
    otherCpu:
      machine0 === null || machine1 === null
        ? null
        : Math.max(0, machine1 - machine0 - serverMs - clientMs) / (t2 - t0),
  }
}

/** The problem code of a refused booking's answer (or its status when the body is not a problem). */
function outcomeOf(answer: HttpAnswer): string {
  if (answer.status === 201) return 'booked'
  if (answer.status === 0) return `no answer (${answer.body})`
  try {
    const { code } = JSON.parse(answer.body) as { code?: unknown }
    if (typeof code === 'string') return code
  } catch {
    // Not JSON: the status says it.
  }
  return `HTTP ${answer.status}`
}

/**
 * The bookings the bench sends, one new citizen and one free place each, and what came back: counts by
 * outcome for the whole run, and the latencies of the requests sent within the measured `window`.
 */
function bookingRequests(today: string) {
  const config = bookingBenchConfig(loadCentreConfig(DEFAULT_CONFIG_PATH))
  const iins = benchIins()
  const places = benchPlaces(config, today)
  const runTag = `bench-${process.pid.toString(36)}-${Date.now().toString(36)}`
  const outcomes: Record<string, number> = {}
  const latencies: number[] = []
  let sent = 0
  const requests = {
    booked: 0,
    /** The measured window: latencies are those of the requests sent within it. */
    window: { from: Infinity, to: Infinity },
    outcomes,
    latencies,
    next(): HttpRequestSpec {
      const place = places.next().value
      const body = JSON.stringify({
        serviceId: place.serviceId,
        slotStart: new Date(place.slotStart).toISOString(),
        iin: iins.next().value,
        phone: benchPhone(sent),
        channel: 'egov',
      })
      sent += 1
      const headers = {
        Authorization: `Bearer ${BENCH_INTEGRATION.key}`,
        'Idempotency-Key': `${runTag}-${sent}`,
      }
      return { headers, body }
    },
    onAnswer(answer: HttpAnswer): void {
      const outcome = outcomeOf(answer)
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1
      if (outcome === 'booked') requests.booked += 1
      if (answer.sentAt >= requests.window.from && answer.sentAt < requests.window.to)
        latencies.push(answer.ms)
    },
  }
  return requests
}

const windowSide = () => ({
  rates: [] as number[],
  serverCpu: [] as number[],
  clientCpu: [] as number[],
  otherCpu: [] as (number | null)[],
})

function record(side: ReturnType<typeof windowSide>, measured: Measured): void {
  side.rates.push(measured.rate)
  side.serverCpu.push(measured.serverCpu)
  side.clientCpu.push(measured.clientCpu)
  side.otherCpu.push(measured.otherCpu)
}

export async function bookingThroughput(
  options: BenchOptions,
  params: BookingParams,
): Promise<BookingsResult> {
  const sockets: Socket[] = []
  const servers: ServerProcess[] = []
  try {
    const [bookingHub, issueHub] = await Promise.all([
      startServer({
        name: 'hub (bookings)',
        script: join(HERE, 'serve-hub.ts'),
        args: [mkdtempSync(join(options.dataRoot, 'hub-bookings-')), '--bookings'],
        cpuProfDir: options.cpuProfDir,
        cpu: options.serverCpu,
      }),
      startKind('hub', options),
    ])
    servers.push(bookingHub, issueHub)
    const kioskAuth = (i: number) => KIOSKS[i % KIOSKS.length]!
    const hall = await connectMany(bookingHub.url, params.kiosks, kioskAuth, 'sync:snapshot')
    const kiosks = await connectMany(issueHub.url, params.kiosks, kioskAuth, 'sync:snapshot')
    sockets.push(...hall, ...kiosks)
    let broadcasts = 0
    for (const socket of hall) socket.on('booking:made', () => (broadcasts += 1))

    // The booking hub's clock is the real one (it never moves a day on), so its today is ours.
    const timeZone = loadCentreConfig(DEFAULT_CONFIG_PATH).centre.timeZone
    const requests = bookingRequests(localDay(Date.now(), timeZone))
    const bookings = { ...windowSide(), inStateAfter: [] as number[], cpuMsPerBooking: [] as number[] }
    const issue = {
      ...windowSide(),
      waitingAfter: [] as number[],
      errors: 0,
      firstError: undefined as string | undefined,
    }
    const warmed: Record<Side, boolean> = { bookings: false, issue: false }
    let probedFrom: number | null = null

    for (const kind of alternate(params.windows)) {
      const side: Side = kind === 'hub' ? 'bookings' : 'issue'
      options.log(`   window: ${side}`)
      const warmMs = warmed[side] ? params.rampMs : params.warmupMs
      warmed[side] = true
      if (side === 'issue') {
        // As measurement 1's hub: a new, empty day for every window.
        await issueHub.request('next-day')
        const loop = closedLoop(kiosks, params.inFlight, issuePayloads())
        const load = { done: () => loop.acks(), stop: () => loop.stop() }
        record(issue, await measureWindow(issueHub, load, warmMs, params.issueWindowMs))
        issue.errors += loop.errors()
        issue.firstError ??= loop.firstError()
        issue.waitingAfter.push((await issueHub.request<{ waiting: number }>('state')).waiting)
        continue
      }
      const loop = postLoop({
        url: `${bookingHub.url}/api/v1/bookings`,
        clients: params.clients,
        next: requests.next,
        onAnswer: requests.onAnswer,
      })
      const load = { done: () => requests.booked, stop: () => loop.stop() }
      const measured = await measureWindow(bookingHub, load, warmMs, params.bookingWindowMs, {
        start: async () => {
          if (probedFrom === null) {
            await bookingHub.request('probes-reset')
            probedFrom = requests.booked
          }
          requests.window = { from: performance.now(), to: Infinity }
        },
        end: () => {
          requests.window.to = performance.now()
        },
      })
      loop.close()
      record(bookings, measured)
      bookings.cpuMsPerBooking.push((measured.serverCpu * 1000) / measured.rate)
      bookings.inStateAfter.push((await bookingHub.request<{ bookings: number }>('state')).bookings)
    }

    const probes = await bookingHub.request<BookingProbes>('probes')
    const mean = (rates: number[]) => rates.reduce((sum, rate) => sum + rate, 0) / rates.length
    const bookingsMean = mean(bookings.rates)
    const issueMean = mean(issue.rates)
    const { cpuMsPerBooking, ...bookingWindows } = bookings
    return {
      params,
      bookings: {
        ...bookingWindows,
        mean: bookingsMean,
        p50: percentile(requests.latencies, 50),
        p99: percentile(requests.latencies, 99),
        max: percentile(requests.latencies, 100),
        samples: requests.latencies.length,
        outcomes: requests.outcomes,
        broadcastsPerBooking: broadcasts / Math.max(1, requests.booked),
        serverCpuMsPerBooking: cpuMsPerBooking,
      },
      issue: { ...issue, mean: issueMean },
      ratio: bookingsMean / issueMean,
      pairRatios: bookings.rates.map((rate, i) => rate / issue.rates[i]!),
      probes,
      probedBookings: requests.booked - (probedFrom ?? requests.booked),
    }
  } finally {
    closeAll(sockets)
    await Promise.all(servers.map((server) => server.stop()))
  }
}
