/**
 * Sockets that do not take what the hub sends them. What a socket cannot take yet waits in the hub:
 * first as messages in Engine.IO's write buffer (not yet handed to the transport), and over WebSocket as
 * bytes in the `ws` socket's buffer (handed over, not yet taken by the network), once the kernel's own
 * buffers are full. A client that stops reading (a hung tab, a hostile script that answers pings blindly)
 * would make both grow with every fact, and the hub's memory with them. Past either bound such a socket
 * is dropped at once: its queue is thrown away and its TCP connection reset. An honest client that was
 * only slow reconnects with its last `seq` and catches up (`sync:events`, or a snapshot).
 *
 * Checked over every socket after each broadcast (two numbers each, once per commit, not per message).
 * Not at once after it: then every socket's write buffer still holds the batch's acks and facts, until
 * its write completes a tick later. The sweep runs once those ticks have run (`setImmediate`): a socket
 * whose network took the batch holds nothing by then, one that does not read still holds it.
 *
 * Checked too before an answer to `sync:since`, which may be a whole snapshot; there the queued messages'
 * own sizes count towards `maxBytes` (a walk of at most `maxMessages`): an answer, unlike a broadcast
 * fact, is not shared with other sockets, and a client could otherwise queue a thousand snapshots.
 */
import type { HubSocket } from './hub-io'
import type { Logger } from './logger'

export interface BacklogLimits {
  /** Messages queued for one socket and not yet handed to its transport. */
  maxMessages: number
  /** Bytes handed to one WebSocket and not yet taken by the network. */
  maxBytes: number
}

export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = { maxMessages: 1_000, maxBytes: 4 * 1024 * 1024 }

/** Options from code, over the defaults: whole numbers of at least one, or a clear error naming the field. */
export function validBacklogLimits(options: Partial<BacklogLimits> = {}): BacklogLimits {
  const limits = { ...DEFAULT_BACKLOG_LIMITS, ...options }
  for (const field of ['maxMessages', 'maxBytes'] as const) {
    const value = limits[field]
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`backlog.${field} must be a whole number of at least 1, got ${value}`)
  }
  return limits
}

/** The parts of Engine.IO's connection and of `ws` that tell a socket's backlog (not in their types). */
interface Connection {
  writeBuffer: ReadonlyArray<{ data?: unknown }>
  transport: { socket?: unknown }
  close(discard?: boolean): void
}
interface WebSocketLike {
  bufferedAmount: number
  terminate(): void
  /** The TCP socket under it. */
  _socket?: { resetAndDestroy?: () => void } | null
}

function connectionOf(socket: HubSocket): Connection {
  return socket.conn as unknown as Connection
}

/** The `ws` socket under a WebSocket transport; null for long-polling. */
function webSocketOf(connection: Connection): WebSocketLike | null {
  const ws = connection.transport.socket as Partial<WebSocketLike> | undefined
  return ws && typeof ws.bufferedAmount === 'number' && typeof ws.terminate === 'function'
    ? (ws as WebSocketLike)
    : null
}

interface Backlog {
  messages: number
  bytes: number
}

export class BacklogGuard {
  readonly #limits: BacklogLimits
  readonly #logger: Logger
  #dropped = 0
  #pending: NodeJS.Immediate | null = null

  constructor(limits: BacklogLimits, logger: Logger) {
    this.#limits = limits
    this.#logger = logger
  }

  /** Sockets dropped since the hub started. */
  get dropped(): number {
    return this.#dropped
  }

  /**
   * Before a socket is sent an answer of its own (which may be large): drops it if its backlog, counting
   * the queued messages' sizes too, is past a bound; true if it was.
   */
  check(socket: HubSocket): boolean {
    const over = this.#over(socket, true)
    if (over) this.#drop(socket, over)
    return over !== null
  }

  /** Sweeps once the writes of this turn of the event loop have completed; one sweep pending at most. */
  sweepSoon(sockets: () => Iterable<HubSocket>): void {
    this.#pending ??= setImmediate(() => {
      this.#pending = null
      this.sweep(sockets())
    })
  }

  stop(): void {
    if (this.#pending) clearImmediate(this.#pending)
    this.#pending = null
  }

  /** Drops every socket past a bound; how many were dropped. */
  sweep(sockets: Iterable<HubSocket>): number {
    let late: Array<[HubSocket, Backlog]> | null = null
    for (const socket of sockets) {
      const over = this.#over(socket)
      if (over) (late ??= []).push([socket, over])
    }
    // Dropped after the walk: a dropped socket leaves the map being walked.
    for (const [socket, backlog] of late ?? []) this.#drop(socket, backlog)
    return late?.length ?? 0
  }

  #over(socket: HubSocket, countQueued = false): Backlog | null {
    const connection = connectionOf(socket)
    const queue = connection.writeBuffer
    const messages = queue.length
    let bytes = webSocketOf(connection)?.bufferedAmount ?? 0
    if (messages > this.#limits.maxMessages) return { messages, bytes }
    // JSON text: about a byte a character (Cyrillic is two, which only makes this lenient).
    if (countQueued)
      for (const packet of queue) if (typeof packet.data === 'string') bytes += packet.data.length
    if (bytes <= this.#limits.maxBytes) return null
    return { messages, bytes }
  }

  #drop(socket: HubSocket, backlog: Backlog): void {
    this.#dropped += 1
    this.#logger.warn(
      { principal: socket.data.principalKey, ...backlog, dropped: this.#dropped },
      'socket dropped: it does not take what the hub sends',
    )
    const connection = connectionOf(socket)
    const ws = webSocketOf(connection)
    // Discarded, the queue is not flushed first; Socket.IO sees the connection close ("forced close").
    connection.close(true)
    // A reset, not a FIN: the kernel drops what it still holds for the peer instead of trying to deliver it.
    if (ws?._socket?.resetAndDestroy) ws._socket.resetAndDestroy()
    else ws?.terminate()
  }
}
