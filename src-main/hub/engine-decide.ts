/**
 * One command of a batch, decided and applied to the engine's state: its facts join the batch and its
 * ack says what the sender needs next. A refusal is an error ack, not an exception.
 */
import type { CentreConfig } from '../../src-shared/config'
import {
  applyEvents,
  decide,
  DomainError,
  type Actor,
  type CentreState,
  type Command,
  type EventEnvelope,
} from '../../src-shared/domain'
import type { Ack } from '../../src-shared/protocol'
import { ackExtras, errorAck } from './command-acks'
import type { Logger } from './logger'

/** What deciding needs besides the state: the centre's config and ranks, the hub's ids, a logger. */
export interface DecideDeps {
  config: CentreConfig
  categoryRanks: Readonly<Record<string, number>>
  logger: Logger
  newId: () => string
  newToken: () => string
}

/** Decides and applies one command; its facts are pushed onto `events`. */
export function decideOne(
  state: CentreState,
  deps: DecideDeps,
  actor: Actor,
  command: Command,
  now: number,
  events: EventEnvelope[],
): Ack<object> {
  let decided
  try {
    decided = decide(state, command, {
      now,
      config: deps.config,
      actor,
      newId: deps.newId,
      newToken: deps.newToken,
    })
  } catch (error) {
    if (error instanceof DomainError) return errorAck(error.code, error.message, error.details)
    // decide is pure: a bug there changed nothing, so answer and keep serving the others.
    deps.logger.error({ err: error, command: command.type }, 'decide failed')
    return errorAck('internal', 'the hub could not decide this command')
  }
  // evolve failing would leave the state half-applied: let it throw, and the batch fails whole.
  const applied = applyEvents(state, decided, now)
  events.push(...applied)
  let result: object = {}
  try {
    result = ackExtras(state, deps.config, deps.categoryRanks, command, applied, now)
  } catch (error) {
    // The events stand; only the extras of the ack (estimate, ticket view) are missing.
    deps.logger.error({ err: error, command: command.type }, 'building the ack failed')
  }
  return { ok: true, seq: state.seq, ...result }
}
