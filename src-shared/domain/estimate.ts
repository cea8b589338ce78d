/**
 * Wait estimate for one waiting ticket: people the policy would call before it, divided among the
 * desks now serving its service, times the moving average of recent service times there.
 */
import type { CentreConfig, QueuePolicy } from '../config'
import { classify, rankMap } from './policy'
import { countAhead } from './queue-index'
import type { CentreState } from './types'

const MINUTE = 60_000

/**
 * What the estimate reads of the centre's config. The public config every face holds carries it too, so
 * the supervisor's figures call this estimate rather than a copy of it.
 */
export type EstimateConfig = Pick<CentreConfig, 'services' | 'desks'> & {
  policy: Pick<QueuePolicy, 'estimateWindow'>
}

export interface WaitEstimate {
  /** Waiting tickets of the same service that would be called first. */
  ahead: number
  /** Estimated minutes until the call (rounded up; 0 when a desk is free now). */
  minutes: number
}

/** Moving average of the recent service times of a service, or its configured expectation. */
export function averageServiceMs(state: CentreState, config: EstimateConfig, serviceId: string): number {
  const recent = state.serviceTimes[serviceId]?.slice(-config.policy.estimateWindow)
  if (recent && recent.length > 0) return recent.reduce((sum, ms) => sum + ms, 0) / recent.length
  const service = config.services.find((s) => s.id === serviceId)
  return (service?.expectedMinutes ?? 10) * MINUTE
}

/** Desks open (not paused) whose chosen services include `serviceId`; if none, the configured ones. */
export function desksServing(state: CentreState, config: EstimateConfig, serviceId: string): number {
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
      : countAhead(state, ticket, now, config.policy, categoryRanks)
  return { ahead, minutes: minutesUntilCall(state, config, ticket.serviceId, ahead) }
}

/**
 * The estimate the kiosk would print for a regular visitor taking a ticket for `serviceId` now: everyone
 * waiting is ahead of a regular visitor who arrives last, so it is what `estimateWait` gives that ticket
 * once issued.
 */
export function newcomerEstimate(
  state: CentreState,
  config: EstimateConfig,
  serviceId: string,
): WaitEstimate {
  const ahead = state.queues[serviceId]?.length ?? 0
  return { ahead, minutes: minutesUntilCall(state, config, serviceId, ahead) }
}

/** Minutes until the call of a ticket with `ahead` others before it in `serviceId` (rounded up). */
function minutesUntilCall(
  state: CentreState,
  config: EstimateConfig,
  serviceId: string,
  ahead: number,
): number {
  // Everyone ahead is shared among the desks; a free desk would call this ticket at once.
  const freeDesks = Object.values(state.desks).filter(
    (d) => d.status === 'open' && d.ticketId === null && d.serviceIds.includes(serviceId),
  ).length
  if (ahead < freeDesks) return 0
  const desks = desksServing(state, config, serviceId)
  const average = averageServiceMs(state, config, serviceId)
  return Math.ceil(((ahead + 0.5) * average) / desks / MINUTE)
}
