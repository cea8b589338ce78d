/**
 * The hub: HTTP (faces, health, sign-in) and Socket.IO (commands and facts) for one centre.
 *
 * Built by a factory that takes its dependencies, so tests start it on an ephemeral port with a
 * temporary data folder and talk to it with real clients. This file only composes the hub's modules:
 * `http/` (one small app per feature), `staff-sessions`, `handshake` with `connection-limits`,
 * `command-gate` (the one command path: validate, authorise, decide, persist, ack), `fan-out` (facts to
 * each audience) with `backlog-guard`, `trackers`, `housekeeping`, `vault-mount` (personal data, sealed),
 * `registration-mount` and `staff-bookings` (staff booking on a citizen's behalf), `notify` (notifications
 * to citizens through an outbox) and `telegram` (the centre's bot, when the config names one).
 */
import { randomUUID } from 'node:crypto'
import { createServer, type Server as HttpServer } from 'node:http'
import type { CentreConfig } from '../../src-shared/config'
import type { ConfigAdmin } from './admin/config-change'
import { openConfigVersions, type ConfigVersions } from './admin/config-versions'
import { openPairingCodes } from './admin/pairing-codes'
import { dropChangedDevices, mountAdmin, startingConfig } from './admin/mount-admin'
import { BacklogGuard, validBacklogLimits, type BacklogLimits } from './backlog-guard'
import { CentreEngine, type EngineDeps } from './centre-engine'
import { commandGate, engineCommands } from './command-gate'
import { commandRateFor, validCommandRate, type CommandRateOptions } from './command-rate'
import { ConnectionLimits, validConnectionLimits, type ConnectionLimitOptions } from './connection-limits'
import { DevicePresences } from './device-presence'
import { FanOut } from './fan-out'
import { handshake } from './handshake'
import { apiApp } from './http/api'
import { bookApp } from './http/book'
import { facesApp } from './http/faces'
import { joinApp } from './http/join'
import { httpListener } from './http/listener'
import { requestGuard } from './http/request-guard'
import { httpRouter } from './http/router'
import { sessionRoutes } from './http/session-routes'
import { statusRoutes } from './http/status-routes'
import { closeServers, connectedSockets, createHubIo, type HubIo } from './hub-io'
import { startHousekeeping } from './housekeeping'
import type { Logger } from './logger'
import { kioskCheckIn } from './kiosk-check-in'
import type { NotifyConsents } from './notify/contracts'
import { mountNotifier, notificationsApp, type Notifier, type TelegramSender } from './notify'
import { newToken } from './passwords'
import { mountReports, supervisorAudit, type Reports } from './reports'
import { mountRegistration, type RegistrationDesk, type RegistrationHubOptions } from './registration-mount'
import { defaultKeyFile } from './vault'
import { mountVault, type HubVault } from './vault-mount'
import { staffBookings } from './staff-bookings'
import { StaffSessions } from './staff-sessions'
import { lockCentre } from './store/centre-lock'
import { isSqliteEventStore, type SqliteEventStore } from './store/sqlite-store'
import { LiveConfig } from './live-config'
import type { AsyncEventStore } from './store/types'
import { trackLinkRoutes } from './http/track-links'
import { trackApp } from './http/track'
import {
  checkTelegram,
  localBotHub,
  mountTelegram,
  TelegramRelay,
  type RelayOptions,
  type TelegramHubOptions,
  type TelegramMount,
} from './telegram'
import { PhoneTrackers } from './trackers'

export type { RegistrationHubOptions }

export interface HubOptions {
  config: CentreConfig
  /** The centre's store: SQLite (the embedded default) or PostgreSQL. */
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
  /** How often (on the hub's clock) bookings' personal data past retention is swept; default an hour. */
  retentionSweepMs?: number
  /**
   * Commands every connection may send, whoever it is (see `command-rate.ts`), instead of the config's
   * `limits` (per role and device; 100 a second, bursts of 200 by default). For tests and the bench.
   */
  commandRate?: CommandRateOptions
  /**
   * Failed handshakes per address and sockets per credential (see `connection-limits.ts`); each field
   * defaults: 10 failures a minute lock an address for a minute, 5 sockets per tracked ticket, 20 per device.
   */
  connectionLimits?: Partial<ConnectionLimitOptions>
  /**
   * What one socket may leave unread before it is dropped (see `backlog-guard.ts`); each field defaults:
   * 1,000 messages queued, 4 MiB handed to its WebSocket.
   */
  backlog?: Partial<BacklogLimits>
  /** Look-ups by IIN each kiosk may start (see `kiosk-check-in.ts`); default 5 at once, 30 an hour. */
  kioskLookupRate?: CommandRateOptions
  onFatal?: (error: unknown) => void
  /**
   * The mobile-citizen registration desk. Its tables live beside the event log (the SQLite file, or the
   * same PostgreSQL database); its adapters default to those of `config.registration`.
   */
  registration?: RegistrationHubOptions
  /**
   * The folder of the files the hub keeps beside its store (the demo SMS outbox). Default: the SQLite
   * store's data folder; required on PostgreSQL.
   */
  dataDir?: string
  /**
   * The vault's key file, which seals personal data at rest (see `vault/`). Default: beside (never in)
   * the data folder, `<dataDir>.vault-key.json`, made on first start.
   */
  vaultKeyFile?: string
  /**
   * What the Telegram bot needs besides the hub: by default the notifier's links and consents and
   * `process.env` for its token; tests give their own. The bot runs when the config names one (`telegram`).
   */
  telegramBot?: Partial<TelegramHubOptions>
  /** How the relay to a bot in its own process waits (`telegram.runsIn: bot-process`); tests shorten it. */
  telegramRelay?: Omit<RelayOptions, 'entries'>
  /**
   * The citizens' consents to be notified, which `/join` and the integration API's remote tickets
   * record. Default: the notifier's (tests give their own).
   */
  notifyConsents?: NotifyConsents
  /** The Telegram bot's username for `/join`'s link to it. Default: the config's `telegram.username`. */
  telegramBotUsername?: string
  /**
   * Sends Telegram messages for the notifier. Default: the centre's bot when the config names one;
   * without one, Telegram notifications fail saying so (none are made unless a citizen linked a chat).
   */
  telegram?: TelegramSender
}

export interface Hub {
  engine: CentreEngine
  /**
   * The centre config as it is now: the newest stored version (the admin screen's), else the file's.
   * Every module reads through it, so a change takes effect without a restart.
   */
  config: LiveConfig
  /** The admin screen's changes: validated whole, stored as a version, then live. */
  admin: ConfigAdmin
  registration: RegistrationDesk
  /**
   * Personal data at rest, opened once for the whole hub: `vault.entries` keeps the values that events
   * refer to by id (bookings' IINs and phones), `vault.desk` the registration desk's rows.
   */
  vault: HubVault
  /** Notifications to citizens: the outbox, consents and Telegram links (`notify/`). */
  notifier: Notifier
  io: HubIo
  http: HttpServer
  /** Reports across days (`reports/`): the report tables kept up with the log; null on a store without tables. */
  reports: Reports | null
  /** The centre's Telegram bot when the config names one (its `sender` is the notifier's way to a chat). */
  telegram: TelegramMount | null
  /** The relay to the bot in its own process (`telegram.runsIn: bot-process`), else null. */
  telegramRelay: TelegramRelay | null
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>
  url(): string
  close(): Promise<void>
}

/**
 * A hub on any store (PostgreSQL or SQLite): reads today's events, opens the vault and the registration
 * desk, then builds the hub. Rejects, with the store left as it was, when any of them cannot open.
 */
export async function openHub(options: HubOptions): Promise<Hub> {
  // One hub per centre's data: a second one, or a key rotation, is refused while this one runs.
  const lock = await lockCentre(options.store, `a hub`)
  try {
    // The newest version the admin screen stored wins over the file, which only bootstraps a centre.
    const versions = openConfigVersions(options.store)
    const live = new LiveConfig(await startingConfig(versions, options.config))
    const liveOptions = { ...options, config: live.view }
    const engine = await CentreEngine.open(engineDeps(liveOptions))
    const hub = await buildHub(liveOptions, engine, live, versions)
    const close = hub.close.bind(hub)
    hub.close = async () => {
      try {
        await close()
      } finally {
        await lock.release()
      }
    }
    return hub
  } catch (error) {
    await lock.release()
    throw error
  }
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

async function buildHub(
  options: HubOptions,
  engine: CentreEngine,
  live: LiveConfig,
  versions: ConfigVersions | null,
): Promise<Hub> {
  const { store, logger } = options
  // Refused before anything is built.
  const rate = options.commandRate && validCommandRate(options.commandRate)
  const { limits: configLimits } = options.config
  const limits = new ConnectionLimits(validConnectionLimits(options.connectionLimits))
  const backlogLimits = validBacklogLimits(options.backlog)
  const botSettings = options.config.telegram
  const botInHub = botSettings?.runsIn === 'hub' ? botSettings : null
  if (botInHub) checkTelegram(botInHub, options.telegramBot)
  const sqlite = isSqliteEventStore(store) ? store : null
  if (sqlite) layOutWal(sqlite, logger)
  /** What most modules need; each takes the part it names. */
  const deps = {
    config: options.config,
    store,
    logger,
    now: options.now ?? Date.now,
    engine,
    io: createHubIo(),
  }
  const { io } = deps
  const sessions = new StaffSessions({
    ...deps,
    ttlMs: options.sessionTtlMs,
    sockets: () => connectedSockets(io),
  })
  const dataDir = options.dataDir ?? sqlite?.dataDir
  if (dataDir === undefined)
    throw new Error(
      'the hub needs a data folder (HubOptions.dataDir) for its vault key and the demo SMS outbox',
    )
  // Opened (and every row sealed under the current key) before anything that reads personal data.
  const vault = await mountVault({
    store,
    keyFile: options.vaultKeyFile ?? defaultKeyFile(dataDir),
    logger,
  })
  // Mounted below; the audit export reads the supervisor's acts from them once they are.
  let reports: Reports | null = null
  const registration = await mountRegistration({
    ...deps,
    dataDir,
    vault,
    sessions,
    options: options.registration,
    supervisorAudit: (from, to) =>
      supervisorAudit(
        { acts: reports && reports.acts, versions, timeZone: options.config.centre.timeZone },
        from,
        to,
      ),
  })
  // The bot is mounted after the notifier (it keeps its links and consents there); the notifier reaches
  // the bot's sender when it sends. Never on the ack path: the notifier follows the commits. A bot in its
  // own process (`npm run bot`) is handed the messages through the relay instead.
  let telegram: TelegramMount | null = null
  const relay =
    botSettings?.runsIn === 'bot-process'
      ? new TelegramRelay({ ...options.telegramRelay, entries: vault.entries })
      : null
  const botSender: TelegramSender = relay ?? {
    send: (chatId, text, reference) =>
      telegram
        ? telegram.sender.send(chatId, text, reference)
        : Promise.reject(new Error('no Telegram bot is running in this hub')),
  }
  // Catches the outbox up with the log (what a crash left), then follows the commits.
  const notifier = await mountNotifier({
    ...deps,
    entries: vault.entries,
    sms: registration.sms,
    telegram: options.telegram ?? (botSettings ? botSender : undefined),
  })
  // Catches the report tables up with the log (a first start projects the whole log), then follows it.
  try {
    reports = await mountReports({
      ...deps,
      sessions,
      auditExport: (staff, what) => registration.desk.auditExport(staff, what),
    })
  } catch (error) {
    await notifier.close()
    throw error
  }
  const botParts = {
    ...deps,
    links: notifier.links,
    consents: notifier.consents,
    ...options.telegramBot,
    entries: vault.entries,
    sms: registration.sms,
  }
  telegram = botInHub ? mountTelegram(botParts) : null
  const botProcess = relay ? { hub: localBotHub(botParts), relay } : null
  const consents = options.notifyConsents ?? notifier.consents
  const telegramBot = options.telegramBotUsername ?? options.config.telegram?.username ?? null
  const pairingCodes = openPairingCodes(store)
  const admin = mountAdmin({ live, versions, logger, now: deps.now, sessions, limits, pairingCodes })
  // Built once nothing can fail any more: the guard runs a timer until the hub closes.
  const backlog = new BacklogGuard(backlogLimits, logger)
  const { publicUrl } = options.config.centre
  const http = createServer(
    httpRouter({
      // The centre's public address is the hub's own too, e.g. behind a proxy that passes another Host.
      guard: requestGuard({ allowedOrigins: publicUrl ? [publicUrl] : [], logger }),
      apps: [
        statusRoutes({ ...deps, clients: () => io.engine.clientsCount }),
        trackLinkRoutes({ engine, limits }),
        sessionRoutes(sessions),
        registration.http,
        apiApp({
          ...deps,
          limits,
          entries: vault.entries,
          vault: vault.vault,
          consents,
          telegram: botProcess,
        }),
        bookApp({
          ...deps,
          limits,
          entries: vault.entries,
          vault: vault.vault,
          sms: registration.sms,
          consents,
          telegramBot,
        }),
        ...(telegram ? [telegram.http] : []),
        joinApp({
          ...deps,
          limits,
          entries: vault.entries,
          sms: registration.sms,
          consents,
          telegramBot,
        }),
        trackApp({ ...deps, limits }),
        ...admin.http,
        notificationsApp({
          records: notifier.records,
          entries: vault.entries,
          sessions,
          config: options.config,
        }),
        ...(reports ? [reports.http] : []),
      ],
      faces: facesApp(options.rendererDir),
      logger,
    }),
  )
  io.attach(http)

  const fanOut = new FanOut({ ...deps, backlog })
  const presence = new DevicePresences({ io, now: deps.now, config: options.config })
  const trackers = new PhoneTrackers({ ...deps, intervalMs: options.trackerIntervalMs })
  const gate = commandGate({
    rateOf: rate ? () => rate : (principal) => commandRateFor(configLimits, principal),
    logger,
    targets: [
      engineCommands(engine),
      registration.commands,
      kioskCheckIn({
        ...deps,
        desk: vault.desk,
        entries: vault.entries,
        sms: registration.sms,
        lookupRate: options.kioskLookupRate && validCommandRate(options.kioskLookupRate),
      }),
      staffBookings({ engine, entries: vault.entries }),
    ],
    queries: ['sync:since'],
  })
  io.use(handshake({ ...deps, sessions, limits }))
  io.on('connection', (socket) => {
    gate.guard(socket)
    if (socket.data.principal.role === 'tracker') return trackers.connect(socket)
    fanOut.welcome(socket)
    presence.connect(socket)
    gate.bind(socket)
  })

  const housekeeping = startHousekeeping({
    ...deps,
    sessions,
    entries: vault.entries,
    notifier,
    retentionSweepMs: options.retentionSweepMs,
    intervalMs: options.housekeepingIntervalMs,
    onTick: () => trackers.timePassed(),
  })
  // Facts go out after their acks (the engine calls this once the batch is durable and acked).
  registration.desk.onUpdate((update) => fanOut.publishRegistration(update))
  engine.onCommit((events) => {
    housekeeping.onCommit(events)
    fanOut.publish(events)
    trackers.schedule(events)
  })
  // A new config (the admin screen) reaches every holder between two batches of commands: the engine
  // and the trackers derive again what they derived from it, the faces get it now, and staff or devices
  // whose access changed lose their sockets.
  live.onChange((next, previous) => {
    engine.reconfigured()
    trackers.reconfigured()
    fanOut.configChanged(next)
    sessions.configChanged(next, previous)
    dropChangedDevices(io, next, previous)
  })
  registration.desk.start()
  telegram?.start()

  return {
    engine,
    config: live,
    admin: admin.config,
    registration: registration.desk,
    vault,
    notifier,
    reports,
    io,
    http,
    telegram,
    telegramRelay: relay,
    ...httpListener(http),
    async close() {
      await telegram?.stop()
      // Ends the bot process's long poll and fails what it was not yet sent, for the outbox to retry.
      relay?.close()
      await housekeeping.stop()
      trackers.stop()
      backlog.stop()
      await engine.idle()
      await notifier.close()
      await reports?.close()
      await registration.desk.close()
      await closeServers(io, http)
    },
  }
}

/** Once the day has loaded (a file that fails to load is left untouched): faster commits from the first. */
function layOutWal(sqlite: SqliteEventStore, logger: Logger): void {
  const wal = sqlite.reserveWal()
  if (wal.reserved) logger.debug({ walBytes: wal.walBytes }, 'WAL file laid out')
  else logger.warn({ reason: wal.reason }, 'WAL file not laid out; commits are slower until it has grown')
}
