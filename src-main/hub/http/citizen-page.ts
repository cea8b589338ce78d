/**
 * What the citizens' own pages' APIs (`/api/book`, `/api/join`) share: public (no key, no sign-in), JSON
 * in and out, every refusal `application/problem+json` naming the field at fault, as the integration API
 * answers. `citizenPageApp` makes one HTTP app of a list of routes; `request-guard.ts` has already
 * refused writes from other sites' pages and bodies not sent as JSON.
 *
 * Per client address: a token bucket for every request and another for the codes sent (the config's
 * `limits.bookPage`, one allowance for both pages' kind of traffic), and the hub's failure limiter, which
 * wrong codes and wrong links feed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { z } from 'zod'
import type { CentreConfig } from '../../../src-shared/config'
import type { ConnectionLimits } from '../connection-limits'
import type { Logger } from '../logger'
import type { ChallengeRefusalCode } from '../phone-challenges'
import { AddressBuckets } from './address-buckets'
import { retryAfter } from './api/access'
import { fieldErrors, problem, sendProblem, type Problem, type ProblemCode } from './api/problem'
import { pathPattern } from './api/route'
import { readJson, sendJson } from './respond'
import type { HttpApp } from './router'

/** The codes a citizen page's answer may carry: the API's, the centre's refusals, the one-time code's, a bad link. */
export type PageProblemCode =
  | ProblemCode
  | ChallengeRefusalCode
  | 'manage_link_invalid'
  | 'ticket_link_invalid'

export interface PageRequest {
  params: Record<string, string>
  query: URLSearchParams
  /** The parsed JSON body of a POST (`undefined` for a GET). */
  body: unknown
  /** The client's address. */
  address: string
}

export type PageAnswer =
  | { status: number; json: unknown }
  | { status: number; file: string; headers: Record<string, string> }

/** A refusal: thrown by a handler, answered as problem+json with its headers. */
export class PageRefusal extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail)
    this.name = 'PageRefusal'
  }
}

/** A refusal of `code` naming the field at fault (`body.phone`, `path.token`). */
export function refusal(
  status: number,
  code: PageProblemCode,
  field: string,
  detail: string,
  headers?: Record<string, string>,
): PageRefusal {
  // The pages switch on these codes as on the API's; `problem` only uses the code as text.
  return new PageRefusal(
    problem(status, code as ProblemCode, detail, [{ path: field, message: detail }]),
    headers,
  )
}

/** The body checked by `schema`, or the 400 naming every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const errors = fieldErrors(parsed.error, 'body')
  throw new PageRefusal(
    problem(400, 'validation_failed', `check these fields: ${errors.map((e) => e.path).join(', ')}`, errors),
  )
}

export interface PageRoute<C> {
  method: 'GET' | 'POST'
  /** Under the app's prefix, in OpenAPI's template form: `/services/{serviceId}/days`. */
  path: string
  /** Sends an SMS: also takes a token of the address's code bucket. */
  sendsCode?: boolean
  handle(context: C, request: PageRequest): PageAnswer | Promise<PageAnswer>
}

export interface CitizenPageOptions<C> {
  /** `/api/book`: every path under it is this app's. */
  prefix: string
  routes: readonly PageRoute<C>[]
  context: C
  config: CentreConfig
  limits: ConnectionLimits
  logger: Logger
  /** For the log line of a request that failed: "booking page". */
  name: string
  /** What the address buckets refill by; real elapsed time by default. */
  rateClock?: () => number
}

export function citizenPageApp<C>(options: CitizenPageOptions<C>): HttpApp {
  const { config, logger, prefix } = options
  const clock = options.rateClock ?? (() => performance.now())
  const requests = new AddressBuckets(config.limits.bookPage.requests, clock)
  const codeSends = new AddressBuckets(config.limits.bookPage.codes, clock)
  const routes = options.routes.map((route) => ({ route, pattern: pathPattern(`${prefix}${route.path}`) }))

  function overRate(buckets: AddressBuckets, address: string, what: string): void {
    const waitMs = buckets.take(address)
    if (waitMs === null) return
    const seconds = Math.max(1, Math.ceil(waitMs / 1000))
    throw refusal(
      429,
      'rate_limited',
      'address',
      `too many ${what} from this address; wait ${seconds} s`,
      retryAfter(waitMs),
    )
  }

  async function handle(req: IncomingMessage, url: URL): Promise<PageAnswer> {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET')
    const here = routes.flatMap(({ route, pattern }) => {
      const match = pattern.exec(url.pathname)
      return match ? [{ route, params: { ...match.groups } }] : []
    })
    if (here.length === 0)
      throw refusal(404, 'not_found', 'path', `no ${options.name} API at ${url.pathname.slice(0, 200)}`)
    const found = here.find(({ route }) => route.method === method)
    if (!found) {
      const allowed = [...new Set(here.map(({ route }) => route.method))].join(', ')
      throw refusal(405, 'method_not_allowed', 'method', `use ${allowed} on ${url.pathname}`, {
        Allow: allowed,
      })
    }
    const address = req.socket.remoteAddress ?? '?'
    const lockedMs = options.limits.lockedFor(address)
    if (lockedMs > 0)
      throw refusal(
        429,
        'rate_limited',
        'address',
        'too many wrong codes or links from this address; wait a minute',
        retryAfter(lockedMs),
      )
    overRate(requests, address, 'requests')
    let body: unknown
    if (found.route.method === 'POST') {
      const read = await readJson(req)
      if (!read.ok) {
        throw read.code === 'payload_too_large'
          ? refusal(413, 'payload_too_large', 'body', read.message)
          : refusal(400, 'invalid_json', 'body', read.message)
      }
      body = read.value
    }
    if (found.route.sendsCode) overRate(codeSends, address, 'codes')
    return found.route.handle(options.context, {
      params: found.params,
      query: url.searchParams,
      body,
      address,
    })
  }

  return async (req, res, url) => {
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false
    try {
      send(res, await handle(req, url))
    } catch (error) {
      if (error instanceof PageRefusal) sendProblem(res, error.problem, error.headers)
      else {
        logger.error(
          { err: error, method: req.method, path: loggedPath(url.pathname) },
          `${options.name} request failed`,
        )
        if (!res.headersSent)
          sendProblem(res, problem(500, 'internal', 'the hub could not handle this request'))
        else res.end()
      }
    }
    return true
  }
}

/** A path as logged: a long segment (a tracker token, a manage link) is left out, as a secret. */
export function loggedPath(pathname: string): string {
  return pathname
    .slice(0, 200)
    .split('/')
    .map((segment) => (segment.length > 16 ? '…' : segment))
    .join('/')
}

function send(res: ServerResponse, answer: PageAnswer): void {
  if ('json' in answer) return sendJson(res, answer.status, answer.json)
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
  res.statusCode = answer.status
  res.setHeader('Cache-Control', 'no-store')
  res.end(answer.file)
}
