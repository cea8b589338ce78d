/**
 * Measurement 9: a slow SMS gateway never slows the hub's acks. Two hubs run side by side
 * (`serve-notify-hub.ts`), each confirming every booking by SMS through its own stand-in gateway: one
 * answers after 2 s, the other at once. The same booking load (the integration API, closed loop) goes to
 * each in alternating windows (quick, slow, slow, quick, …), and the ratio is the bookings' answer p99
 * with the slow gateway ÷ with the quick one, measured in the same run (target ≤ 1.2). Behind the slow
 * gateway the outbox backs up (one attempt at a time, 2 s each); the acks must not notice.
 */
import { createServer, type Server } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../src-main/hub/config-file'
import { localDay } from '../src-shared/domain'
import { BENCH_INTEGRATION, benchIins, benchPlaces, bookingBenchConfig } from './booking-data'
import { startServer, type ServerProcess } from './child'
import { postLoop, type HttpAnswer, type HttpRequestSpec } from './http-clients'
import type { BenchOptions } from './scenarios'
import { percentile, round } from './stats'

const HERE = fileURLToPath(new URL('.', import.meta.url))
/** The one phone every bench booking gives (its consent granted by the hub child), and the gateway's secret. */
export const NOTIFY_BENCH_PHONE = '+77010000000'
export const NOTIFY_BENCH_PASSWORD_ENV = 'NOTIFY_BENCH_SMS_PASSWORD'

export interface NotifyParams {
  /** HTTP callers booking, one request in flight each. */
  clients: number
  /** The slow gateway's answer time, ms. */
  slowGatewayMs: number
  warmupMs: number
  windowMs: number
  /** Measured windows per side. */
  windows: number
}

interface Side {
  latencies: number[]
  booked: number
  /** SMS the gateway received, and the outbox's rows by status, at the end. */
  smsReceived: number
  outbox: Record<string, number>
}

export interface NotifyResult {
  params: NotifyParams
  quick: { p50: number; p99: number; booked: number; smsReceived: number; outbox: Record<string, number> }
  slow: { p50: number; p99: number; booked: number; smsReceived: number; outbox: Record<string, number> }
  /** Bookings' answer p99 with the slow gateway ÷ with the quick one. */
  ratio: number
}

/** A stand-in SMS gateway answering after `delayMs`; counts what it received. */
async function standIn(
  delayMs: number,
): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      setTimeout(() => {
        received += 1
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
      }, delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the SMS stand-in has no port')
  return {
    url: `http://127.0.0.1:${address.port}/sms`,
    received: () => received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Bookings for one hub: a new citizen and place each, the bench phone, answers timed in the window. */
function bookings(today: string) {
  const config = bookingBenchConfig(loadCentreConfig(DEFAULT_CONFIG_PATH))
  const iins = benchIins()
  const places = benchPlaces(config, today)
  const tag = `notify-${process.pid.toString(36)}-${Date.now().toString(36)}`
  let sent = 0
  const side = { latencies: [] as number[], booked: 0, window: { from: Infinity, to: Infinity } }
  return {
    side,
    next(): HttpRequestSpec {
      const place = places.next().value
      sent += 1
      return {
        headers: { Authorization: `Bearer ${BENCH_INTEGRATION.key}`, 'Idempotency-Key': `${tag}-${sent}` },
        body: JSON.stringify({
          serviceId: place.serviceId,
          slotStart: new Date(place.slotStart).toISOString(),
          iin: iins.next().value,
          phone: NOTIFY_BENCH_PHONE,
          channel: 'egov',
        }),
      }
    },
    onAnswer(answer: HttpAnswer): void {
      if (answer.status === 201) side.booked += 1
      else throw new Error(`a bench booking answered ${answer.status}: ${answer.body.slice(0, 200)}`)
      if (answer.sentAt >= side.window.from && answer.sentAt < side.window.to) side.latencies.push(answer.ms)
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function notifyAckLatency(options: BenchOptions, params: NotifyParams): Promise<NotifyResult> {
  const gateways = { quick: await standIn(0), slow: await standIn(params.slowGatewayMs) }
  process.env[NOTIFY_BENCH_PASSWORD_ENV] = 'bench'
  const servers: ServerProcess[] = []
  try {
    const start = (name: 'quick' | 'slow') =>
      startServer({
        name: `hub (${name} SMS gateway)`,
        script: join(HERE, 'serve-notify-hub.ts'),
        args: [mkdtempSync(join(options.dataRoot, `hub-notify-${name}-`)), gateways[name].url],
        cpuProfDir: options.cpuProfDir,
        cpu: options.serverCpu,
      })
    const hubs = { quick: await start('quick'), slow: await start('slow') }
    servers.push(hubs.quick, hubs.slow)
    const timeZone = loadCentreConfig(DEFAULT_CONFIG_PATH).centre.timeZone
    const loads = {
      quick: bookings(localDay(Date.now(), timeZone)),
      slow: bookings(localDay(Date.now(), timeZone)),
    }
    const warmed = { quick: false, slow: false }
    type Name = 'quick' | 'slow'
    const pairs: [Name[], Name[]] = [
      ['quick', 'slow'],
      ['slow', 'quick'],
    ]
    const order = Array.from({ length: params.windows }, (_, i) => pairs[i % 2]!).flat()
    for (const name of order) {
      options.log(`   window: ${name} SMS gateway`)
      const load = loads[name]
      const loop = postLoop({
        url: `${hubs[name].url}/api/v1/bookings`,
        clients: params.clients,
        next: load.next,
        onAnswer: load.onAnswer,
      })
      await sleep(warmed[name] ? 500 : params.warmupMs)
      warmed[name] = true
      load.side.window = { from: performance.now(), to: Infinity }
      await sleep(params.windowMs)
      load.side.window.to = performance.now()
      await loop.stop()
      loop.close()
    }
    const side = async (name: 'quick' | 'slow'): Promise<Side> => ({
      latencies: loads[name].side.latencies,
      booked: loads[name].side.booked,
      smsReceived: gateways[name].received(),
      outbox: await hubs[name].request<Record<string, number>>('outbox'),
    })
    const summary = (s: Side) => ({
      p50: round(percentile(s.latencies, 50)),
      p99: round(percentile(s.latencies, 99)),
      booked: s.booked,
      smsReceived: s.smsReceived,
      outbox: s.outbox,
    })
    const quick = summary(await side('quick'))
    const slow = summary(await side('slow'))
    return { params, quick, slow, ratio: round(slow.p99 / quick.p99) }
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined)
    await gateways.quick.close()
    await gateways.slow.close()
  }
}

/** The measurement's lines for the console. */
export function printNotify(result: NotifyResult): void {
  const line = (name: string, s: NotifyResult['quick']) =>
    console.log(
      `  ${name.padEnd(22)} p50 ${s.p50.toFixed(2).padStart(7)} ms  p99 ${s.p99.toFixed(2).padStart(7)} ms  ` +
        `${s.booked} booked, gateway received ${s.smsReceived} SMS, outbox ${JSON.stringify(s.outbox)}`,
    )
  console.log(`\n9. booking acks while SMS confirmations go out (${result.params.clients} callers)`)
  line('quick gateway (0 ms)', result.quick)
  line(`slow gateway (${result.params.slowGatewayMs} ms)`, result.slow)
  console.log(`  p99 slow ÷ quick: ${result.ratio.toFixed(2)}`)
}
