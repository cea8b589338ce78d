/**
 * What a consultant codes at the window: the outcome of a visit at finish and the reason of a pause,
 * each from the config's list (`outcomes`, `pauseReasons`); checked here, recorded on the facts.
 */
import { outcomesFor, type CentreConfig } from '../config'
import { DomainError } from './errors'
import type { DomainEvent, EventOf, Ticket } from './types'

/**
 * `ticket:finished` with the outcome coded, if any: it must be one of the service's outcomes, and the
 * centre may require one (`policy.outcomeRequired`).
 */
export function finishedFact(
  config: CentreConfig,
  ticket: Ticket,
  outcome: string | null | undefined,
): EventOf<'ticket:finished'> {
  if (outcome == null) {
    if (config.policy.outcomeRequired && outcomesFor(config, ticket.serviceId).length > 0)
      throw new DomainError('outcome_required', `choose how the visit of ticket ${ticket.number} ended`)
    return { type: 'ticket:finished', ticketId: ticket.id }
  }
  if (!config.outcomes.some((o) => o.id === outcome))
    throw new DomainError('unknown_outcome', `no outcome "${outcome}" in this centre`)
  if (!outcomesFor(config, ticket.serviceId).some((o) => o.id === outcome))
    throw new DomainError(
      'unknown_outcome',
      `outcome "${outcome}" does not apply to the service of ticket ${ticket.number}`,
    )
  return { type: 'ticket:finished', ticketId: ticket.id, outcome }
}

/** `desk:paused` with its reason, if one is given: one of the config's `pauseReasons`. */
export function pausedFact(
  config: CentreConfig,
  deskId: string,
  reason: string | null | undefined,
): EventOf<'desk:paused'> {
  if (reason == null) return { type: 'desk:paused', deskId }
  if (!config.pauseReasons.some((r) => r.id === reason))
    throw new DomainError('unknown_pause_reason', `no pause reason "${reason}" in this centre`)
  return { type: 'desk:paused', deskId, reason }
}

/** A walk-in's ticket issued at a desk and called to it at once (one command, so no other desk takes it). */
export function calledAtOnce(
  issued: EventOf<'ticket:issued'>,
  deskId: string,
  staffId: string | null,
): DomainEvent {
  return { type: 'ticket:called', ticketId: issued.ticketId, deskId, staffId, reason: 'direct' }
}
