/**
 * The public, read-only endpoints: `GET /healthz` (is the hub up, on which day and seq) and
 * `GET /api/self-service` (the kiosk shell reads its portal allowlist there, like the rest of the public
 * config).
 */
import { selfServiceCatalogue, type CentreConfig } from '../../../src-shared/config'
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
  const selfServiceInfo = selfServiceCatalogue(config)
  return async (req, res, url) => {
    if (url.pathname === '/healthz' && req.method === 'GET') {
      sendJson(res, 200, {
        status: 'ok',
        centre: { id: config.centre.id, name: config.centre.name },
        day: engine.state.day,
        seq: engine.durableSeq,
        uptimeSeconds: Math.round((now() - startedAt) / 1000),
        clients: clients(),
      })
      return true
    }
    if (url.pathname === '/api/self-service') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD')
        sendError(res, 405, 'method_not_allowed', 'use GET')
      } else sendJson(res, 200, selfServiceInfo)
      return true
    }
    return false
  }
}
