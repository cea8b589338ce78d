/**
 * The hub under test: the real `openHub` with the SQLite store (WAL, synchronous=FULL, real fsync) in
 * the data folder given as the first argument, and the demo centre config; with `--bookings` after it,
 * the bench's booking centre (`booking-data.ts`: the demo with room for 200,000 bookings and the demo
 * integration's rate limit lifted). Prints `PORT <n>` once it listens on 127.0.0.1; answers the bench
 * over IPC (see child.ts).
 *
 * The clock is the real one; the `next-day` request moves it forward 24 hours so that a new, empty day
 * opens without restarting the process (and losing the JIT's warm-up).
 *
 * Light probes for attributing time (a few `performance.now()` calls per batch, nothing per client):
 * how long each store commit takes (the fsync is in there), the event loop's delay, and for
 * `ticket:call-next` the time from the command's arrival to its broadcast having been written; and for
 * bookings through the API, the time of the vault entry puts (the IIN and the phone are sealed, then
 * written to SQLite in batches, one transaction per turn of the event loop, before the engine sees the
 * command), of the vault's sealing and keyed hashing within them, and of the batched writes; and the engine's deciding of each command and publishing
 * of each batch.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import pino from 'pino'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../src-main/hub/config-file'
import { createLogger } from '../src-main/hub/logger'
import { openHub } from '../src-main/hub/server'
import { openSqliteStore } from '../src-main/hub/store/sqlite-store'
import type { EventStore } from '../src-main/hub/store/types'
import { serveIpc } from './child'
import { bookingBenchConfig } from './booking-data'
import { percentile } from './stats'

const DAY_MS = 24 * 60 * 60_000

const dataDir = process.argv[2]
const bookingCentre = process.argv[3] === '--bookings'
if (!dataDir || (process.argv[3] !== undefined && !bookingCentre)) {
  console.error('usage: serve-hub.ts <data folder> [--bookings]')
  process.exit(2)
}

const demo = loadCentreConfig(DEFAULT_CONFIG_PATH)
const config = bookingCentre ? bookingBenchConfig(demo) : demo
if (config.policy.enforceOpeningHours) {
  console.error('serve-hub: the demo config must have policy.enforceOpeningHours: false')
  process.exit(2)
}

let commitMs: number[] = []
let commitCommands = 0
/** Commits slower than 5 ms: when (ms since the probes were reset), how long, how many commands. */
let slowCommits: { at: number; ms: number; commands: number }[] = []
let probesFrom = performance.now()
let lastCommit = { start: 0, end: 0 }
const realStore = openSqliteStore(dataDir)
const store: EventStore = {
  ...realStore,
  commit(batch) {
    const t0 = performance.now()
    realStore.commit(batch)
    const t1 = performance.now()
    lastCommit = { start: t0, end: t1 }
    const ms = t1 - t0
    commitMs.push(ms)
    commitCommands += batch.results.length
    if (ms > 5) slowCommits.push({ at: t0 - probesFrom, ms, commands: batch.results.length })
  },
}

// Warnings and worse go to stderr; stdout carries the port line only.
const logger = createLogger({ level: 'warn', destination: pino.destination(2) })
let clockOffset = 0
const hub = await openHub({
  config,
  store,
  logger,
  now: () => Date.now() + clockOffset,
  // `next-day` moves the clock a day per round; the bench's consultant must stay signed in meanwhile.
  sessionTtlMs: 365 * DAY_MS,
  // The bench measures capacity: each of its 50 kiosk sockets sends 70–100 commands a second, which a
  // real kiosk never does, so the per-connection limit (100/s, bursts of 200) is lifted here only.
  commandRate: { perSecond: 1e6, burst: 1e6 },
  // The bench shares a few device identities among many sockets (500 displays are `display-1`, see
  // README.md), which no centre does: the cap of sockets per device (default 20) is lifted here only.
  connectionLimits: { perDevice: 100_000 },
  onFatal: (error) => {
    console.error('serve-hub: fatal', error)
    process.exit(70)
  },
})

// Arrival of the latest ticket:call-next -> its ticket:called broadcast written to every socket. This
// listener is registered after the hub's own, so it runs once the hub's emits have returned.
let callArrivedAt: number | null = null
let callToBroadcastMs: number[] = []
/** The same span in three parts: arrival to commit start (validate, decide), the commit, the broadcast. */
let callPhases: { toCommit: number; commit: number; broadcast: number }[] = []
/** Sockets the hub dropped for not reading what it sent (`backlog-guard.ts`: the connection is closed). */
let droppedSockets = 0
hub.io.on('connection', (socket) => {
  socket.prependAny((name: string) => {
    if (name === 'ticket:call-next') callArrivedAt = performance.now()
  })
  socket.on('disconnect', (reason) => {
    if (reason === 'forced close') droppedSockets += 1
  })
})
hub.engine.onCommit((events) => {
  if (callArrivedAt !== null && events.some((e) => e.type === 'ticket:called')) {
    const now = performance.now()
    callToBroadcastMs.push(now - callArrivedAt)
    callPhases.push({
      toCommit: lastCommit.start - callArrivedAt,
      commit: lastCommit.end - lastCommit.start,
      broadcast: now - lastCommit.end,
    })
    callArrivedAt = null
  }
})

// Vault entry puts (an API booking makes two: its IIN and its phone): the put itself (sealing and keyed
// hashing, timed apart below, until it hands the row to the records) and the records' batched writes (the
// puts of one turn of the event loop, in one BEGIN IMMEDIATE without an fsync of its own), by wrapping the
// SQLite records' private `writePending` (a rename there stops the bench here).
let vaultPutMs = 0
let vaultPuts = 0
let vaultWriteMs: number[] = []
let sealMs = 0
let hashMs = 0
const { entries, vault } = hub.vault
const put = entries.put.bind(entries)
entries.put = (kind, value, at) => {
  const t0 = performance.now()
  const putting = put(kind, value, at)
  vaultPutMs += performance.now() - t0
  vaultPuts++
  return putting
}
const records = (entries as unknown as { records: { writePending?: () => void } }).records
const writePending = records.writePending
if (typeof writePending !== 'function')
  throw new Error('serve-hub: the vault records have no writePending to probe')
records.writePending = function (this: unknown) {
  const t0 = performance.now()
  try {
    writePending.call(this)
  } finally {
    vaultWriteMs.push(performance.now() - t0)
  }
}
const seal = vault.seal.bind(vault)
vault.seal = (...args) => {
  const t0 = performance.now()
  const sealed = seal(...args)
  sealMs += performance.now() - t0
  return sealed
}
const hash = vault.hash.bind(vault)
vault.hash = (...args) => {
  const t0 = performance.now()
  const hashed = hash(...args)
  hashMs += performance.now() - t0
  return hashed
}

// The engine's own steps, by wrapping two of its private methods (a rename there stops the bench here,
// rather than leaving these at zero): deciding and applying each command, and publishing each batch's
// facts after its acks (the fan-out to every socket, and the bench's own listener above).
let decideMs = 0
let decided = 0
let publishMs = 0
const engineSteps = hub.engine as unknown as Record<'decideOne' | 'publish', (...args: unknown[]) => unknown>
for (const step of ['decideOne', 'publish'] as const) {
  const original = engineSteps[step]
  if (typeof original !== 'function') throw new Error(`serve-hub: the engine has no ${step} to probe`)
  const bound = original.bind(hub.engine)
  engineSteps[step] = (...args) => {
    const t0 = performance.now()
    try {
      return bound(...args)
    } finally {
      if (step === 'decideOne') {
        decideMs += performance.now() - t0
        decided += 1
      } else publishMs += performance.now() - t0
    }
  }
}

const loopDelay = monitorEventLoopDelay({ resolution: 1 })
loopDelay.enable()

const port = await hub.listen(0, '127.0.0.1')

serveIpc(
  {
    state: () => {
      const { state } = hub.engine
      const waiting = Object.values(state.queues).reduce((sum, queue) => sum + queue.length, 0)
      return {
        day: state.day,
        seq: state.seq,
        tickets: Object.keys(state.tickets).length,
        waiting,
        bookings: Object.keys(state.bookings).length,
      }
    },
    'next-day': async () => {
      clockOffset += DAY_MS
      hub.engine.tick()
      await hub.engine.idle()
      return { day: hub.engine.state.day, tickets: Object.keys(hub.engine.state.tickets).length }
    },
    'probes-reset': () => {
      commitMs = []
      commitCommands = 0
      slowCommits = []
      probesFrom = performance.now()
      callToBroadcastMs = []
      callPhases = []
      vaultPutMs = 0
      vaultPuts = 0
      vaultWriteMs = []
      sealMs = 0
      hashMs = 0
      decideMs = 0
      decided = 0
      publishMs = 0
      loopDelay.reset()
      return true
    },
    dropped: () => droppedSockets,
    probes: () => ({
      commits: commitMs.length,
      commandsPerCommit: commitMs.length > 0 ? commitCommands / commitMs.length : 0,
      commitP50: percentile(commitMs, 50),
      commitP99: percentile(commitMs, 99),
      commitMax: percentile(commitMs, 100),
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      loopDelayMax: loopDelay.max / 1e6,
      callToBroadcastMs,
      callPhases,
      slowCommits,
      commitTotalMs: commitMs.reduce((sum, ms) => sum + ms, 0),
      vaultPuts,
      vaultPutTotalMs: vaultPutMs,
      vaultWrites: vaultWriteMs.length,
      vaultWriteP50: percentile(vaultWriteMs, 50),
      vaultWriteP99: percentile(vaultWriteMs, 99),
      vaultWriteTotalMs: vaultWriteMs.reduce((sum, ms) => sum + ms, 0),
      sealMs,
      hashMs,
      decideMs,
      decided,
      publishMs,
    }),
  },
  async () => {
    await hub.close()
    realStore.close()
  },
)

console.log(`PORT ${port}`)
