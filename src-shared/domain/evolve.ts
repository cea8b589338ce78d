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
import { pauseCountsFrom } from './desks'
import { liveBookingIndex } from './booking-index'
import { evolveBooking } from './bookings'
import { liveQueueIndex, type QueueIndex } from './queue-index'
import { evolveRemote, forgetExpected } from './remote-queue'
import { liveSelfServiceIndex } from './self-service-index'
import type { CentreState, Desk, EventEnvelope, HelpRequest, SelfServiceSession, Ticket } from './types'
import { noteUndo, restoreTicket } from './undo'
import { evolveFloorNotes } from './supervisor-acts'

/** How many recent calls the state keeps for displays. */
export const RECENT_CALLS = 20
/** How many service times per service feed the moving average, at most (the policy may use fewer). */
export const MAX_SERVICE_TIMES = 200

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

/** Inserts a ticket id into its service queue, keeping rank order (binary search: queues stay cheap). */
function enqueue(state: CentreState, ticket: Ticket, index: QueueIndex | undefined): void {
  const queue = (state.queues[ticket.serviceId] ??= [])
  let lo = 0
  let hi = queue.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const other = state.tickets[queue[mid]!]!
    if (other.rank < ticket.rank || (other.rank === ticket.rank && other.issuedAt <= ticket.issuedAt))
      lo = mid + 1
    else hi = mid
  }
  queue.splice(lo, 0, ticket.id)
  index?.add(ticket)
}

function dequeue(state: CentreState, ticket: Ticket, index: QueueIndex | undefined): void {
  const queue = state.queues[ticket.serviceId]
  if (!queue) return
  const at = queue.indexOf(ticket.id)
  if (at < 0) return
  queue.splice(at, 1)
  index?.remove(ticket.id)
}

/**
 * Records how long a window was held by a ticket it called, from the call to now, when the ticket
 * leaves the window: served, missed, postponed, transferred or cancelled. That is the time a call costs
 * the queue behind, which the wait estimate learns from (a no-show holds the window too).
 */
function noteWindowTime(state: CentreState, ticket: Ticket, at: number): void {
  if ((ticket.status !== 'called' && ticket.status !== 'serving') || ticket.calledAt === null) return
  const times = (state.serviceTimes[ticket.serviceId] ??= [])
  times.push(Math.max(0, at - ticket.calledAt))
  if (times.length > MAX_SERVICE_TIMES) times.splice(0, times.length - MAX_SERVICE_TIMES)
}

function releaseDesk(state: CentreState, ticket: Ticket): void {
  const desk = ticket.deskId ? state.desks[ticket.deskId] : undefined
  if (desk && desk.ticketId === ticket.id) desk.ticketId = null
}

/** Takes a ticket out of its queue (if waiting) and off its desk (if there), before it moves on. */
function takeOut(state: CentreState, ticket: Ticket, index: QueueIndex | undefined): Ticket {
  if (ticket.status === 'waiting') dequeue(state, ticket, index)
  releaseDesk(state, ticket)
  return ticket
}

/** Puts a ticket back into its service's queue as waiting, at `rank`, with no desk. */
function requeue(state: CentreState, ticket: Ticket, rank: number, index: QueueIndex | undefined): void {
  ticket.status = 'waiting'
  ticket.deskId = null
  ticket.staffId = null
  ticket.calledAt = null
  ticket.rank = rank
  enqueue(state, ticket, index)
}

function ensureDesk(state: CentreState, deskId: string, at: number): Desk {
  return (state.desks[deskId] ??= {
    id: deskId,
    status: 'closed',
    staffId: null,
    serviceIds: [],
    ticketId: null,
    priorityStreak: 0,
    since: at,
  })
}

/** A paused desk opens, resumes or closes: its pause's minutes join today's, and the reason goes. */
function endPause(desk: Desk, at: number): void {
  if (desk.status === 'paused') desk.pausedMs = (desk.pausedMs ?? 0) + Math.max(0, at - pauseCountsFrom(desk))
  delete desk.pauseReason
  delete desk.pauseCountsFrom
}

function pushCall(state: CentreState, ticket: Ticket, deskId: string, at: number, recall: boolean): void {
  state.calls.push({ ticketId: ticket.id, number: ticket.number, deskId, at, recall })
  if (state.calls.length > RECENT_CALLS) state.calls.splice(0, state.calls.length - RECENT_CALLS)
}

/** A ticket as it is issued at `at`: waiting, ranked by its arrival, nothing else happened to it yet. */
export function waitingTicket(
  fields: Pick<Ticket, 'id' | 'number' | 'prefix' | 'serviceId' | 'categoryId' | 'bookedFor'>,
  at: number,
): Ticket {
  return {
    ...fields,
    issuedAt: at,
    arrivalAt: at,
    rank: at,
    status: 'waiting',
    deskId: null,
    staffId: null,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    recalls: 0,
    transfers: 0,
    note: null,
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
    case 'day:opened': {
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
        break
      }
      // A day opened before the event carried these: the desks and times of memory go on.
      for (const desk of Object.values(state.desks)) {
        desk.ticketId = null
        desk.priorityStreak = 0
      }
      break
    }
    case 'ticket:issued': {
      const ticket = waitingTicket(
        {
          id: event.ticketId,
          number: event.number,
          prefix: event.prefix,
          serviceId: event.serviceId,
          categoryId: event.categoryId,
          bookedFor: event.bookedFor,
        },
        at,
      )
      if (event.trackToken !== undefined) ticket.trackToken = event.trackToken
      if (event.rank !== undefined) ticket.rank = event.rank
      state.counters[event.prefix] = Math.max(
        state.counters[event.prefix] ?? 0,
        counterOf(event.number, event.prefix),
      )
      state.tickets[ticket.id] = ticket
      enqueue(state, ticket, index)
      break
    }
    case 'ticket:called': {
      const ticket = ticketOf(event.ticketId)
      dequeue(state, ticket, index)
      // A zone display learns a ticket's number with its call in its zone (`zoneEvent`).
      if (event.number !== undefined) ticket.number = event.number
      ticket.status = 'called'
      ticket.deskId = event.deskId
      ticket.staffId = event.staffId
      ticket.calledAt = at
      const desk = ensureDesk(state, event.deskId, at)
      desk.ticketId = ticket.id
      desk.priorityStreak =
        event.reason === 'booking' || event.reason === 'priority' ? desk.priorityStreak + 1 : 0
      pushCall(state, ticket, event.deskId, at, false)
      break
    }
    case 'ticket:recalled': {
      const ticket = ticketOf(event.ticketId)
      ticket.recalls += 1
      pushCall(state, ticket, event.deskId, at, true)
      break
    }
    case 'ticket:started': {
      const ticket = ticketOf(event.ticketId)
      ticket.status = 'serving'
      ticket.startedAt = at
      break
    }
    case 'ticket:finished': {
      const ticket = ticketOf(event.ticketId)
      noteWindowTime(state, ticket, at)
      ticket.status = 'done'
      ticket.finishedAt = at
      if (event.outcome !== undefined) ticket.outcome = event.outcome
      releaseDesk(state, ticket)
      break
    }
    case 'ticket:rated':
      ticketOf(event.ticketId).rating = { score: event.score, reason: event.reason, at }
      break
    case 'ticket:missed': {
      const ticket = ticketOf(event.ticketId)
      noteWindowTime(state, ticket, at)
      ticket.status = 'no_show'
      ticket.finishedAt = at
      releaseDesk(state, ticket)
      break
    }
    case 'ticket:transferred': {
      noteWindowTime(state, ticketOf(event.ticketId), at)
      const ticket = takeOut(state, ticketOf(event.ticketId), index)
      ticket.serviceId = event.toServiceId
      ticket.transfers += 1
      ticket.note = event.note
      ticket.startedAt = null
      // Fairness: back in the queue by original arrival, not at the end.
      requeue(state, ticket, ticket.arrivalAt, index)
      break
    }
    case 'ticket:postponed': {
      noteWindowTime(state, ticketOf(event.ticketId), at)
      requeue(state, takeOut(state, ticketOf(event.ticketId), index), event.rank, index)
      break
    }
    case 'ticket:cancelled': {
      noteWindowTime(state, ticketOf(event.ticketId), at)
      const ticket = takeOut(state, ticketOf(event.ticketId), index)
      if (ticket.status === 'expected') forgetExpected(state, ticket.id)
      ticket.status = 'cancelled'
      ticket.finishedAt = at
      break
    }
    case 'ticket:prioritised': {
      const ticket = takeOut(state, ticketOf(event.ticketId), index)
      ticket.categoryId = event.categoryId
      ticket.rank = event.rank
      enqueue(state, ticket, index)
      break
    }
    case 'ticket:restored':
      restoreTicket(state, takeOut(state, ticketOf(event.ticketId), index))
      break
    case 'ticket:closed': {
      // Not a window time: the day ended, nobody finished the visit.
      const ticket = takeOut(state, ticketOf(event.ticketId), index)
      if (ticket.status === 'expected') forgetExpected(state, ticket.id)
      ticket.status = 'closed'
      ticket.finishedAt = at
      break
    }
    case 'desk:opened': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'open'
      desk.staffId = event.staffId
      desk.serviceIds = [...event.serviceIds]
      desk.since = at
      break
    }
    case 'desk:paused': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'paused'
      desk.since = at
      // The centre's own reason the consultant chose; a supervisor's words (`by`) stay in the fact, for
      // staff, and never reach the hall's snapshots.
      if (event.reason !== undefined && !event.by) desk.pauseReason = event.reason
      break
    }
    case 'desk:resumed': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'open'
      desk.since = at
      break
    }
    case 'desk:closed': {
      const desk = ensureDesk(state, event.deskId, at)
      endPause(desk, at)
      desk.status = 'closed'
      desk.staffId = null
      desk.since = at
      desk.priorityStreak = 0
      break
    }
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

function counterOf(number: string, prefix: string): number {
  const n = Number.parseInt(number.slice(prefix.length), 10)
  return Number.isFinite(n) ? n : 0
}
