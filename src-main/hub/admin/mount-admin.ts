/**
 * The admin screen's part of the hub, in one place for `server.ts`: which config the hub starts from
 * (the newest stored version, else the file's), the config changes with their HTTP apps (`/api/admin`,
 * `/api/pair`, `/api/sessions/password`), and the devices a change of the `devices` section disconnects.
 */
import { centreConfigSchema, describeIssues, type CentreConfig } from '../../../src-shared/config'
import { ConfigError } from '../config-file'
import type { ConnectionLimits } from '../connection-limits'
import { connectedSockets, type HubIo } from '../hub-io'
import type { HttpApp } from '../http/router'
import type { LiveConfig } from '../live-config'
import type { Logger } from '../logger'
import type { StaffSessions } from '../staff-sessions'
import { adminApp } from './admin-http'
import { ConfigAdmin } from './config-change'
import type { ConfigVersions } from './config-versions'
import { DevicePairing } from './device-pairing'
import { ownPasswordApp } from './own-password-http'
import type { PairingCodes } from './pairing-codes'
import { pairApp } from './pair-http'
import { StaffAdmin } from './staff-admin'
import { StaffRelease, type ReleaseEngine } from './staff-release'

/** The newest stored config, checked by the file's schema; the file's config while none is stored. */
export async function startingConfig(
  versions: ConfigVersions | null,
  file: CentreConfig,
): Promise<CentreConfig> {
  const stored = versions ? await versions.latest() : null
  if (!stored) return file
  const parsed = centreConfigSchema.safeParse(stored.config)
  if (!parsed.success) {
    throw new ConfigError(`config version ${stored.version} in the store`, describeIssues(parsed.error))
  }
  return parsed.data
}

export interface AdminMountOptions {
  live: LiveConfig
  versions: ConfigVersions | null
  logger: Logger
  now: () => number
  sessions: StaffSessions
  limits: ConnectionLimits
  /** Where the pairing codes not yet used are kept (`openPairingCodes`). */
  pairingCodes: PairingCodes
  /** The centre's engine: disabling a login closes that person's windows through it. */
  engine: ReleaseEngine
}

export function mountAdmin(options: AdminMountOptions): { config: ConfigAdmin; http: HttpApp[] } {
  const config = new ConfigAdmin(options)
  const pairing = new DevicePairing(config, options.pairingCodes, options.now)
  const release = new StaffRelease(options.engine, () => config.current)
  const staff = new StaffAdmin(config, release)
  return {
    config,
    http: [
      adminApp({
        admin: config,
        staff,
        release,
        versions: options.versions,
        sessions: options.sessions,
        pairing,
      }),
      pairApp(pairing, options.limits),
      ownPasswordApp(options.sessions, staff),
    ],
  }
}

/**
 * Devices removed, given a new key hash or a new zone lose their sockets; they connect again with their
 * new key (a removed one's is refused) and their new zone, set at the handshake.
 */
export function dropChangedDevices(io: HubIo, next: CentreConfig, previous: CentreConfig): void {
  const now = new Map(next.devices.map((d) => [d.id, d]))
  const changed = new Set(
    previous.devices
      .filter((d) => {
        const after = now.get(d.id)
        return (
          !after ||
          after.keyHash !== d.keyHash ||
          after.kind !== d.kind ||
          JSON.stringify(after.zone ?? null) !== JSON.stringify(d.zone ?? null)
        )
      })
      .map((d) => d.id),
  )
  if (changed.size === 0) return
  for (const socket of connectedSockets(io)) {
    const { principal } = socket.data
    if (principal.role === 'device' && changed.has(principal.id)) socket.disconnect(true)
  }
}
