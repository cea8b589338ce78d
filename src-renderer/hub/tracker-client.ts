/**
 * The phone tracker's connection: the `tracker` handshake role with the ticket's token, read-only, and
 * the only place that listens for `track:updated`. It feeds the track store, and the connection store
 * so the usual badge shows the link. Separate from `connectHub` because a tracker has no seq, no
 * snapshot and no commands: the hub pushes its whole (tiny) view on connect and on every change.
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import type { HubToClientEvents, TrackView } from '../../src-shared/protocol'
import { useConnectionStore } from '../stores/connection'
import { useTrackStore } from '../stores/track'
import { retryDelayOf } from './handshake-refusal'

export type TrackerSocket = Socket<Pick<HubToClientEvents, 'track:updated'>, Record<string, never>>

export type TrackerSocketFactory = (
  url: string | undefined,
  options: Partial<ManagerOptions & SocketOptions>,
) => TrackerSocket

export interface TrackerOptions {
  /** The hub's origin; default: the page's own. */
  url?: string | undefined
  /** For tests: builds the socket instead of socket.io-client's `io`. */
  socketFactory?: TrackerSocketFactory
}

export interface TrackerConnection {
  readonly socket: TrackerSocket | null
  disconnect(): void
}

/** The handshake schema's bounds: anything else cannot be a token, so the hub need not be asked. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,200}$/

/** Refusals that mean "this ticket is not (or no longer) there"; retrying will not change them. */
const UNKNOWN_CODES = new Set(['unknown_ticket', 'unauthenticated'])

let current: TrackerConnection | null = null

/** Follows one ticket. Must be called with an active Pinia; replaces a tracker opened before. */
export function connectTracker(ticketToken: string, options: TrackerOptions = {}): TrackerConnection {
  current?.disconnect()
  const track = useTrackStore()
  const connection = useConnectionStore()
  track.$reset()
  connection.status = 'connecting'
  connection.synced = false
  connection.refusal = null

  if (!TOKEN_PATTERN.test(ticketToken)) {
    track.fail('unknown_ticket')
    connection.status = 'offline'
    const none: TrackerConnection = { socket: null, disconnect: () => undefined }
    current = none
    return none
  }

  const factory: TrackerSocketFactory =
    options.socketFactory ?? ((url, opts) => (url ? io(url, opts) : io(opts)))
  const socket = factory(options.url, {
    transports: ['websocket'],
    auth: { role: 'tracker', ticketToken },
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  })

  socket.on('connect', () => {
    connection.status = 'online'
    connection.refusal = null
  })

  socket.on('disconnect', (reason) => {
    connection.status = 'offline'
    connection.synced = false
    // The hub closes trackers of yesterday's tickets; asking again gets a clear "unknown ticket".
    if (reason === 'io server disconnect') socket.connect()
  })

  let closed = false
  socket.on('connect_error', (error: Error & { data?: { code?: string; retryAfterMs?: unknown } }) => {
    const code = error.data?.code
    if (code && UNKNOWN_CODES.has(code)) {
      track.fail('unknown_ticket')
      connection.refusal = { code, message: error.message }
      socket.disconnect()
    }
    // Too many trackers on this ticket for now, say: ask again later (socket.io would not).
    const retryMs = retryDelayOf(error.data)
    if (retryMs !== null) {
      setTimeout(() => {
        if (!closed && !socket.connected) socket.connect()
      }, retryMs)
    }
    connection.status = 'offline'
  })

  socket.on('track:updated', (view: TrackView) => {
    track.receive(view)
    connection.synced = true
  })

  const handle: TrackerConnection = {
    socket,
    disconnect() {
      closed = true
      socket.disconnect()
      connection.status = 'offline'
      connection.synced = false
      if (current === handle) current = null
    },
  }
  current = handle
  return handle
}

/** Stops following the ticket (leaving the page). */
export function disconnectTracker(): void {
  current?.disconnect()
}
