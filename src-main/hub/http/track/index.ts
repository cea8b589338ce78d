/**
 * The tracker page's API, `/api/track/*`. The tracker's socket is read-only; what the citizen sends from
 * the page goes here, by the ticket's tracker token (`/t/<token>`), which only its holder was given.
 *
 * - `POST /api/track/{token}/rating` `{ requestId, score: 1–5, reason?: id | null }`: the citizen's vote
 *   after service, `ticket:rate` as the citizen holding that one ticket (`citizen:track`); 201
 *   `{ rating: { score, reason } }`. Refusals as problem+json naming the field: a token no ticket of today
 *   has is 404 `ticket_link_invalid` (and counts against the address, as a wrong code does); a second
 *   vote 409 `already_rated`; after `ratings.windowMinutes`, 409 `rating_closed`; a ticket not served
 *   yet, 409 `not_finished`; a reason not offered with the score, 422 `unknown_reason`.
 */
import { z } from 'zod'
import type { CentreConfig } from '../../../../src-shared/config'
import type { ErrorCode } from '../../../../src-shared/domain'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { Logger } from '../../logger'
import { refusalStatus } from '../api/writes'
import { requestIdField } from '../book/make'
import { citizenPageApp, parseBody, refusal, type PageAnswer, type PageRequest } from '../citizen-page'
import type { HttpApp } from '../router'
import { TRACK_API_PREFIX } from './paths'

/** Who sends a tracker's commands, for the idempotency of their request ids. */
export const TRACKER_CITIZEN = 'citizen:track'

export interface TrackContext {
  engine: CentreEngine
  limits: ConnectionLimits
}

const ratingBody = z
  .object({
    requestId: requestIdField,
    score: z.number().int('must be a whole number 1–5').min(1, 'must be 1–5').max(5, 'must be 1–5'),
    reason: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be a reason id of the centre')
      .nullable()
      .optional(),
  })
  .strict()

const RATING_REFUSALS: Partial<Record<ErrorCode, number>> = {
  already_rated: 409,
  rating_closed: 409,
  not_finished: 409,
  unknown_reason: 422,
  invalid_payload: 400,
}

const FIELD_OF: Partial<Record<ErrorCode, string>> = {
  unknown_reason: 'body.reason',
  invalid_payload: 'body.score',
  request_id_reused: 'body.requestId',
}

/** `POST /api/track/{token}/rating`. */
export async function rateTicket(context: TrackContext, request: PageRequest): Promise<PageAnswer> {
  const body = parseBody(ratingBody, request.body)
  const ticketId = context.engine.ticketIdForToken(request.params.token!)
  if (ticketId === undefined || !context.engine.state.tickets[ticketId]) {
    context.limits.failed(request.address)
    throw refusal(404, 'ticket_link_invalid', 'path.token', 'this ticket link is not valid (any more)')
  }
  const reason = body.reason ?? null
  const ack = await context.engine.submit(
    // Request ids are the page's: scoped per ticket, so two phones never share one.
    `${TRACKER_CITIZEN}:${ticketId}`,
    body.requestId,
    { kind: 'citizen', bookingId: null, ticketId },
    { type: 'ticket:rate', ticketId, score: body.score, reason },
  )
  if (!ack.ok) {
    const { code, message } = ack.error
    throw refusal(refusalStatus(code, RATING_REFUSALS), code, FIELD_OF[code] ?? 'ticket', message)
  }
  return { status: 201, json: { rating: { score: body.score, reason } } }
}

export interface TrackAppOptions {
  config: CentreConfig
  engine: CentreEngine
  limits: ConnectionLimits
  logger: Logger
  /** What the address buckets refill by; real elapsed time by default. */
  rateClock?: () => number
}

export function trackApp(options: TrackAppOptions): HttpApp {
  return citizenPageApp({
    prefix: TRACK_API_PREFIX,
    routes: [{ method: 'POST', path: '/{token}/rating', handle: rateTicket }],
    context: { engine: options.engine, limits: options.limits },
    config: options.config,
    limits: options.limits,
    logger: options.logger,
    name: 'tracker page',
    rateClock: options.rateClock,
  })
}
