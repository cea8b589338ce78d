/**
 * The one Socket.IO connection of a face, and the only place that listens to the hub.
 *
 * It keeps the centre store in step with the hub's event log: a snapshot or the missed events on every
 * (re)connect, then each fact in seq order, folded with the same `evolve` the hub uses. A fact from
 * further ahead than the next seq means something was missed: the client asks `sync:since`, buffers
 * facts meanwhile, and marks the state untrusted until it has caught up.
 *
 * Components never touch the socket: they read the stores, and the stores send commands with
 * `sendCommand` (through `composables/use-command-sender` for a user action).
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import type { CommandType, ErrorCode, EventEnvelope } from '../../src-shared/domain'
import { FACT_TYPES } from '../../src-shared/protocol'
import type {
  AckOk,
  ClientToHubEvents,
  CommandPayload,
  CommandResult,
  HubToClientEvents,
  Snapshot,
  SyncResult,
  Ack,
  RegistrationAck,
  RegistrationCommandType,
  RegistrationPayload,
} from '../../src-shared/protocol'
import { useCentreStore } from '../stores/centre'
import { useConnectionStore } from '../stores/connection'
import { useRegistrationUpdatesStore } from '../stores/registration-updates'

export type HubSocket = Socket<HubToClientEvents, ClientToHubEvents>

/** Who this face is, for the handshake. Trackers connect on their own (one ticket, no commands). */
export type HubCredentials =
  | { role: 'staff'; token: string }
  | { role: 'device'; deviceId: string; key: string }

/** Error codes a command can end with: the hub's, plus `offline` when no answer came in time. */
export type ClientErrorCode = ErrorCode | 'offline'

export interface ClientAckError {
  ok: false
  error: { code: ClientErrorCode; message: string }
}

/** What `sendCommand` resolves with: the hub's ack, or `offline`. Never rejects. */
export type CommandAck<T extends CommandType> = AckOk<CommandResult<T>> | ClientAckError

/** A command's payload without `requestId`, which `sendCommand` adds. */
export type CommandFields<T extends CommandType> = Omit<CommandPayload<T>, 'requestId'>

/** What `sendRegistration` resolves with: the registration desk's ack (no `seq`), or `offline`. */
export type RegistrationCommandAck<T extends RegistrationCommandType> = RegistrationAck<T> | ClientAckError

/** A registration command's payload without `requestId`, which `sendRegistration` adds. */
export type RegistrationFields<T extends RegistrationCommandType> = Omit<RegistrationPayload<T>, 'requestId'>

export type SocketFactory = (
  url: string | undefined,
  options: Partial<ManagerOptions & SocketOptions>,
) => HubSocket

export interface ConnectOptions {
  /** The hub's origin; default: the page's own origin (the hub serves the faces). */
  url?: string | undefined
  /** How long one attempt of a command waits for its ack. */
  commandTimeoutMs?: number
  /** How long a command keeps retrying (same request id) before it gives up as `offline`. */
  retryForMs?: number
  /** How long a `sync:since` waits for its answer before it is asked again. */
  syncTimeoutMs?: number
  /** For tests: builds the socket instead of socket.io-client's `io`. */
  socketFactory?: SocketFactory
}

export interface SendOptions {
  /** Reuse the id of an earlier attempt of the same user action (a "try again" button). */
  requestId?: string
}

export interface HubConnection {
  readonly socket: HubSocket
  sendCommand<T extends CommandType>(
    type: T,
    fields: CommandFields<T>,
    options?: SendOptions,
  ): Promise<CommandAck<T>>
  /** A registration desk command or query, retried like a queue command; its ack has no `seq`. */
  sendRegistration<T extends RegistrationCommandType>(
    type: T,
    fields: RegistrationFields<T>,
    options?: SendOptions,
  ): Promise<RegistrationCommandAck<T>>
  /** Closes the socket for good (sign-out, leaving the face). */
  disconnect(): void
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 3_000
export const DEFAULT_RETRY_FOR_MS = 8_000
const DEFAULT_SYNC_TIMEOUT_MS = 5_000
const RESYNC_RETRY_MS = 1_000

/**
 * A request id for one user action: 22 URL-safe random characters. `crypto.getRandomValues`, not
 * `randomUUID`, because a consultant PC may open the hub over plain http on the LAN, where
 * `randomUUID` (secure contexts only) does not exist.
 */
export function newRequestId(): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  let text = ''
  for (const byte of bytes) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function offlineAck(message: string): ClientAckError {
  return { ok: false, error: { code: 'offline', message } }
}

type SyncPhase = 'awaiting-sync' | 'live' | 'resyncing'

/**
 * Opens the connection and binds every listener, once. Must be called with an active Pinia. Replaces
 * (and closes) a connection opened before.
 */
export function connectHub(credentials: HubCredentials, options: ConnectOptions = {}): HubConnection {
  current?.disconnect()
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const registrationUpdates = useRegistrationUpdatesStore()
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS
  const retryForMs = options.retryForMs ?? DEFAULT_RETRY_FOR_MS
  const syncTimeoutMs = options.syncTimeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS
  const factory: SocketFactory = options.socketFactory ?? ((url, opts) => (url ? io(url, opts) : io(opts)))

  connection.status = 'connecting'
  connection.synced = false
  connection.refusal = null

  let phase: SyncPhase = 'awaiting-sync'
  /** Facts that arrived while the state was being (re)synced, applied once it is. */
  let buffer: EventEnvelope[] = []
  let closed = false
  let resyncTimer: ReturnType<typeof setTimeout> | null = null

  const socket = factory(options.url, {
    transports: ['websocket'],
    // A callback, so every reconnect sends the seq the store has reached by then.
    auth: (cb: (data: object) => void) => {
      cb({ ...credentials, ...(centre.loaded ? { lastSeq: centre.state.seq } : {}) })
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 4_000,
  })

  const markSeq = () => {
    connection.lastSeq = centre.state.seq
  }

  const trustNow = () => {
    phase = 'live'
    connection.synced = true
    markSeq()
  }

  /** Applies facts in seq order; stops at a gap and returns the facts from the gap on. */
  const applyInOrder = (events: readonly EventEnvelope[]): EventEnvelope[] => {
    const sorted = [...events].sort((a, b) => a.seq - b.seq)
    for (let i = 0; i < sorted.length; i++) {
      const outcome = centre.receive(sorted[i]!)
      if (outcome === 'gap') return sorted.slice(i)
    }
    return []
  }

  /** After a snapshot or catch-up: the buffered facts, then live again (or another resync). */
  const drainBuffer = () => {
    const pending = buffer
    buffer = []
    const rest = safely(() => applyInOrder(pending))
    if (rest === null) return
    if (rest.length > 0) {
      buffer = rest
      resync()
      return
    }
    trustNow()
  }

  /** Runs `apply`; if the state cannot take the facts (a bug, or a wrong state), starts over from seq 0. */
  const safely = <R>(apply: () => R): R | null => {
    try {
      return apply()
    } catch (error) {
      console.error('kezek: the centre state could not apply a fact; resyncing from the start', error)
      centre.resetState()
      buffer = []
      phase = 'resyncing'
      connection.synced = false
      // Not at once: should the same fact fail again, ask once a second rather than in a loop.
      scheduleResync()
      return null
    }
  }

  const resync = () => {
    if (closed) return
    phase = 'resyncing'
    connection.synced = false
    if (resyncTimer) clearTimeout(resyncTimer)
    resyncTimer = null
    if (!socket.connected) return // the reconnect handshake resyncs
    const from = centre.state.seq
    socket
      .timeout(syncTimeoutMs)
      .emitWithAck('sync:since', { seq: from })
      .then(
        (result: Ack<SyncResult>) => {
          if (closed || phase !== 'resyncing') return
          if (!result.ok) {
            scheduleResync()
            return
          }
          if (result.kind === 'snapshot') applySnapshot(result.snapshot)
          else if (safely(() => applyInOrder(result.events)) === null) return
          drainBuffer()
        },
        () => {
          if (!closed && phase === 'resyncing') scheduleResync()
        },
      )
  }

  const scheduleResync = () => {
    if (closed || resyncTimer) return
    resyncTimer = setTimeout(() => {
      resyncTimer = null
      if (phase === 'resyncing') resync()
    }, RESYNC_RETRY_MS)
  }

  const applySnapshot = (snapshot: Snapshot) => {
    centre.replace(snapshot)
    connection.serverOffsetMs = snapshot.serverTime - Date.now()
  }

  // --- listeners: bound once, here ----------------------------------------------------------------

  socket.on('connect', () => {
    connection.status = 'online'
    connection.synced = false
    connection.refusal = null
    // The hub sends a snapshot or the missed events right after the handshake.
    phase = 'awaiting-sync'
  })

  socket.on('disconnect', (reason) => {
    connection.status = 'offline'
    connection.synced = false
    // The hub closed this socket on purpose (a staff session expired or was signed out): socket.io will
    // not reconnect by itself, so the face must know, as for a refused handshake.
    if (reason === 'io server disconnect') {
      connection.refusal = { code: 'closed_by_hub', message: 'the hub closed the connection' }
    }
    phase = 'awaiting-sync'
    if (resyncTimer) clearTimeout(resyncTimer)
    resyncTimer = null
  })

  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    const code = error.data?.code
    // A refused handshake is final (socket.io stops reconnecting); a network error is retried.
    if (code || !socket.active) {
      connection.refusal = { code: code ?? 'refused', message: error.message }
    }
    connection.status = connection.status === 'connecting' && socket.active ? 'connecting' : 'offline'
  })

  socket.on('sync:snapshot', (snapshot) => {
    applySnapshot(snapshot)
    // Facts buffered before the snapshot are mostly older than it; drainBuffer skips those.
    drainBuffer()
  })

  socket.on('sync:events', (events) => {
    const rest = safely(() => applyInOrder(events))
    if (rest === null) return
    buffer.push(...rest)
    drainBuffer()
  })

  const onFact = (event: EventEnvelope) => {
    if (phase !== 'live') {
      buffer.push(event)
      return
    }
    const outcome = safely(() => centre.receive(event))
    if (outcome === null) return
    if (outcome === 'gap') {
      buffer.push(event)
      resync()
      return
    }
    if (outcome === 'applied') markSeq()
  }
  for (const type of FACT_TYPES) {
    // Each fact name has its own payload type; all of them are envelopes, which is all onFact needs.
    socket.on(type, onFact as never)
  }

  // Registration staff only, outside the event log: no seq, not replayed (the desk asks for its status).
  socket.on('registration:updated', (update) => registrationUpdates.receive(update))

  // --- commands -----------------------------------------------------------------------------------

  const waitForConnect = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        socket.off('connect', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      socket.on('connect', done)
    })

  /**
   * Emits `type` until an ack arrives or ~`retryForMs` have passed, with the same request id every time:
   * the hub answers a repeat with the first answer (queries afresh), so asking again is always safe.
   */
  async function emitWithRetry<A>(
    type: string,
    fields: object,
    sendOptions: SendOptions,
  ): Promise<A | ClientAckError> {
    const requestId = sendOptions.requestId ?? newRequestId()
    const payload = { ...fields, requestId }
    const deadline = Date.now() + retryForMs
    for (;;) {
      const remaining = deadline - Date.now()
      if (remaining <= 0 || closed) break
      if (!socket.connected) {
        // A refused handshake will not come back by itself; a dropped connection will.
        if (!socket.active) break
        await waitForConnect(remaining)
        continue
      }
      try {
        // Typed by the callers; socket.io's types cannot follow a generic event name.
        const timed = socket.timeout(Math.min(commandTimeoutMs, remaining)) as unknown as {
          emitWithAck(event: string, payload: object): Promise<A>
        }
        return await timed.emitWithAck(type, payload)
      } catch {
        // No ack in time: the command may or may not have been applied; asking again is safe.
      }
    }
    return offlineAck(`no answer from the hub for ${type} within ${Math.round(retryForMs / 1000)} s`)
  }

  function sendCommand<T extends CommandType>(
    type: T,
    fields: CommandFields<T>,
    sendOptions: SendOptions = {},
  ): Promise<CommandAck<T>> {
    return emitWithRetry<CommandAck<T>>(type, fields, sendOptions)
  }

  function sendRegistration<T extends RegistrationCommandType>(
    type: T,
    fields: RegistrationFields<T>,
    sendOptions: SendOptions = {},
  ): Promise<RegistrationCommandAck<T>> {
    return emitWithRetry<RegistrationAck<T>>(type, fields, sendOptions)
  }

  const connectionHandle: HubConnection = {
    socket,
    sendCommand,
    sendRegistration,
    disconnect() {
      closed = true
      if (resyncTimer) clearTimeout(resyncTimer)
      socket.disconnect()
      connection.status = 'offline'
      connection.synced = false
      if (current === connectionHandle) current = null
    },
  }
  current = connectionHandle
  return connectionHandle
}

let current: HubConnection | null = null

/** Closes the open connection, if any. */
export function disconnectHub(): void {
  current?.disconnect()
}

/**
 * Sends a command on the open connection and resolves with its ack. Retries with the same request id
 * while the hub does not answer, for up to ~8 s, then resolves `{ ok: false, error: { code: 'offline' } }`.
 */
export function sendCommand<T extends CommandType>(
  type: T,
  fields: CommandFields<T>,
  options: SendOptions = {},
): Promise<CommandAck<T>> {
  if (!current) return Promise.resolve(offlineAck('not connected to the hub'))
  return current.sendCommand(type, fields, options)
}

/**
 * Sends a registration desk command or query on the open connection (registrar, supervisor, admin).
 * Retried like `sendCommand`; resolves `{ ok: false, error: { code: 'offline' } }` when nobody answers.
 */
export function sendRegistration<T extends RegistrationCommandType>(
  type: T,
  fields: RegistrationFields<T>,
  options: SendOptions = {},
): Promise<RegistrationCommandAck<T>> {
  if (!current) return Promise.resolve(offlineAck('not connected to the hub'))
  return current.sendRegistration(type, fields, options)
}
