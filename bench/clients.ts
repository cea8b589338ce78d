/** Socket.IO clients for the bench: connecting many, and the load patterns. */
import { performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'

export type Auth = Record<string, unknown>

export const KIOSKS: Auth[] = [
  { role: 'device', deviceId: 'kiosk-1', key: 'kezek-demo-kiosk-1' },
  { role: 'device', deviceId: 'kiosk-2', key: 'kezek-demo-kiosk-2' },
]
export const DISPLAYS: Auth[] = [
  { role: 'device', deviceId: 'display-1', key: 'kezek-demo-display-1' },
  { role: 'device', deviceId: 'display-2', key: 'kezek-demo-display-2' },
]

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Connects one socket and resolves once it is connected and, if `readyEvent` is given, has received
 * that event (the hub sends `sync:snapshot` after it has set the connection up).
 */
export function connect(url: string, auth: Auth, readyEvent?: string, timeoutMs = 15_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    })
    const timer = setTimeout(() => {
      socket.close()
      reject(new Error(`no connection to ${url} within ${timeoutMs} ms`))
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      resolve(socket)
    }
    socket.on('disconnect', (reason) => {
      // Only the bench closes its sockets; anything else would leave requests without acks.
      if (reason !== 'io client disconnect') {
        process.stderr.write(`[bench] a ${String(auth.role)} socket was disconnected: ${reason}\n`)
      }
    })
    if (readyEvent) socket.once(readyEvent, done)
    else socket.once('connect', done)
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      clearTimeout(timer)
      socket.close()
      reject(new Error(`connect_error: ${error.message} ${JSON.stringify(error.data ?? '')}`))
    })
  })
}

/** Connects `count` sockets, `batch` at a time. */
export async function connectMany(
  url: string,
  count: number,
  authFor: (i: number) => Auth,
  readyEvent?: string,
  batch = 100,
): Promise<Socket[]> {
  const sockets: Socket[] = []
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start)
    const made = await Promise.all(
      Array.from({ length: size }, (_, i) => connect(url, authFor(start + i), readyEvent)),
    )
    sockets.push(...made)
  }
  return sockets
}

export function closeAll(sockets: { close(): void }[]): void {
  for (const socket of sockets) socket.close()
}

let requestCounter = 0
const runTag = `b${process.pid.toString(36)}${Date.now().toString(36)}`
/** A request id unique across the whole run (the hub keeps idempotency records per device). */
export function requestId(): string {
  requestCounter += 1
  return `${runTag}-${requestCounter}`
}

export interface AckLike {
  ok?: boolean
  error?: { code: string; message: string }
  ticket?: { id: string }
}

export interface ClosedLoop {
  acks(): number
  errors(): number
  firstError(): string | undefined
  /** Stops sending and resolves when every request in flight has its ack. */
  stop(): Promise<void>
  /** Resolves when `acks()` reaches `count`. */
  reach(count: number): Promise<void>
}

/**
 * Each client keeps `inFlight` ticket:issue requests outstanding: a new one goes out as each ack comes in.
 * `limit` stops sending after that many requests in all.
 */
export function closedLoop(
  clients: Socket[],
  inFlight: number,
  payload: () => Record<string, unknown>,
  options: { limit?: number; onAck?: (ack: AckLike) => void } = {},
): ClosedLoop {
  let sent = 0
  let acked = 0
  let errors = 0
  let firstError: string | undefined
  let stopped = false
  let idle: (() => void) | null = null
  const targets: { count: number; resolve: () => void }[] = []
  const limit = options.limit ?? Infinity

  const send = (socket: Socket): void => {
    if (stopped || sent >= limit) return
    sent += 1
    socket.emit('ticket:issue', { requestId: requestId(), ...payload() }, (ack: AckLike) => {
      acked += 1
      if (!ack?.ok) {
        errors += 1
        firstError ??= JSON.stringify(ack)
      }
      options.onAck?.(ack)
      for (let i = targets.length - 1; i >= 0; i--) {
        if (acked >= targets[i]!.count) targets.splice(i, 1)[0]!.resolve()
      }
      if (acked === sent && (stopped || sent >= limit)) idle?.()
      send(socket)
    })
  }
  for (const socket of clients) for (let i = 0; i < inFlight; i++) send(socket)

  return {
    acks: () => acked,
    errors: () => errors,
    firstError: () => firstError,
    stop() {
      stopped = true
      if (acked === sent) return Promise.resolve()
      return new Promise((resolve) => (idle = resolve))
    },
    reach(count) {
      if (acked >= count) return Promise.resolve()
      return new Promise((resolve) => targets.push({ count, resolve }))
    },
  }
}

/**
 * Sends `ratePerSecond` ticket:issue requests on a fixed schedule, round robin over `clients`, whatever
 * the acks do (open loop). Latency is from the scheduled send time to the ack, so a stalled client or
 * server is not hidden (no coordinated omission). The first `warmupMs` are sent but not recorded.
 */
export async function openLoop(
  clients: Socket[],
  ratePerSecond: number,
  durationMs: number,
  warmupMs: number,
  payload: () => Record<string, unknown>,
): Promise<{
  latencies: number[]
  fromSend: number[]
  errors: number
  firstError?: string
  lateSends: number
}> {
  const interval = 1000 / ratePerSecond
  const total = Math.round(((warmupMs + durationMs) / 1000) * ratePerSecond)
  const skip = Math.round((warmupMs / 1000) * ratePerSecond)
  const latencies: number[] = []
  const fromSend: number[] = []
  let errors = 0
  let firstError: string | undefined
  let answered = 0
  let lateSends = 0
  const start = performance.now() + 20
  let next = 0
  return new Promise((resolve) => {
    const finish = () =>
      resolve({ latencies, fromSend, errors, lateSends, ...(firstError !== undefined ? { firstError } : {}) })
    const tick = () => {
      const now = performance.now()
      while (next < total && start + next * interval <= now) {
        const i = next++
        const scheduled = start + i * interval
        // Sent more than one interval late: the client (or the machine) could not keep the schedule.
        if (now - scheduled > interval) lateSends += 1
        const sentAt = performance.now()
        clients[i % clients.length]!.emit(
          'ticket:issue',
          { requestId: requestId(), ...payload() },
          (ack: AckLike) => {
            const ackAt = performance.now()
            if (i >= skip) {
              latencies.push(ackAt - scheduled)
              fromSend.push(ackAt - sentAt)
            }
            if (!ack?.ok) {
              errors += 1
              firstError ??= JSON.stringify(ack)
            }
            answered += 1
            if (answered === total) finish()
          },
        )
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()))
    }
    setTimeout(tick, 20)
  })
}
