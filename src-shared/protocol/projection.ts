/**
 * What each audience may see. Every event reaches every staff and device socket (so their seqs stay
 * contiguous), but kiosks and displays get it without anything private.
 */
import type { CentreState, EventEnvelope, Ticket } from '../domain/types'
import type { PublicTicket } from './messages'

export function publicTicket(ticket: Ticket): PublicTicket {
  if (ticket.trackToken === undefined) return ticket
  const { trackToken: _hidden, ...rest } = ticket
  return rest
}

export function publicEvent(event: EventEnvelope): EventEnvelope {
  if (event.type === 'ticket:issued' && event.trackToken !== undefined) {
    const { trackToken: _hidden, ...rest } = event
    return rest as EventEnvelope
  }
  return event
}

/** A deep copy of the state without track tokens, for a kiosk or display snapshot. */
export function publicState(state: CentreState): CentreState {
  const tickets: Record<string, Ticket> = {}
  for (const [id, ticket] of Object.entries(state.tickets)) tickets[id] = publicTicket(ticket)
  return structuredCloneState({ ...state, tickets })
}

function structuredCloneState(state: CentreState): CentreState {
  return JSON.parse(JSON.stringify(state)) as CentreState
}
