/**
 * The citizen's rating after service: one vote per finished ticket, 1–5 with an optional reason from the
 * config's short list, within `ratings.windowMinutes` of the finish. The hub sends `ticket:rate` as the
 * citizen holding the ticket's tracker link (`POST /api/track/<token>/rating`); the fact names the ticket,
 * the score and the reason, never the citizen.
 */
import { reasonsFor, type CentreConfig } from '../config'
import type { DecideContext } from './decide'
import { DomainError } from './errors'
import type { CentreState, CommandOf, DomainEvent, Ticket } from './types'

/** Scores run 1 (bad) to 5 (good). */
export const MIN_SCORE = 1
export const MAX_SCORE = 5

/** Until when (epoch ms) a finished ticket may be rated; null: it is not finished. */
export function ratingOpenUntil(ticket: Ticket, config: Pick<CentreConfig, 'ratings'>): number | null {
  if (ticket.status !== 'done' || ticket.finishedAt === null) return null
  return ticket.finishedAt + config.ratings.windowMinutes * 60_000
}

export function decideRate(
  state: CentreState,
  command: CommandOf<'ticket:rate'>,
  ctx: DecideContext,
): DomainEvent[] {
  const ticket = state.tickets[command.ticketId]
  if (!ticket) throw new DomainError('unknown_ticket', `no ticket ${command.ticketId} today`)
  // Only the holder of the ticket's tracker link, which the hub checked, rates it.
  if (ctx.actor.kind !== 'citizen' || ctx.actor.ticketId !== ticket.id)
    throw new DomainError('forbidden', `ticket ${ticket.number} is not yours to rate`)
  if (ticket.rating) throw new DomainError('already_rated', `ticket ${ticket.number} is already rated`)
  const until = ratingOpenUntil(ticket, ctx.config)
  if (until === null)
    throw new DomainError('not_finished', `ticket ${ticket.number} is ${ticket.status}: rate it once served`)
  if (ctx.now > until)
    throw new DomainError(
      'rating_closed',
      `ticket ${ticket.number} was finished over ${ctx.config.ratings.windowMinutes} minutes ago`,
    )
  if (!Number.isInteger(command.score) || command.score < MIN_SCORE || command.score > MAX_SCORE)
    throw new DomainError('invalid_payload', `score must be a whole number ${MIN_SCORE}–${MAX_SCORE}`)
  const reason = command.reason ?? null
  if (reason !== null && !reasonsFor(ctx.config.ratings.reasons, command.score).some((r) => r.id === reason))
    throw new DomainError('unknown_reason', `no reason "${reason}" is offered with score ${command.score}`)
  return [{ type: 'ticket:rated', ticketId: ticket.id, score: command.score, reason }]
}
