/**
 * The typed link under a ticket's QR code (`/t/7KQ2-M9XD`, see src-shared/protocol/track-code.ts): a
 * redirect to the ticket's tracker (`/t/<token>`). A code no ticket of today has counts as a failed
 * guess of the asking address (the hub's one failure limiter, which also guards tracker handshakes),
 * and an address over its limit is not answered a redirect even for a good code: either way the tracker
 * page opens on what was typed and says the ticket was not found.
 */
import type { CentreEngine } from '../centre-engine'
import type { ConnectionLimits } from '../connection-limits'
import { parseTrackCode } from '../../../src-shared/protocol/track-code'
import type { HttpApp } from './router'

export function trackLinkRoutes(options: { engine: CentreEngine; limits: ConnectionLimits }): HttpApp {
  return async (req, res, url) => {
    const match = /^\/t\/([^/]{8,12})$/.exec(url.pathname)
    if (!match || (req.method !== 'GET' && req.method !== 'HEAD')) return false
    const code = parseTrackCode(safeDecode(match[1]!))
    // Not a code (a tracker's own token): the tracker page.
    if (!code) return false
    const address = req.socket.remoteAddress ?? '?'
    if (options.limits.lockedFor(address) > 0) return false
    const token = options.engine.trackTokenForCode(code)
    if (!token) {
      options.limits.failed(address)
      return false
    }
    res.statusCode = 302
    // Relative, so that a hub behind a proxy's path prefix keeps it.
    res.setHeader('Location', `./${encodeURIComponent(token)}`)
    res.setHeader('Cache-Control', 'no-store')
    res.end()
    return true
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    // Malformed escapes are no code: control flow, the caller lets the tracker page say so.
    return ''
  }
}
