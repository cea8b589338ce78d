/**
 * The server under test runs in a child process, so that it and the client load share the machine the
 * way a real hub and its clients would, and so that its RSS is its own.
 *
 * Parent side: `startServer` spawns `node --import tsx <script>`, waits for `PORT <n>` on its stdout and
 * talks to it over the IPC channel. Child side: `serveIpc` answers the parent's requests.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { pinnedCommand } from './pinning'
import { createInterface } from 'node:readline'

export interface Usage {
  rss: number
  heapUsed: number
  /** process.cpuUsage(), microseconds. */
  cpuUser: number
  cpuSystem: number
}

export interface ServerProcess {
  name: string
  pid: number
  port: number
  url: string
  request<T = unknown>(type: string, body?: unknown): Promise<T>
  usage(): Promise<Usage>
  /** Asks the child to close and exit (so `--cpu-prof` is written); kills it if it does not. */
  stop(): Promise<void>
}

interface Reply {
  id: number
  ok: boolean
  value?: unknown
  error?: string
}

export interface StartOptions {
  name: string
  script: string
  args?: string[]
  /** Folder for `--cpu-prof` output; no profile when absent. */
  cpuProfDir?: string
  /** Runs the child on this CPU only (see `pinning.ts`). */
  cpu?: number
  startTimeoutMs?: number
}

const live = new Set<ChildProcess>()
const REQUEST_TIMEOUT_MS = 30_000

/** Kills every child still running (for the watchdog and fatal errors). */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL')
}

export function startServer(options: StartOptions): Promise<ServerProcess> {
  const nodeArgs = ['--import', 'tsx', '--expose-gc']
  if (options.cpuProfDir) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir)
  const [command, commandArgs] = pinnedCommand(options.cpu, process.execPath, [
    ...nodeArgs,
    options.script,
    ...(options.args ?? []),
  ])
  const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] })
  live.add(child)
  let nextId = 1
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let exited = false
  child.on('message', (message: Reply) => {
    const entry = waiting.get(message.id)
    if (!entry) return
    waiting.delete(message.id)
    if (message.ok) entry.resolve(message.value)
    else entry.reject(new Error(`${options.name}: ${message.error}`))
  })
  child.on('exit', (code, signal) => {
    exited = true
    live.delete(child)
    for (const entry of waiting.values())
      entry.reject(new Error(`${options.name} exited (${code ?? signal})`))
    waiting.clear()
  })

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new Error(`${options.name} did not announce its port within ${options.startTimeoutMs ?? 20_000} ms`),
      )
    }, options.startTimeoutMs ?? 20_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${options.name} exited with ${code} before announcing its port`))
    })
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const match = /^PORT (\d+)$/.exec(line)
      if (!match) {
        process.stderr.write(`[${options.name}] ${line}\n`)
        return
      }
      clearTimeout(timer)
      const port = Number(match[1])
      const request = <T>(type: string, body?: unknown): Promise<T> =>
        new Promise<T>((res, rej) => {
          if (exited) return rej(new Error(`${options.name} is not running`))
          const id = nextId++
          const timer = setTimeout(() => {
            waiting.delete(id)
            rej(new Error(`${options.name} did not answer "${type}" within ${REQUEST_TIMEOUT_MS} ms`))
          }, REQUEST_TIMEOUT_MS)
          const settle =
            <V>(f: (value: V) => void) =>
            (value: V) => {
              clearTimeout(timer)
              f(value)
            }
          waiting.set(id, { resolve: settle(res as (value: unknown) => void), reject: settle(rej) })
          child.send({ id, type, body })
        })
      resolve({
        name: options.name,
        pid: child.pid!,
        port,
        url: `http://127.0.0.1:${port}`,
        request,
        usage: () => request<Usage>('usage'),
        async stop() {
          if (exited) return
          const gone = new Promise<void>((res) => child.once('exit', () => res()))
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
          request('stop').catch(() => undefined)
          await gone
          clearTimeout(kill)
        },
      })
    })
  })
}

type Handler = (body: unknown) => unknown

/** Child side: answers `usage`, `gc` and `stop`, plus the given handlers; exits when the parent goes. */
export function serveIpc(handlers: Record<string, Handler>, stop: () => Promise<void>): void {
  const all: Record<string, Handler> = {
    usage: () => {
      const cpu = process.cpuUsage()
      const memory = process.memoryUsage()
      return {
        rss: memory.rss,
        heapUsed: memory.heapUsed,
        cpuUser: cpu.user,
        cpuSystem: cpu.system,
      } satisfies Usage
    },
    gc: () => {
      const gc = (globalThis as { gc?: () => void }).gc
      gc?.()
      return gc !== undefined
    },
    ...handlers,
  }
  process.on('message', (message: { id: number; type: string; body?: unknown }) => {
    if (message.type === 'stop') {
      void stop().finally(() => {
        process.send?.({ id: message.id, ok: true } satisfies Reply, () => process.exit(0))
      })
      return
    }
    const handler = all[message.type]
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no IPC request "${message.type}"`)
        return handler(message.body)
      })
      .then(
        (value) => process.send?.({ id: message.id, ok: true, value } satisfies Reply),
        (error: unknown) =>
          process.send?.({ id: message.id, ok: false, error: String(error) } satisfies Reply),
      )
  })
  // The parent died or closed the channel: nobody will stop us otherwise.
  process.on('disconnect', () => process.exit(0))
}
