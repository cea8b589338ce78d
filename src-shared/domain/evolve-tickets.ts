/**
 * evolve for a ticket's own facts (issued, called, recalled, started, finished, rated, missed,
 * transferred, postponed, cancelled, prioritised, restored, closed): the ticket, its service queue (and
 * the queue index, if the state has one), its desk, the recent calls and the service times move together.
 */
import { ensureDesk } from './evolve-desks'
import type { QueueIndex } from './queue-index'
import { forgetExpected } from './remote-queue'
import type { CentreState, EventOf, Ticket } from './types'
import { restoreTicket } from './undo'

/** How many recent calls the state keeps for displays. */
export const RECENT_CALLS = 20
/** How many service times per service feed the moving average, at most (the policy may use fewer). */
export const MAX_SERVICE_TIMES = 200

/** The facts about one ticket's path that evolveTicket applies. */
export type TicketFact = EventOf<
  | 'ticket:issued'
  | 'ticket:called'
  | 'ticket:recalled'
  | 'ticket:started'
  | 'ticket:finished'
  | 'ticket:rated'
  | 'ticket:missed'
  | 'ticket:transferred'
  | 'ticket:postponed'
  | 'ticket:cancelled'
  | 'ticket:prioritised'
  | 'ticket:restored'
  | 'ticket:closed'
>

export function evolveTicket(
  state: CentreState,
  event: TicketFact,
  at: number,
  index: QueueIndex | undefined,
  ticketOf: (id: string) => Ticket,
): void {
  switch (event.type) {
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
  }
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

/** Inserts a ticket id into its service queue, keeping rank order (binary search: queues stay cheap). */
export function enqueue(state: CentreState, ticket: Ticket, index: QueueIndex | undefined): void {
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
  // A ticket taken back while it was being served (`desk:release`) is not being served any more.
  ticket.startedAt = null
  ticket.rank = rank
  enqueue(state, ticket, index)
}

function pushCall(state: CentreState, ticket: Ticket, deskId: string, at: number, recall: boolean): void {
  state.calls.push({ ticketId: ticket.id, number: ticket.number, deskId, at, recall })
  if (state.calls.length > RECENT_CALLS) state.calls.splice(0, state.calls.length - RECENT_CALLS)
}

function counterOf(number: string, prefix: string): number {
  const n = Number.parseInt(number.slice(prefix.length), 10)
  return Number.isFinite(n) ? n : 0
}
