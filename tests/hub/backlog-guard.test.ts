/**
 * A socket that stops reading cannot make the hub hold an ever-growing queue for it: once what waits for
 * it passes a bound, it is dropped (before the next broadcast, or before the next `sync:since` answer),
 * while honest clients keep receiving every fact and getting their acks. A client that was only slow
 * comes back and catches up by `seq`.
 *
 * The stalled clients are real: their TCP socket is paused, so the kernel's buffers fill first (some MB
 * on loopback), which `sync:since` answers of a few hundred facts do quickly; then the hub's own queue
 * grows. Limits are small here so that a few dozen facts pass them.
 */
import { io, type Socket } from 'socket.io-client'
import WebSocket from 'ws'
import { afterEach, describe, expect, it } from 'vitest'
import { validBacklogLimits } from '../../src-main/hub/backlog-guard'
import type { HubSocket } from '../../src-main/hub/hub-io'
import type { EventEnvelope } from '../../src-shared/domain'
import type { Ack } from '../../src-shared/protocol'
import {
  requestId,
  startTestHub,
  TestClient,
  WAIT_MS,
  type ClientSocket,
  type TestHub,
  type TestHubOptions,
} from '../support/hub-harness'

let hub: TestHub | undefined
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup()
  await hub?.close()
  hub = undefined
})

/** The hub's side of the socket of `principal` (there must be exactly one). */
function hubSocketOf(principal: string): HubSocket {
  const found = [...hub!.hub.io.of('/').sockets.values()].filter((s) => s.data.principalKey === principal)
  if (found.length !== 1) throw new Error(`${found.length} sockets of ${principal}`)
  return found[0]!
}

/** What the hub holds for a socket: messages not yet handed to the transport, bytes in its WebSocket. */
function backlogOf(socket: HubSocket): { messages: number; bytes: number } {
  const conn = socket.conn as unknown as { writeBuffer: unknown[]; transport: { socket?: WebSocket } }
  return { messages: conn.writeBuffer.length, bytes: conn.transport.socket?.bufferedAmount ?? 0 }
}

async function startHub(backlog: TestHubOptions['hubOptions']): Promise<TestHub> {
  hub = await startTestHub({ hubOptions: backlog })
  // A few hundred facts, so that each `sync:since {seq: 0}` answer is some tens of KB.
  const kiosk = await hub.deviceClient('kiosk-2')
  await issueTickets(kiosk, 300)
  return hub
}

async function issueTickets(kiosk: TestClient, count: number): Promise<Ack<object>[]> {
  const acks: Ack<object>[] = []
  for (let sent = 0; sent < count; sent += 50) {
    const batch = Array.from({ length: Math.min(50, count - sent) }, () =>
      kiosk.send<Ack<object>>('ticket:issue', { requestId: requestId(), serviceId: 'no-criminal-record' }),
    )
    acks.push(...(await Promise.all(batch)))
  }
  return acks
}

/**
 * Asks for `sync:since {seq: 0}` over and over on a connection that no longer reads, until the hub has
 * begun to hold some of the answers itself (the kernel's buffers are full), or has dropped it.
 */
async function stall(send: (message: string) => void, hubSide: HubSocket): Promise<void> {
  let ackId = 100
  await expect
    .poll(
      () => {
        const { messages, bytes } = backlogOf(hubSide)
        if (hubSide.disconnected || messages > 0 || bytes > 0) return true
        send(`42${ackId++}["sync:since",{"seq":0}]`)
        return false
      },
      { timeout: 20_000, interval: 10 },
    )
    .toBe(true)
}

/**
 * A hall display speaking the wire protocol over `ws`: it joins, reads its snapshot, then pauses its TCP
 * socket for good, and still answers pings (blindly, as it no longer reads them).
 */
async function stalledRawDisplay(url: string, key: string): Promise<{ ws: WebSocket; hubSide: HubSocket }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
    perMessageDeflate: false,
  })
  cleanups.push(() => ws.terminate())
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the raw display did not join')), WAIT_MS)
    ws.on('message', (data: Buffer) => {
      const text = data.toString()
      if (text.startsWith('0')) ws.send(`40${JSON.stringify({ role: 'device', deviceId: 'display-1', key })}`)
      if (text.startsWith('42["sync:snapshot"')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  ;(ws as unknown as { _socket: { pause(): void } })._socket.pause()
  const pongs = setInterval(() => ws.send('3'), 2_000)
  cleanups.push(() => clearInterval(pongs))
  return { ws, hubSide: hubSocketOf('device:display-1') }
}

/** Resolves with the reason the hub's side of a socket disconnects; rejects if it is still there after 15 s. */
function disconnectReason(socket: HubSocket): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stalled socket was not dropped')), 15_000)
    socket.once('disconnect', (reason) => {
      clearTimeout(timer)
      resolve(reason)
    })
  })
}

describe('a socket that stops reading', () => {
  it('is dropped once more than maxMessages wait for it; honest clients get every fact and ack', async () => {
    await startHub({ backlog: { maxMessages: 20 } })
    const kiosk = await hub!.deviceClient('kiosk-1')
    const honest = await hub!.deviceClient('display-2')
    const { ws, hubSide } = await stalledRawDisplay(hub!.url, hub!.credentials.deviceKeys['display-1']!)
    const gone = disconnectReason(hubSide)
    await stall((message) => ws.send(message), hubSide)
    expect(hubSide.connected).toBe(true)

    const acks = await issueTickets(kiosk, 60)
    expect(acks.every((ack) => ack.ok)).toBe(true)
    expect(await gone).toBe('forced close')
    const lastSeq = (await hub!.health()).seq
    await honest.waitForSeq(lastSeq)
    expect(honest.facts().map((fact) => fact.seq)).toEqual(
      Array.from({ length: lastSeq - honest.snapshot.seq }, (_, i) => honest.snapshot.seq + 1 + i),
    )
    expect(kiosk.socket.connected && honest.socket.connected).toBe(true)
  })

  it('is dropped once more than maxBytes wait in its WebSocket, on the next broadcast', async () => {
    // How much of the last answer the kernel took is chance: any byte left over is over this bound.
    await startHub({ backlog: { maxBytes: 1 } })
    const kiosk = await hub!.deviceClient('kiosk-1')
    const { ws, hubSide } = await stalledRawDisplay(hub!.url, hub!.credentials.deviceKeys['display-1']!)
    const gone = disconnectReason(hubSide)
    await stall((message) => ws.send(message), hubSide)
    expect(backlogOf(hubSide).bytes).toBeGreaterThan(1)
    expect(backlogOf(hubSide).messages).toBeLessThan(1_000)
    expect(hubSide.connected).toBe(true)
    expect((await issueTickets(kiosk, 1))[0]).toMatchObject({ ok: true })
    expect(await gone).toBe('forced close')
  })

  it('is dropped before it is sent one more sync:since answer, with no broadcast needed', async () => {
    await startHub({ backlog: { maxMessages: 5 } })
    const { ws, hubSide } = await stalledRawDisplay(hub!.url, hub!.credentials.deviceKeys['display-1']!)
    const gone = disconnectReason(hubSide)
    await stall((message) => ws.send(message), hubSide)
    const seq = (await hub!.health()).seq
    for (let ackId = 0; ackId < 10; ackId++) ws.send(`42${ackId}["sync:since",{"seq":0}]`)
    expect(await gone).toBe('forced close')
    expect((await hub!.health()).seq).toBe(seq)
  })

  it('cannot queue answers of its own beyond maxBytes: their sizes count before each sync:since', async () => {
    // Each answer is some tens of KB: three of them pass this bound long before 1,000 messages.
    await startHub({ backlog: { maxBytes: 150_000 } })
    const { ws, hubSide } = await stalledRawDisplay(hub!.url, hub!.credentials.deviceKeys['display-1']!)
    const gone = disconnectReason(hubSide)
    await stall((message) => ws.send(message), hubSide)
    for (let ackId = 0; ackId < 10; ackId++) ws.send(`42${ackId}["sync:since",{"seq":0}]`)
    expect(await gone).toBe('forced close')
  })

  it('that was only slow reconnects and catches up by seq', async () => {
    await startHub({ backlog: { maxMessages: 20 } })
    const kiosk = await hub!.deviceClient('kiosk-1')
    const key = hub!.credentials.deviceKeys['display-1']!
    let client: TestClient | null = null
    const socket = io(hub!.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 50,
      timeout: WAIT_MS,
      // As the faces do: every reconnect says how far this display got.
      auth: (cb) => {
        const seq = client?.received.length ? client.lastSeq() : undefined
        cb({ role: 'device', deviceId: 'display-1', key, ...(seq === undefined ? {} : { lastSeq: seq }) })
      },
    }) as ClientSocket
    cleanups.push(() => socket.disconnect())
    client = new TestClient(socket)
    await client.waitFor('sync:snapshot')
    const hubSide = hubSocketOf('device:display-1')
    const gone = disconnectReason(hubSide)
    const tcp = (socket as unknown as Socket).io.engine.transport as unknown as {
      ws: { _socket: { pause(): void; resume(): void } }
    }
    tcp.ws._socket.pause()
    await stall((message) => tcp.ws._socket && (tcp.ws as unknown as WebSocket).send(message), hubSide)
    await issueTickets(kiosk, 60)
    expect(await gone).toBe('forced close')

    // It reads again: it finds its connection gone, reconnects with its seq, and gets what it missed.
    const seenBefore = client.lastSeq()
    tcp.ws._socket.resume()
    const missed = await client.waitFor<EventEnvelope[]>('sync:events')
    const lastSeq = (await hub!.health()).seq
    expect(missed[0]?.seq).toBe(seenBefore + 1)
    expect(missed.at(-1)?.seq).toBe(lastSeq)
  })
})

describe('backlog limit options', () => {
  it('default to 1,000 messages and 4 MiB', () => {
    expect(validBacklogLimits()).toEqual({ maxMessages: 1_000, maxBytes: 4 * 1024 * 1024 })
  })

  it('refuse what is not a whole number of at least one, naming the field', () => {
    expect(() => validBacklogLimits({ maxMessages: 0 })).toThrow(
      'backlog.maxMessages must be a whole number of at least 1, got 0',
    )
    expect(() => validBacklogLimits({ maxBytes: Infinity })).toThrow(/maxBytes/)
  })
})
