/**
 * evolve for the self-service facts: a kiosk's sessions (started, step reached, ended) and its calls
 * for help (requested, accepted, resolved, cancelled), kept in step with the self-service index
 * (self-service-index.ts) if the state has one.
 */
import type { SelfServiceIndex } from './self-service-index'
import type { CentreState, EventEnvelope, EventOf, HelpRequest, SelfServiceSession } from './types'

/** The self-service and help facts that evolveSelfService applies. */
export type SelfServiceFact = EventOf<
  | 'selfservice:started'
  | 'selfservice:step-reached'
  | 'selfservice:ended'
  | 'help:requested'
  | 'help:accepted'
  | 'help:resolved'
  | 'help:cancelled'
>

export function evolveSelfService(
  state: CentreState,
  event: EventEnvelope<SelfServiceFact>,
  at: number,
  selfService: SelfServiceIndex | undefined,
): void {
  const sessionOf = (id: string): SelfServiceSession => {
    const session = state.selfServiceSessions[id]
    if (!session)
      throw new Error(`event ${event.seq} (${event.type}) names unknown self-service session ${id}`)
    return session
  }
  const helpOf = (id: string): HelpRequest => {
    const help = state.helpRequests[id]
    if (!help) throw new Error(`event ${event.seq} (${event.type}) names unknown help request ${id}`)
    return help
  }
  switch (event.type) {
    case 'selfservice:started': {
      const replaced = state.selfServiceSessions[event.sessionId]
      if (replaced) selfService?.unfileSession(replaced)
      const session: SelfServiceSession = {
        id: event.sessionId,
        serviceId: event.serviceId,
        kioskId: event.kioskId,
        startedAt: at,
        status: 'active',
        step: null,
        steps: [],
        endedAt: null,
        helpRequests: 0,
      }
      state.selfServiceSessions[session.id] = session
      selfService?.fileSession(session)
      break
    }
    case 'selfservice:step-reached': {
      const session = sessionOf(event.sessionId)
      session.step = Math.max(session.step ?? event.step, event.step)
      session.steps.push({ step: event.step, at })
      break
    }
    case 'selfservice:ended': {
      const session = sessionOf(event.sessionId)
      selfService?.unfileSession(session)
      session.status = event.outcome
      session.endedAt = at
      selfService?.fileSession(session)
      break
    }
    case 'help:requested': {
      const replaced = state.helpRequests[event.helpId]
      if (replaced) selfService?.unfileHelpRequest(replaced)
      const help: HelpRequest = {
        id: event.helpId,
        kioskId: event.kioskId,
        serviceId: event.serviceId,
        sessionId: event.sessionId,
        step: event.step,
        status: 'open',
        requestedAt: at,
        staffId: null,
        firstName: null,
        acceptedAt: null,
        closedAt: null,
      }
      state.helpRequests[help.id] = help
      selfService?.fileHelpRequest(help)
      const session = event.sessionId ? state.selfServiceSessions[event.sessionId] : undefined
      if (session) session.helpRequests += 1
      break
    }
    case 'help:accepted': {
      const help = helpOf(event.helpId)
      selfService?.unfileHelpRequest(help)
      help.status = 'accepted'
      help.staffId = event.staffId
      help.firstName = event.firstName ?? null
      help.acceptedAt = at
      selfService?.fileHelpRequest(help)
      break
    }
    case 'help:resolved': {
      const help = helpOf(event.helpId)
      selfService?.unfileHelpRequest(help)
      help.status = 'resolved'
      help.closedAt = at
      selfService?.fileHelpRequest(help)
      break
    }
    case 'help:cancelled': {
      const help = helpOf(event.helpId)
      selfService?.unfileHelpRequest(help)
      help.status = 'cancelled'
      help.closedAt = at
      selfService?.fileHelpRequest(help)
      break
    }
  }
}
