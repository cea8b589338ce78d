/**
 * The self-service session's way out of the machine: a forward proxy on loopback that every request of
 * the portal's browser session goes through, in both kiosk shells (the Chromium shell's
 * `browser.newContext({ proxy })`, where Playwright adds Chromium's `<-loopback>` rule; the Electron
 * shell's `session.setProxy`, with that rule given), so a portal on this machine goes through it too. Chromium sends each request
 * here, every redirect hop, every frame's (out-of-process iframes included), every sub-resource and
 * every WebSocket, so this is where the allowlist holds; the shells' other guards only make the refusals
 * look right on the portal page and tell the kiosk about them.
 *
 * - Plain http (absolute-form request line): the whole URL is checked; allowed requests are forwarded
 *   with their bodies streamed, hop-by-hop headers dropped; others get a 403 and never leave.
 * - `CONNECT host:port` (https, and WebSockets, which Chromium always tunnels): only the host and port
 *   can be checked, as `https://host:port/`; allowed ones are tunnelled as they are, others get a 403.
 *
 * Closing the proxy ends every connection still open through it: nothing of a session outlives it.
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('allowlist-proxy')

/** What the proxy refused: `navigation` is true only when the request said so (plain http). */
export interface ProxyRefusal {
  host: string
  navigation: boolean
}

export interface AllowlistProxyOptions {
  /** Whether a request to `url` may leave the machine. */
  isAllowed: (url: string) => boolean
  onRefused: (refusal: ProxyRefusal) => void
}

export interface AllowlistProxy {
  /** `http://127.0.0.1:<port>`, for Playwright's `proxy.server`. */
  server: string
  /** Stops accepting and ends every connection still open through the proxy. */
  close(): Promise<void>
}

/** Headers about the connection to the proxy, not the request (RFC 9110 §7.6.1), plus the proxy's own. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
  const kept: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name)) kept[name] = value
  }
  return kept
}

/** The absolute URL of a proxy request; null for anything else (origin-form, garbage). */
function absoluteUrl(request: IncomingMessage): URL | null {
  // Not a URL is an answer (400), not an error to log.
  try {
    const url = new URL(request.url ?? '')
    return url.protocol === 'http:' ? url : null
  } catch {
    return null
  }
}

/** `host:port` of a CONNECT, as a URL the allowlist understands; null if it is not one. */
function connectTarget(authority: string | undefined): URL | null {
  if (!authority || !/^(\[[0-9a-f:.]+\]|[^\s/:@[\]]+):\d{1,5}$/i.test(authority)) return null
  // Not a URL is an answer (400), not an error to log.
  try {
    return new URL(`https://${authority}/`)
  } catch {
    return null
  }
}

function refuseSocket(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
}

/** What every handler of one proxy shares: its open connections and its allowlist. */
interface ProxyContext {
  /** Keeps a connection to end on close, and closes it quietly when it fails. */
  track: (socket: Duplex) => void
  isAllowed: (url: string) => boolean
  /** Tells the listener of a refusal; a failing listener does not undo it. */
  refused: (url: URL, navigation: boolean) => void
}

export async function startAllowlistProxy(options: AllowlistProxyOptions): Promise<AllowlistProxy> {
  const sockets = new Set<Duplex>()
  const context: ProxyContext = {
    track: (socket) => trackSocket(sockets, socket),
    isAllowed: options.isAllowed,
    refused: (url, navigation) => reportRefusal(options.onRefused, url, navigation),
  }
  const server = createProxyServer(context)
  const port = await listenOnLoopback(server)
  let closing: Promise<void> | null = null
  return {
    server: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
      return closing
    },
  }
}

function trackSocket(sockets: Set<Duplex>, socket: Duplex): void {
  sockets.add(socket)
  socket.once('close', () => sockets.delete(socket))
  socket.on('error', (error) => {
    log.ignored('a proxied connection failed; it is closed', error)
    socket.destroy()
  })
}

function reportRefusal(onRefused: AllowlistProxyOptions['onRefused'], url: URL, navigation: boolean): void {
  try {
    onRefused({ host: url.host, navigation })
  } catch (error) {
    log.warn('a refusal listener failed (the request stays refused)', error)
  }
}

function createProxyServer(context: ProxyContext): Server {
  const server = createServer((request, response) => forwardHttp(context, request, response))
  server.on('connection', context.track)
  server.on('connect', (request: IncomingMessage, client: Duplex, head: Buffer) =>
    openConnectTunnel(context, request, client, head),
  )
  // A plain-http WebSocket sent as an absolute-form Upgrade (Chromium tunnels them, but others may not).
  server.on('upgrade', (request: IncomingMessage, client: Duplex, head: Buffer) =>
    openUpgradeTunnel(context, request, client, head),
  )
  server.on('clientError', (error, socket) => {
    log.ignored('a malformed request to the proxy; its connection is closed', error)
    socket.destroy()
  })
  return server
}

/** Resolves with the port the proxy got on 127.0.0.1. */
async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return (server.address() as AddressInfo).port
}

/** A plain-http request: checked by its whole URL, then sent on with its body streamed. */
function forwardHttp(context: ProxyContext, request: IncomingMessage, response: ServerResponse): void {
  const url = absoluteUrl(request)
  if (!url) {
    response.writeHead(400, { 'Content-Type': 'text/plain' }).end('a proxy request names its URL')
    return
  }
  if (!context.isAllowed(url.href)) {
    request.resume()
    response.writeHead(403, { 'Content-Type': 'text/plain' }).end('outside the self-service allowlist')
    context.refused(url, request.headers['sec-fetch-mode'] === 'navigate')
    return
  }
  const upstream = httpRequest(
    {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || 80,
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: endToEnd(request.headers),
      agent: false,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers))
      answer.pipe(response)
      answer.on('error', (error) => {
        log.ignored('an upstream answer broke off; the browser sees it end', error)
        response.destroy()
      })
    },
  )
  upstream.on('socket', context.track)
  upstream.on('error', (error) => {
    log.ignored('an upstream request failed; the browser gets 502', error)
    if (!response.headersSent) response.writeHead(502, { 'Content-Type': 'text/plain' }).end()
    else response.destroy()
  })
  response.on('close', () => upstream.destroy())
  request.pipe(upstream)
}

/** `CONNECT host:port`: only the host and port can be checked; an allowed one is tunnelled as it is. */
function openConnectTunnel(
  context: ProxyContext,
  request: IncomingMessage,
  client: Duplex,
  head: Buffer,
): void {
  context.track(client)
  const target = connectTarget(request.url)
  if (!target) return refuseSocket(client, '400 Bad Request')
  if (!context.isAllowed(target.href)) {
    context.refused(target, false)
    return refuseSocket(client, '403 Forbidden')
  }
  tunnel(context, client, target, head, 'HTTP/1.1 200 Connection Established\r\n\r\n')
}

/** An absolute-form Upgrade: checked by its URL, then tunnelled with its request rewritten to origin-form. */
function openUpgradeTunnel(
  context: ProxyContext,
  request: IncomingMessage,
  client: Duplex,
  head: Buffer,
): void {
  context.track(client)
  const url = absoluteUrl(request)
  if (!url) return refuseSocket(client, '400 Bad Request')
  if (!context.isAllowed(url.href)) {
    context.refused(url, false)
    return refuseSocket(client, '403 Forbidden')
  }
  tunnel(context, client, url, Buffer.concat([upgradeRequestHead(request, url), head]), null)
}

/** The Upgrade request as the target should see it: origin-form, without the proxy's own headers. */
function upgradeRequestHead(request: IncomingMessage, url: URL): Buffer {
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`]
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i]!
    if (!/^proxy-/i.test(name)) lines.push(`${name}: ${request.rawHeaders[i + 1]}`)
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`)
}

/** Joins the browser's connection to the target's, both ways, once the target answers. */
function tunnel(
  context: ProxyContext,
  client: Duplex,
  target: URL,
  head: Buffer,
  greeting: string | null,
): void {
  const upstream: Socket = connect({
    host: target.hostname.replace(/^\[|\]$/g, ''),
    port: Number(target.port || (target.protocol === 'http:' ? 80 : 443)),
  })
  context.track(upstream)
  upstream.once('connect', () => {
    if (greeting !== null) client.write(greeting)
    if (head.length > 0) upstream.write(head)
    upstream.pipe(client)
    client.pipe(upstream)
  })
  upstream.once('error', (error) => {
    log.ignored('a tunnel could not reach its target; the browser gets 502', error)
    refuseSocket(client, '502 Bad Gateway')
  })
  client.once('close', () => upstream.destroy())
  upstream.once('close', () => client.destroy())
}

/**
 * Which refusals to tell the kiosk about: every navigation the proxy can name, and otherwise each host
 * at most once per `intervalMs`, so that a page of fifty refused images is one `blocked`, not fifty.
 */
export function refusalReporter(now: () => number, intervalMs = 30_000): (refusal: ProxyRefusal) => boolean {
  const reportedAt = new Map<string, number>()
  return (refusal) => {
    const at = now()
    const last = reportedAt.get(refusal.host)
    if (!refusal.navigation && last !== undefined && at - last < intervalMs) return false
    reportedAt.set(refusal.host, at)
    return true
  }
}
