/**
 * The hub's Socket.IO server and the types every socket module shares. It is created unattached, so the
 * modules that need it (sign-out, health) exist before the HTTP server it is attached to.
 */
import type { Server as HttpServer } from 'node:http'
import { Server, type Socket } from 'socket.io'
import type {
  ClientToHubEvents,
  HubToClientEvents,
  InterHubEvents,
  SocketData,
} from '../../src-shared/protocol'

export type HubSocket = Socket<ClientToHubEvents, HubToClientEvents, InterHubEvents, SocketData>
export type HubIo = Server<ClientToHubEvents, HubToClientEvents, InterHubEvents, SocketData>

export function createHubIo(): HubIo {
  return new Server({
    // Socket.IO closes a connection whose message exceeds this; our own, smaller limit answers with an ack.
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
    cors: { origin: false },
    pingInterval: 10_000,
    pingTimeout: 8_000,
  })
}

/** Every socket of the hub's one namespace. */
export function connectedSockets(io: HubIo): Iterable<HubSocket> {
  return io.of('/').sockets.values()
}

/** A refused handshake: the client gets `message` and `data` (`code`, and any hint such as `retryAfterMs`). */
export function connectError(code: string, message: string, hint: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { data: { code, ...hint } })
}

/**
 * io.close() also closes the HTTP server, which waits for its open connections: idle keep-alive ones
 * close at once, a request still running (a browser fetching a face) gets two seconds.
 */
export async function closeServers(io: HubIo, http: HttpServer): Promise<void> {
  const force = setTimeout(() => http.closeAllConnections(), 2_000)
  try {
    await new Promise<void>((resolve) => io.close(() => resolve()))
    if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()))
  } finally {
    clearTimeout(force)
  }
}
