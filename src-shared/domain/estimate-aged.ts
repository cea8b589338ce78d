/**
 * Regular visitors who go before a priority ticket: a regular visitor who has waited
 * `regularMaxWaitMinutes` is called before the priority categories (`policy.ts`). A priority ticket
 * issued while the hall is long behind is not called next: every regular visitor already waiting who
 * reaches that bound before the ticket's call goes first, and while the ticket waits more of them reach
 * it. The windows call them in queue order, each when it heads the line and has reached the bound, and
 * their moments are known now (arrival plus the bound): in each run of the windows' forecast the ticket's
 * call moves one take later for each of them, in queue order, aged by then, until the next one is not.
 *
 * Not modelled: the streak bound (a regular visitor after `maxPriorityStreak` priority calls in a row at
 * one desk), which depends on which desk calls.
 */
import { classify, isBookingDue } from './policy'
import { RUNS, takeAt, type Runs } from './play-forward'
import { liveQueueIndex } from './queue-index'
import type { CentreState, Desk, Ticket } from './types'
import { servicesOf, shareOf } from './window-forecast'
import type { EstimateConfig } from './estimate'

const MINUTE = 60_000

/** When each waiting regular visitor reaches the bound, ms after `now`, in queue order; how much each counts. */
export interface Ageing {
  atMs: Float64Array
  /** The share of these windows in that visitor's service's (1 for the ticket's own service). */
  weight: Float64Array
}

/**
 * The regular visitors at `windows` that a waiting priority `ticket` lets go first once aged; null when
 * the ticket is not of a priority category, or the bound is off, or none waits.
 */
export function ageingBefore(
  state: CentreState,
  config: EstimateConfig,
  ticket: Ticket,
  windows: readonly Desk[],
  now: number,
): Ageing | null {
  const maxWait = config.policy.regularMaxWaitMinutes
  if (maxWait <= 0 || classify(ticket, now, config.policy) !== 'priority') return null
  const found: { atMs: number; weight: number; rank: number; issuedAt: number }[] = []
  for (const serviceId of servicesOf(windows)) {
    const weight = serviceId === ticket.serviceId ? 1 : shareOf(state, windows, serviceId)
    for (const { rank, issuedAt, bookedFor } of regularsOf(state, serviceId)) {
      // A due booking goes first anyway, and is counted with those ahead.
      if (bookedFor !== null && isBookingDue(bookedFor, now, config.policy)) continue
      found.push({ atMs: issuedAt + maxWait * MINUTE - now, weight, rank, issuedAt })
    }
  }
  if (found.length === 0) return null
  // The order the windows call them in, across the services they serve.
  found.sort((a, b) => a.rank - b.rank || a.issuedAt - b.issuedAt)
  return {
    atMs: Float64Array.from(found, (f) => f.atMs),
    weight: Float64Array.from(found, (f) => f.weight),
  }
}

type Regular = Pick<Ticket, 'rank' | 'issuedAt' | 'bookedFor'>

/**
 * The waiting tickets of `serviceId` without a category, in queue order: the queue index's line when it
 * is live (counting those ahead has just brought it up to date), so no ticket is read; else the queue.
 * A ticket's arrival is its issue (`arrivalAt` is set at the issue and never changes).
 */
function regularsOf(state: CentreState, serviceId: string): readonly Regular[] {
  const line = liveQueueIndex(state)?.lines(serviceId)?.regular
  if (line) return line
  const out: Regular[] = []
  for (const id of state.queues[serviceId] ?? []) {
    const ticket = state.tickets[id]
    if (ticket && ticket.categoryId === null) out.push(ticket)
  }
  return out
}

/**
 * Per run, ms after `now` until the call of a ticket with `before` tickets to be taken before it and
 * the `ageing` regular visitors going first once aged: sorted ascending. The runs start `offsetMs`
 * before `now`.
 */
export function callTimesAged(runs: Runs, before: number, ageing: Ageing, offsetMs: number): Float64Array {
  const out = new Float64Array(RUNS)
  const { atMs, weight } = ageing
  for (let run = 0; run < RUNS; run++) {
    let k = before
    let t = takeAt(runs, run, k) - offsetMs
    for (let i = 0; i < atMs.length && atMs[i]! <= t; i++) {
      k += weight[i]!
      t = takeAt(runs, run, k) - offsetMs
    }
    out[run] = Math.max(0, t)
  }
  return out.sort()
}
