/**
 * `POST /api/pair` `{ code }`: a kiosk's or display's `/pair` page redeems the one-time code the admin
 * screen showed, and gets its device id, kind and key (once). Wrong codes count as failed handshakes of
 * the address (`ConnectionLimits`): ten a minute lock it out for a minute.
 */
import type { IncomingMessage } from 'node:http'
import type { ConnectionLimits } from '../connection-limits'
import { readJson, sendJson } from '../http/respond'
import type { HttpApp } from '../http/router'
import type { DevicePairing } from './device-pairing'

const PATH = '/api/pair'

function addressOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown'
}

export function pairApp(pairing: DevicePairing, limits: ConnectionLimits): HttpApp {
  return async (req, res, url) => {
    if (url.pathname !== PATH) return false
    const error = (status: number, code: string, message: string) =>
      sendJson(res, status, { error: { code, message } })
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      error(405, 'method_not_allowed', `use POST for ${PATH}`)
      return true
    }
    const address = addressOf(req)
    const locked = limits.lockedFor(address)
    if (locked > 0) {
      res.setHeader('Retry-After', String(Math.ceil(locked / 1000)))
      error(429, 'rate_limited', 'too many wrong pairing codes from this address; wait a minute')
      return true
    }
    const body = await readJson(req)
    const code = body.ok ? (body.value as { code?: unknown } | null)?.code : undefined
    if (typeof code !== 'string' || code.length > 20) {
      error(400, 'invalid_payload', 'send {"code": "<the pairing code the admin screen shows>"}')
      return true
    }
    const result = await pairing.redeem(code)
    if (result.ok) {
      sendJson(res, 200, { deviceId: result.deviceId, kind: result.kind, key: result.key })
    } else if ('reason' in result) {
      limits.failed(address)
      error(404, 'not_found', 'no such pairing code: it is wrong, used or older than 10 minutes')
    } else {
      error(result.status, 'invalid_payload', result.issues.map((i) => i.message).join('; '))
    }
    return true
  }
}
