/**
 * Decisions about guided self-service sessions and help requests. Same contract as `decide`: pure,
 * events or a `DomainError` with a stable code, never a write.
 *
 * A kiosk runs one session at a time and has at most one help request waiting: starting a new session
 * ends a forgotten one as `abandoned` (a kiosk that restarted mid-session), and a session that ends
 * takes its unanswered help request with it. A request a consultant has accepted stays theirs to resolve.
 *
 * Each command reads the sessions and help requests it names, or the kiosk's own few through the
 * self-service index (self-service-index.ts), never every one of the day.
 */
import type { ServiceSelfService } from '../config'
import type { DecideContext } from './decide'
import { DomainError } from './errors'
import { dropSelfServiceIndex, selfServiceIndexOf } from './self-service-index'
import type {
  Actor,
  CentreState,
  CommandOf,
  DomainEvent,
  HelpRequest,
  SelfServiceOutcome,
  SelfServiceSession,
} from './types'

export type SelfServiceCommand = CommandOf<
  | 'selfservice:start'
  | 'selfservice:step'
  | 'selfservice:finish'
  | 'help:request'
  | 'help:cancel'
  | 'help:accept'
  | 'help:resolve'
>

export function decideSelfService(
  state: CentreState,
  command: SelfServiceCommand,
  ctx: DecideContext,
): DomainEvent[] {
  switch (command.type) {
    case 'selfservice:start':
      return start(state, command, ctx)
    case 'selfservice:step': {
      const session = ownActiveSession(state, command.sessionId, ctx.actor)
      const scenario = scenarioOf(ctx, session.serviceId)
      if (command.step >= (scenario?.steps.length ?? 0)) {
        throw new DomainError(
          'unknown_step',
          `the scenario of ${session.serviceId} has no step ${command.step}`,
        )
      }
      // The portal can go back and forth; only a step further than any before is news.
      if (session.step !== null && command.step <= session.step) return []
      return [{ type: 'selfservice:step-reached', sessionId: session.id, step: command.step }]
    }
    case 'selfservice:finish': {
      const session = ownActiveSession(state, command.sessionId, ctx.actor)
      return endSession(state, session, command.outcome)
    }
    case 'help:request':
      return requestHelp(state, command, ctx)
    case 'help:cancel': {
      const help = helpIn(state, command.helpId, ['open', 'accepted'], 'cancel')
      if (help.kioskId !== kioskOf(ctx.actor)) {
        throw new DomainError('other_kiosk', `help request ${help.id} was asked at another kiosk`)
      }
      return [{ type: 'help:cancelled', helpId: help.id }]
    }
    case 'help:accept': {
      const staffId = staffOf(ctx.actor)
      const help = helpIn(state, command.helpId, ['open', 'accepted'], 'accept')
      if (help.status === 'accepted') {
        // A second tap by the same consultant changes nothing; anyone else is too late.
        if (help.staffId === staffId) return []
        throw new DomainError(
          'help_taken',
          `${help.firstName ?? 'another consultant'} has already accepted this request`,
        )
      }
      const firstName = ctx.config.staff.find((s) => s.id === staffId)?.firstName ?? ''
      return [{ type: 'help:accepted', helpId: help.id, staffId, firstName }]
    }
    case 'help:resolve': {
      const help = helpIn(state, command.helpId, ['open', 'accepted'], 'resolve')
      // Whoever walks over may resolve an open request; an accepted one belongs to its consultant.
      if (help.status === 'accepted' && !isManager(ctx.actor) && help.staffId !== staffOf(ctx.actor)) {
        throw new DomainError(
          'help_taken',
          `${help.firstName ?? 'another consultant'} has accepted this request`,
        )
      }
      return [{ type: 'help:resolved', helpId: help.id }]
    }
    default: {
      const unknown: never = command
      throw new DomainError('unknown_command', `unknown command ${(unknown as { type: string }).type}`)
    }
  }
}

function start(
  state: CentreState,
  command: CommandOf<'selfservice:start'>,
  ctx: DecideContext,
): DomainEvent[] {
  const kioskId = kioskOf(ctx.actor)
  const service = ctx.config.services.find((s) => s.id === command.serviceId)
  if (!service) throw new DomainError('unknown_service', `no service "${command.serviceId}" in this centre`)
  const scenario = service.selfService
  if (!scenario || !scenario.channels.includes('portal') || scenario.steps.length === 0) {
    throw new DomainError('not_self_service', `service ${service.id} has no guided self-service scenario`)
  }
  const events: DomainEvent[] = []
  for (const sessionId of selfServiceIndexOf(state).activeSessionsOf(kioskId))
    events.push(...endSession(state, indexedSession(state, sessionId), 'abandoned'))
  events.push({ type: 'selfservice:started', sessionId: ctx.newId(), serviceId: service.id, kioskId })
  return events
}

function endSession(
  state: CentreState,
  session: SelfServiceSession,
  outcome: SelfServiceOutcome,
): DomainEvent[] {
  const events: DomainEvent[] = [{ type: 'selfservice:ended', sessionId: session.id, outcome }]
  for (const helpId of selfServiceIndexOf(state).openHelpRequestsOf(session.id))
    events.push({ type: 'help:cancelled', helpId: indexedHelpRequest(state, helpId).id })
  return events
}

function requestHelp(
  state: CentreState,
  command: CommandOf<'help:request'>,
  ctx: DecideContext,
): DomainEvent[] {
  const kioskId = kioskOf(ctx.actor)
  const service = ctx.config.services.find((s) => s.id === command.serviceId)
  if (!service) throw new DomainError('unknown_service', `no service "${command.serviceId}" in this centre`)
  const sessionId = command.sessionId ?? null
  const step = command.step ?? null
  if (sessionId === null && step !== null) {
    throw new DomainError('invalid_payload', 'a step belongs to a self-service session: give its sessionId')
  }
  if (sessionId !== null) {
    const session = ownActiveSession(state, sessionId, ctx.actor)
    if (session.serviceId !== service.id) {
      throw new DomainError('invalid_payload', `session ${session.id} is for service ${session.serviceId}`)
    }
    if (step !== null && step >= (service.selfService?.steps.length ?? 0)) {
      throw new DomainError('unknown_step', `the scenario of ${service.id} has no step ${step}`)
    }
  }
  const [pendingId] = selfServiceIndexOf(state).pendingHelpRequestsOf(kioskId)
  if (pendingId !== undefined) {
    const pending = indexedHelpRequest(state, pendingId)
    throw new DomainError(
      'help_pending',
      `this kiosk already has help request ${pending.id} (${pending.status})`,
    )
  }
  return [{ type: 'help:requested', helpId: ctx.newId(), kioskId, serviceId: service.id, sessionId, step }]
}

// --- helpers -------------------------------------------------------------------------------------

function scenarioOf(ctx: DecideContext, serviceId: string): ServiceSelfService | undefined {
  return ctx.config.services.find((s) => s.id === serviceId)?.selfService
}

/** Sessions and help requests are asked for by a kiosk; the hub's role check keeps others out too. */
function kioskOf(actor: Actor): string {
  if (actor.kind === 'device' && actor.deviceKind === 'kiosk') return actor.deviceId
  throw new DomainError('forbidden', 'only a kiosk runs self-service sessions and asks for help')
}

function staffOf(actor: Actor): string {
  if (actor.kind === 'staff') return actor.staffId
  throw new DomainError('forbidden', 'help requests are accepted by staff')
}

function isManager(actor: Actor): boolean {
  return (
    actor.kind === 'system' ||
    (actor.kind === 'staff' && (actor.roles.includes('supervisor') || actor.roles.includes('admin')))
  )
}

function ownActiveSession(state: CentreState, sessionId: string, actor: Actor): SelfServiceSession {
  const session = state.selfServiceSessions[sessionId]
  if (!session) throw new DomainError('unknown_session', `no self-service session "${sessionId}" today`)
  if (session.kioskId !== kioskOf(actor)) {
    throw new DomainError('other_kiosk', `self-service session ${session.id} runs on another kiosk`)
  }
  if (session.status !== 'active') {
    throw new DomainError('session_ended', `self-service session ${session.id} has ended (${session.status})`)
  }
  return session
}

function helpIn(
  state: CentreState,
  helpId: string,
  allowed: HelpRequest['status'][],
  action: string,
): HelpRequest {
  const help = state.helpRequests[helpId]
  if (!help) throw new DomainError('unknown_help_request', `no help request "${helpId}" today`)
  if (!allowed.includes(help.status)) {
    throw new DomainError('help_closed', `cannot ${action} help request ${help.id}: it is ${help.status}`)
  }
  return help
}

function indexedSession(state: CentreState, sessionId: string): SelfServiceSession {
  const session = state.selfServiceSessions[sessionId]
  if (!session) {
    dropSelfServiceIndex(state)
    throw new Error(`self-service index out of step: session ${sessionId} is not in the state`)
  }
  return session
}

function indexedHelpRequest(state: CentreState, helpId: string): HelpRequest {
  const help = state.helpRequests[helpId]
  if (!help) {
    dropSelfServiceIndex(state)
    throw new Error(`self-service index out of step: help request ${helpId} is not in the state`)
  }
  return help
}
