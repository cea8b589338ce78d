/**
 * Soak 7 (`--only slowreaders`, not in the default run): clients that never read. 200 hall displays join
 * over WebSocket, take their snapshot, then pause their TCP socket for good and answer the hub's pings
 * blindly (a `3` every 5 s), so the heartbeat alone never drops them. Honest kiosks then issue 20,000
 * tickets at a steady rate, and every socket is sent every fact. What the hub cannot hand over waits in
 * the kernel first (some MB per socket on loopback), then in the hub: `backlog-guard.ts` must drop each
 * stalled socket before that grows, while the honest clients keep their acks fast and get every fact.
 *
 * Same-run comparison, on the same hub at the same rate (a fresh day each time): the honest kiosks' ack
 * latency with no other sockets, and with as many displays that do read (wire clients). Until their
 * kernel buffers are full, stalled sockets cost the hub what reading ones do (a write each per fact),
 * so the fair baseline of the stalled run is the reading one; the ratio of the two is printed.
 */
import { performance } from 'node:perf_hooks'
import type { Socket } from 'socket.io-client'
import WebSocket from 'ws'
import type { ServerProcess } from './child'
import { closeAll, connectMany, DISPLAYS, KIOSKS, openLoop, sleep } from './clients'
import { issuePayloads, startKind, withTimeout, type BenchOptions } from './scenarios'
import { machineBusyMs, mb, percentile } from './stats'
import { connectManyWire } from './wire-clients'

export interface SlowReadersParams {
  slowSockets: number
  tickets: number
  /** Tickets a second, open loop over the honest kiosks. */
  rate: number
  kiosks: number
  /** Honest displays (socket.io-client) that must receive every fact. */
  displays: number
  /** Tickets of each run without stalled sockets (none, then as many reading displays). */
  baselineTickets: number
}

export interface AckFigures {
  samples: number
  p50: number
  p99: number
  max: number
  errors: number
  lateSends: number
  /** p99 of each successive slice of `SLICE` tickets, to see where in the run the tail is. */
  p99BySlice: number[]
}

const SLICE = 2_000

export interface SlowReadersResult {
  params: SlowReadersParams
  /** No other sockets. */
  baseline: AckFigures
  /** As many displays as there will be stalled ones, reading everything. */
  withReading: AckFigures
  withSlow: AckFigures
  /** Hub RSS (MB) after gc: before the stalled sockets join, with them joined, and after the run. */
  rss: { before: number; withSlow: number; peak: number; after: number }
  /** Stalled sockets the hub dropped, and those still connected at the end. */
  dropped: number
  /** About how many tickets into the run the first and the last were dropped (from 500 ms samples). */
  droppedFromTicket: number | null
  droppedToTicket: number | null
  stillConnected: number
  /** Honest displays that missed a fact of the run (must be none). */
  displaysMissingFacts: number
  /** How busy the whole machine was during the loaded run, in cores (bench included), for context. */
  machineBusyCores: number | null
  seconds: number
}

/**
 * One display that joins, reads its snapshot, then never reads again; it goes on answering pings
 * without reading them. Resolves once it has joined.
 */
function stalledDisplay(url: string, auth: Record<string, unknown>): Promise<{ close(): void }> {
  const target = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, { perMessageDeflate: false })
    let pongs: NodeJS.Timeout | undefined
    const close = () => {
      clearInterval(pongs)
      ws.terminate()
    }
    const timer = setTimeout(() => {
      close()
      reject(new Error('a stalled display did not join within 15 s'))
    }, 15_000)
    // A dropped display sees the reset only if it reads again; errors after that are expected.
    ws.on('error', () => undefined)
    ws.on('message', (data: Buffer) => {
      const text = data.toString()
      if (text.startsWith('0')) ws.send(`40${JSON.stringify(auth)}`)
      else if (text === '2') ws.send('3')
      else if (text.startsWith('42["sync:snapshot"')) {
        clearTimeout(timer)
        ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
        pongs = setInterval(() => {
          if (ws.readyState === WebSocket.OPEN) ws.send('3')
        }, 5_000)
        resolve({ close })
      }
    })
  })
}

async function rssAfterGc(hub: ServerProcess): Promise<number> {
  await hub.request('gc')
  return mb((await hub.usage()).rss)
}

function figures(run: Awaited<ReturnType<typeof openLoop>>): AckFigures {
  return {
    samples: run.latencies.length,
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    max: percentile(run.latencies, 100),
    errors: run.errors,
    lateSends: run.lateSends,
    p99BySlice: Array.from({ length: Math.ceil(run.latencies.length / SLICE) }, (_, i) =>
      percentile(run.latencies.slice(i * SLICE, (i + 1) * SLICE), 99),
    ),
  }
}

export async function slowReaders(
  options: BenchOptions,
  params: SlowReadersParams,
): Promise<SlowReadersResult> {
  const started = performance.now()
  const sockets: Socket[] = []
  const stalled: { close(): void }[] = []
  let hub: ServerProcess | undefined
  try {
    hub = await startKind('hub', options)
    const kiosks = await connectMany(
      hub.url,
      params.kiosks,
      (i) => KIOSKS[i % KIOSKS.length]!,
      'sync:snapshot',
    )
    sockets.push(...kiosks)
    const displays = await connectMany(
      hub.url,
      params.displays,
      (i) => DISPLAYS[i % DISPLAYS.length]!,
      'sync:snapshot',
    )
    sockets.push(...displays)
    const issued = displays.map(() => 0)
    displays.forEach((display, i) => display.on('ticket:issued', () => (issued[i]! += 1)))

    options.log(`   without stalled sockets: ${params.baselineTickets} tickets at ${params.rate}/s`)
    await hub.request('next-day')
    const warmupMs = 1_000
    const baselineMs = (params.baselineTickets / params.rate) * 1000
    const baseline = await openLoop(kiosks, params.rate, baselineMs, warmupMs, issuePayloads())

    await hub.request('next-day')
    options.log(`   with ${params.slowSockets} displays that read: ${params.baselineTickets} tickets`)
    const reading = await connectManyWire(
      hub.url,
      params.slowSockets,
      (i) => DISPLAYS[i % DISPLAYS.length]!,
      'sync:snapshot',
      'ticket:issued',
      () => undefined,
    )
    const withReading = await openLoop(kiosks, params.rate, baselineMs, warmupMs, issuePayloads())
    closeAll(reading)

    await hub.request('next-day')
    const before = await rssAfterGc(hub)
    options.log(`   ${params.slowSockets} stalled displays join`)
    for (let i = 0; i < params.slowSockets; i += 50) {
      const batch = Array.from({ length: Math.min(50, params.slowSockets - i) }, (_, j) =>
        stalledDisplay(hub!.url, DISPLAYS[(i + j) % DISPLAYS.length]!),
      )
      stalled.push(...(await Promise.all(batch)))
    }
    const withSlowIdle = await rssAfterGc(hub)
    const droppedBefore = await hub.request<number>('dropped')

    options.log(`   with them: ${params.tickets} tickets at ${params.rate}/s`)
    issued.fill(0)
    let peak = withSlowIdle
    let sampling = true
    let droppedFromTicket: number | null = null
    let droppedToTicket: number | null = null
    const t0 = performance.now()
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, mb((await hub!.usage()).rss))
        const dropped = (await hub!.request<number>('dropped')) - droppedBefore
        const ticket = Math.round(((performance.now() - t0) / 1000) * params.rate)
        if (dropped > 0) droppedFromTicket ??= ticket
        if (dropped === params.slowSockets) droppedToTicket ??= ticket
        await sleep(500)
      }
    })()
    const machine0 = machineBusyMs()
    const loaded = await openLoop(
      kiosks,
      params.rate,
      (params.tickets / params.rate) * 1000,
      0,
      issuePayloads(),
    )
    const elapsed = performance.now() - t0
    const machine1 = machineBusyMs()
    sampling = false
    await sampler
    // The sweep after the last broadcast, and the last facts on their way to the honest displays.
    await withTimeout(
      (async () => {
        while (issued.some((count) => count < params.tickets)) await sleep(50)
      })(),
      30_000,
      'honest displays receiving every fact',
    ).catch((error: unknown) => options.log(`   ${String(error)}`))
    const dropped = (await hub.request<number>('dropped')) - droppedBefore
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { clients: number }
    const after = await rssAfterGc(hub)
    const machineBusyCores = machine0 === null || machine1 === null ? null : (machine1 - machine0) / elapsed
    return {
      params,
      baseline: figures(baseline),
      withReading: figures(withReading),
      withSlow: figures(loaded),
      rss: { before, withSlow: withSlowIdle, peak, after },
      dropped,
      droppedFromTicket,
      droppedToTicket,
      stillConnected: health.clients - kiosks.length - displays.length,
      displaysMissingFacts: issued.filter((count) => count < params.tickets).length,
      machineBusyCores,
      seconds: (performance.now() - started) / 1000,
    }
  } finally {
    closeAll(sockets)
    for (const display of stalled) display.close()
    await hub?.stop()
  }
}

/** The soak's rows for run.ts's table. */
export function printSlowReaders(r: SlowReadersResult): string[][] {
  const ms = (v: number) => `${v.toFixed(2)} ms`
  const acks = (f: AckFigures) => `${ms(f.p50)} / ${ms(f.p99)} / ${ms(f.max)}`
  const counts = (f: AckFigures) => `${f.samples}, ${f.errors}, ${f.lateSends}`
  const p = r.params
  const n = p.slowSockets
  return [
    [
      `7. ${n} sockets that never read, ${p.tickets.toLocaleString('en-US')} tickets at ${p.rate}/s`,
      'no other sockets',
      `${n} reading`,
      `${n} never reading`,
    ],
    ['   honest kiosks: ack p50 / p99 / max', acks(r.baseline), acks(r.withReading), acks(r.withSlow)],
    ['   samples, refused, sent late', counts(r.baseline), counts(r.withReading), counts(r.withSlow)],
    [
      '   hub RSS after gc: before → joined → after (peak)',
      '',
      '',
      `${r.rss.before} → ${r.rss.withSlow} → ${r.rss.after} MB (${r.rss.peak} MB)`,
    ],
    ['   sockets that never read: dropped / still connected', '', '', `${r.dropped} / ${r.stillConnected}`],
    [
      '   dropped between tickets (sampled every 500 ms)',
      '',
      '',
      `${r.droppedFromTicket ?? '–'} and ${r.droppedToTicket ?? '–'}`,
    ],
    [
      `   p99 of each ${SLICE.toLocaleString('en-US')} tickets (ms)`,
      r.baseline.p99BySlice.map((v) => v.toFixed(1)).join(' '),
      r.withReading.p99BySlice.map((v) => v.toFixed(1)).join(' '),
      r.withSlow.p99BySlice.map((v) => v.toFixed(1)).join(' '),
    ],
    ['   honest displays missing a fact', '', '', `${r.displaysMissingFacts} of ${p.displays}`],
    [
      '   machine busy (cores, bench included)',
      '',
      '',
      r.machineBusyCores === null ? '–' : r.machineBusyCores.toFixed(2),
    ],
  ]
}
