/**
 * The hub's HTTP side, composed: the request guard, then one small app per feature (status, track
 * links, sign-in, registration, the integration API, `/book`, the bot's webhook, `/join`, the tracker,
 * admin, notifications, reports), then the faces. Each app owns its routes; this only lists them.
 */
import type { CentreConfig } from '../../src-shared/config'
import type { mountAdmin } from './admin/mount-admin'
import type { CentreEngine } from './centre-engine'
import type { ConnectionLimits } from './connection-limits'
import { apiApp } from './http/api'
import { bookApp } from './http/book'
import { facesApp } from './http/faces'
import { joinApp } from './http/join'
import { requestGuard } from './http/request-guard'
import { httpRouter } from './http/router'
import { sessionRoutes } from './http/session-routes'
import { statusRoutes } from './http/status-routes'
import { trackApp } from './http/track'
import { trackLinkRoutes } from './http/track-links'
import type { HubIo } from './hub-io'
import type { HubOptions } from './hub-options'
import type { Logger } from './logger'
import type { NotifyConsents } from './notify/contracts'
import { notificationsApp, type Notifier } from './notify'
import type { Reports } from './reports'
import type { mountRegistration } from './registration-mount'
import type { StaffSessions } from './staff-sessions'
import type { AsyncEventStore } from './store/types'
import type { TelegramMount } from './telegram'
import type { HubVault } from './vault-mount'

/** The hub's modules the HTTP apps are built from (server.ts builds them first). */
export interface HubHttpParts {
  options: HubOptions
  /** What most modules need; each app takes the part it names. */
  deps: {
    config: CentreConfig
    store: AsyncEventStore
    logger: Logger
    now: () => number
    engine: CentreEngine
    io: HubIo
  }
  limits: ConnectionLimits
  sessions: StaffSessions
  registration: Awaited<ReturnType<typeof mountRegistration>>
  vault: HubVault
  consents: NotifyConsents
  /** The bot in its own process, reached through the relay (the API's remote tickets tell it). */
  botProcess: Parameters<typeof apiApp>[0]['telegram']
  telegram: TelegramMount | null
  telegramBot: string | null
  admin: ReturnType<typeof mountAdmin>
  notifier: Notifier
  reports: Reports | null
}

export function hubRouter(parts: HubHttpParts): ReturnType<typeof httpRouter> {
  const { options, deps, limits, sessions, registration, vault, consents, botProcess } = parts
  const { telegram, telegramBot, admin, notifier, reports } = parts
  const { publicUrl } = options.config.centre
  return httpRouter({
    // The centre's public address is the hub's own too, e.g. behind a proxy that passes another Host.
    guard: requestGuard({ allowedOrigins: publicUrl ? [publicUrl] : [], logger: deps.logger }),
    apps: [
      statusRoutes({ ...deps, clients: () => deps.io.engine.clientsCount }),
      trackLinkRoutes({ engine: deps.engine, limits }),
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
    logger: deps.logger,
  })
}
