/**
 * The one rule for every `/api/` request that can change something (any method but GET, HEAD and
 * OPTIONS): a page of another site must not be able to send it from a staff member's browser.
 *
 * A browser sends a cross-origin `text/plain`, form or `no-cors` POST without asking first, so without
 * this rule any page open in a staff browser could, for example, spend the sign-in lockout of a login.
 * Both checks run before the body is read and before any route sees the request:
 *
 * 1. `Origin`, when present, must be the hub's own (the scheme, host and port the request came to, as
 *    its `Host` header names them) or the centre's `publicUrl`; `Sec-Fetch-Site: cross-site` is refused
 *    whatever the Origin says. Otherwise `403 cross_origin`. Clients that send no Origin (curl, scripts,
 *    other servers) are not browsers running someone else's page, and pass.
 * 2. A request with a body must declare `Content-Type: application/json`, optionally with
 *    `charset=utf-8`: a type a browser sends cross-origin only after a CORS preflight,
 *    which the hub never grants. Otherwise `415 unsupported_media_type`.
 *
 * Under `/api/v1/` (the integration API), `/api/book/`, `/api/join/` and `/api/track/` (the citizen pages') the refusal is
 * `application/problem+json`, as every answer there.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import type { ErrorCode } from '../../../src-shared/domain'
import type { Logger } from '../logger'
import { isApiPath } from './api/paths'
import { problem, sendProblem } from './api/problem'
import { isBookApiPath } from './book/paths'
import { isJoinApiPath } from './join/paths'
import { isTrackApiPath } from './track/paths'
import { sendError } from './respond'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export interface RequestGuardOptions {
  /**
   * Origins besides the request's own whose pages may call the API, e.g. the centre's `publicUrl` when a
   * proxy in front of the hub passes on another `Host`. Anything `new URL()` reads; only its origin counts.
   */
  allowedOrigins: readonly string[]
  logger: Logger
}

/** Answers (true) a request the rule refuses; leaves the rest (false) to the routes. */
export type RequestGuard = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean

export function requestGuard({ allowedOrigins, logger }: RequestGuardOptions): RequestGuard {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin))
  return (req, res, url) => {
    const method = req.method ?? 'GET'
    if (!url.pathname.startsWith('/api/') || SAFE_METHODS.has(method)) return false
    const foreign = foreignOrigin(req, allowed)
    if (foreign) {
      logger.warn(
        { event: 'cross-origin-refused', method, path: url.pathname, origin: foreign },
        'refused an API request sent by a page of another origin',
      )
      refuse(
        res,
        url,
        403,
        'cross_origin',
        'the hub takes API requests only from its own pages; open the face from this hub',
      )
      return true
    }
    if (carriesBody(req) && !isJson(req.headers['content-type'])) {
      const sent = req.headers['content-type']?.slice(0, 100) || 'no Content-Type'
      refuse(
        res,
        url,
        415,
        'unsupported_media_type',
        `send the body as JSON with Content-Type: application/json (or application/json; charset=utf-8), not ${sent}`,
      )
      return true
    }
    return false
  }
}

/**
 * The request's Origin (or `Sec-Fetch-Site`) when it says a page of another origin sent it; '' when the
 * request came from the hub's own page, an allowed origin, or a client that names no origin.
 */
function foreignOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): string {
  if (req.headers['sec-fetch-site'] === 'cross-site')
    return req.headers.origin || 'Sec-Fetch-Site: cross-site'
  const origin = req.headers.origin
  if (origin === undefined) return ''
  const own = ownOrigin(req)
  let sent: string
  try {
    // `null` (a sandboxed frame, a file, a redirect) and anything else unreadable is nobody's own page.
    sent = new URL(origin).origin
  } catch {
    return origin.slice(0, 100) || '(empty)'
  }
  return sent !== 'null' && (sent === own || allowed.has(sent)) ? '' : origin.slice(0, 100)
}

/** The origin the request was sent to: its scheme, and host and port as the `Host` header names them. */
function ownOrigin(req: IncomingMessage): string {
  const host = req.headers.host
  if (!host) return ''
  const scheme = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http'
  try {
    // Normalises case and a default port (`Host: hub:80` is `http://hub`).
    return new URL(`${scheme}://${host}`).origin
  } catch {
    return ''
  }
}

/** Whatever the method: a POST without a body reads nothing and is left to its route (e.g. a 405). */
function carriesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** `application/json`, with no parameter but an optional `charset=utf-8` (any case, quoted or not). */
export function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase())
  if (type !== 'application/json') return false
  return parameters.every(
    (parameter) => /^charset\s*=\s*(utf-8|"utf-8")$/.test(parameter) || parameter === '',
  )
}

/** Closes the connection after the answer: the hub does not wait on the unread body of a refused request. */
function refuse(res: ServerResponse, url: URL, status: number, code: ErrorCode, message: string): void {
  res.setHeader('Connection', 'close')
  if (
    isApiPath(url.pathname) ||
    isBookApiPath(url.pathname) ||
    isJoinApiPath(url.pathname) ||
    isTrackApiPath(url.pathname)
  )
    sendProblem(res, problem(status, code, message))
  else sendError(res, status, code, message)
}
