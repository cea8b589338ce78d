/**
 * The integration API: `/api/v1/*` for the systems in the config's `integrations` (egov.kz, eGov
 * Mobile, the Telegram bot, 1414), and its OpenAPI document at `/api/openapi.json`. The one entry point:
 * the hub mounts `apiApp` among its HTTP apps, and every route is a description in `API_ROUTES`.
 *
 * Each request goes through the same steps, in this order, and the first that fails answers (always as
 * `application/problem+json`, see `problem.ts`):
 *
 * 1. (before this module) `request-guard.ts`: a write sent by another site's page (403 `cross_origin`), a
 *    body not sent as JSON (415 `unsupported_media_type`);
 * 2. the path (404 `not_found`) and the method (405 `method_not_allowed`, with `Allow`);
 * 3. the key (401 `unauthenticated`; an address with too many wrong keys: 429), its scope (403
 *    `insufficient_scope`) and its rate (429 `rate_limited`, with `Retry-After`), see `access.ts`;
 * 4. path and query parameters (400 `validation_failed`, naming each bad field);
 * 5. a read answers; a write needs its `Idempotency-Key` (400), a JSON body of at most 4096 bytes
 *    (413 `payload_too_large`, 400 `invalid_json`) that fits its schema (400 `validation_failed`), and
 *    then becomes one engine command (see `writes.ts`), or for an action, its answer kept for the key
 *    (see `actions.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ZodObject } from 'zod'
import type { CentreConfig } from '../../../../src-shared/config'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { Logger } from '../../logger'
import type { NotifyConsents } from '../../notify/contracts'
import type { LocalBotHub } from '../../telegram/local-hub'
import type { TelegramRelay } from '../../telegram/relay'
import type { Vault, VaultEntries } from '../../vault'
import { readJson, sendJson } from '../respond'
import type { HttpApp } from '../router'
import { ApiAccess, type Refusal } from './access'
import { ActionAnswers, type KeptAnswer } from './actions'
import { openApiDocument } from './openapi'
import { API_PREFIX, isApiPath, OPENAPI_PATH } from './paths'
import { fieldErrors, problem, sendProblem, type FieldError, type Problem } from './problem'
import {
  pathPattern,
  RouteRefusal,
  type ActionRoute,
  type ApiRoute,
  type CommandRoute,
  type RouteContext,
} from './route'
import { BOOKING_ROUTES } from './bookings'
import { REMOTE_TICKET_ROUTES } from './remote-tickets'
import { servicesRoute } from './services'
import { slotsRoute } from './slots'
import { TELEGRAM_CHAT_ROUTES } from './telegram'
import { TELEGRAM_OUTBOX_ROUTES } from './telegram-outbox'
import { TELEGRAM_QUEUE_ROUTES } from './telegram-queue'
import { answerOf, idempotencyKeyOf, integrationPrincipal, refusalStatus, submitWrite } from './writes'

export { API_ERROR_CODES, type ApiErrorCode, type Problem, type ProblemCode } from './problem'
export { API_PREFIX, OPENAPI_PATH } from './paths'
export {
  actionRoute,
  commandRoute,
  readRoute,
  type ActionRoute,
  type ApiRoute,
  type CommandRoute,
  type EngineWrite,
  type ReadRoute,
} from './route'
export { integrationPrincipal, IDEMPOTENCY_KEY_PATTERN } from './writes'
export { openApiDocument } from './openapi'

/** Every route the hub serves under `/api/v1`. */
export const API_ROUTES: readonly ApiRoute[] = [
  servicesRoute,
  slotsRoute,
  ...BOOKING_ROUTES,
  ...REMOTE_TICKET_ROUTES,
  ...TELEGRAM_CHAT_ROUTES,
  ...TELEGRAM_QUEUE_ROUTES,
  ...TELEGRAM_OUTBOX_ROUTES,
]

/** What the API needs of the hub. */
export interface ApiOptions {
  config: CentreConfig
  engine: CentreEngine
  /** The hub's failed-credential limiter, shared with the socket handshake. */
  limits: ConnectionLimits
  logger: Logger
  /** Default `API_ROUTES`. */
  routes?: readonly ApiRoute[]
  /** What the integrations' rate buckets refill by; real elapsed time by default. */
  rateClock?: () => number
  /** Where writes put the IINs and phones they carry (see `RouteContext.entries`). */
  entries: VaultEntries
  /** Signs the handles the API gives out (`RouteContext.vault`). */
  vault: Vault
  /** The citizens' consents to be notified (`RouteContext.consents`); none: no notifications offered. */
  consents?: NotifyConsents | null
  /** The hub's side of a Telegram bot in its own process (`RouteContext.telegram`). */
  telegram?: { hub: LocalBotHub; relay: TelegramRelay } | null
}

interface Matched {
  route: ApiRoute
  params: Record<string, string>
}

/**
 * The API as one of the hub's HTTP apps: it answers every path under `/api/v1` and `/api/openapi.json`
 * (always JSON or problem+json, never the faces) and leaves every other path to the next app.
 */
export function apiApp({
  config,
  engine,
  limits,
  logger,
  routes = API_ROUTES,
  rateClock,
  entries,
  vault,
  consents = null,
  telegram = null,
}: ApiOptions): HttpApp {
  const access = new ApiAccess(config, limits, rateClock)
  const actions = new ActionAnswers()
  const document = JSON.stringify(openApiDocument(routes))
  const patterns = routes.map((route) => ({ route, pattern: pathPattern(`${API_PREFIX}${route.path}`) }))

  /** The routes at this path (any method), with its parameters. */
  function routesAt(pathname: string): Matched[] {
    return patterns.flatMap(({ route, pattern }) => {
      const match = pattern.exec(pathname)
      return match ? [{ route, params: { ...match.groups } }] : []
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET'
    if (url.pathname === OPENAPI_PATH) {
      if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, method, url, ['GET', 'HEAD'])
      res.statusCode = 200
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.setHeader('Cache-Control', 'no-cache')
      res.end(document)
      return
    }
    const here = routesAt(url.pathname)
    if (here.length === 0) {
      return sendProblem(res, problem(404, 'not_found', `the API has no path ${url.pathname.slice(0, 200)}`))
    }
    const found = here.find(
      ({ route }) => route.method === method || (method === 'HEAD' && route.method === 'GET'),
    )
    if (!found) {
      const allowed = here.flatMap(({ route }) => (route.method === 'GET' ? ['GET', 'HEAD'] : [route.method]))
      return notAllowed(res, method, url, allowed)
    }
    const { route } = found

    const admitted = access.admit(req)
    if (!admitted.ok) return refuse(res, admitted)
    const { integration } = admitted
    const denied = access.lacksScope(integration, route.scope) ?? access.overRate(integration)
    if (denied) return refuse(res, denied)

    const errors: FieldError[] = []
    const params = parse(route.params, found.params, 'path', errors)
    const query = parse(route.query, queryOf(url, errors), 'query', errors)
    if (errors.length > 0) return invalid(res, errors)
    const context: RouteContext<unknown, unknown> = {
      params,
      query,
      integration,
      config,
      engine,
      entries,
      vault,
      consents,
      telegram,
      refuse: (code, detail) => new RouteRefusal(problem(refusalStatus(code, route.refusals), code, detail)),
    }

    if (route.kind === 'command') return runCommand(req, res, route, context)
    if (route.kind === 'action') return runAction(req, res, route, context)
    const answer: unknown = await route.handle(context as never)
    if (answer instanceof RouteRefusal) return sendProblem(res, answer.problem)
    sendJson(res, route.response.status, answer)
  }

  /** An action's body, checked; or the problem already sent. */
  async function bodyOf(
    req: IncomingMessage,
    res: ServerResponse,
    route: CommandRoute | ActionRoute,
  ): Promise<{ ok: true; value: unknown } | { ok: false }> {
    // A DELETE names what it deletes in its path: it is sent without a body.
    const read =
      route.method === 'DELETE' && !carriesBody(req) ? { ok: true as const, value: {} } : await readJson(req)
    if (!read.ok) {
      const code = read.code === 'payload_too_large' ? 'payload_too_large' : 'invalid_json'
      sendProblem(res, problem(read.status, code, read.message))
      return { ok: false }
    }
    const body = route.body.safeParse(read.value)
    if (!body.success) {
      invalid(res, fieldErrors(body.error, 'body'))
      return { ok: false }
    }
    return { ok: true, value: body.data }
  }

  async function runAction(
    req: IncomingMessage,
    res: ServerResponse,
    route: ActionRoute,
    context: RouteContext<unknown, unknown>,
  ): Promise<void> {
    const key = idempotencyKeyOf(req)
    if (!key.ok) return sendProblem(res, key.problem)
    const body = await bodyOf(req, res, route)
    if (!body.ok) return
    const request = { ...context, body: body.value } as never
    const principal = integrationPrincipal(context.integration)
    const fingerprint = { method: route.method, path: route.path, params: context.params, body: body.value }
    const answer = await actions.answer(principal, key.key, fingerprint, async (): Promise<KeptAnswer> => {
      const made: unknown = await route.act(request)
      if (made instanceof RouteRefusal) return { status: made.problem.status, body: made.problem }
      return { status: route.response.status, body: made }
    })
    if (answer === null)
      return sendProblem(
        res,
        problem(
          422,
          'idempotency_key_reused',
          'this Idempotency-Key was already used for another request; make a new key for a new action',
        ),
      )
    if (answer.status >= 400) return sendProblem(res, answer.body as Problem)
    if (answer.status === 204) {
      res.statusCode = 204
      res.setHeader('Cache-Control', 'no-store')
      return void res.end()
    }
    sendJson(res, answer.status, answer.body)
  }

  async function runCommand(
    req: IncomingMessage,
    res: ServerResponse,
    route: CommandRoute,
    context: RouteContext<unknown, unknown>,
  ): Promise<void> {
    const key = idempotencyKeyOf(req)
    if (!key.ok) return sendProblem(res, key.problem)
    const body = await bodyOf(req, res, route)
    if (!body.ok) return
    const request = { ...context, body: body.value } as never
    const write = await route.write(request)
    if (write instanceof RouteRefusal) return sendProblem(res, write.problem)
    const ack = await submitWrite(engine, context.integration, key.key, write)
    const answer = answerOf(route, ack, request)
    if ('problem' in answer) return sendProblem(res, answer.problem)
    if (ack.ok && route.afterOk) await route.afterOk(ack as never, request)
    if (answer.status === 204) {
      res.statusCode = 204
      res.setHeader('Cache-Control', 'no-store')
      return void res.end()
    }
    sendJson(res, answer.status, answer.body)
  }

  return async (req, res, url) => {
    if (!isApiPath(url.pathname)) return false
    try {
      await handle(req, res, url)
    } catch (error) {
      // The route's template, not the path: a path may name a chat (personal data).
      const route = routesAt(url.pathname)[0]?.route.path ?? 'unknown'
      logger.error({ err: error, method: req.method, route }, 'API request failed')
      if (!res.headersSent)
        sendProblem(res, problem(500, 'internal', 'the hub could not handle this request'))
      else res.end()
    }
    return true
  }
}

function notAllowed(res: ServerResponse, method: string, url: URL, allowed: string[]): void {
  const list = [...new Set(allowed)].join(', ')
  sendProblem(
    res,
    problem(
      405,
      'method_not_allowed',
      `${method.slice(0, 10)} is not allowed on ${url.pathname}; use ${list}`,
    ),
    { Allow: list },
  )
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  sendProblem(res, refusal.problem, refusal.headers)
}

function invalid(res: ServerResponse, errors: FieldError[]): void {
  const fields = errors.map((error) => error.path).join(', ')
  sendProblem(res, problem(400, 'validation_failed', `check these fields: ${fields}`, errors))
}

/** Whether a request says it carries a body. */
function carriesBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

/** The query as an object of strings; a parameter sent twice is an error of its own. */
function queryOf(url: URL, errors: FieldError[]): Record<string, string> {
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams) {
    if (Object.hasOwn(query, name)) errors.push({ path: `query.${name}`, message: 'sent more than once' })
    query[name] = value
  }
  return query
}

/** Values checked by `schema` (none: nothing may be sent); each bad field goes into `errors`. */
function parse(
  schema: ZodObject | undefined,
  values: Record<string, string>,
  where: 'path' | 'query',
  errors: FieldError[],
): unknown {
  if (!schema) {
    for (const name of Object.keys(values))
      errors.push({ path: `${where}.${name}`, message: 'unknown parameter' })
    return {}
  }
  const parsed = schema.safeParse(values)
  if (parsed.success) return parsed.data
  errors.push(...fieldErrors(parsed.error, where))
  return {}
}
