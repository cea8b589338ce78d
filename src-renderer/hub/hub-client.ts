/**
 * The one Socket.IO connection of a face, and the only place that listens to the hub.
 *
 * It keeps the centre store in step with the hub's event log (`fact-sync.ts`: a snapshot or the missed
 * events on every (re)connect, then each fact in seq order, folded with the same `evolve` the hub uses),
 * and sends commands, asking again with the same request id until the hub answers or ~8 s have passed.
 *
 * Components never touch the socket: they read the stores, and the stores send commands with
 * `sendCommand` (through `composables/use-command-sender` for a user action).
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client'
import type { CommandType, ErrorCode, EventEnvelope, RefusalDetails } from '../../src-shared/domain'
import { FACT_TYPES } from '../../src-shared/protocol'
import type {
  AckOk,
  ClientToHubEvents,
  CommandPayload,
  CommandResult,
  HubToClientEvents,
  KioskCheckInAck,
  KioskCheckInCommandType,
  KioskCheckInPayload,
  RegistrationAck,
  RegistrationCommandType,
  RegistrationPayload,
  StaffBookingAck,
  StaffBookingCommandType,
  StaffBookingPayload,
} from '../../src-shared/protocol'
import { useCentreStore } from '../stores/centre'
import { useConnectionStore } from '../stores/connection'
import { useFloorStore } from '../stores/floor'
import { useRegistrationUpdatesStore } from '../stores/registration-updates'
import { FactSync } from './fact-sync'
import { retryDelayOf } from './handshake-refusal'

export type HubSocket = Socket<HubToClientEvents, ClientToHubEvents>

/** Who this face is, for the handshake. Trackers connect on their own (one ticket, no commands). */
export type HubCredentials =
  | { role: 'staff'; token: string }
  | { role: 'device'; deviceId: string; key: string }

/** Error codes a command can end with: the hub's, plus `offline` when no answer came in time. */
export type ClientErrorCode = ErrorCode | 'offline'

export interface ClientAckError {
  ok: false
  error: { code: ClientErrorCode; message: string; details?: RefusalDetails }
}

/** What `sendCommand` resolves with: the hub's ack, or `offline`. Never rejects. */
export type CommandAck<T extends CommandType> = AckOk<CommandResult<T>> | ClientAckError

/** A command's payload without `requestId`, which `sendCommand` adds. */
export type CommandFields<T extends CommandType> = Omit<CommandPayload<T>, 'requestId'>

/** What `sendRegistration` resolves with: the registration desk's ack (no `seq`), or `offline`. */
export type RegistrationCommandAck<T extends RegistrationCommandType> = RegistrationAck<T> | ClientAckError

/** A registration command's payload without `requestId`, which `sendRegistration` adds. */
export type RegistrationFields<T extends RegistrationCommandType> = Omit<RegistrationPayload<T>, 'requestId'>

/** What `sendKioskCheckIn` resolves with: the hub's ack, or `offline`. */
export type KioskCheckInCommandAck<T extends KioskCheckInCommandType> = KioskCheckInAck<T> | ClientAckError

/** A kiosk check-in command's payload without `requestId`, which `sendKioskCheckIn` adds. */
export type KioskCheckInFields<T extends KioskCheckInCommandType> = Omit<KioskCheckInPayload<T>, 'requestId'>
/** What `sendStaffBooking` resolves with: the engine's ack of the booking made, or `offline`. */
export type StaffBookingCommandAck = StaffBookingAck | ClientAckError
/** A staff booking's payload without `requestId`, which `sendStaffBooking` adds. */
export type StaffBookingFields<T extends StaffBookingCommandType> = Omit<StaffBookingPayload<T>, 'requestId'>

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
  /** A kiosk's check-in by IIN (`kiosk-check-in:*`), retried like a queue command. */
  sendKioskCheckIn<T extends KioskCheckInCommandType>(
    type: T,
    fields: KioskCheckInFields<T>,
    options?: SendOptions,
  ): Promise<KioskCheckInCommandAck<T>>
  /** Staff booking on a citizen's behalf (`booking:make-for`), retried like a queue command. */
  sendStaffBooking<T extends StaffBookingCommandType>(
    type: T,
    fields: StaffBookingFields<T>,
    options?: SendOptions,
  ): Promise<StaffBookingCommandAck>
  /** Closes the socket for good (sign-out, leaving the face). */
  disconnect(): void
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 3_000
export const DEFAULT_RETRY_FOR_MS = 8_000
const DEFAULT_SYNC_TIMEOUT_MS = 5_000

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

/**
 * Opens the connection and binds every listener, once. Must be called with an active Pinia. Replaces
 * (and closes) a connection opened before.
 */
export function connectHub(credentials: HubCredentials, options: ConnectOptions = {}): HubConnection {
  current?.disconnect()
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const factory: SocketFactory = options.socketFactory ?? ((url, opts) => (url ? io(url, opts) : io(opts)))

  connection.status = 'connecting'
  connection.synced = false
  connection.refusal = null

  // After the hub dropped a device on purpose, its next handshake asks for a whole snapshot.
  let fresh = false
  const socket = factory(options.url, {
    transports: ['websocket'],
    // A callback, so every reconnect sends the seq the store has reached by then.
    auth: (cb: (data: object) => void) => {
      const since = centre.loaded && !fresh ? { lastSeq: centre.state.seq } : {}
      fresh = false
      cb({ ...credentials, ...since })
    },
    reconnectionDelay: 500,
    reconnectionDelayMax: 4_000,
  })
  const sync = new FactSync({
    socket,
    centre,
    connection,
    syncTimeoutMs: options.syncTimeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS,
  })
  bindListeners(socket, sync, credentials.role === 'device' ? () => (fresh = true) : null)

  const emitter: Emitter = {
    socket,
    commandTimeoutMs: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    retryForMs: options.retryForMs ?? DEFAULT_RETRY_FOR_MS,
    closed: () => sync.closed,
  }
  const connectionHandle: HubConnection = {
    socket,
    sendCommand: (type, fields, sendOptions = {}) => emitWithRetry(emitter, type, fields, sendOptions),
    sendRegistration: (type, fields, sendOptions = {}) => emitWithRetry(emitter, type, fields, sendOptions),
    sendKioskCheckIn: (type, fields, sendOptions = {}) => emitWithRetry(emitter, type, fields, sendOptions),
    sendStaffBooking: (type, fields, sendOptions = {}) => emitWithRetry(emitter, type, fields, sendOptions),
    disconnect() {
      sync.close()
      socket.disconnect()
      connection.status = 'offline'
      connection.synced = false
      if (current === connectionHandle) current = null
    },
  }
  current = connectionHandle
  return connectionHandle
}

/** Every listener of the connection, bound once, here: the connection's status, then the facts. */
function bindListeners(socket: HubSocket, sync: FactSync, reconnectFresh: (() => void) | null): void {
  const connection = useConnectionStore()
  const registrationUpdates = useRegistrationUpdatesStore()
  const floor = useFloorStore()
  const centre = useCentreStore()

  socket.on('connect', () => {
    connection.status = 'online'
    connection.synced = false
    connection.refusal = null
    sync.connected()
  })

  socket.on('disconnect', (reason) => {
    connection.status = 'offline'
    connection.synced = false
    // The hub closed this socket on purpose (a staff session expired or was signed out): socket.io will
    // not reconnect by itself, so the face must know, as for a refused handshake.
    // A device is dropped when the admin changes it (its zone, its key, or removes it): it connects
    // again at once for a whole snapshot as it now is, or is refused with the reason.
    if (reason === 'io server disconnect' && reconnectFresh) {
      reconnectFresh()
      socket.connect()
    } else if (reason === 'io server disconnect') {
      connection.refusal = { code: 'closed_by_hub', message: 'the hub closed the connection' }
    }
    sync.disconnected()
  })

  socket.on('connect_error', (error: Error & { data?: { code?: string; retryAfterMs?: unknown } }) => {
    const code = error.data?.code
    const retryMs = retryDelayOf(error.data)
    if (retryMs !== null) {
      // A refusal that passes with time (too many sockets for now, say): ask again later.
      connection.status = 'offline'
      setTimeout(() => {
        if (!sync.closed && !socket.connected) socket.connect()
      }, retryMs)
      return
    }
    // Any other refused handshake is final (socket.io stops reconnecting); a network error is retried.
    if (code || !socket.active) {
      connection.refusal = { code: code ?? 'refused', message: error.message }
    }
    connection.status = connection.status === 'connecting' && socket.active ? 'connecting' : 'offline'
  })

  socket.on('sync:snapshot', (snapshot) => sync.snapshot(snapshot))
  socket.on('sync:events', (events) => sync.events(events))
  const onFact = (event: EventEnvelope) => {
    // A supervisor's act is noted for the affected consultant's screen (read before the fact applies).
    floor.noteFact(
      event,
      (ticketId) => centre.state.tickets[ticketId]?.serviceId,
      (deskId) => centre.state.desks[deskId]?.staffId ?? null,
    )
    sync.fact(event)
  }
  for (const type of FACT_TYPES) {
    // Each fact name has its own payload type; all of them are envelopes, which is all onFact needs.
    socket.on(type, onFact as never)
  }

  // The admin screen changed the centre's config: shown at once, without a reconnect.
  socket.on('config:updated', (update) => centre.applyConfig(update))

  // Registration staff only, outside the event log: no seq, not replayed (the desk asks for its status).
  socket.on('registration:updated', (update) => registrationUpdates.receive(update))
  // Staff only, outside the event log: which kiosks and displays are connected, for the alerts.
  socket.on('devices:presence', (list) => floor.receivePresence(list))
}

/** What sending a command needs of its connection. */
interface Emitter {
  socket: HubSocket
  /** How long one attempt waits for its ack. */
  commandTimeoutMs: number
  /** How long a command keeps retrying before it gives up as `offline`. */
  retryForMs: number
  closed(): boolean
}

function waitForConnect(socket: HubSocket, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      socket.off('connect', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    socket.on('connect', done)
  })
}

/**
 * Emits `type` until an ack arrives or ~`retryForMs` have passed, with the same request id every time:
 * the hub answers a repeat with the first answer (queries afresh), so asking again is always safe.
 * Typed by the callers (`sendCommand`, `sendRegistration`): socket.io's types cannot follow a generic
 * event name.
 */
async function emitWithRetry<A>(
  emitter: Emitter,
  type: string,
  fields: object,
  sendOptions: SendOptions,
): Promise<A | ClientAckError> {
  const { socket, commandTimeoutMs, retryForMs } = emitter
  const requestId = sendOptions.requestId ?? newRequestId()
  const payload = { ...fields, requestId }
  const deadline = Date.now() + retryForMs
  for (;;) {
    const remaining = deadline - Date.now()
    if (remaining <= 0 || emitter.closed()) break
    if (!socket.connected) {
      // A refused handshake will not come back by itself; a dropped connection will.
      if (!socket.active) break
      await waitForConnect(socket, remaining)
      continue
    }
    try {
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

/** Sends a kiosk check-in command on the open connection (kiosks only); `offline` when nobody answers. */
export function sendKioskCheckIn<T extends KioskCheckInCommandType>(
  type: T,
  fields: KioskCheckInFields<T>,
  options: SendOptions = {},
): Promise<KioskCheckInCommandAck<T>> {
  if (!current) return Promise.resolve(offlineAck('not connected to the hub'))
  return current.sendKioskCheckIn(type, fields, options)
}

/**
 * Books a slot on a citizen's behalf (consultants, supervisors, admins): the one command a face sends
 * with an IIN and a phone. Retried like `sendCommand`; resolves `offline` when nobody answers.
 */
export function sendStaffBooking<T extends StaffBookingCommandType>(
  type: T,
  fields: StaffBookingFields<T>,
  options: SendOptions = {},
): Promise<StaffBookingCommandAck> {
  if (!current) return Promise.resolve(offlineAck('not connected to the hub'))
  return current.sendStaffBooking(type, fields, options)
}
