/**
 * A real hub for integration tests: `createHub` with a SQLite store in a temporary data folder, on an
 * ephemeral port, talked to by real socket.io-client connections over WebSocket. Also reusable by the
 * browser e2e tests, and `spawnHubProcess` runs the CLI as a child process for crash tests.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { io, type Socket } from 'socket.io-client'
import {
  centreConfigSchema,
  type CentreConfig,
  type DeskConfig,
  type StaffRole,
} from '../../src-shared/config'
import {
  evolve,
  type CentreState,
  type CommandType,
  type EventEnvelope,
  type EventOf,
  type EventType,
} from '../../src-shared/domain'
import type {
  Ack,
  ClientToHubEvents,
  CommandPayload,
  CommandResult,
  HubToClientEvents,
  Snapshot,
  SyncResult,
} from '../../src-shared/protocol'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { createLogger, type Logger } from '../../src-main/hub/logger'
import { hashDeviceKey, hashPassword } from '../../src-main/hub/passwords'
import { openHub, type Hub, type HubOptions } from '../../src-main/hub/server'
import { openPostgresStore } from '../../src-main/hub/store/postgres-store'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import type { AsyncEventStore } from '../../src-main/hub/store/types'
import { defaultKeyFile } from '../../src-main/hub/vault'
import { readDemoAccounts } from '../hub/fixtures/demo-accounts'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLI_PATH = fileURLToPath(new URL('../../src-main/hub/cli.ts', import.meta.url))

/** How long a test waits for an ack or a fact before it fails, instead of hanging until vitest's timeout. */
export const WAIT_MS = 5_000

/**
 * 09:00 on a Tuesday in Almaty (the demo centre's zone): a start for tests whose clock jumps hours ahead.
 * Starting from `Date.now()` made them depend on the hour CI ran: a jump past local midnight opens a new
 * day, and the new day prunes the expired sessions such a test still means to present.
 */
export const TUESDAY_MORNING = Date.UTC(2026, 10, 24, 4, 0, 0)

export type ClientSocket = Socket<HubToClientEvents, ClientToHubEvents>

/** A fact of one type as broadcast: `Fact<'ticket:called'>`. */
export type Fact<T extends EventType> = EventEnvelope<EventOf<T>>

/** Staff passwords by login and device keys by device id. */
export interface Credentials {
  passwords: Record<string, string>
  deviceKeys: Record<string, string>
}

/** The demo accounts of docs/demo-accounts.md, which the demo config's hashes belong to. */
export function demoCredentials(): Credentials {
  const { staff, devices } = readDemoAccounts()
  return {
    passwords: Object.fromEntries(staff.map((s) => [s.login, s.password])),
    deviceKeys: Object.fromEntries(devices.map((d) => [d.deviceId, d.key])),
  }
}

/** A fresh copy of the demo centre config (`policy.enforceOpeningHours` is off there). */
export function demoConfig(): CentreConfig {
  return loadCentreConfig(DEFAULT_CONFIG_PATH)
}

/**
 * A config whose self-service scenarios run on a portal stand-in at `origin` (e.g. a loopback server of
 * the test, `http://127.0.0.1:41234`) instead of egov.kz: the same paths (`/idp/...`, `/services/...`),
 * and the stand-in's `host:port` as the only allowed domain. Validated like a config file.
 */
export function withPortalStandIn(config: CentreConfig, origin: string): CentreConfig {
  const base = new URL(origin)
  const moved = (url: string) => url.replace(/^https:\/\/(idp\.)?egov\.kz(?=\/|$)/, base.origin)
  return centreConfigSchema.parse({
    ...config,
    services: config.services.map((service) =>
      service.selfService
        ? {
            ...service,
            selfService: {
              ...service.selfService,
              ...(service.selfService.startUrl ? { startUrl: moved(service.selfService.startUrl) } : {}),
              steps: service.selfService.steps.map((step) => ({
                ...step,
                urlPattern: moved(step.urlPattern),
              })),
            },
          }
        : service,
    ),
    selfService: { ...config.selfService, allowedDomains: [base.host] },
  })
}

export interface ExtraStaff {
  id: string
  login: string
  password: string
  roles: StaffRole[]
  firstName?: string
}

export interface ExtraDevice {
  id: string
  kind: 'kiosk' | 'display'
  key: string
}

/** The demo config with more staff, devices or desks, validated like a config file, and their credentials. */
export async function extendDemoConfig(extra: {
  staff?: ExtraStaff[]
  devices?: ExtraDevice[]
  desks?: DeskConfig[]
}): Promise<{ config: CentreConfig; credentials: Credentials }> {
  const base = demoConfig()
  const credentials = demoCredentials()
  const hashes = new Map<string, string>()
  const staff = []
  for (const s of extra.staff ?? []) {
    // scrypt is slow on purpose; staff sharing a password share one hash.
    let hash = hashes.get(s.password)
    if (!hash) hashes.set(s.password, (hash = await hashPassword(s.password)))
    staff.push({
      id: s.id,
      login: s.login,
      firstName: s.firstName ?? s.id,
      lastName: 'Test',
      roles: s.roles,
      passwordHash: hash,
    })
    credentials.passwords[s.login] = s.password
  }
  const devices = (extra.devices ?? []).map((d) => {
    credentials.deviceKeys[d.id] = d.key
    return { id: d.id, kind: d.kind, name: `Test ${d.kind} ${d.id}`, keyHash: hashDeviceKey(d.key) }
  })
  const config = centreConfigSchema.parse({
    ...base,
    desks: [...base.desks, ...(extra.desks ?? [])],
    staff: [...base.staff, ...staff],
    devices: [...base.devices, ...devices],
  })
  return { config, credentials }
}

/** The ack of a command that must succeed; fails the test with the hub's error otherwise. */
export function expectOk<T extends { ok: boolean }>(ack: T): Extract<T, { ok: true }> {
  if (!ack.ok) throw new Error(`expected an ok ack, got ${JSON.stringify(ack)}`)
  return ack as Extract<T, { ok: true }>
}

let requestCounter = 0

/** A request id as a client makes one per user action: unique, and valid for the protocol. */
export function requestId(): string {
  requestCounter += 1
  return `test-${process.pid}-${requestCounter}-${randomBytes(6).toString('hex')}`
}

export function makeTempDir(prefix = 'kezek-hub-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export interface Received {
  event: string
  data: unknown
}

/** Messages outside the event log: no `seq`, not facts to fold. */
const SYNC_EVENTS = new Set([
  'sync:snapshot',
  'sync:events',
  'track:updated',
  'registration:updated',
  'config:updated',
  'devices:presence',
])

/**
 * A connected client that records everything the hub sends it, so a test can look at facts that arrived
 * before it started waiting for them.
 */
export class TestClient {
  readonly received: Received[] = []
  private readonly waiters = new Set<() => void>()

  constructor(readonly socket: ClientSocket) {
    socket.onAny((event: string, data: unknown) => {
      this.received.push({ event, data })
      for (const wake of [...this.waiters]) wake()
    })
  }

  /** The first snapshot the hub sent (clients made by the harness always have one, trackers excepted). */
  get snapshot(): Snapshot {
    const first = this.received.find((r) => r.event === 'sync:snapshot')
    if (!first) throw new Error('this client received no snapshot')
    return first.data as Snapshot
  }

  /** Every domain fact received as a broadcast, in arrival order. */
  facts(): EventEnvelope[] {
    return this.received.filter((r) => !SYNC_EVENTS.has(r.event)).map((r) => r.data as EventEnvelope)
  }

  /** The highest seq this client has seen, from its snapshot, catch-up events and facts. */
  lastSeq(): number {
    let seq = 0
    for (const { event, data } of this.received) {
      if (event === 'sync:snapshot') seq = Math.max(seq, (data as Snapshot).seq)
      else if (event === 'sync:events') for (const e of data as EventEnvelope[]) seq = Math.max(seq, e.seq)
      else if (!SYNC_EVENTS.has(event)) seq = Math.max(seq, (data as EventEnvelope).seq)
    }
    return seq
  }

  /**
   * The centre as this client would show it: its snapshot with every later fact applied by the same
   * `evolve` the faces use.
   */
  state(): CentreState {
    let state: CentreState | undefined
    const apply = (event: EventEnvelope) => {
      if (!state) throw new Error('this client received facts before any snapshot')
      if (event.seq > state.seq) evolve(state, event)
    }
    for (const { event, data } of this.received) {
      if (event === 'sync:snapshot') state = structuredClone((data as Snapshot).state)
      else if (event === 'sync:events') (data as EventEnvelope[]).forEach(apply)
      else if (!SYNC_EVENTS.has(event)) apply(data as EventEnvelope)
    }
    if (!state) throw new Error('this client received no snapshot')
    return state
  }

  /** Resolves with the first message `event` (already received or still to come) that matches. */
  waitFor<T = unknown>(
    event: string,
    match: (data: T) => boolean = () => true,
    timeoutMs = WAIT_MS,
  ): Promise<T> {
    let seen = 0
    let found: T | undefined
    return this.waitUntil(
      () => {
        for (; seen < this.received.length; seen++) {
          const r = this.received[seen]!
          if (r.event === event && match(r.data as T)) {
            found = r.data as T
            return true
          }
        }
        return false
      },
      `a "${event}" that matches`,
      timeoutMs,
    ).then(() => found as T)
  }

  /** Resolves once this client has seen every event up to `seq`. */
  waitForSeq(seq: number, timeoutMs = WAIT_MS): Promise<void> {
    return this.waitUntil(() => this.lastSeq() >= seq, `seq ${seq}`, timeoutMs)
  }

  private waitUntil(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return
        cleanup()
        resolve()
      }
      const timer = setTimeout(() => {
        cleanup()
        const events = this.received.map((r) => r.event).join(', ')
        reject(new Error(`no ${what} within ${timeoutMs} ms (received: ${events})`))
      }, timeoutMs)
      const cleanup = () => {
        clearTimeout(timer)
        this.waiters.delete(check)
      }
      this.waiters.add(check)
      check()
    })
  }

  /**
   * Sends any event with any arguments and waits for the ack. Rejects on timeout or when the connection
   * drops first, so a load loop stops at once when the hub dies.
   */
  send<R = Ack<object>>(event: string, ...args: unknown[]): Promise<R> {
    const socket = this.socket as unknown as Socket
    if (!socket.connected) return Promise.reject(new Error(`not connected: cannot send ${event}`))
    return new Promise<R>((resolve, reject) => {
      const onDisconnect = (reason: string) => {
        clearTimeout(timer)
        reject(new Error(`disconnected (${reason}) before the ack of ${event}`))
      }
      const timer = setTimeout(() => {
        socket.off('disconnect', onDisconnect)
        reject(new Error(`no ack for ${event} within ${WAIT_MS} ms`))
      }, WAIT_MS)
      socket.once('disconnect', onDisconnect)
      socket.emit(event, ...args, (result: R) => {
        clearTimeout(timer)
        socket.off('disconnect', onDisconnect)
        resolve(result)
      })
    })
  }

  /** Sends without an ack callback, as a careless client would. */
  emitWithoutAck(event: string, ...args: unknown[]): void {
    ;(this.socket as unknown as Socket).emit(event, ...args)
  }

  /** Sends a command with a fresh request id (unless one is given) and waits for its ack. */
  command<T extends CommandType>(
    type: T,
    payload: Omit<CommandPayload<T>, 'requestId'> & { requestId?: string },
  ): Promise<Ack<CommandResult<T>>> {
    return this.send(type, { requestId: requestId(), ...payload })
  }

  /** `sync:since`: the events after `seq`, or a snapshot. */
  syncSince(seq: number): Promise<Ack<SyncResult>> {
    return this.send('sync:since', { seq })
  }

  /** Resolves once the hub has closed this connection (or right away if it is already closed). */
  disconnected(timeoutMs = WAIT_MS): Promise<string> {
    if (!this.socket.connected) return Promise.resolve('already disconnected')
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs)
      this.socket.once('disconnect', (reason) => {
        clearTimeout(timer)
        resolve(reason)
      })
    })
  }

  close(): void {
    this.socket.disconnect()
  }
}

export type HandshakeAuth = Record<string, unknown>

/** What the hub says when it refuses a handshake. */
export interface ConnectRefusal {
  message: string
  data: { code?: string } | undefined
}

function openSocket(url: string, auth: HandshakeAuth | undefined): ClientSocket {
  return io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: WAIT_MS,
    ...(auth ? { auth } : {}),
  })
}

/**
 * Connects and resolves once the hub has sent `readyEvent` (by default the snapshot every face gets
 * first). Rejects with the refusal when the hub refuses the handshake.
 */
export function connectClient(
  url: string,
  auth: HandshakeAuth | undefined,
  readyEvent: 'sync:snapshot' | 'sync:events' | 'track:updated' = 'sync:snapshot',
): Promise<TestClient> {
  const socket = openSocket(url, auth)
  const client = new TestClient(socket)
  return new Promise((resolve, reject) => {
    const onError = (error: Error & { data?: { code?: string } }) => {
      socket.disconnect()
      reject(Object.assign(new Error(`connect refused: ${error.message}`), { data: error.data }))
    }
    socket.once('connect_error', onError)
    client.waitFor(readyEvent).then(
      () => {
        socket.off('connect_error', onError)
        resolve(client)
      },
      (error: unknown) => {
        socket.disconnect()
        reject(error as Error)
      },
    )
  })
}

/** Tries a handshake the hub should refuse; resolves with its refusal, fails if the hub accepts it. */
export function expectConnectRefused(url: string, auth: HandshakeAuth | undefined): Promise<ConnectRefusal> {
  const socket = openSocket(url, auth)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect()
      reject(new Error('the hub neither accepted nor refused the handshake'))
    }, WAIT_MS)
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      clearTimeout(timer)
      socket.disconnect()
      resolve({ message: error.message, data: error.data })
    })
    socket.once('connect', () => {
      clearTimeout(timer)
      socket.disconnect()
      reject(new Error('the hub accepted a handshake it should have refused'))
    })
  })
}

export interface Health {
  status: string
  centre: { id: string; name: { kk: string; ru: string; en?: string } }
  day: string | null
  seq: number
  uptimeSeconds: number
  clients: number
}

export async function getHealth(url: string): Promise<Health> {
  const response = await fetch(`${url}/healthz`)
  if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`)
  return (await response.json()) as Health
}

/** `POST /api/sessions`; throws unless the hub signs the staff member in. */
export async function signInAt(url: string, login: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  })
  const body = (await response.json()) as { token?: string }
  if (response.status !== 201 || !body.token)
    throw new Error(`sign-in of ${login} answered ${response.status}`)
  return body.token
}

export interface TestHubOptions {
  config?: CentreConfig
  /** Passwords and keys for accounts the config adds to the demo ones. */
  credentials?: Credentials
  now?: () => number
  /** Reuse this data folder (e.g. to restart on it); the caller removes it. Default: a new temp folder. */
  dataDir?: string
  /** Listen on this port (e.g. to restart where clients will reconnect). Default: an ephemeral port. */
  port?: number
  /** Keep the log in PostgreSQL at this URL (e.g. a test schema's) instead of SQLite in the data folder. */
  postgresUrl?: string
  /** Where the hub logs; default nowhere. E.g. to count what the hub refused or logged. */
  logger?: Logger
  /** Anything else createHub takes (sessionTtlMs, trackerIntervalMs...). */
  hubOptions?: Partial<Omit<HubOptions, 'config' | 'store' | 'logger' | 'now'>>
}

export interface TestHub {
  url: string
  hub: Hub
  store: AsyncEventStore
  config: CentreConfig
  dataDir: string
  credentials: Credentials
  /** Signs in through HTTP; the password defaults to the account's known one. */
  signIn(login: string, password?: string): Promise<string>
  /** Signs in and connects a staff socket; `token` reuses a session instead. */
  staffClient(login: string, options?: { token?: string; lastSeq?: number }): Promise<TestClient>
  deviceClient(deviceId: string, options?: { lastSeq?: number }): Promise<TestClient>
  trackerClient(trackToken: string): Promise<TestClient>
  health(): Promise<Health>
  /** Closes every client the harness made, the hub and the store, and removes a temp folder it made. */
  close(): Promise<void>
}

/** Removes a data folder and the vault key the hub made beside it. */
export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(defaultKeyFile(dataDir), { force: true })
}

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const config = options.config ?? demoConfig()
  const credentials = options.credentials ?? demoCredentials()
  const ownsDataDir = options.dataDir === undefined
  const dataDir = options.dataDir ?? makeTempDir()
  const store = options.postgresUrl
    ? await openPostgresStore(options.postgresUrl, { centreId: config.centre.id })
    : openSqliteStore(dataDir)
  let hub: Hub
  try {
    hub = await openHub({
      ...options.hubOptions,
      config,
      store,
      // On PostgreSQL too: the demo SMS outbox goes here, and the vault key beside it.
      dataDir,
      logger: options.logger ?? createLogger({ level: 'silent' }),
      ...(options.now ? { now: options.now } : {}),
    })
    await hub.listen(options.port ?? 0)
  } catch (error) {
    await store.close()
    if (ownsDataDir) removeDataDir(dataDir)
    throw error
  }
  const url = hub.url()
  const clients: TestClient[] = []
  const track = (client: TestClient) => {
    clients.push(client)
    return client
  }
  const password = (login: string) => {
    const known = credentials.passwords[login]
    if (known === undefined) throw new Error(`no known password for ${login}`)
    return known
  }

  const testHub: TestHub = {
    url,
    hub,
    store,
    config,
    dataDir,
    credentials,
    signIn: (login, given) => signInAt(url, login, given ?? password(login)),
    async staffClient(login, { token, lastSeq } = {}) {
      const session = token ?? (await testHub.signIn(login))
      const auth = { role: 'staff', token: session, ...(lastSeq !== undefined ? { lastSeq } : {}) }
      return track(await connectClient(url, auth, lastSeq !== undefined ? 'sync:events' : 'sync:snapshot'))
    },
    async deviceClient(deviceId, { lastSeq } = {}) {
      const key = credentials.deviceKeys[deviceId]
      if (key === undefined) throw new Error(`no known key for device ${deviceId}`)
      const auth = { role: 'device', deviceId, key, ...(lastSeq !== undefined ? { lastSeq } : {}) }
      return track(await connectClient(url, auth, lastSeq !== undefined ? 'sync:events' : 'sync:snapshot'))
    },
    async trackerClient(trackToken) {
      return track(await connectClient(url, { role: 'tracker', ticketToken: trackToken }, 'track:updated'))
    },
    health: () => getHealth(url),
    async close() {
      for (const client of clients) client.close()
      try {
        await hub.close()
      } finally {
        await store.close()
        if (ownsDataDir) removeDataDir(dataDir)
      }
    },
  }
  return testHub
}

export interface HubProcess {
  url: string
  child: ChildProcessWithoutNullStreams
  /** Everything the child wrote to stdout and stderr so far (for failure messages). */
  output(): string
  /** Resolves when the child has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** The demo centre, whatever KEZEK_* settings the developer's shell has. */
function withoutKezekSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('KEZEK_')))
}

const LISTENING = /Kezek hub listening on (http:\/\/127\.0\.0\.1:\d+)/

/**
 * Runs `npm run hub` the way an operator does (the CLI under tsx, in its own process), on a free port
 * and the given data folder; resolves once it says it is listening.
 */
export function spawnHubProcess(dataDir: string, extraArgs: string[] = []): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI_PATH, '--port', '0', '--data', dataDir, '--log-level', 'warn', ...extraArgs],
    { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: withoutKezekSettings(process.env) },
  )
  let output = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the hub process did not start within 20 s:\n${output}`))
    }, 20_000)
    const onData = (chunk: string) => {
      output += chunk
      const match = LISTENING.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ url: match[1]!, child, output: () => output, exited })
      }
    }
    child.stdout.setEncoding('utf8').on('data', onData)
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      reject(
        new Error(`the hub process exited (code ${code}, signal ${signal}) before listening:\n${output}`),
      )
    })
  })
}
