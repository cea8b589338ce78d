/**
 * The hub: HTTP (faces, health, sign-in) and Socket.IO (commands and facts) for one centre.
 *
 * Built by a factory that takes its dependencies, so tests start it on an ephemeral port with a
 * temporary data folder and talk to it with real clients. Each command handler does the same five
 * things in the same order: validate, authorise, decide, persist, then ack and broadcast.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sirv from 'sirv'
import { Server, type Socket } from 'socket.io'
import type { z, ZodType } from 'zod'
import { publicConfig, selfServiceCatalogue, type CentreConfig } from '../../src-shared/config'
import {
  estimateWait,
  rankMap,
  type Actor,
  type CentreState,
  type CommandType,
  type EventEnvelope,
} from '../../src-shared/domain'
import {
  COMMAND_TYPES,
  commandSchemas,
  handshakeSchema,
  isCommandType,
  isRegistrationCommandType,
  MAX_COMMAND_BYTES,
  mayCommand,
  mayRegister,
  displayEvent,
  displayState,
  publicEvent,
  publicState,
  REGISTRATION_COMMAND_TYPES,
  REGISTRATION_ROLES,
  registrationSchemas,
  syncSinceSchema,
  type Ack,
  type AckError,
  type RegistrationCommandType,
  type ClientToHubEvents,
  type HubToClientEvents,
  type InterHubEvents,
  type Principal,
  type Snapshot,
  type SocketData,
  type SyncResult,
  type TrackView,
} from '../../src-shared/protocol'
import { CentreEngine, errorAck, type EngineDeps } from './centre-engine'
import type { Logger } from './logger'
import { hashToken, newToken, verifyDeviceKey, verifyPassword } from './passwords'
import { citizenGatewayFromConfig, smsGatewayFromConfig } from './registration/adapters/from-config'
import type { MobileCitizenGateway } from './registration/adapters/mobile-citizen-gateway'
import type { SmsGateway } from './registration/adapters/sms-gateway'
import { RegistrationDesk } from './registration/registration-desk'
import { registrationHttp, type HttpAnswer } from './registration/registration-http'
import { RegistrationStore } from './registration/registration-store'
import {
  CommandBucket,
  DEFAULT_COMMAND_RATE,
  validCommandRate,
  type CommandRateOptions,
} from './command-rate'
import { SignInLimiter, signInKey } from './sign-in-limiter'
import { isSqliteEventStore, type SqliteEventStore } from './store/sqlite-store'
import { isPromiseLike, type AsyncEventStore, type StaffSessionRow } from './store/types'

type HubSocket = Socket<ClientToHubEvents, HubToClientEvents, InterHubEvents, SocketData>
type HubIo = Server<ClientToHubEvents, HubToClientEvents, InterHubEvents, SocketData>

export interface HubOptions {
  config: CentreConfig
  /** The centre's store. `createHub` needs one that loads synchronously (SQLite); `openHub` takes any. */
  store: AsyncEventStore
  logger: Logger
  /** Folder of the built renderer (`out/renderer`); the faces are served from it when it exists. */
  rendererDir?: string
  now?: () => number
  /** Staff session lifetime. */
  sessionTtlMs?: number
  /** Phone trackers are refreshed at most this often. */
  trackerIntervalMs?: number
  /** Events kept in memory for reconnecting clients (older ones get a snapshot). */
  recentEvents?: number
  /** How often the hub checks for a new local day and expired sessions. */
  housekeepingIntervalMs?: number
  /** Commands each connection may send (see `command-rate.ts`); default 100 a second, bursts of 200. */
  commandRate?: CommandRateOptions
  onFatal?: (error: unknown) => void
  /**
   * The mobile-citizen registration desk. Its tables share the SQLite store's file; its adapters default
   * to those of `config.registration` (the SMS outbox file goes in the store's data folder).
   */
  registration?: RegistrationHubOptions
}

export interface RegistrationHubOptions {
  sms?: SmsGateway
  gateway?: MobileCitizenGateway
  /** First delay before a failed submission is retried; it doubles up to `deliveryMaxDelayMs`. */
  deliveryBaseDelayMs?: number
  deliveryMaxDelayMs?: number
  /** How often expired codes are closed and the retention period is applied (default every minute). */
  sweepIntervalMs?: number
}

export interface Hub {
  engine: CentreEngine
  /** The registration desk; null when the store is not SQLite (it keeps its tables in the same file). */
  registration: RegistrationDesk | null
  io: HubIo
  http: HttpServer
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>
  url(): string
  close(): Promise<void>
}

const STAFF_ROOM = 'staff'
const DEVICE_ROOM = 'devices'
/** Every tracker socket, so a fact for everyone else can skip them in one pass. */
const TRACKER_ROOM = 'trackers'
/** Hall displays, also in DEVICE_ROOM: they get facts without consultants' names. */
const DISPLAY_ROOM = 'displays'
/** Registrar, supervisor and admin sockets: the only ones that get `registration:updated`. */
const REGISTRATION_ROOM = 'registration'
const trackRoom = (ticketId: string) => `track:${ticketId}`
const MAX_BODY_BYTES = 4096

/** A hub on a store that loads synchronously (SQLite): ready when this returns. */
export function createHub(options: HubOptions): Hub {
  return buildHub(options, new CentreEngine(engineDeps(options)))
}

/** A hub on any store (PostgreSQL or SQLite): reads today's events first, then builds the hub. */
export async function openHub(options: HubOptions): Promise<Hub> {
  return buildHub(options, await CentreEngine.open(engineDeps(options)))
}

function engineDeps(options: HubOptions): EngineDeps {
  return {
    config: options.config,
    store: options.store,
    logger: options.logger,
    now: options.now ?? Date.now,
    newId: () => randomUUID(),
    newToken: () => newToken(18),
    recentEvents: options.recentEvents,
    onFatal: options.onFatal,
  }
}

function buildHub(options: HubOptions, engine: CentreEngine): Hub {
  const { config, store, logger } = options
  const now = options.now ?? Date.now
  const commandRate = validCommandRate(options.commandRate ?? DEFAULT_COMMAND_RATE)
  const startedAt = now()
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60_000
  const limiter = new SignInLimiter({ now })
  /** The SQLite store, when the hub runs on one: the registration desk keeps its tables in its file. */
  const sqlite = isSqliteEventStore(store) ? store : null
  if (sqlite) {
    // Once the day has loaded (a file that fails to load is left untouched): faster commits from the first.
    const wal = sqlite.reserveWal()
    if (wal.reserved) logger.debug({ walBytes: wal.walBytes }, 'WAL file laid out')
    else logger.warn({ reason: wal.reason }, 'WAL file not laid out; commits are slower until it has grown')
  }
  const centreConfig = publicConfig(config)
  const selfServiceInfo = selfServiceCatalogue(config)
  const categoryRanks = rankMap(config)
  const registration = createRegistrationDesk()

  function createRegistrationDesk(): RegistrationDesk | null {
    if (!sqlite) {
      logger.warn(
        { event: 'registration-unavailable' },
        'the mobile-citizen registration desk needs the SQLite store; it is off on this store',
      )
      return null
    }
    const context = { dataDir: sqlite.dataDir, db: sqlite.db, now }
    return new RegistrationDesk({
      config,
      store: new RegistrationStore(sqlite.db),
      sms: options.registration?.sms ?? smsGatewayFromConfig(config.registration.sms, context),
      gateway:
        options.registration?.gateway ?? citizenGatewayFromConfig(config.registration.gateway, context),
      logger,
      now,
      centre: () => engine.state,
      deliveryBaseDelayMs: options.registration?.deliveryBaseDelayMs,
      deliveryMaxDelayMs: options.registration?.deliveryMaxDelayMs,
      sweepIntervalMs: options.registration?.sweepIntervalMs,
    })
  }

  const serveRenderer =
    options.rendererDir && existsSync(options.rendererDir)
      ? sirv(options.rendererDir, { single: true, etag: true, gzip: false, brotli: false })
      : null

  const http = createServer((req, res) => {
    setSecurityHeaders(res)
    handleHttp(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'http handler failed')
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: 'internal error' } })
      else res.end()
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub')
    if (url.pathname === '/healthz' && req.method === 'GET') {
      return sendJson(res, 200, {
        status: 'ok',
        centre: { id: config.centre.id, name: config.centre.name },
        day: engine.state.day,
        seq: engine.durableSeq,
        uptimeSeconds: Math.round((now() - startedAt) / 1000),
        clients: io.engine.clientsCount,
      })
    }
    if (url.pathname === '/api/sessions') {
      if (req.method === 'POST') return signIn(req, res)
      if (req.method === 'DELETE') return signOut(req, res)
      res.setHeader('Allow', 'POST, DELETE')
      return sendJson(res, 405, {
        error: { code: 'method_not_allowed', message: 'use POST to sign in, DELETE to sign out' },
      })
    }
    if (url.pathname === '/api/self-service') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        return sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'use GET' } })
      }
      // Public, like the rest of the public config: the kiosk shell reads its portal allowlist here.
      return sendJson(res, 200, selfServiceInfo)
    }
    if (registration && sqlite && url.pathname.startsWith('/api/')) {
      const answer = registrationHttp(registration, {
        method: req.method ?? 'GET',
        url,
        staff: () => staffOfRequest(sqlite, req),
        timeZone: config.centre.timeZone,
        now: now(),
      })
      if (answer) return sendAnswer(res, answer)
    }
    if (url.pathname.startsWith('/api/')) {
      return sendJson(res, 404, { error: { code: 'not_found', message: `no API at ${url.pathname}` } })
    }
    if (serveRenderer) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        return sendText(res, 405, 'Method not allowed')
      }
      return serveRenderer(req, res, () => sendText(res, 404, 'Not found'))
    }
    sendText(
      res,
      503,
      'Kezek hub is running, but the faces are not built. Run `npm run build:renderer`, then reload this page.',
    )
  }

  /**
   * Sign-in attempts for one (address, login) run one after another: otherwise a burst of parallel
   * guesses would all pass the limiter's check before the first failure was counted.
   */
  const signInQueues = new Map<string, Promise<void>>()

  async function signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req)
    if (!body.ok) return sendJson(res, body.status, { error: { code: body.code, message: body.message } })
    const { login, password } = (body.value ?? {}) as { login?: unknown; password?: unknown }
    if (
      typeof login !== 'string' ||
      typeof password !== 'string' ||
      login.length > 80 ||
      password.length > 200
    ) {
      return sendJson(res, 400, {
        error: { code: 'invalid_payload', message: 'send {"login": "...", "password": "..."}' },
      })
    }
    const key = signInKey(req.socket.remoteAddress ?? '?', login)
    const previous = signInQueues.get(key) ?? Promise.resolve()
    const attempt = previous.then(() => checkPassword(res, key, login, password))
    const settled = attempt.catch(() => undefined)
    signInQueues.set(key, settled)
    void settled.then(() => {
      if (signInQueues.get(key) === settled) signInQueues.delete(key)
    })
    return attempt
  }

  async function checkPassword(
    res: ServerResponse,
    key: string,
    login: string,
    password: string,
  ): Promise<void> {
    const allowed = limiter.check(key)
    if (!allowed.allowed) {
      res.setHeader('Retry-After', String(Math.ceil(allowed.retryAfterMs / 1000)))
      return sendJson(res, 429, {
        error: { code: 'rate_limited', message: 'too many failed sign-ins; wait and try again' },
      })
    }
    const staff = config.staff.find((s) => s.login === login.trim().toLowerCase())
    // Verify even for an unknown login, so the answer takes as long and says as little.
    const valid = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH)
    if (!staff || !valid) {
      limiter.fail(key)
      logger.info({ event: 'sign-in-failed' }, 'sign-in failed')
      return sendJson(res, 401, { error: { code: 'unauthenticated', message: 'wrong login or password' } })
    }
    limiter.succeed(key)
    const token = newToken(32)
    const createdAt = now()
    const expiresAt = createdAt + sessionTtlMs
    await store.saveSession({ tokenHash: hashToken(token), staffId: staff.id, createdAt, expiresAt })
    logger.info({ event: 'sign-in', staffId: staff.id }, 'staff signed in')
    sendJson(res, 201, {
      token,
      expiresAt,
      staff: { id: staff.id, firstName: staff.firstName, lastName: staff.lastName, roles: staff.roles },
    })
  }

  /**
   * The staff member whose live session token the request carries as `Authorization: Bearer`. Only the
   * registration desk's HTTP API asks, and it runs on SQLite alone, which answers at once.
   */
  function staffOfRequest(sessions: Pick<SqliteEventStore, 'findSession'>, req: IncomingMessage) {
    const header = req.headers.authorization ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
    if (!token) return null
    const session = sessions.findSession(hashToken(token))
    if (!session || session.expiresAt <= now()) return null
    return config.staff.find((s) => s.id === session.staffId) ?? null
  }

  async function signOut(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers.authorization ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
    if (!token)
      return sendJson(res, 401, {
        error: { code: 'unauthenticated', message: 'send Authorization: Bearer <token>' },
      })
    const tokenHash = hashToken(token)
    await store.deleteSession(tokenHash)
    for (const socket of io.of('/').sockets.values()) {
      if (socket.data.sessionKey === `session:${tokenHash}`) socket.disconnect(true)
    }
    res.statusCode = 204
    res.end()
  }

  const io: HubIo = new Server(http, {
    // Socket.IO closes a connection whose message exceeds this; our own, smaller limit answers with an ack.
    maxHttpBufferSize: 64 * 1024,
    serveClient: false,
    cors: { origin: false },
    pingInterval: 10_000,
    pingTimeout: 8_000,
  })

  io.use((socket, next) => {
    try {
      authenticate(socket, next)
    } catch (error) {
      logger.error({ err: error }, 'handshake check failed')
      next(connectError('internal', 'the hub could not check this connection; try again'))
    }
  })

  function authenticate(socket: HubSocket, next: (error?: Error) => void): void {
    const parsed = handshakeSchema.safeParse(socket.handshake.auth)
    if (!parsed.success)
      return next(connectError('unauthenticated', 'the handshake auth must name a role and a credential'))
    const auth = parsed.data
    if (auth.role === 'staff') {
      const found = store.findSession(hashToken(auth.token))
      if (!isPromiseLike(found)) return acceptStaff(socket, found, next)
      found.then(
        (session) => acceptStaff(socket, session, next),
        (error: unknown) => {
          logger.error({ err: error }, 'reading a staff session failed')
          next(connectError('internal', 'the hub could not check this connection; try again'))
        },
      )
      return
    }
    if (auth.role === 'device') {
      const device = config.devices.find((d) => d.id === auth.deviceId)
      if (!device || !verifyDeviceKey(auth.key, device.keyHash)) {
        return next(connectError('unauthenticated', 'unknown device or wrong device key'))
      }
      socket.data.principal = { role: 'device', roles: [device.kind], id: device.id, name: device.name }
      socket.data.principalKey = `device:${device.id}`
      return next()
    }
    const ticketId = engine.ticketIdForToken(auth.ticketToken)
    if (!ticketId) return next(connectError('unknown_ticket', 'this ticket is not active today'))
    socket.data.principal = { role: 'tracker', roles: ['tracker'], id: ticketId, name: 'tracker' }
    socket.data.principalKey = `tracker:${ticketId}`
    socket.data.trackTicketId = ticketId
    return next()
  }

  function acceptStaff(
    socket: HubSocket,
    session: StaffSessionRow | undefined,
    next: (error?: Error) => void,
  ): void {
    const staff =
      session && session.expiresAt > now() ? config.staff.find((s) => s.id === session.staffId) : undefined
    if (!session || !staff)
      return next(connectError('unauthenticated', 'the session has expired; sign in again'))
    socket.data.principal = {
      role: 'staff',
      roles: [...staff.roles],
      id: staff.id,
      name: `${staff.firstName} ${staff.lastName}`.trim(),
    }
    // Idempotency records are per staff member; sign-out disconnects by session.
    socket.data.principalKey = `staff:${staff.id}`
    socket.data.sessionKey = `session:${session.tokenHash}`
    socket.data.sessionExpiresAt = session.expiresAt
    next()
  }

  io.on('connection', (socket) => {
    const { principal } = socket.data
    gateMessages(socket)
    if (principal.role === 'tracker') return whenSettled(() => connectTracker(socket))
    // Joining the rooms and the first sync happen together, on a state without events still being
    // committed: every fact after that sync reaches this socket, and none before it.
    whenSettled(() => {
      if (socket.disconnected) return
      void socket.join(principal.role === 'staff' ? STAFF_ROOM : DEVICE_ROOM)
      if (isDisplay(principal)) void socket.join(DISPLAY_ROOM)
      const auth = socket.handshake.auth as { lastSeq?: number }
      const missed = typeof auth.lastSeq === 'number' ? engine.eventsAfter(auth.lastSeq) : null
      if (missed)
        socket.emit(
          'sync:events',
          missed.map((e) => forAudience(principal, e)),
        )
      else socket.emit('sync:snapshot', snapshotFor(principal))
    })

    for (const type of COMMAND_TYPES) {
      socket.on(type, (payload: unknown, ack: unknown) => {
        handleCommand(socket, type, payload, ack).catch((error: unknown) =>
          replyInternal(socket, type, ack, error),
        )
      })
    }
    for (const type of REGISTRATION_COMMAND_TYPES) {
      socket.on(type, (payload: unknown, ack: unknown) => {
        handleRegistrationCommand(socket, type, payload, ack).catch((error: unknown) =>
          replyInternal(socket, type, ack, error),
        )
      })
    }
    if (principal.roles.some((role) => REGISTRATION_ROLES.includes(role))) void socket.join(REGISTRATION_ROOM)
    socket.on('sync:since', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return
      const parsed = syncSinceSchema.safeParse(payload)
      if (!parsed.success) return ack(errorAck('invalid_payload', 'send {"seq": <last seq you applied>}'))
      whenSettled(() => {
        const events = engine.eventsAfter(parsed.data.seq)
        const result: SyncResult = events
          ? { kind: 'events', events: events.map((e) => forAudience(principal, e)) }
          : { kind: 'snapshot', snapshot: snapshotFor(principal) }
        ack({ ok: true, seq: engine.state.seq, ...result } satisfies Ack<SyncResult>)
      })
    })
  })

  /**
   * The gate every message passes before any handler: it takes a token (over the rate: `rate_limited`),
   * then refuses what no handler would take — anything from a tracker (`forbidden`), unknown names
   * (`unknown_command`) — so a flood of any kind is answered unread and changes nothing.
   */
  function gateMessages(socket: HubSocket): void {
    // Real elapsed time, not the centre's clock (which tests and the bench may move or freeze).
    const bucket = new CommandBucket(commandRate, () => performance.now())
    const tracker = socket.data.principal.role === 'tracker'
    let refused = 0
    socket.use((packet, next) => {
      const [name] = packet
      const ack = packet[packet.length - 1]
      const reply = typeof ack === 'function' ? (ack as (result: AckError) => void) : () => undefined
      if (!bucket.take()) {
        const seconds = Math.max(1, Math.ceil(bucket.retryAfterMs() / 1000))
        reply(errorAck('rate_limited', `too many commands on this connection; wait ${seconds} s`))
        refused += 1
        if (refused === 1 || refused % 1000 === 0)
          logger.warn({ principal: socket.data.principalKey, refused }, 'commands over the rate refused')
        return
      }
      if (tracker) return reply(errorAck('forbidden', 'a ticket tracker is read-only'))
      if (isCommandType(name) || isRegistrationCommandType(name) || name === 'sync:since') return next()
      reply(errorAck('unknown_command', `the hub has no command "${String(name).slice(0, 64)}"`))
    })
  }

  async function handleCommand(
    socket: HubSocket,
    type: CommandType,
    payload: unknown,
    ack: unknown,
  ): Promise<void> {
    if (typeof ack !== 'function') {
      // Without an ack the client could never know the outcome; refuse rather than act silently.
      logger.warn({ command: type, principal: socket.data.principalKey }, 'command without ack ignored')
      return
    }
    const reply = ack as (result: Ack<object>) => void
    const { principal, principalKey } = socket.data
    // 1. validate
    const parsed = parsePayload(type, commandSchemas[type], payload)
    if (!parsed.success) return reply(parsed.ack)
    // 2. authorise
    if (!mayCommand(principal.roles, type)) {
      return reply(errorAck('forbidden', `${principal.roles.join('/')} may not send ${type}`))
    }
    // 3–5. decide, persist, ack (broadcast follows the commit, in the engine's listener)
    const { requestId, ...fields } = parsed.data
    const command = { type, ...fields } as Parameters<CentreEngine['submit']>[3]
    const result = await engine.submit(principalKey, requestId, actorOf(principal), command)
    reply(result)
  }

  /**
   * The registration desk's commands: the same five steps, but decided and persisted by the desk
   * (its own tables, never the event log); its facts go only to registration staff.
   */
  async function handleRegistrationCommand(
    socket: HubSocket,
    type: RegistrationCommandType,
    payload: unknown,
    ack: unknown,
  ): Promise<void> {
    if (typeof ack !== 'function') {
      logger.warn({ command: type, principal: socket.data.principalKey }, 'command without ack ignored')
      return
    }
    const reply = ack as (result: object) => void
    const { principal, principalKey } = socket.data
    // 1. validate
    const parsed = parsePayload(type, registrationSchemas[type], payload)
    if (!parsed.success) return reply(parsed.ack)
    // 2. authorise
    if (!mayRegister(principal.roles, type)) {
      return reply(errorAck('forbidden', `${principal.roles.join('/')} may not send ${type}`))
    }
    if (!registration)
      return reply(
        errorAck(
          'internal',
          'the mobile-citizen registration desk is not available: it needs the SQLite store, and this hub runs on PostgreSQL',
        ),
      )
    // 3–5. decide, persist, ack (its `registration:updated` facts follow, through the desk's listener)
    const actor = { staffId: principal.id, roles: principal.roles, principalKey }
    reply(await registration.handle(actor, type, parsed.data as never))
  }

  // --- publishing ---------------------------------------------------------------------------------

  registration?.onUpdate((update) => io.to(REGISTRATION_ROOM).emit('registration:updated', update))

  engine.onCommit((events) => {
    if (events.some((e) => e.type === 'day:opened')) pruneHousekeeping()
    for (const event of events) {
      const visible = publicEvent(event)
      const forDisplays = displayEvent(event)
      if (forDisplays !== visible) {
        io.to(STAFF_ROOM).emit(event.type, event as never)
        io.to(DEVICE_ROOM)
          .except(DISPLAY_ROOM)
          .emit(event.type, visible as never)
        io.to(DISPLAY_ROOM).emit(event.type, forDisplays as never)
        continue
      }
      if (visible === event) {
        // Staff and devices are everyone but the trackers: one pass over the sockets, no room union.
        io.except(TRACKER_ROOM).emit(event.type, event as never)
      } else {
        io.to(STAFF_ROOM).emit(event.type, event as never)
        io.to(DEVICE_ROOM).emit(event.type, visible as never)
      }
    }
    scheduleTrackers(events)
  })

  function forAudience(principal: Principal, event: EventEnvelope): EventEnvelope {
    if (principal.role === 'staff') return event
    return isDisplay(principal) ? displayEvent(event) : publicEvent(event)
  }

  /**
   * Runs `show` on a state that holds only durable events: at once with a synchronous store, or once
   * the engine's commit in flight has resolved (an asynchronous store).
   */
  function whenSettled(show: () => void): void {
    const settled = engine.whenSettled()
    if (!settled) return show()
    void settled.then(show).catch((error: unknown) => logger.error({ err: error }, 'sync failed'))
  }

  /** A handler that threw (a bug, or storage trouble): answer, log, and keep serving everyone else. */
  function replyInternal(socket: HubSocket, type: string, ack: unknown, error: unknown): void {
    logger.error({ err: error, command: type, principal: socket.data.principalKey }, 'command handler failed')
    if (typeof ack === 'function') ack(errorAck('internal', 'the hub could not handle this command'))
  }

  /**
   * Snapshots are built once per seq and audience and shared: a hall full of displays reconnecting at
   * once costs one copy of the day, not one each.
   */
  const snapshotCache: {
    seq: number
    staff: CentreState | null
    devices: CentreState | null
    displays: CentreState | null
  } = { seq: -1, staff: null, devices: null, displays: null }

  function snapshotFor(principal: Principal): Snapshot {
    if (snapshotCache.seq !== engine.state.seq) {
      snapshotCache.seq = engine.state.seq
      snapshotCache.staff = null
      snapshotCache.devices = null
      snapshotCache.displays = null
    }
    const audience = principal.role === 'staff' ? 'staff' : isDisplay(principal) ? 'displays' : 'devices'
    const state = (snapshotCache[audience] ??=
      audience === 'staff'
        ? structuredClone(engine.state)
        : audience === 'displays'
          ? displayState(engine.state)
          : publicState(engine.state))
    return { seq: engine.state.seq, serverTime: now(), state, config: centreConfig, you: principal }
  }

  /** Once a day: retry records older than two days and expired staff sessions go. */
  function pruneHousekeeping(): void {
    void (async () => {
      const results = await store.pruneResults(now() - 2 * 24 * 60 * 60_000)
      const sessions = await store.pruneSessions(now())
      logger.info({ results, sessions }, 'pruned old retry records and expired sessions')
    })().catch((error: unknown) => logger.error({ err: error }, 'pruning failed'))
  }

  // --- phone trackers -----------------------------------------------------------------------------

  /** Tracked ticket id -> the last view sent, so unchanged views are not resent. */
  const trackers = new Map<string, string>()
  let trackerTimer: NodeJS.Timeout | null = null
  /** A refresh is due and waits for the commit in flight (asynchronous store only). */
  let trackersWaiting = false
  let dayRolled = false
  const trackerIntervalMs = options.trackerIntervalMs ?? 300

  function connectTracker(socket: HubSocket): void {
    const ticketId = socket.data.trackTicketId!
    void socket.join([trackRoom(ticketId), TRACKER_ROOM])
    const view = trackView(ticketId)
    trackers.set(ticketId, JSON.stringify({ ...view, updatedAt: 0 }))
    socket.emit('track:updated', view)
    socket.on('disconnect', () => {
      if ((io.sockets.adapter.rooms.get(trackRoom(ticketId))?.size ?? 0) === 0) trackers.delete(ticketId)
    })
  }

  /** Services whose queues changed since the last refresh; `all` after a new day. */
  let touched: Set<string> | 'all' = new Set()

  function scheduleTrackers(events: EventEnvelope[]): void {
    if (trackers.size === 0) return
    for (const event of events) {
      if (event.type === 'day:opened') {
        dayRolled = true
        touched = 'all'
      }
      if (touched === 'all') continue
      if ('ticketId' in event) {
        const serviceId = engine.state.tickets[event.ticketId]?.serviceId
        if (serviceId) touched.add(serviceId)
        if (event.type === 'ticket:transferred') touched.add(event.fromServiceId)
      } else if ('deskId' in event) {
        for (const serviceId of engine.state.desks[event.deskId]?.serviceIds ?? []) touched.add(serviceId)
      }
    }
    if (trackerTimer || trackersWaiting) return
    trackerTimer = setTimeout(refreshTrackers, trackerIntervalMs)
  }

  function refreshTrackers(): void {
    trackerTimer = null
    // A view must not show a commit still in flight: refresh once it has resolved.
    const settled = engine.whenSettled()
    if (settled) {
      trackersWaiting = true
      void settled.then(() => {
        trackersWaiting = false
        refreshTrackers()
      })
      return
    }
    const services = touched
    touched = new Set()
    for (const [ticketId, last] of trackers) {
      const serviceId = engine.state.tickets[ticketId]?.serviceId
      if (services !== 'all' && serviceId !== undefined && !services.has(serviceId)) continue
      const view = trackView(ticketId)
      const text = JSON.stringify({ ...view, updatedAt: 0 })
      if (text === last) continue
      trackers.set(ticketId, text)
      io.to(trackRoom(ticketId)).emit('track:updated', view)
    }
    if (dayRolled) {
      dayRolled = false
      // Yesterday's trackers have nothing more to follow.
      for (const ticketId of [...trackers.keys()]) {
        if (!engine.state.tickets[ticketId]) {
          io.in(trackRoom(ticketId)).disconnectSockets(true)
          trackers.delete(ticketId)
        }
      }
    }
  }

  function trackView(ticketId: string): TrackView {
    const ticket = engine.state.tickets[ticketId]
    const service = ticket ? config.services.find((s) => s.id === ticket.serviceId) : undefined
    const estimate = ticket ? estimateWait(engine.state, config, ticketId, now(), categoryRanks) : null
    const desk = ticket?.deskId ? config.desks.find((d) => d.id === ticket.deskId) : undefined
    return {
      number: ticket?.number ?? '',
      serviceId: ticket?.serviceId ?? '',
      status: ticket?.status ?? 'expired',
      ahead: estimate?.ahead ?? null,
      estimateMinutes: estimate?.minutes ?? null,
      deskLabel:
        ticket && (ticket.status === 'called' || ticket.status === 'serving') ? (desk?.label ?? null) : null,
      recalls: ticket?.recalls ?? 0,
      centre: config.centre.name,
      service: service?.name ?? null,
      updatedAt: now(),
    }
  }

  // --- lifecycle ----------------------------------------------------------------------------------

  /** Staff sockets whose session has expired are closed; the face asks its user to sign in again. */
  function closeExpiredSessions(): void {
    const at = now()
    for (const socket of io.of('/').sockets.values()) {
      const expiresAt = socket.data.sessionExpiresAt
      if (expiresAt !== undefined && expiresAt <= at) socket.disconnect(true)
    }
  }

  const dayTimer = setInterval(() => {
    engine.tick()
    closeExpiredSessions()
  }, options.housekeepingIntervalMs ?? 30_000)
  dayTimer.unref()
  let port = 0
  let host = '127.0.0.1'

  registration?.start()

  return {
    engine,
    registration,
    io,
    http,
    listen(requestedPort, requestedHost = '127.0.0.1') {
      host = requestedHost
      return new Promise((resolve, reject) => {
        http.once('error', reject)
        http.listen(requestedPort, requestedHost, () => {
          http.off('error', reject)
          port = (http.address() as AddressInfo).port
          resolve(port)
        })
      })
    },
    url() {
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
      return `http://${shown}:${port}`
    },
    async close() {
      clearInterval(dayTimer)
      if (trackerTimer) clearTimeout(trackerTimer)
      await engine.idle()
      await registration?.close()
      // io.close() also closes the HTTP server, which waits for its open connections: idle keep-alive
      // ones close at once, a request still running (a browser fetching a face) gets two seconds.
      const force = setTimeout(() => http.closeAllConnections(), 2_000)
      try {
        await new Promise<void>((resolve) => io.close(() => resolve()))
        if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()))
      } finally {
        clearTimeout(force)
      }
    },
  }
}

function isDisplay(principal: Principal): boolean {
  return principal.role === 'device' && principal.roles.includes('display')
}

function actorOf(principal: Principal): Actor {
  if (principal.role === 'staff') return { kind: 'staff', staffId: principal.id, roles: principal.roles }
  return {
    kind: 'device',
    deviceId: principal.id,
    deviceKind: principal.roles[0] === 'display' ? 'display' : 'kiosk',
  }
}

/** Step 1 of every command: at most MAX_COMMAND_BYTES of JSON, matching the command's schema exactly. */
function parsePayload<S extends ZodType>(
  type: string,
  schema: S,
  payload: unknown,
): { success: true; data: z.output<S> } | { success: false; ack: AckError } {
  let size: number
  try {
    // Bytes, not characters: Kazakh and Russian letters take two bytes each in UTF-8.
    size = Buffer.byteLength(JSON.stringify(payload ?? null), 'utf8')
  } catch {
    return { success: false, ack: errorAck('invalid_payload', 'the payload is not JSON') }
  }
  if (size > MAX_COMMAND_BYTES) {
    return {
      success: false,
      ack: errorAck('payload_too_large', `the payload is ${size} bytes; the limit is ${MAX_COMMAND_BYTES}`),
    }
  }
  const parsed = schema.safeParse(payload)
  if (!parsed.success) {
    const detail = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
      .join('; ')
    return { success: false, ack: errorAck('invalid_payload', `${type}: ${detail}`) }
  }
  return { success: true, data: parsed.data }
}

function connectError(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code } })
}

/** A valid hash of a random password, verified against for unknown logins. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; media-src 'self' data: blob:; frame-ancestors 'none'",
  )
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(text)
}

function sendAnswer(res: ServerResponse, answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value)
  if (typeof answer.body !== 'string') return sendJson(res, answer.status, answer.body)
  res.statusCode = answer.status
  res.setHeader('Cache-Control', 'no-store')
  res.end(answer.body)
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.end(text)
}

type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: number; code: 'invalid_payload' | 'payload_too_large'; message: string }

function readJson(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        done = true
        resolve({
          ok: false,
          status: 413,
          code: 'payload_too_large',
          message: `the body is over ${MAX_BODY_BYTES} bytes`,
        })
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (done) return
      done = true
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      } catch {
        resolve({ ok: false, status: 400, code: 'invalid_payload', message: 'the body is not valid JSON' })
      }
    })
    req.on('error', () => {
      if (done) return
      done = true
      resolve({
        ok: false,
        status: 400,
        code: 'invalid_payload',
        message: 'the request body could not be read',
      })
    })
  })
}
