/**
 * Wait estimate for one waiting ticket: people the policy would call before it, divided among the
 * desks now serving its service, times the moving average of recent service times there.
 */
import type { CentreConfig } from '../config'
import { classify, compareForCall, rankMap } from './policy'
import type { CentreState, Ticket } from './types'

const MINUTE = 60_000

export interface WaitEstimate {
  /** Waiting tickets of the same service that would be called first. */
  ahead: number
  /** Estimated minutes until the call (rounded up; 0 when a desk is free now). */
  minutes: number
}

/** Moving average of the recent service times of a service, or its configured expectation. */
export function averageServiceMs(state: CentreState, config: CentreConfig, serviceId: string): number {
  const recent = state.serviceTimes[serviceId]?.slice(-config.policy.estimateWindow)
  if (recent && recent.length > 0) return recent.reduce((sum, ms) => sum + ms, 0) / recent.length
  const service = config.services.find((s) => s.id === serviceId)
  return (service?.expectedMinutes ?? 10) * MINUTE
}

/** Desks open (not paused) whose chosen services include `serviceId`; if none, the configured ones. */
export function desksServing(state: CentreState, config: CentreConfig, serviceId: string): number {
  let open = 0
  for (const desk of Object.values(state.desks)) {
    if (desk.status === 'open' && desk.serviceIds.includes(serviceId)) open++
  }
  if (open > 0) return open
  return Math.max(1, config.desks.filter((d) => d.serviceIds.includes(serviceId)).length)
}

export function estimateWait(
  state: CentreState,
  config: CentreConfig,
  ticketId: string,
  now: number,
  categoryRanks: Readonly<Record<string, number>> = rankMap(config),
): WaitEstimate | null {
  const ticket = state.tickets[ticketId]
  if (!ticket || ticket.status !== 'waiting') return null
  const queue = state.queues[ticket.serviceId] ?? []
  const ahead =
    // The common case, a walk-in just issued: last in rank order and regular, so everyone waits before it.
    queue[queue.length - 1] === ticketId && classify(ticket, now, config.policy) === 'regular'
      ? queue.length - 1
      : countAhead(state, config, ticket, now, categoryRanks)
  const desks = desksServing(state, config, ticket.serviceId)
  const average = averageServiceMs(state, config, ticket.serviceId)
  // Everyone ahead is shared among the desks; a free desk would call this ticket at once.
  const freeDesks = Object.values(state.desks).filter(
    (d) => d.status === 'open' && d.ticketId === null && d.serviceIds.includes(ticket.serviceId),
  ).length
  if (ahead < freeDesks) return { ahead, minutes: 0 }
  const minutes = Math.ceil(((ahead + 0.5) * average) / desks / MINUTE)
  return { ahead, minutes }
}

/** Waiting tickets of the same service the policy would call before `ticket`: O(queue). */
function countAhead(
  state: CentreState,
  config: CentreConfig,
  ticket: Ticket,
  now: number,
  categoryRanks: Readonly<Record<string, number>>,
): number {
  let ahead = 0
  // Tickets that compare equal (issued in the same millisecond) are called in queue order, as pickNext does.
  let beforeInQueue = true
  for (const otherId of state.queues[ticket.serviceId] ?? []) {
    if (otherId === ticket.id) {
      beforeInQueue = false
      continue
    }
    const other = state.tickets[otherId]
    if (!other) continue
    const order = compareForCall(other, ticket, now, config.policy, categoryRanks)
    if (order < 0 || (order === 0 && beforeInQueue)) ahead++
  }
  return ahead
}
