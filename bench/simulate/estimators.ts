/**
 * The estimates compared: Kezek's own, read exactly as the ticket's ack reads it, and the fixed naive
 * one. And Erlang C, the M/M/c mean wait the plain scenarios must agree with over a long run.
 */
import type { CentreConfig } from '../../src-shared/config'
import { estimateWait, type CentreState } from '../../src-shared/domain'

/** Kezek's estimate as a ticket shows it, minutes: the point and the 80% range. */
export interface KezekEstimate {
  minutes: number
  low: number | null
  high: number | null
}

/**
 * What the ticket's ack says: the hub's `resultOf` takes `estimateWait(...)` right after applying the
 * issue, at the same `now`. No estimate (no window serves the service) counts as 0 with no range.
 */
export function kezekEstimate(
  state: CentreState,
  config: CentreConfig,
  ticketId: string,
  now: number,
  categoryRanks: Readonly<Record<string, number>>,
): KezekEstimate {
  const estimate = estimateWait(state, config, ticketId, now, categoryRanks)
  return { minutes: estimate?.minutes ?? 0, low: estimate?.low ?? null, high: estimate?.high ?? null }
}

/**
 * The naive estimate, fixed by issue 11: people ahead in the same service (queue order, priorities
 * ignored) × the service's configured expected time ÷ open windows serving it. Not rounded. With no
 * open window serving it, the configured windows count (at least one), as Kezek's own estimate does.
 */
export function naiveEstimateMin(state: CentreState, config: CentreConfig, ticketId: string): number {
  const ticket = state.tickets[ticketId]
  if (!ticket || ticket.status !== 'waiting') return 0
  const ahead = Math.max(0, (state.queues[ticket.serviceId] ?? []).indexOf(ticketId))
  const service = config.services.find((s) => s.id === ticket.serviceId)
  const expected = service?.expectedMinutes ?? 10
  let open = 0
  for (const desk of Object.values(state.desks))
    if (desk.status === 'open' && desk.serviceIds.includes(ticket.serviceId)) open++
  if (open === 0)
    open = Math.max(1, config.desks.filter((d) => d.serviceIds.includes(ticket.serviceId)).length)
  return (ahead * expected) / open
}

/**
 * Erlang C: the probability that an arrival waits in M/M/c with offered load `a` = λ/μ erlangs.
 * Through the Erlang B recurrence, which stays stable for large c where the factorials would not.
 */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1
  let b = 1
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b)
  return (c * b) / (c - a * (1 - b))
}

/** Mean wait in queue of M/M/c, minutes: C(c, a) ÷ (cμ − λ). Infinite at or above saturation. */
export function erlangCWaitMin(c: number, rho: number, meanServiceMin: number): number {
  if (rho >= 1) return Infinity
  const a = rho * c
  return (erlangC(c, a) * meanServiceMin) / (c - a)
}
