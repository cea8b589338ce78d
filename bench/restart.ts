/**
 * Measurement 6, restart: how long a hub that was killed (-9) takes to answer again, with a busy day on
 * disk. From the spawn of `node out/hub/cli.js` (what `npm run hub` and a service manager run) to the
 * first ack of a kiosk's `ticket:issue`: Node's start, loading the built code, opening SQLite after a
 * crash (the WAL is replayed), folding the day's events, listening, then one connection and command.
 *
 * Against a bare `node` process that prints a line: what Node's own start costs on this machine at that
 * moment. The same hub run through tsx (`node --import tsx src-main/hub/cli.ts`, how `npm run hub`
 * started before the hub was built) is measured in the same rounds, for comparison.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Socket } from 'socket.io-client'
import { buildHubIfStale, builtHubFile } from '../src-main/tools/build-hub.mjs'
import { startServer } from './child'
import { closeAll, connect, connectMany, KIOSKS } from './clients'
import { pinnedCommand } from './pinning'
import {
  consultantSocket,
  emitAck,
  issuePayloads,
  issueTickets,
  openDeskForAll,
  serveTickets,
  withTimeout,
  type BenchOptions,
} from './scenarios'
import { median } from './stats'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const TS_CLI = fileURLToPath(new URL('../src-main/hub/cli.ts', import.meta.url))
const START_TIMEOUT_MS = 30_000

export type RestartKind = 'built' | 'tsx' | 'node'

export interface RestartSide {
  /** Spawn → first ack (the bare process: spawn → its line), ms, one per round. */
  runs: number[]
  median: number
  /** Spawn → the hub's `listening` line, ms (not for the bare process). */
  listening: number[]
}

export interface RestartResult {
  /** Tickets of the day on disk when the first round started. */
  tickets: number
  built: RestartSide
  tsx: RestartSide
  node: RestartSide
  /** Medians: built hub ÷ bare node, tsx hub ÷ bare node. */
  ratio: number
  tsxRatio: number
}

/**
 * Prepares a day of `preload` tickets, `serve` of them served, in a data folder (through the bench's
 * hub child, then closed), then restarts a hub on it `rounds` times per kind, kind order rotating each
 * round, killing it with SIGKILL after its first ack.
 */
export async function restartTime(
  options: BenchOptions,
  params: { preload: number; serve: number; rounds: number },
): Promise<RestartResult> {
  await buildHubIfStale()
  const dataDir = mkdtempSync(join(options.dataRoot, 'restart-'))
  options.log(`   preparing the day: ${params.preload} tickets, ${params.serve} served`)
  await prepareDay(dataDir, options, params)

  const sides: Record<RestartKind, RestartSide> = {
    built: { runs: [], median: 0, listening: [] },
    tsx: { runs: [], median: 0, listening: [] },
    node: { runs: [], median: 0, listening: [] },
  }
  const kinds: RestartKind[] = ['built', 'tsx', 'node']
  for (let round = 0; round < params.rounds; round++) {
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(round + k) % kinds.length]!
      if (kind === 'node') sides.node.runs.push(await bareStart(options))
      else {
        const { ack, listening } = await hubRestart(kind, dataDir, options)
        sides[kind].runs.push(ack)
        sides[kind].listening.push(listening)
      }
    }
  }
  for (const side of Object.values(sides)) side.median = median(side.runs)
  return {
    tickets: params.preload,
    ...sides,
    ratio: sides.built.median / sides.node.median,
    tsxRatio: sides.tsx.median / sides.node.median,
  }
}

async function prepareDay(
  dataDir: string,
  options: BenchOptions,
  params: { preload: number; serve: number },
): Promise<void> {
  const server = await startServer({
    name: 'hub',
    script: join(HERE, 'serve-hub.ts'),
    args: [dataDir],
    cpu: options.serverCpu,
  })
  const sockets: Socket[] = []
  try {
    const kiosks = await connectMany(server.url, 20, (i) => KIOSKS[i % KIOSKS.length]!, 'sync:snapshot')
    sockets.push(...kiosks)
    const consultant = await consultantSocket(server.url)
    sockets.push(consultant)
    await openDeskForAll(consultant)
    const ids = await issueTickets(kiosks, params.preload)
    const refused = await withTimeout(
      serveTickets(consultant, ids.slice(0, params.serve)),
      120_000,
      'serving the day',
    )
    if (refused > 0) throw new Error(`preparing the day: ${refused} commands refused`)
  } finally {
    closeAll(sockets)
    await server.stop()
  }
}

/** A port free right now, for a hub that must be reached as soon as it says it listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** Spawns a process and resolves with the ms from spawn to the first stdout line matching `line`. */
function spawnUntil(args: string[], options: BenchOptions, line: RegExp) {
  const [command, commandArgs] = pinnedCommand(options.serverCpu, process.execPath, args)
  const t0 = performance.now()
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] })
  let said = ''
  child.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const seen = new Promise<{ ms: number; text: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${line.source}" within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    )
    createInterface({ input: child.stdout! }).on('line', (text) => {
      if (!line.test(text)) return
      clearTimeout(timer)
      resolve({ ms: performance.now() - t0, text })
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`${args.join(' ')} exited before "${line.source}": ${said.trim()}`))
    })
  })
  return { child, t0, seen, exited }
}

async function bareStart(options: BenchOptions): Promise<number> {
  const bare = spawnUntil(['-e', "console.log('ready')"], options, /^ready$/)
  const { ms } = await bare.seen
  await bare.exited
  return ms
}

async function hubRestart(
  kind: 'built' | 'tsx',
  dataDir: string,
  options: BenchOptions,
): Promise<{ ack: number; listening: number }> {
  const port = await freePort()
  const entry = kind === 'built' ? [builtHubFile('cli')] : ['--import', 'tsx', TS_CLI]
  const args = [...entry, '--port', String(port), '--data', dataDir, '--log-level', 'warn']
  const hub = spawnUntil(args, options, /^Kezek hub listening on /)
  let socket: Socket | undefined
  try {
    const { ms: listening } = await hub.seen
    socket = await connect(`http://127.0.0.1:${port}`, KIOSKS[0]!)
    await emitAck(socket, 'ticket:issue', issuePayloads()())
    return { ack: performance.now() - hub.t0, listening }
  } finally {
    socket?.close()
    // The restart measured is the one after a crash: the next round opens a log killed mid-run.
    hub.child.kill('SIGKILL')
    await hub.exited
  }
}
