/**
 * The mobile-citizen registration desk on the hub, on either store (its tables live beside the event
 * log: the SQLite file, or the same PostgreSQL database), with its HTTP endpoints and its socket
 * commands. The one module that knows the desk's class; the rest of the hub sees only what it returns.
 *
 * Its store is the hub's vault's (`vault-mount.ts`), which opened against the store before this mount (a
 * missing or wrong key file stops the hub there, before anything is read) and sealed again every row not
 * under the current key: rows written before the vault, and what an interrupted key rotation left. So
 * the desk serves only rows sealed under the current key.
 */
import type { CentreConfig } from '../../src-shared/config'
import { dayFigures } from '../../src-shared/figures'
import { mayRegister, registrationSchemas, type RegistrationCommandType } from '../../src-shared/protocol'
import type { CentreEngine } from './centre-engine'
import type { CommandTarget } from './command-gate'
import type { HttpApp } from './http/router'
import { bearerToken, sendAnswer } from './http/respond'
import type { Logger } from './logger'
import type { SupervisorAuditLine } from './reports/supervisor-audit'
import { citizenGatewayFromConfig, smsGatewayFromConfig } from './registration/adapters/from-config'
import type { MobileCitizenGateway } from './registration/adapters/mobile-citizen-gateway'
import type { SmsGateway } from './registration/adapters/sms-gateway'
import { RegistrationDesk } from './registration/registration-desk'
import { registrationHttp } from './registration/registration-http'
import type { StaffSessions } from './staff-sessions'
import { VaultKeyError } from './vault'
import type { HubVault } from './vault-mount'

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
  /** The hub's vault (`vault-mount.ts`), opened and re-sealed: the desk keeps its rows in `vault.desk`. */
  vault: HubVault
  /** The folder of the demo SMS outbox file (`registration.sms.kind: outbox`). */
  dataDir: string
  engine: CentreEngine
  sessions: StaffSessions
  logger: Logger
  now: () => number
  options?: RegistrationHubOptions
  /** The supervisor's acts and the admin's config changes of a range of days, for `/api/audit.csv`. */
  supervisorAudit?: (from: string, to: string) => Promise<SupervisorAuditLine[]>
}

export interface MountedRegistration {
  desk: RegistrationDesk
  /** `/api/sms-outbox`, `/api/audit.csv`, `/api/registration/stats[.csv]`, `/api/figures.csv`. */
  http: HttpApp
  /** The `registration:*` commands. */
  commands: CommandTarget<RegistrationCommandType>
  /** The centre's SMS gateway (the config's, or the options'), for one-time codes outside the desk too. */
  sms: SmsGateway
}

export async function mountRegistration(mount: MountRegistrationOptions): Promise<MountedRegistration> {
  const { config, sessions, now } = mount
  const sms =
    mount.options?.sms ??
    smsGatewayFromConfig(config.registration.sms, {
      dataDir: mount.dataDir,
      submissions: mount.vault.desk,
      now,
    })
  const desk = createDesk(mount, sms)
  const { engine } = mount
  const staffNames = Object.fromEntries(
    config.staff.map((s) => [s.id, `${s.firstName} ${s.lastName}`.trim()]),
  )

  const http: HttpApp = async (req, res, url) => {
    if (!url.pathname.startsWith('/api/')) return false
    const answer = await registrationHttp(desk, {
      method: req.method ?? 'GET',
      url,
      staff: async () => {
        const token = bearerToken(req)
        return token ? (sessions.staffOf(await sessions.find(token)) ?? null) : null
      },
      timeZone: config.centre.timeZone,
      now: now(),
      figures: () => dayFigures(engine.state, config, now(), { staffNames }),
      config,
      supervisorAudit: mount.supervisorAudit,
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
      const actor = { staffId: principal.id, roles: principal.roles, principalKey }
      return desk.handle(actor, type, data as never)
    },
  }

  return { desk, http, commands, sms }
}

function createDesk(mount: MountRegistrationOptions, sms: SmsGateway): RegistrationDesk {
  const { config, engine, logger, now, options } = mount
  const store = mount.vault.desk
  const context = { dataDir: mount.dataDir, submissions: store, now }
  return new RegistrationDesk({
    config,
    store,
    sms,
    gateway: options?.gateway ?? citizenGatewayFromConfig(config.registration.gateway, context),
    logger,
    now,
    centre: () => engine.state,
    deliveryBaseDelayMs: options?.deliveryBaseDelayMs,
    deliveryMaxDelayMs: options?.deliveryMaxDelayMs,
    sweepIntervalMs: options?.sweepIntervalMs,
  })
}

export { VaultKeyError }
