import type { CentreState } from '../../src-shared/domain'

/** One service's queue as the consultant sees it. */
export interface QueueSummary {
  serviceId: string
  waiting: number
  /** Waiting tickets with a priority category or a booking. */
  priority: number
  /** Arrival of the visitor who has waited longest (kept across transfers), or null when nobody waits. */
  oldestArrivalAt: number | null
  /** Tickets joined from home not checked in yet, and of those, how many were told to come (or are held). */
  remote: number
  onTheWay: number
}

/** Waiting count, priority count and longest wait for each of `serviceIds`, in that order. */
export function queueSummaries(state: CentreState, serviceIds: readonly string[]): QueueSummary[] {
  const remote = new Map<string, { remote: number; onTheWay: number }>()
  for (const id of state.expected ?? []) {
    const ticket = state.tickets[id]
    if (!ticket?.remote) continue
    const count = remote.get(ticket.serviceId) ?? { remote: 0, onTheWay: 0 }
    count.remote++
    if (ticket.remote.comeNowAt !== null || ticket.remote.heldAt !== null) count.onTheWay++
    remote.set(ticket.serviceId, count)
  }
  return serviceIds.map((serviceId) => {
    let priority = 0
    let oldest: number | null = null
    const queue = state.queues[serviceId] ?? []
    for (const id of queue) {
      const ticket = state.tickets[id]
      if (!ticket) continue
      if (ticket.categoryId !== null || ticket.bookedFor !== null) priority++
      // Queues are in rank order, and a postponed ticket has a later rank than its arrival: look at all.
      if (oldest === null || ticket.arrivalAt < oldest) oldest = ticket.arrivalAt
    }
    const away = remote.get(serviceId) ?? { remote: 0, onTheWay: 0 }
    return { serviceId, waiting: queue.length, priority, oldestArrivalAt: oldest, ...away }
  })
}

/** Waiting tickets over several services. */
export function waitingFor(state: CentreState, serviceIds: readonly string[]): number {
  return serviceIds.reduce((sum, id) => sum + (state.queues[id]?.length ?? 0), 0)
}
