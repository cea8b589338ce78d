/**
 * What an API route is: one description that both answers requests and writes the OpenAPI document, so
 * the document cannot drift from what the hub does. Its zod schemas validate the request (path, query,
 * body) and describe the success answer; `scope` is the one scope a key needs for it.
 *
 * Three kinds:
 * - a **read** answers from the centre's state or config (`handle`, which may be async and may refuse);
 * - an **action** is a write that is not a command of the centre's log (a one-time code sent, a Telegram
 *   chat linked, a consent recorded): its answer is kept in memory for the `Idempotency-Key`, so a retry
 *   gets it again and does nothing twice (see `actions.ts`);
 * - a **command** is a write: one engine command, sent as the integration (`integration:<id>`) with the
 *   request's `Idempotency-Key` as its request id, so the engine stores its answer with its events and a
 *   retry gets the first answer again, also after a restart (see `writes.ts`). Its success answer is
 *   built from the engine's ack alone (`answer`), so a replayed ack gives the same body. Everything the
 *   body says goes into the command: the engine tells a retry from another request by the command's
 *   fingerprint, so a body field left out of the command would let another body pass as a retry.
 */
import type { ZodObject, ZodType, z } from 'zod'
import type { ApiScope, CentreConfig, IntegrationConfig } from '../../../../src-shared/config'
import type { Actor, Command, ErrorCode } from '../../../../src-shared/domain'
import type { CentreEngine } from '../../centre-engine'
import type { NotifyConsents } from '../../notify/contracts'
import type { LocalBotHub } from '../../telegram/local-hub'
import type { TelegramRelay } from '../../telegram/relay'
import type { Vault, VaultEntries } from '../../vault'
import type { Problem } from './problem'

/** The methods a route may take (`HEAD` is answered wherever `GET` is). */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Methods that change something: they need an `Idempotency-Key`. */
export const WRITE_METHODS: ReadonlySet<ApiMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

interface RouteBase<P extends ZodObject | undefined, Q extends ZodObject | undefined> {
  method: ApiMethod
  /** Under `/api/v1`, in OpenAPI's template form: `/services`, `/bookings/{code}`. */
  path: string
  scope: ApiScope
  operationId: string
  summary: string
  description: string
  tag: string
  /** Path parameters, one per `{name}` in `path`. */
  params?: P
  /** Query parameters (each sent once); unknown ones are refused. */
  query?: Q
  /** The success answer. */
  response: { status: number; description: string; schema: ZodType }
  /**
   * The statuses of the refusals this route answers with (a read's `refuse`, a write's engine refusal)
   * when not the default (`unknown_*` 422, any other 409); listed in the OpenAPI document too.
   */
  refusals?: Partial<Record<ErrorCode, number>>
}

/** A read's answer that is a refusal, made by `RouteContext.refuse`. */
export class RouteRefusal {
  constructor(readonly problem: Problem) {}
}

/** What a route's handler gets: the validated request, the integration, and the centre. */
export interface RouteContext<P, Q> {
  params: P
  query: Q
  integration: IntegrationConfig
  config: CentreConfig
  engine: CentreEngine
  /**
   * The hub's vault entries: a write that carries an IIN or a phone puts them here first and sends the
   * engine their ids, never the values (the centre's log keeps no personal data).
   */
  entries: VaultEntries
  /** A refusal to return instead of the answer, at the status the route's `refusals` give its code. */
  refuse(code: ErrorCode, detail: string): RouteRefusal
  /** Signs and checks the handles the API gives out (`signed-id.ts`). */
  vault: Vault
  /** The citizens' consents to be notified; null when this hub sends no notifications. */
  consents: NotifyConsents | null
  /** The hub's side of a Telegram bot in its own process (`npm run bot`); null when none is configured. */
  telegram: { hub: LocalBotHub; relay: TelegramRelay } | null
}

type Parsed<S> = S extends ZodType ? z.output<S> : Record<string, never>

/** A route that answers from the centre's state or config and changes nothing. */
export interface ReadRoute<
  P extends ZodObject | undefined = ZodObject | undefined,
  Q extends ZodObject | undefined = ZodObject | undefined,
> extends RouteBase<P, Q> {
  kind: 'read'
  /** The success body, or `context.refuse(...)`. */
  handle(context: RouteContext<Parsed<P>, Parsed<Q>>): unknown
}

/** An engine command as a route sends it, and who it is decided as. */
export interface EngineWrite {
  /**
   * The actor the domain decides the command as: the integration itself (`{ kind: 'integration' }`), or
   * the narrowest actor its command allows; never `system`, which manages the whole floor.
   */
  actor: Exclude<Actor, { kind: 'system' }>
  command: Command
}

/** A write: its body becomes one engine command (see `writes.ts`). */
export interface CommandRoute<
  P extends ZodObject | undefined = ZodObject | undefined,
  Q extends ZodObject | undefined = ZodObject | undefined,
  B extends ZodType = ZodType,
> extends RouteBase<P, Q> {
  kind: 'command'
  /** The JSON body. */
  body: B
  /** The command to send, or a refusal (e.g. a booking code the integration does not know). */
  write(
    context: RouteContext<Parsed<P>, Parsed<Q>> & { body: z.output<B> },
  ): EngineWrite | RouteRefusal | Promise<EngineWrite | RouteRefusal>
  /**
   * The success body, from the engine's ok ack and the request (so that a replayed ack answers the same);
   * a 204 answers nothing.
   */
  answer(
    ack: { ok: true; seq: number } & Record<string, unknown>,
    context: RouteContext<Parsed<P>, Parsed<Q>> & { body: z.output<B> },
  ): unknown
  /**
   * What the request asks of the hub besides the command, done once the engine took it (also for a
   * retry, so it must be idempotent): e.g. recording the citizen's consent to be notified.
   */
  afterOk?(
    ack: { ok: true; seq: number } & Record<string, unknown>,
    context: RouteContext<Parsed<P>, Parsed<Q>> & { body: z.output<B> },
  ): Promise<void>
}

/** A write that is no command of the centre's log; its answer is kept for the `Idempotency-Key`. */
export interface ActionRoute<
  P extends ZodObject | undefined = ZodObject | undefined,
  Q extends ZodObject | undefined = ZodObject | undefined,
  B extends ZodType = ZodType,
> extends RouteBase<P, Q> {
  kind: 'action'
  body: B
  /** The success body, or `context.refuse(...)`. */
  act(context: RouteContext<Parsed<P>, Parsed<Q>> & { body: z.output<B> }): unknown
}

/** Any route of the API. */
export type ApiRoute = ReadRoute | CommandRoute | ActionRoute

/** Type-checks a read route's handler against its own schemas. */
export function readRoute<
  P extends ZodObject | undefined = undefined,
  Q extends ZodObject | undefined = undefined,
>(route: Omit<ReadRoute<P, Q>, 'kind'>): ReadRoute {
  return { kind: 'read', ...route } as unknown as ReadRoute
}

/** Type-checks a command route's `write` against its own schemas. */
export function commandRoute<
  B extends ZodType,
  P extends ZodObject | undefined = undefined,
  Q extends ZodObject | undefined = undefined,
>(route: Omit<CommandRoute<P, Q, B>, 'kind'>): CommandRoute {
  return { kind: 'command', ...route } as unknown as CommandRoute
}

/** Type-checks an action route's `act` against its own schemas. */
export function actionRoute<
  B extends ZodType,
  P extends ZodObject | undefined = undefined,
  Q extends ZodObject | undefined = undefined,
>(route: Omit<ActionRoute<P, Q, B>, 'kind'>): ActionRoute {
  return { kind: 'action', ...route } as unknown as ActionRoute
}

/** A route's path as a pattern: `{name}` matches one segment of 1–128 URL-safe characters. */
export function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) =>
      /^\{[A-Za-z][A-Za-z0-9]*\}$/.test(segment)
        ? `(?<${segment.slice(1, -1)}>[A-Za-z0-9._~:-]{1,128})`
        : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/')
  return new RegExp(`^${source}$`)
}
