/**
 * What each audience may see. Every event reaches every staff and device socket (so their seqs stay
 * contiguous), but kiosks and displays get it without anything private.
 */
import type { CentreState, EventEnvelope, Ticket } from '../domain/types'
import type { PublicTicket } from './messages'

/**
 * A ticket as a kiosk or display may hold it: without the track token and without the consultant's
 * free-text note (which could name the citizen).
 */
export function publicTicket(ticket: Ticket): PublicTicket {
  if (ticket.trackToken === undefined && ticket.note === null && ticket.remote === undefined) return ticket
  const { trackToken: _token, ...rest } = ticket
  // A remote ticket's code checks it in and its phone is the citizen's: neither is the hall's.
  if (rest.remote) rest.remote = { ...rest.remote, code: '', phoneId: '' }
  return { ...rest, note: null }
}

/**
 * A booking as a kiosk or display may hold it: its service and slot, without the citizen's vault ids
 * and without its code (a code checks a booking in: it is the citizen's, not the hall's).
 */
export function publicBooking<B extends { code: string; personId: string | null; phoneId: string | null }>(
  booking: B,
): B {
  return { ...booking, code: '', personId: '', phoneId: null }
}

export function publicEvent(event: EventEnvelope): EventEnvelope {
  if (event.type === 'booking:made') return publicBooking(event)
  if (event.type === 'day:opened' && event.bookings) {
    const bookings = Object.fromEntries(
      Object.entries(event.bookings).map(([id, booking]) => [id, publicBooking(booking)]),
    )
    return { ...event, bookings }
  }
  if (event.type === 'ticket:issued' && event.trackToken !== undefined) {
    const { trackToken: _hidden, ...rest } = event
    return rest as EventEnvelope
  }
  if (event.type === 'ticket:transferred' && event.note !== null) return { ...event, note: null }
  if (event.type === 'ticket:joined') return { ...event, trackToken: '', code: '', phoneId: '' }
  // A supervisor's words are for staff: the hall sees that an act happened, not why.
  if (event.type === 'staff:messaged') return { ...event, text: '' }
  if (
    (event.type === 'ticket:cancelled' ||
      event.type === 'ticket:transferred' ||
      event.type === 'ticket:postponed' ||
      event.type === 'desk:closed') &&
    event.reason !== undefined
  )
    return { ...event, reason: '' }
  if (event.type === 'ticket:prioritised') return { ...event, reason: '' }
  if (event.type === 'ticket:called' && event.note !== undefined) return { ...event, note: '' }
  // A consultant's pause reason is one of the centre's own (lunch): the hall may show it; a supervisor's
  // (`by`) is their words.
  if (
    (event.type === 'desk:paused' || event.type === 'desk:opened') &&
    event.reason !== undefined &&
    event.by
  )
    return { ...event, reason: '' }
  return event
}

/** A deep copy of the state without track tokens and booking codes, for a kiosk or display snapshot. */
export function publicState(state: CentreState): CentreState {
  const tickets: Record<string, Ticket> = {}
  for (const [id, ticket] of Object.entries(state.tickets)) tickets[id] = publicTicket(ticket)
  const bookings: CentreState['bookings'] = {}
  for (const [id, booking] of Object.entries(state.bookings ?? {})) bookings[id] = publicBooking(booking)
  return deepCopy({ ...state, tickets, bookings, messages: {} })
}

/**
 * What a hall display may hold: the kiosks' view without the first names of consultants answering help
 * requests (a kiosk shows "Aigerim is coming"; a display in the hall has no use for names).
 */
export function displayEvent(event: EventEnvelope): EventEnvelope {
  const visible = publicEvent(event)
  if (visible.type === 'help:accepted' && visible.firstName !== undefined) {
    const { firstName: _name, ...rest } = visible
    return rest
  }
  return visible
}

export function displayState(state: CentreState): CentreState {
  const shown = publicState(state)
  for (const help of Object.values(shown.helpRequests)) help.firstName = null
  return shown
}

/** A JSON round trip: the state is plain JSON by design, and this is faster than structuredClone. */
function deepCopy(state: CentreState): CentreState {
  return JSON.parse(JSON.stringify(state)) as CentreState
}
