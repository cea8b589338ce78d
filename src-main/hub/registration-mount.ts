/**
 * The mobile-citizen registration desk on the hub: built on the SQLite store's file (it is off on any
 * other store), with its HTTP endpoints and its socket commands. The one module that knows the desk's
 * class; the rest of the hub sees only what it returns.
 */
import type { CentreConfig } from '../../src-shared/config'
import { mayRegister, registrationSchemas, type RegistrationCommandType } from '../../src-shared/protocol'
import { errorAck, type CentreEngine } from './centre-engine'
import type { CommandTarget } from './command-gate'
import type { HttpApp } from './http/router'
import { bearerToken, sendAnswer } from './http/respond'
import type { Logger } from './logger'
import { citizenGatewayFromConfig, smsGatewayFromConfig } from './registration/adapters/from-config'
import type { MobileCitizenGateway } from './registration/adapters/mobile-citizen-gateway'
import type { SmsGateway } from './registration/adapters/sms-gateway'
import { RegistrationDesk } from './registration/registration-desk'
import { registrationHttp } from './registration/registration-http'
import { RegistrationStore } from './registration/registration-store'
import type { StaffSessions } from './staff-sessions'
import type { SqliteEventStore } from './store/sqlite-store'

export type { RegistrationDesk }

export interface RegistrationHubOptions {
  sms?: SmsGateway
  gateway?: MobileCitizenGateway
  /** First delay before a failed submission is retried; it doubles up to `deliveryMaxDelayMs`. */
  deliveryBaseDelayMs?: number
  deliveryMaxDelayMs?: number
  /** How often expired codes are closed and the retention period is applied (default every minute). */
  sweepIntervalMs?: number
}

export interface MountRegistrationOptions {
  config: CentreConfig
  /** The SQLite store, or null on any other: the desk keeps its tables in the store's file. */
  sqlite: SqliteEventStore | null
  engine: CentreEngine
  sessions: StaffSessions
  logger: Logger
  now: () => number
  options?: RegistrationHubOptions
}

export interface MountedRegistration {
  /** Null when the store is not SQLite. */
  desk: RegistrationDesk | null
  /** `/api/sms-outbox`, `/api/audit.csv`, `/api/registration/stats[.csv]`. */
  http: HttpApp
  /** The `registration:*` commands; without a desk they are answered `internal`, after validation. */
  commands: CommandTarget<RegistrationCommandType>
}

export function mountRegistration(mount: MountRegistrationOptions): MountedRegistration {
  const { config, sqlite, sessions, now } = mount
  const desk = sqlite ? createDesk(mount, sqlite) : null
  if (!desk) {
    mount.logger.warn(
      { event: 'registration-unavailable' },
      'the mobile-citizen registration desk needs the SQLite store; it is off on this store',
    )
  }

  const http: HttpApp = async (req, res, url) => {
    if (!desk || !sqlite || !url.pathname.startsWith('/api/')) return false
    const answer = registrationHttp(desk, {
      method: req.method ?? 'GET',
      url,
      staff: () => sessions.staffOfToken(sqlite, bearerToken(req)),
      timeZone: config.centre.timeZone,
      now: now(),
    })
    if (!answer) return false
    sendAnswer(res, answer)
    return true
  }

  const commands: CommandTarget<RegistrationCommandType> = {
    schemas: registrationSchemas,
    may: mayRegister,
    // Decided and persisted by the desk (its own tables, never the event log); its
    // `registration:updated` facts follow through its listener, to registration staff only.
    submit(principal, principalKey, type, data) {
      if (!desk) {
        return errorAck(
          'internal',
          'the mobile-citizen registration desk is not available: it needs the SQLite store, and this hub runs on PostgreSQL',
        )
      }
      const actor = { staffId: principal.id, roles: principal.roles, principalKey }
      return desk.handle(actor, type, data as never)
    },
  }

  return { desk, http, commands }
}

function createDesk(mount: MountRegistrationOptions, sqlite: SqliteEventStore): RegistrationDesk {
  const { config, engine, logger, now, options } = mount
  const context = { dataDir: sqlite.dataDir, db: sqlite.db, now }
  return new RegistrationDesk({
    config,
    store: new RegistrationStore(sqlite.db),
    sms: options?.sms ?? smsGatewayFromConfig(config.registration.sms, context),
    gateway: options?.gateway ?? citizenGatewayFromConfig(config.registration.gateway, context),
    logger,
    now,
    centre: () => engine.state,
    deliveryBaseDelayMs: options?.deliveryBaseDelayMs,
    deliveryMaxDelayMs: options?.deliveryMaxDelayMs,
    sweepIntervalMs: options?.sweepIntervalMs,
  })
}
