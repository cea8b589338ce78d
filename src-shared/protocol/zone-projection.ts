/**
 * What a zone display may hold (a display limited to some services and/or windows, `devices[].zone`):
 * the hall display's view, less every ticket number it may not show. A ticket's number reaches it only
 * with a call in its zone (`ticket:called` then carries `number`); the calls elsewhere stay in its state
 * without numbers, so its seqs stay contiguous and `evolve` runs as everywhere, but no other window's
 * number can ever appear on it. Zod-free, so the display's face can ask `zoneShows` too.
 */
import type { DisplayZone } from '../config'
import type { CentreState, EventEnvelope, Ticket } from '../domain/types'
import { displayEvent, displayState } from './projection'

/** Whether a call of a ticket of `serviceId` to `deskId` is one the zone shows. */
export function zoneShows(zone: DisplayZone, serviceId: string | undefined, deskId: string | null): boolean {
  if (zone.serviceIds && (serviceId === undefined || !zone.serviceIds.includes(serviceId))) return false
  if (zone.deskIds && (deskId === null || !zone.deskIds.includes(deskId))) return false
  return true
}

/** A fact as the zone display gets it; `state` is the hub's, after the fact. */
export function zoneEvent(event: EventEnvelope, zone: DisplayZone, state: CentreState): EventEnvelope {
  const visible = displayEvent(event)
  if (visible.type === 'ticket:issued' || visible.type === 'ticket:joined') return { ...visible, number: '' }
  if (visible.type === 'ticket:called') {
    const ticket = state.tickets[visible.ticketId]
    if (ticket && zoneShows(zone, ticket.serviceId, visible.deskId))
      return { ...visible, number: ticket.number }
  }
  return visible
}

/** The state as the zone display gets it: numbers only of tickets called in its zone, and only its calls. */
export function zoneState(state: CentreState, zone: DisplayZone): CentreState {
  const shown = displayState(state)
  const called = new Set(
    shown.calls
      .filter((call) => zoneShows(zone, shown.tickets[call.ticketId]?.serviceId, call.deskId))
      .map((call) => call.ticketId),
  )
  shown.calls = shown.calls.filter((call) => inZone(zone, shown, call))
  for (const ticket of Object.values(shown.tickets)) {
    if (!called.has(ticket.id) && !heldInZone(zone, ticket)) ticket.number = ''
  }
  return shown
}

function inZone(zone: DisplayZone, state: CentreState, call: CentreState['calls'][number]): boolean {
  return zoneShows(zone, state.tickets[call.ticketId]?.serviceId, call.deskId)
}

/** A ticket at (or finished at) one of the zone's windows, called there. */
function heldInZone(zone: DisplayZone, ticket: Ticket): boolean {
  return ticket.calledAt !== null && zoneShows(zone, ticket.serviceId, ticket.deskId)
}
