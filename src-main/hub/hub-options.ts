/**
 * What a hub is built from (`HubOptions`: the centre, its store and the knobs tests and the bench turn)
 * and what `openHub` hands back (`Hub`). Re-exported by server.ts.
 */
import type { Server as HttpServer } from 'node:http'
import type { CentreConfig } from '../../src-shared/config'
import type { ConfigAdmin } from './admin/config-change'
import type { BacklogLimits } from './backlog-guard'
import type { CentreEngine } from './centre-engine'
import type { CommandRateOptions } from './command-rate'
import type { ConnectionLimitOptions } from './connection-limits'
import type { HubIo } from './hub-io'
import type { LiveConfig } from './live-config'
import type { Logger } from './logger'
import type { NotifyConsents } from './notify/contracts'
import type { Notifier, TelegramSender } from './notify'
import type { Reports } from './reports'
import type { RegistrationDesk, RegistrationHubOptions } from './registration-mount'
import type { AsyncEventStore } from './store/types'
import type { RelayOptions, TelegramHubOptions, TelegramMount, TelegramRelay } from './telegram'
import type { HubVault } from './vault-mount'

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
