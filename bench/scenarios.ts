/**
 * The first five measurements (the sixth, restart, is restart.ts). Each starts its own server child (a fresh data folder for every hub), drives it
 * from this process over loopback and returns plain numbers; run.ts prints and saves them.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Socket } from 'socket.io-client'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../src-main/hub/config-file'
import { startServer, type ServerProcess } from './child'
import { connectManyWire } from './wire-clients'
import {
  closeAll,
  closedLoop,
  connect,
  connectMany,
  DISPLAYS,
  KIOSKS,
  openLoop,
  requestId,
  sleep,
  type AckLike,
} from './clients'
import { machineBusyMs, median, percentile } from './stats'

export type Kind = 'hub' | 'bare'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const config = loadCentreConfig(DEFAULT_CONFIG_PATH)
const SERVICE_IDS = config.services.map((s) => s.id)
const CONSULTANT = { login: 'consultant1', password: 'kezek-demo-1' }

export interface BenchOptions {
  /** Where hub children keep their SQLite files (one subfolder each). */
  dataRoot: string
  /** When set, every server child writes a V8 CPU profile here. */
  cpuProfDir?: string
  /** CPU for every server child (see `pinning.ts`); unpinned when absent. */
  serverCpu?: number
  log: (line: string) => void
}

let hubCount = 0

export function startKind(kind: Kind, options: BenchOptions, bareFsync = false): Promise<ServerProcess> {
  if (kind === 'bare') {
    return startServer({
      name: 'bare',
      script: join(HERE, 'serve-bare.ts'),
      args: bareFsync ? ['--fsync', options.dataRoot] : [],
      cpuProfDir: options.cpuProfDir,
      cpu: options.serverCpu,
    })
  }
  hubCount += 1
  const dataDir = mkdtempSync(join(options.dataRoot, `hub-${hubCount}-`))
  return startServer({
    name: 'hub',
    script: join(HERE, 'serve-hub.ts'),
    args: [dataDir],
    cpuProfDir: options.cpuProfDir,
    cpu: options.serverCpu,
  })
}

/** ticket:issue payloads, round robin over the demo services, regular visitors. */
export function issuePayloads(): () => Record<string, unknown> {
  let i = 0
  return () => ({ serviceId: SERVICE_IDS[i++ % SERVICE_IDS.length]! })
}

export function emitAck<T extends AckLike>(
  socket: Socket,
  event: string,
  payload: object,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${timeoutMs} ms`)), timeoutMs)
    socket.emit(event, { requestId: requestId(), ...payload }, (ack: T) => {
      clearTimeout(timer)
      if (ack && ack.ok === false) reject(new Error(`${event} refused: ${JSON.stringify(ack.error)}`))
      else resolve(ack)
    })
  })
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms)
    }),
  ])
}

/** Signs the demo consultant in over HTTP and connects a staff socket. */
export async function consultantSocket(url: string): Promise<Socket> {
  const response = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CONSULTANT),
  })
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`)
  const { token } = (await response.json()) as { token: string }
  return connect(url, { role: 'staff', token }, 'sync:snapshot')
}

export async function openDeskForAll(consultant: Socket): Promise<void> {
  await emitAck(consultant, 'desk:open', { deskId: 'desk-1', serviceIds: SERVICE_IDS })
}

/**
 * Calls, starts and finishes each ticket at desk-1, `window` tickets in flight (the commands of one
 * socket are decided in order, so a ticket's call, start and finish can be sent together).
 */
export function serveTickets(consultant: Socket, ticketIds: string[], window = 32): Promise<number> {
  let next = 0
  let done = 0
  let refused = 0
  return new Promise((resolve) => {
    const count = (ack: AckLike) => {
      if (!ack?.ok) refused += 1
    }
    const one = () => {
      if (next >= ticketIds.length) return
      const ticketId = ticketIds[next++]!
      consultant.emit('ticket:call', { requestId: requestId(), deskId: 'desk-1', ticketId }, count)
      consultant.emit('ticket:start', { requestId: requestId(), ticketId }, count)
      consultant.emit('ticket:finish', { requestId: requestId(), ticketId }, (ack: AckLike) => {
        count(ack)
        done += 1
        if (done === ticketIds.length) resolve(refused)
        else one()
      })
    }
    if (ticketIds.length === 0) resolve(0)
    for (let i = 0; i < window; i++) one()
  })
}

/** Issues `count` tickets with the clients (closed loop) and returns their ids. */
export async function issueTickets(clients: Socket[], count: number): Promise<string[]> {
  const ids: string[] = []
  const loop = closedLoop(clients, 4, issuePayloads(), {
    limit: count,
    onAck: (ack) => {
      if (ack?.ticket) ids.push(ack.ticket.id)
    },
  })
  await withTimeout(loop.reach(count), 60_000, `issuing ${count} tickets`)
  if (loop.errors() > 0) throw new Error(`issuing refused ${loop.errors()} times: ${loop.firstError()}`)
  return ids
}

/** The order of alternating windows, so that a slow drift in the machine's other load hits both sides. */
export function alternate(count: number): Kind[] {
  const order: Kind[] = []
  for (let i = 0; i < count; i++) order.push(...((i % 2 === 0 ? ['hub', 'bare'] : ['bare', 'hub']) as Kind[]))
  return order
}

export interface HubProbes {
  commits: number
  commandsPerCommit: number
  commitP50: number
  commitP99: number
  commitMax: number
  loopDelayP99: number
  loopDelayMax: number
  callToBroadcastMs: number[]
  callPhases: { toCommit: number; commit: number; broadcast: number }[]
  slowCommits: { at: number; ms: number; commands: number }[]
}

// --- 1. issue throughput ----------------------------------------------------------------------------

export interface ThroughputSide {
  /** acks/s of each measured window. */
  rates: number[]
  median: number
  /** Broadcast messages received by all clients per ack (≈ the number of clients). */
  broadcastsPerAck: number
  /** Server CPU as a share of one core, per window. */
  serverCpu: number[]
  /** This (client) process's CPU as a share of one core, per window. */
  clientCpu: number[]
  /** Everything else on the machine, as a share of one core, per window (null off Linux). */
  otherCpu: (number | null)[]
  errors: number
  firstError?: string
  ackBytes: number
  broadcastBytes: number
  /** Hub only: tickets waiting at the end of each window (each window starts an empty day). */
  waitingAfter: number[]
}

export interface ThroughputResult {
  hub: ThroughputSide
  bare: ThroughputSide
  /** hub median ÷ bare median. */
  ratio: number
  /** hub ÷ bare of each adjacent pair of windows. */
  pairRatios: number[]
  probes: HubProbes
}

export async function issueThroughput(
  options: BenchOptions,
  params: {
    clients: number
    inFlight: number
    warmupMs: number
    rampMs: number
    windowMs: number
    windows: number
  },
): Promise<ThroughputResult> {
  const servers: Partial<Record<Kind, ServerProcess>> = {}
  const sockets: Socket[] = []
  try {
    servers.hub = await startKind('hub', options)
    servers.bare = await startKind('bare', options)
    const sides = {} as Record<
      Kind,
      ThroughputSide & { clients: Socket[]; received: number; warmed: boolean }
    >
    for (const kind of ['hub', 'bare'] as const) {
      const clients = await connectMany(
        servers[kind]!.url,
        params.clients,
        (i) => KIOSKS[i % KIOSKS.length]!,
        kind === 'hub' ? 'sync:snapshot' : undefined,
      )
      sockets.push(...clients)
      const side = {
        clients,
        received: 0,
        warmed: false,
        rates: [],
        median: 0,
        broadcastsPerAck: 0,
        serverCpu: [],
        clientCpu: [],
        otherCpu: [],
        errors: 0,
        ackBytes: 0,
        broadcastBytes: 0,
        waitingAfter: [],
      } satisfies ThroughputSide & { clients: Socket[]; received: number; warmed: boolean }
      for (const socket of clients) {
        socket.on('ticket:issued', (event: unknown) => {
          if (side.received === 0) side.broadcastBytes = JSON.stringify(event).length
          side.received += 1
        })
      }
      sides[kind] = side
    }

    const received: Record<Kind, number> = { hub: 0, bare: 0 }
    const acked: Record<Kind, number> = { hub: 0, bare: 0 }
    for (const kind of alternate(params.windows)) {
      const server = servers[kind]!
      const side = sides[kind]
      options.log(`   window: ${kind}`)
      if (kind === 'hub') {
        await server.request('next-day')
        if (!side.warmed) await server.request('probes-reset')
      }
      const loop = closedLoop(side.clients, params.inFlight, issuePayloads(), {
        onAck: (ack) => {
          if (side.ackBytes === 0) side.ackBytes = JSON.stringify(ack).length
        },
      })
      await sleep(side.warmed ? params.rampMs : params.warmupMs)
      side.warmed = true
      const usage0 = await server.usage()
      const client0 = process.cpuUsage()
      const machine0 = machineBusyMs()
      const acks0 = loop.acks()
      const received0 = side.received
      const t0 = performance.now()
      await sleep(params.windowMs)
      const acks1 = loop.acks()
      const received1 = side.received
      const t1 = performance.now()
      const usage1 = await server.usage()
      const client = process.cpuUsage(client0)
      const machine1 = machineBusyMs()
      const t2 = performance.now()
      await withTimeout(loop.stop(), 30_000, 'draining the issue loop')
      side.errors += loop.errors()
      if (loop.firstError() !== undefined) side.firstError ??= loop.firstError()

      side.rates.push(((acks1 - acks0) / (t1 - t0)) * 1000)
      const serverMs = (usage1.cpuUser + usage1.cpuSystem - usage0.cpuUser - usage0.cpuSystem) / 1000
      const clientMs = (client.user + client.system) / 1000
      side.serverCpu.push(serverMs / (t2 - t0))
      side.clientCpu.push(clientMs / (t2 - t0))
      side.otherCpu.push(
        machine0 === null || machine1 === null
          ? null
          : Math.max(0, machine1 - machine0 - serverMs - clientMs) / (t2 - t0),
      )
      received[kind] += received1 - received0
      acked[kind] += acks1 - acks0
      if (kind === 'hub') side.waitingAfter.push((await server.request<{ waiting: number }>('state')).waiting)
    }
    const probes = await servers.hub.request<HubProbes>('probes')

    const result = (kind: Kind): ThroughputSide => {
      const { clients: _c, received: _r, warmed: _w, ...side } = sides[kind]
      return {
        ...side,
        median: median(side.rates),
        broadcastsPerAck: received[kind] / Math.max(1, acked[kind]),
      }
    }
    const hub = result('hub')
    const bare = result('bare')
    return {
      hub,
      bare,
      ratio: hub.median / bare.median,
      pairRatios: hub.rates.map((rate, i) => rate / bare.rates[i]!),
      probes,
    }
  } finally {
    closeAll(sockets)
    await Promise.all(Object.values(servers).map((server) => server.stop()))
  }
}

// --- 2. latency at a steady rate --------------------------------------------------------------------

export interface LatencySide {
  samples: number
  p50: number
  p99: number
  max: number
  /** p99 measured from the actual send instead of the scheduled one (without the client's own lateness). */
  p99FromSend: number
  errors: number
  firstError?: string
  /** Requests this process sent more than one interval late (it could not keep the schedule). */
  lateSends: number
}

export interface LatencyResult {
  rate: number
  hub: LatencySide
  bare: LatencySide
  probes: HubProbes
  /** Everything else on the machine during the chunks, as a share of one core (null off Linux). */
  otherCpu: number | null
}

export async function steadyLatency(
  options: BenchOptions,
  params: {
    clients: number
    rate: number
    chunkMs: number
    chunks: number
    chunkWarmupMs: number
    preIssue: number
    /** The bare server fdatasyncs before each ack (2b: what the disk alone allows). */
    bareFsync?: boolean
  },
): Promise<LatencyResult> {
  const servers: Partial<Record<Kind, ServerProcess>> = {}
  const sockets: Socket[] = []
  try {
    servers.hub = await startKind('hub', options)
    servers.bare = await startKind('bare', options, params.bareFsync)
    const clients = {} as Record<Kind, Socket[]>
    for (const kind of ['hub', 'bare'] as const) {
      clients[kind] = await connectMany(
        servers[kind]!.url,
        params.clients,
        (i) => KIOSKS[i % KIOSKS.length]!,
        kind === 'hub' ? 'sync:snapshot' : undefined,
      )
      sockets.push(...clients[kind])
      // Warm the JIT with a burst (on the hub: a day of `preIssue` tickets) before keeping the schedule.
      await issueTickets(clients[kind], params.preIssue)
    }
    await sleep(200)
    await servers.hub.request('probes-reset')
    const runs: Record<
      Kind,
      { latencies: number[]; fromSend: number[]; errors: number; firstError?: string; lateSends: number }
    > = {
      hub: { latencies: [], fromSend: [], errors: 0, lateSends: 0 },
      bare: { latencies: [], fromSend: [], errors: 0, lateSends: 0 },
    }
    const machine0 = machineBusyMs()
    const client0 = process.cpuUsage()
    const servers0 = await Promise.all([servers.hub.usage(), servers.bare.usage()])
    const t0 = performance.now()
    for (const kind of alternate(params.chunks)) {
      const run = await openLoop(
        clients[kind],
        params.rate,
        params.chunkMs,
        params.chunkWarmupMs,
        issuePayloads(),
      )
      const total = runs[kind]
      total.latencies.push(...run.latencies)
      total.fromSend.push(...run.fromSend)
      total.errors += run.errors
      total.lateSends += run.lateSends
      if (run.firstError !== undefined) total.firstError ??= run.firstError
    }
    const servers1 = await Promise.all([servers.hub.usage(), servers.bare.usage()])
    const client = process.cpuUsage(client0)
    const machine1 = machineBusyMs()
    const elapsed = performance.now() - t0
    const ours =
      (client.user + client.system) / 1000 +
      servers1.reduce(
        (sum, u, i) => sum + (u.cpuUser + u.cpuSystem - servers0[i]!.cpuUser - servers0[i]!.cpuSystem) / 1000,
        0,
      )
    const otherCpu =
      machine0 === null || machine1 === null ? null : Math.max(0, machine1 - machine0 - ours) / elapsed
    const probes = await servers.hub.request<HubProbes>('probes')
    const side = (kind: Kind): LatencySide => {
      const { latencies, fromSend, ...rest } = runs[kind]
      return {
        samples: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: percentile(latencies, 100),
        p99FromSend: percentile(fromSend, 99),
        ...rest,
      }
    }
    return { rate: params.rate, hub: side('hub'), bare: side('bare'), probes, otherCpu }
  } finally {
    closeAll(sockets)
    await Promise.all(Object.values(servers).map((server) => server.stop()))
  }
}

// --- 3 and 4. one call to 1,000 clients, and memory -------------------------------------------------

export interface FanoutSide {
  clients: number
  /** ms from sending the trigger to the last client's receipt, per measured repetition. */
  times: number[]
  /** ms from sending the trigger to the first client's receipt. */
  firstTimes: number[]
  median: number
  rssIdle: number
  rssWithClients: number
  heapWithClients: number
  calledBytes: number
  connectMs: number
}

export interface FanoutResult {
  hub: FanoutSide
  bare: FanoutSide
  ratio: number
  /** Median of hub ÷ bare over the pairs of back-to-back calls (same repetition): drift cancels out. */
  pairedRatio: number
  /** Inside the hub: the call-next command's arrival to its broadcast written, per measured repetition. */
  hubCommandToBroadcastMs: number[]
  /** Inside the bare server: the trigger's arrival to its broadcast written. */
  bareTriggerToBroadcastMs: number[]
  probes: HubProbes
}

export async function callFanout(
  options: BenchOptions,
  params: {
    clients: number
    batch: number
    warmups: number
    repetitions: number
    /** The bare server fsyncs before each broadcast (3b: what durability alone costs). */
    bareFsync?: boolean
    /**
     * How the displays read: `wire` counts a call when its frame arrives at the display's socket
     * (wire-clients.ts explains why that is the measurement); `socket.io` parses it with
     * socket.io-client, all 1,000 in the bench's one process.
     */
    displays: 'wire' | 'socket.io'
  },
): Promise<FanoutResult> {
  const servers: Partial<Record<Kind, ServerProcess>> = {}
  const sockets: { close(): void }[] = []
  try {
    servers.hub = await startKind('hub', options)
    servers.bare = await startKind('bare', options, params.bareFsync)
    await sleep(300)
    const idle = {} as Record<Kind, { rss: number }>
    for (const kind of ['hub', 'bare'] as const) {
      await servers[kind]!.request('gc')
      idle[kind] = await servers[kind]!.usage()
    }

    // The hub: a consultant at desk-1 calls the next ticket, then starts and finishes it (desk free again).
    const consultant = await consultantSocket(servers.hub.url)
    sockets.push(consultant)
    await openDeskForAll(consultant)
    const kiosk = await connect(servers.hub.url, KIOSKS[0]!, 'sync:snapshot')
    sockets.push(kiosk)
    await issueTickets([kiosk], params.warmups + params.repetitions + 2)
    // The bare server: a control socket whose `bench:call` makes it broadcast.
    const control = await connect(servers.bare.url, { role: 'bench' })
    sockets.push(control)
    // A call, and what frees the desk again afterwards. The desk is freed only once every client has the
    // call, so that the ticket:started and ticket:finished broadcasts do not overlap the measured one.
    const trigger: Record<
      Kind,
      { call: () => Promise<string | null>; after: (id: string | null) => Promise<void> }
    > = {
      hub: {
        call: async () => {
          const ack = await emitAck<AckLike>(consultant, 'ticket:call-next', { deskId: 'desk-1' })
          return ack.ticket?.id ?? null
        },
        after: async (ticketId) => {
          if (!ticketId) throw new Error('ticket:call-next answered without a ticket')
          await emitAck(consultant, 'ticket:start', { ticketId })
          await emitAck(consultant, 'ticket:finish', { ticketId })
        },
      },
      // The same messages as the hub's cycle, so the clients do the same work for both servers.
      bare: {
        call: async () => {
          await emitAck(control, 'bench:call', {})
          return randomUUID()
        },
        after: async (ticketId) => {
          await emitAck(control, 'bench:start', { ticketId })
          await emitAck(control, 'bench:finish', { ticketId })
        },
      },
    }

    const sides = {} as Record<
      Kind,
      FanoutSide & { received: number; firstAt: number; lastAt: number; all: () => void }
    >
    for (const kind of ['hub', 'bare'] as const) {
      let calledBytes = 0
      const received = (bytes: number) => {
        const side = sides[kind]
        if (calledBytes === 0) calledBytes = bytes
        side.received += 1
        if (side.received === 1) side.firstAt = performance.now()
        if (side.received === side.clients) {
          side.lastAt = performance.now()
          side.all()
        }
      }
      const connectStart = performance.now()
      const authFor = (i: number) => DISPLAYS[i % DISPLAYS.length]!
      const ready = kind === 'hub' ? 'sync:snapshot' : undefined
      if (params.displays === 'wire') {
        const displays = await connectManyWire(
          servers[kind]!.url,
          params.clients,
          authFor,
          ready,
          'ticket:called',
          received,
          params.batch,
        )
        sockets.push(...displays)
      } else {
        const displays = await connectMany(servers[kind]!.url, params.clients, authFor, ready, params.batch)
        sockets.push(...displays)
        for (const socket of displays) {
          socket.on('ticket:called', (event: unknown) =>
            received(calledBytes === 0 ? JSON.stringify(event).length : 0),
          )
        }
      }
      const connectMs = performance.now() - connectStart
      const side = {
        clients: params.clients,
        times: [],
        firstTimes: [],
        median: 0,
        rssIdle: idle[kind].rss,
        rssWithClients: 0,
        heapWithClients: 0,
        get calledBytes() {
          return calledBytes
        },
        connectMs,
        received: 0,
        firstAt: 0,
        lastAt: 0,
        all: () => undefined,
      } satisfies FanoutSide & { received: number; firstAt: number; lastAt: number; all: () => void }
      sides[kind] = side
    }
    await sleep(500)
    for (const kind of ['hub', 'bare'] as const) {
      await servers[kind]!.request('gc')
      await sleep(100)
      const usage = await servers[kind]!.usage()
      sides[kind].rssWithClients = usage.rss
      sides[kind].heapWithClients = usage.heapUsed
    }

    for (let r = 0; r < params.warmups + params.repetitions; r++) {
      if (r === params.warmups) {
        await servers.hub.request('probes-reset')
        await servers.bare.request('probes-reset')
      }
      for (const kind of (r % 2 === 0 ? ['hub', 'bare'] : ['bare', 'hub']) as Kind[]) {
        const side = sides[kind]
        side.received = 0
        const all = new Promise<void>((resolve) => (side.all = resolve))
        const t0 = performance.now()
        const acked = trigger[kind].call()
        await withTimeout(all, 15_000, `a call reaching ${side.clients} clients of the ${kind} server`)
        if (r >= params.warmups) {
          side.times.push(side.lastAt - t0)
          side.firstTimes.push(side.firstAt - t0)
        }
        await trigger[kind].after(await acked)
        // Let the other broadcasts (ticket:started, ticket:finished) reach everyone before the next call.
        await sleep(100)
      }
    }
    const probes = await servers.hub.request<HubProbes>('probes')
    const bareProbes = await servers.bare.request<{ callToBroadcastMs: number[] }>('probes')
    const result = (kind: Kind): FanoutSide => {
      const { received: _r, firstAt: _f, lastAt: _l, all: _a, ...side } = sides[kind]
      return { ...side, median: median(side.times) }
    }
    const hub = result('hub')
    const bare = result('bare')
    return {
      hub,
      bare,
      ratio: hub.median / bare.median,
      pairedRatio: median(hub.times.map((t, i) => t / bare.times[i]!)),
      hubCommandToBroadcastMs: probes.callToBroadcastMs,
      bareTriggerToBroadcastMs: bareProbes.callToBroadcastMs,
      probes,
    }
  } finally {
    closeAll(sockets)
    await Promise.all(Object.values(servers).map((server) => server.stop()))
  }
}

// --- 5. day-size independence -----------------------------------------------------------------------

export interface DaySizeResult {
  measured: number
  /** acks/s per round, for each day. */
  empty: number[]
  full: number[]
  emptyMedian: number
  fullMedian: number
  /** full ÷ empty of each round's pair of back-to-back windows. */
  pairRatios: number[]
  /** Median of `pairRatios`. */
  ratio: number
  /** Everything else on the machine during each window, as a share of one core (null off Linux). */
  otherCpu: Record<'empty' | 'full', (number | null)[]>
  /** Tickets the full day held at the start of each of its windows. */
  fullDayTickets: number[]
  /** Tickets waiting at the start of each window of the full day (the empty day starts at 0). */
  fullDayWaiting: number[]
}

/**
 * Two hubs prepared alike (same warm-up); one works on an empty day, the other on a day of `preload`
 * tickets of which `serve` were called, started and finished. Their issue rates are measured in
 * alternating windows; after each window the full day's new tickets are served again, so both days
 * start every window with the same queue as before.
 */
export async function daySize(
  options: BenchOptions,
  params: {
    clients: number
    inFlight: number
    measure: number
    preload: number
    serve: number
    rounds: number
  },
): Promise<DaySizeResult> {
  type Day = 'empty' | 'full'
  const servers: Partial<Record<Day, ServerProcess>> = {}
  const sockets: Socket[] = []
  try {
    servers.empty = await startKind('hub', options)
    servers.full = await startKind('hub', options)
    const kiosks = {} as Record<Day, Socket[]>
    const consultants = {} as Record<Day, Socket>
    for (const day of ['empty', 'full'] as const) {
      const server = servers[day]!
      kiosks[day] = await connectMany(
        server.url,
        params.clients,
        (i) => KIOSKS[i % KIOSKS.length]!,
        'sync:snapshot',
      )
      sockets.push(...kiosks[day])
      consultants[day] = await consultantSocket(server.url)
      sockets.push(consultants[day])
      await openDeskForAll(consultants[day])
      // Warm-up day: the same kinds of commands as below.
      const warm = await issueTickets(kiosks[day], 2000)
      await withTimeout(
        serveTickets(consultants[day], warm.slice(0, 1000)),
        60_000,
        'serving the warm-up tickets',
      )
      await server.request('next-day')
    }
    options.log(`   preloading ${params.preload} tickets, serving ${params.serve}`)
    const preloaded = await issueTickets(kiosks.full, params.preload)
    const refused = await withTimeout(
      serveTickets(consultants.full, preloaded.slice(0, params.serve)),
      60_000,
      'serving the preloaded tickets',
    )
    if (refused > 0) throw new Error(`serving the preloaded day: ${refused} commands refused`)

    const rates: Record<Day, number[]> = { empty: [], full: [] }
    const otherCpu: Record<Day, (number | null)[]> = { empty: [], full: [] }
    const pairRatios: number[] = []
    const fullDayTickets: number[] = []
    const fullDayWaiting: number[] = []
    const window = async (day: Day): Promise<string[]> => {
      const server = servers[day]!
      const ramp = 200
      const ids: string[] = []
      const loop = closedLoop(kiosks[day], params.inFlight, issuePayloads(), {
        limit: ramp + params.measure,
        onAck: (ack) => {
          if (ack?.ticket) ids.push(ack.ticket.id)
        },
      })
      await withTimeout(loop.reach(ramp), 30_000, 'ramp')
      const usage0 = await server.usage()
      const client0 = process.cpuUsage()
      const machine0 = machineBusyMs()
      const t0 = performance.now()
      await withTimeout(loop.reach(ramp + params.measure), 60_000, 'measured issues')
      const t1 = performance.now()
      const usage1 = await server.usage()
      const client = process.cpuUsage(client0)
      const machine1 = machineBusyMs()
      const t2 = performance.now()
      await withTimeout(loop.stop(), 30_000, 'the last acks')
      if (loop.errors() > 0) throw new Error(`issue refused: ${loop.firstError()}`)
      rates[day].push((params.measure / (t1 - t0)) * 1000)
      const ours =
        (client.user +
          client.system +
          usage1.cpuUser +
          usage1.cpuSystem -
          usage0.cpuUser -
          usage0.cpuSystem) /
        1000
      otherCpu[day].push(
        machine0 === null || machine1 === null ? null : Math.max(0, machine1 - machine0 - ours) / (t2 - t0),
      )
      return ids
    }
    for (let round = 0; round < params.rounds; round++) {
      options.log(`   round ${round + 1}`)
      // Prepare both days, then measure them back to back so that both windows see the same machine.
      const opened = await servers.empty.request<{ tickets: number }>('next-day')
      if (opened.tickets !== 0) throw new Error(`the new day holds ${opened.tickets} tickets`)
      const state = await servers.full.request<{ tickets: number; waiting: number }>('state')
      fullDayTickets.push(state.tickets)
      fullDayWaiting.push(state.waiting)
      await sleep(100)
      let issuedOnFullDay: string[] = []
      for (const day of (round % 2 === 0 ? ['empty', 'full'] : ['full', 'empty']) as Day[]) {
        const ids = await window(day)
        if (day === 'full') issuedOnFullDay = ids
      }
      pairRatios.push(rates.full[round]! / rates.empty[round]!)
      // Serve this round's tickets on the full day, so its next window starts with the same queue.
      await withTimeout(
        serveTickets(consultants.full, issuedOnFullDay),
        60_000,
        "serving the round's tickets",
      )
    }
    return {
      measured: params.measure,
      empty: rates.empty,
      full: rates.full,
      emptyMedian: median(rates.empty),
      fullMedian: median(rates.full),
      pairRatios,
      ratio: median(pairRatios),
      otherCpu,
      fullDayTickets,
      fullDayWaiting,
    }
  } finally {
    closeAll(sockets)
    await Promise.all(Object.values(servers).map((server) => server.stop()))
  }
}
