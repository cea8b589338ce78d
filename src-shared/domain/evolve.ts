/**
 * Applies one fact to a centre's state, in place, and returns the same state.
 *
 * In place on purpose: a day holds thousands of tickets, and copying them per event would make every
 * command cost as much as the day is long. The hub folds events into its own state; a Pinia store
 * folds them into a reactive copy, so Vue sees exactly the fields that changed. `decide` never mutates.
 *
 * Alongside `state.queues` it keeps the state's queue index (queue-index.ts) in step, if the state has
 * one: call-next reads that index instead of scanning the queues. Likewise the self-service index
 * (self-service-index.ts), which the kiosks' commands read instead of scanning the day's sessions and
 * help requests.
 */
import { liveBookingIndex, type BookingIndex } from './booking-index'
import { evolveBooking } from './bookings'
import { evolveDesk } from './evolve-desks'
import { evolveSelfService } from './evolve-self-service'
import { enqueue, evolveTicket } from './evolve-tickets'
import { liveQueueIndex, type QueueIndex } from './queue-index'
import { evolveRemote } from './remote-queue'
import { liveSelfServiceIndex, type SelfServiceIndex } from './self-service-index'
import type { CentreState, EventEnvelope, EventOf, Ticket } from './types'
import { noteUndo } from './undo'
import { evolveFloorNotes } from './supervisor-acts'

export { MAX_SERVICE_TIMES, RECENT_CALLS, waitingTicket } from './evolve-tickets'

export function initialState(centreId: string): CentreState {
  return {
    centreId,
    day: null,
    seq: 0,
    counters: {},
    tickets: {},
    queues: {},
    desks: {},
    serviceTimes: {},
    calls: [],
    selfServiceSessions: {},
    helpRequests: {},
    bookings: {},
  }
}

export function evolve(state: CentreState, event: EventEnvelope): CentreState {
  if (event.seq !== state.seq + 1) {
    throw new Error(`event seq ${event.seq} does not follow state seq ${state.seq}`)
  }
  // Taken before the seq moves; if this event throws half-way, the index is left behind and rebuilt.
  const index = liveQueueIndex(state)
  const selfService = liveSelfServiceIndex(state)
  const bookingIndex = liveBookingIndex(state)
  state.seq = event.seq
  const at = event.at
  noteUndo(state, event)
  const ticketOf = (id: string): Ticket => {
    const ticket = state.tickets[id]
    if (!ticket) throw new Error(`event ${event.seq} (${event.type}) names unknown ticket ${id}`)
    return ticket
  }

  switch (event.type) {
    case 'day:opened':
      openDay(state, event, index, selfService, bookingIndex)
      break
    case 'ticket:issued':
    case 'ticket:called':
    case 'ticket:recalled':
    case 'ticket:started':
    case 'ticket:finished':
    case 'ticket:rated':
    case 'ticket:missed':
    case 'ticket:transferred':
    case 'ticket:postponed':
    case 'ticket:cancelled':
    case 'ticket:prioritised':
    case 'ticket:restored':
    case 'ticket:closed':
      evolveTicket(state, event, at, index, ticketOf)
      break
    case 'desk:opened':
    case 'desk:paused':
    case 'desk:resumed':
    case 'desk:closed':
      evolveDesk(state, event, at)
      break
    case 'selfservice:started':
    case 'selfservice:step-reached':
    case 'selfservice:ended':
    case 'help:requested':
    case 'help:accepted':
    case 'help:resolved':
    case 'help:cancelled':
      evolveSelfService(state, event, at, selfService)
      break
    case 'ticket:joined':
    case 'ticket:come-now':
    case 'ticket:held':
    case 'ticket:checked-in':
    case 'ticket:lapsed':
      evolveRemote(state, event, at, ticketOf, (ticket) => enqueue(state, ticket, index))
      break
    case 'staff:messaged':
    case 'staff:message-read':
    case 'device:reported':
      evolveFloorNotes(state, event)
      break
    case 'booking:made':
    case 'booking:cancelled':
    case 'booking:checked-in':
    case 'booking:lapsed':
      evolveBooking(state, event, at, bookingIndex)
      break
    default: {
      const unknown: never = event
      throw new Error(`unknown event type ${(unknown as { type: string }).type}`)
    }
  }
  index?.caughtUp(state)
  selfService?.caughtUp(state)
  bookingIndex?.caughtUp(state)
  return state
}

/** A new day: the day's tickets, queues, sessions and notes go; the desks and service times go on. */
function openDay(
  state: CentreState,
  event: EventOf<'day:opened'>,
  index: QueueIndex | undefined,
  selfService: SelfServiceIndex | undefined,
  bookingIndex: BookingIndex | undefined,
): void {
  state.day = event.day
  state.counters = {}
  state.tickets = {}
  state.queues = {}
  index?.restart(state)
  state.calls = []
  state.expected = []
  state.remoteCodes = {}
  state.selfServiceSessions = {}
  state.helpRequests = {}
  state.messages = {}
  selfService?.restart(state)
  // Copies, like the desks below; a log from before bookings carries none (the state's go on).
  if (event.bookings) state.bookings = structuredClone(event.bookings)
  state.bookings ??= {}
  bookingIndex?.restart(state)
  if (event.desks && event.serviceTimes) {
    // Copies, so that later events change the state and never the stored or broadcast event.
    state.desks = {}
    for (const [id, desk] of Object.entries(event.desks))
      state.desks[id] = { ...desk, serviceIds: [...desk.serviceIds] }
    state.serviceTimes = {}
    for (const [serviceId, times] of Object.entries(event.serviceTimes))
      state.serviceTimes[serviceId] = [...times]
    return
  }
  // A day opened before the event carried these: the desks and times of memory go on.
  for (const desk of Object.values(state.desks)) {
    desk.ticketId = null
    desk.priorityStreak = 0
  }
}
