/**
 * The hub: HTTP (faces, health, sign-in) and Socket.IO (commands and facts) for one centre.
 *
 * Built by a factory that takes its dependencies, so tests start it on an ephemeral port with a
 * temporary data folder and talk to it with real clients. This file only composes the hub's modules:
 * `hub-http` (the HTTP apps of `http/`, one per feature), `staff-sessions`, `handshake` with `connection-limits`,
 * `command-gate` (the one command path: validate, authorise, decide, persist, ack), `fan-out` (facts to
 * each audience) with `backlog-guard`, `trackers`, `housekeeping`, `vault-mount` (personal data, sealed),
 * `registration-mount` and `staff-bookings` (staff booking on a citizen's behalf), `notify` (notifications
 * to citizens through an outbox) and `telegram` (the centre's bot, when the config names one).
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { openConfigVersions, type ConfigVersions } from './admin/config-versions'
import { openPairingCodes } from './admin/pairing-codes'
import { dropChangedDevices, mountAdmin, startingConfig } from './admin/mount-admin'
import { BacklogGuard, validBacklogLimits } from './backlog-guard'
import { CentreEngine, type EngineDeps } from './centre-engine'
import { commandGate, engineCommands } from './command-gate'
import { commandRateFor, validCommandRate } from './command-rate'
import { ConnectionLimits, validConnectionLimits } from './connection-limits'
import { DevicePresences } from './device-presence'
import { FanOut } from './fan-out'
import { handshake } from './handshake'
import { httpListener } from './http/listener'
import { hubRouter } from './hub-http'
import type { Hub, HubOptions } from './hub-options'
import { closeServers, connectedSockets, createHubIo } from './hub-io'
import { startHousekeeping } from './housekeeping'
import type { Logger } from './logger'
import { kioskCheckIn } from './kiosk-check-in'
import { mountNotifier, type TelegramSender } from './notify'
import { newToken } from './passwords'
import { mountReports, supervisorAudit, type Reports } from './reports'
import { mountRegistration } from './registration-mount'
import { defaultKeyFile } from './vault'
import { mountVault } from './vault-mount'
import { staffBookings } from './staff-bookings'
import { StaffSessions } from './staff-sessions'
import { lockCentre } from './store/centre-lock'
import { isSqliteEventStore, type SqliteEventStore } from './store/sqlite-store'
import { LiveConfig } from './live-config'
import { checkTelegram, localBotHub, mountTelegram, TelegramRelay, type TelegramMount } from './telegram'
import { PhoneTrackers } from './trackers'

export type { RegistrationHubOptions } from './registration-mount'
export type { Hub, HubOptions } from './hub-options'

/**
 * A hub on any store (PostgreSQL or SQLite): reads today's events, opens the vault and the registration
 * desk, then builds the hub. Rejects, with the store left as it was, when any of them cannot open.
 */
export async function openHub(options: HubOptions): Promise<Hub> {
  // One hub per centre's data: a second one, or a key rotation, is refused while this one runs.
  const lock = await lockCentre(options.store, `a hub`, (error) => {
    options.logger.fatal(
      { err: error, event: 'centre-lock-lost' },
      "the centre's lock in PostgreSQL ended with its connection; stopping, so that two hubs never serve one centre",
    )
    options.onFatal?.(error)
  })
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
  const admin = mountAdmin({
    live,
    versions,
    logger,
    now: deps.now,
    sessions,
    limits,
    pairingCodes,
    engine,
  })
  // Built once nothing can fail any more: the guard runs a timer until the hub closes.
  const backlog = new BacklogGuard(backlogLimits, logger)
  const http = createServer(
    hubRouter({
      options,
      deps,
      limits,
      sessions,
      registration,
      vault,
      consents,
      botProcess,
      telegram,
      telegramBot,
      admin,
      notifier,
      reports,
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
