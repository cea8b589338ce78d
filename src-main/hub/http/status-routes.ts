/**
 * The public, read-only endpoints: `GET /healthz` (is the hub up, on which day and seq; for the landing
 * page, the demo devices' public keys while the config still accepts them, and whether the demo SMS
 * outbox is on) and
 * `GET /api/self-service` (the kiosk shell reads its portal allowlist there, like the rest of the public
 * config).
 */
import {
  DEMO_DEVICES,
  selfServiceCatalogue,
  type CentreConfig,
  type DemoDeviceRole,
} from '../../../src-shared/config'
import { verifyDeviceKey } from '../passwords'
import type { CentreEngine } from '../centre-engine'
import type { HttpApp } from './router'
import { sendError, sendJson } from './respond'

export interface StatusRoutesOptions {
  config: CentreConfig
  engine: CentreEngine
  now: () => number
  /** Connected Socket.IO clients. */
  clients: () => number
}

export function statusRoutes({ config, engine, now, clients }: StatusRoutesOptions): HttpApp {
  const startedAt = now()
  const demoDevices = demoDevicesAccepted(config)
  const smsOutbox = config.registration.sms.kind === 'outbox'
  return async (req, res, url) => {
    if (url.pathname === '/healthz' && req.method === 'GET') {
      sendJson(res, 200, {
        status: 'ok',
        centre: { id: config.centre.id, name: config.centre.name },
        day: engine.state.day,
        seq: engine.durableSeq,
        uptimeSeconds: Math.round((now() - startedAt) / 1000),
        clients: clients(),
        ...(demoDevices ? { demoDevices } : {}),
        smsOutbox,
      })
      return true
    }
    if (url.pathname === '/api/self-service') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        sendError(res, 405, 'method_not_allowed', 'use GET')
      } else {
        // Made at each request from the live view: a scenario changed on the admin screen counts at once.
        sendJson(res, 200, selfServiceCatalogue(config))
      }
      return true
    }
    return false
  }
}

/**
 * The demo kiosk and display with their public keys, when the config holds those devices and still
 * accepts those keys (the demo centre, or a copy of it not yet given keys of its own); else null. The
 * keys are published in docs/demo-accounts.md: naming them here gives away nothing a reader lacks.
 */
function demoDevicesAccepted(
  config: CentreConfig,
): Partial<Record<DemoDeviceRole, { deviceId: string; deviceKey: string }>> | null {
  const accepted: Partial<Record<DemoDeviceRole, { deviceId: string; deviceKey: string }>> = {}
  for (const role of Object.keys(DEMO_DEVICES) as DemoDeviceRole[]) {
    const demo = DEMO_DEVICES[role]
    const device = config.devices.find((d) => d.id === demo.deviceId && d.kind === role)
    if (device && verifyDeviceKey(demo.deviceKey, device.keyHash)) accepted[role] = { ...demo }
  }
  return Object.keys(accepted).length > 0 ? accepted : null
}
