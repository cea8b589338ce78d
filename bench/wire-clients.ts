/**
 * Hall displays for the fan-out measurement that read Socket.IO's wire protocol straight off a WebSocket
 * (`ws`), instead of through socket.io-client.
 *
 * Why: in a centre each display is its own machine and parses its own message while the hub goes on
 * writing to the next one. Here one bench process stands in for all 1,000 displays on one core, and with
 * socket.io-client it spends about 20 µs parsing each message: more than the server spends writing it, so
 * the last receipt measured the bench client's backlog more than the server's fan-out, and that backlog
 * swung with the client's garbage collection and cache state. A wire client recognises a `ticket:called`
 * frame by its first bytes, so a message counts as received as soon as it has arrived at the display's
 * socket — what "reached 1,000 clients" means — and the clients stay ahead of either server.
 *
 * The protocol spoken (Engine.IO 4, Socket.IO 5, the default namespace, text frames only):
 * - the server opens with `0{…}`; the client connects to the namespace with `40` + its auth as JSON;
 * - the server answers `40{"sid":…}` (or `44{…}` to refuse), then sends events as `42["name",payload]`;
 * - the server pings with `2`, and the client must answer `3`.
 */
import WebSocket from 'ws'
import type { Auth } from './clients'

export interface WireDisplay {
  close(): void
}

const PING = 0x32 // "2"
const CONNECT = '40'
const REFUSED = '44'

/** The first bytes of a text frame carrying the event `name`. */
function eventPrefix(name: string): Buffer {
  return Buffer.from(`42${JSON.stringify([name]).slice(0, -1)}`, 'latin1')
}

function startsWith(data: Buffer, prefix: Buffer): boolean {
  return data.length > prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
}

/**
 * Connects one display and resolves once it has joined the namespace and, if `readyEvent` is given, has
 * received that event (the hub sends `sync:snapshot` once the connection is set up). `onEvent` is called
 * with the arrival time for every `event` frame afterwards.
 */
export function connectWire(
  url: string,
  auth: Auth | undefined,
  readyEvent: string | undefined,
  event: string,
  onEvent: (payloadBytes: number) => void,
  timeoutMs = 15_000,
): Promise<WireDisplay> {
  const target = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`
  const wanted = eventPrefix(event)
  const ready = readyEvent ? eventPrefix(readyEvent) : null
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, { perMessageDeflate: false })
    const display: WireDisplay = { close: () => ws.close() }
    let joined = false
    let settled = false
    const fail = (reason: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      ws.terminate()
      reject(new Error(`wire display at ${url}: ${reason}`))
    }
    const succeed = () => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(display)
    }
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs)
    ws.on('error', (error) => fail(error.message))
    ws.on('close', (code) => {
      if (!settled) fail(`closed during the handshake (${code})`)
      else if (code !== 1000 && code !== 1005)
        process.stderr.write(`[bench] a wire display at ${url} was closed: ${code}\n`)
    })
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return
      // 42["name", payload ] : the payload is what is left after the prefix, its comma and the bracket.
      if (startsWith(data, wanted)) return onEvent(data.length - wanted.length - 2)
      if (data.length === 1 && data[0] === PING) return ws.send('3')
      const text = data.toString('utf8', 0, Math.min(data.length, 200))
      if (text.startsWith('0{')) {
        ws.send(auth ? `${CONNECT}${JSON.stringify(auth)}` : CONNECT)
      } else if (text.startsWith(REFUSED)) {
        fail(`connection refused: ${text.slice(2)}`)
      } else if (text.startsWith(`${CONNECT}{`) && !joined) {
        joined = true
        if (!ready) succeed()
      } else if (ready && startsWith(data, ready)) {
        succeed()
      }
    })
  })
}

/** Connects `count` wire displays, `batch` at a time. */
export async function connectManyWire(
  url: string,
  count: number,
  authFor: (i: number) => Auth | undefined,
  readyEvent: string | undefined,
  event: string,
  onEvent: (payloadBytes: number) => void,
  batch = 100,
): Promise<WireDisplay[]> {
  const displays: WireDisplay[] = []
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start)
    const made = await Promise.all(
      Array.from({ length: size }, (_, i) =>
        connectWire(url, authFor(start + i), readyEvent, event, onEvent),
      ),
    )
    displays.push(...made)
  }
  return displays
}
