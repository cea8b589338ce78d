/**
 * Regular visitors who go before a priority ticket: a regular visitor who has waited
 * `regularMaxWaitMinutes` is called before the priority categories (`policy.ts`). A priority ticket
 * issued while the hall is long behind is not called next: every regular visitor already waiting who
 * reaches that bound before the ticket's call goes first, and while the ticket waits more of them reach
 * it. Their moments are known now (arrival plus the bound), so in each run of the windows' forecast the
 * ticket's call moves one take later for each of them aged by then, until none ages before it.
 *
 * Not modelled: the streak bound (a regular visitor after `maxPriorityStreak` priority calls in a row at
 * one desk), which depends on which desk calls.
 */
import { classify } from './policy'
import { RUNS, takeAt, type Runs } from './play-forward'
import type { CentreState, Desk, Ticket } from './types'
import { servicesOf, shareOf } from './window-forecast'
import type { EstimateConfig } from './estimate'

const MINUTE = 60_000

/** When each waiting regular visitor reaches the bound, ms after `now`, sorted; how much each counts. */
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
  const found: { atMs: number; weight: number }[] = []
  for (const serviceId of servicesOf(windows)) {
    const weight = serviceId === ticket.serviceId ? 1 : shareOf(state, windows, serviceId)
    for (const id of state.queues[serviceId] ?? []) {
      const other = state.tickets[id]
      if (!other || classify(other, now, config.policy) !== 'regular') continue
      found.push({ atMs: other.arrivalAt + maxWait * MINUTE - now, weight })
    }
  }
  if (found.length === 0) return null
  found.sort((a, b) => a.atMs - b.atMs)
  return {
    atMs: Float64Array.from(found, (f) => f.atMs),
    weight: Float64Array.from(found, (f) => f.weight),
  }
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
