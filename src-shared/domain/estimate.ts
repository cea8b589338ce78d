/**
 * The wait estimate: when will this ticket be called? One function for every face that shows a wait:
 * the ticket's ack, the phone tracker, the kiosk's service list and the supervisor's figures.
 *
 * It models what call-next will do. The ticket can be called by the open windows (desks, not paused)
 * serving its service. Those windows call, before it, every waiting ticket of their services that the
 * policy ranks first: due bookings, priority categories by rank, everyone by queue order (so postponed
 * tickets count where they were put back), in the ticket's own service and in every other service the
 * same windows serve; a ticket of another service counts for the share of its windows that are these.
 * The ticket is called at the take, by those windows, after all of these: `window-forecast.ts` plays the
 * windows forward many times (each window takes a ticket when its citizen in hand is done, the time still
 * to go drawn from the service's recorded times given the time already spent; each ticket taken holds
 * its window for a drawn time, `service-time.ts`), and the runs give the wait's distribution. Visitors
 * who will come later and still go first (priority categories, bookings coming due) join at the rate
 * the recent calls show. The point shown is the median (a little above for a long-tailed service) and
 * the range the 10th to 90th percentiles, as people read minutes (`wait-range.ts`).
 *
 * A priority ticket lets the regular visitors already waiting go first once they have waited
 * `regularMaxWaitMinutes` (`estimate-aged.ts`).
 *
 * Not modelled: the streak bound (which depends on which desk calls), and windows that will open,
 * resume or close (the domain has no "closing soon" state).
 */
import type { CentreConfig, EstimatePolicy } from '../config'
import { waitingTicket } from './evolve'
import { ageingBefore, callTimesAged } from './estimate-aged'
import { classify, rankMap } from './policy'
import { countAhead, countAheadIn } from './queue-index'
import { callTimes, quantile, type Jumpers } from './play-forward'
import type { CentreState, Desk, Ticket } from './types'
import { readableMinutes } from './wait-range'
import { forecastWindows, servicesOf, shareOf, windowsServing } from './window-forecast'

/**
 * What the estimate reads of the centre's config. The public config every face holds carries it, so
 * the kiosk's service list and the supervisor's figures give the estimate the ticket prints.
 */
export type EstimateConfig = Pick<CentreConfig, 'services' | 'desks' | 'priorityCategories'> & {
  policy: EstimatePolicy
}

export interface WaitEstimate {
  /** Waiting tickets of the same service that would be called first. */
  ahead: number
  /** Open windows (not paused) serving the service now. With none, there is no estimate. */
  windows: number
  /** Minutes until the call, as people read them (the median); 0 when a window is free for it now. */
  minutes: number | null
  /**
   * The 80% range: about 8 in 10 are called between `low` and `high` minutes. Null with no window, and
   * when a window is free for the ticket now (`minutes` 0).
   */
  low: number | null
  high: number | null
}

/** The estimate of one waiting ticket; null when the ticket is not waiting. */
export function estimateWait(
  state: CentreState,
  config: EstimateConfig,
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
  return forecast(state, config, ticket, ahead, now, categoryRanks)
}

/**
 * The estimate of a remote ticket not checked in yet (`expected`): when it would be called if its holder
 * were in the hall, at its place (its join time). Null for any other ticket.
 */
export function expectedEstimate(
  state: CentreState,
  config: EstimateConfig,
  ticketId: string,
  now: number,
  categoryRanks: Readonly<Record<string, number>> = rankMap(config),
): WaitEstimate | null {
  const ticket = state.tickets[ticketId]
  if (!ticket || ticket.status !== 'expected') return null
  const placed: Ticket = { ...ticket, status: 'waiting' }
  return forecast(
    state,
    config,
    placed,
    countAhead(state, placed, now, config.policy, categoryRanks),
    now,
    categoryRanks,
  )
}

/**
 * The estimate a visitor would get taking a ticket for `serviceId` now, in `categoryId` (or none):
 * what `estimateWait` gives that ticket once issued.
 */
export function newcomerEstimate(
  state: CentreState,
  config: EstimateConfig,
  serviceId: string,
  now: number,
  categoryId: string | null = null,
  categoryRanks: Readonly<Record<string, number>> = rankMap(config),
): WaitEstimate {
  const ticket = newcomer(serviceId, categoryId, now)
  const ahead =
    categoryId === null
      ? (state.queues[serviceId]?.length ?? 0)
      : countAhead(state, ticket, now, config.policy, categoryRanks)
  return forecast(state, config, ticket, ahead, now, categoryRanks)
}

function newcomer(serviceId: string, categoryId: string | null, now: number): Ticket {
  return waitingTicket({ id: '', number: '', prefix: '', serviceId, categoryId, bookedFor: null }, now)
}

/** The wait of `ticket`, `ahead` of the same service before it, from the forecast of its windows. */
function forecast(
  state: CentreState,
  config: EstimateConfig,
  ticket: Ticket,
  ahead: number,
  now: number,
  categoryRanks: Readonly<Record<string, number>>,
): WaitEstimate {
  const windows = windowsServing(state, ticket.serviceId)
  if (windows.length === 0) return { ahead, windows: 0, minutes: null, low: null, high: null }

  // The tickets these windows take before this one: of its own service, and the share of these windows
  // in those of every other service they serve that the policy ranks first; and the remote tickets of
  // its service ahead of it whose holders were told to come (expected in time; those still at home
  // are not counted: they will be held aside if late).
  let before = ahead + expectedOnTheWay(state, ticket)
  for (const serviceId of servicesOf(windows)) {
    if (serviceId === ticket.serviceId) continue
    const first = countAheadIn(state, ticket, serviceId, now, config.policy, categoryRanks)
    if (first > 0) before += first * shareOf(state, windows, serviceId)
  }
  // A priority ticket lets regular visitors go first once they have waited long enough.
  const ageing = ageingBefore(state, config, ticket, windows, now)
  let agedNow = 0
  for (let i = 0; ageing && i < ageing.atMs.length && ageing.atMs[i]! <= 0; i++) agedNow += ageing.weight[i]!
  const free = windows.filter((d) => d.ticketId === null).length
  if (before + agedNow < free) return { ahead, windows: windows.length, minutes: 0, low: null, high: null }

  const { runs, cv2, offsetMs } = forecastWindows(state, config, ticket.serviceId, windows, now)
  const waits = ageing
    ? callTimesAged(runs, before, ageing, offsetMs)
    : callTimes(runs, before, jumpersFor(state, config, ticket, windows, now), offsetMs)
  return {
    ahead,
    windows: windows.length,
    minutes: readableMinutes(quantile(waits, pointQuantile(cv2))),
    low: readableMinutes(quantile(waits, LOW)),
    high: readableMinutes(quantile(waits, HIGH)),
  }
}

/** Remote tickets of `ticket`'s service, ahead of it, whose holders were told to come or are held. */
function expectedOnTheWay(state: CentreState, ticket: Ticket): number {
  let count = 0
  for (const id of state.expected ?? []) {
    const other = state.tickets[id]
    if (!other || id === ticket.id || other.serviceId !== ticket.serviceId || !other.remote) continue
    const told = other.remote.comeNowAt !== null || other.remote.heldAt !== null
    if (told && other.rank < ticket.rank) count++
  }
  return count
}

/**
 * Visitors who will come later and still be called before a regular ticket: priority categories and
 * booked slots coming due. Their rate is read off the recent calls at these windows (as many are called
 * as arrive), and they jump only until the ticket has waited `regularMaxWaitMinutes`. A ticket of a
 * priority category or a due booking is jumped by few, and counted as jumped by none.
 */
function jumpersFor(
  state: CentreState,
  config: EstimateConfig,
  ticket: Ticket,
  windows: readonly Desk[],
  now: number,
): Jumpers | null {
  if (classify(ticket, now, config.policy) !== 'regular') return null
  const here = new Set(windows.map((d) => d.id))
  let calls = 0
  let first = Infinity
  let jumps = 0
  for (const call of state.calls) {
    if (call.recall || !here.has(call.deskId)) continue
    calls++
    first = Math.min(first, call.at)
    const called = state.tickets[call.ticketId]
    if (called && (called.categoryId !== null || called.bookedFor !== null)) jumps++
  }
  if (jumps === 0 || calls < MIN_CALLS) return null
  const span = Math.max(now - first, MINUTE)
  const maxWait = config.policy.regularMaxWaitMinutes
  return {
    // Shrunk toward none while the calls are few.
    perMs: ((jumps / span) * calls) / (calls + MIN_CALLS),
    forMs: maxWait > 0 ? Math.max(0, maxWait * MINUTE - (now - ticket.arrivalAt)) : Infinity,
  }
}

/** Fewer recent calls than this at the windows: no jumpers are assumed. */
const MIN_CALLS = 5
const MINUTE = 60_000

/**
 * The quantile shown as the point: the median, which is off by the least on average, leaning toward
 * the mean as far as a long tail (the service's times spread wider than memoryless ones, `cv2` above
 * 1) pulls the mean above it, so that waits are not understated on average either.
 */
function pointQuantile(cv2: number): number {
  return 0.5 + LEAN * Math.min(1, Math.max(0, (cv2 - LONG_TAIL) / 0.5))
}

/**
 * How far above the median the point leans at most. The median is what minimises the error, and the
 * mean what has no bias: with a long tail (lognormal, σ = 1) the median alone is −9% on the mean wait,
 * 0.55 is −7% to +1% and costs up to 3% more error, 0.6 (once used) −4% to +4% and 2–5% more
 * (bench/SIMULATION.md).
 */
const LEAN = 0.05
/** A squared coefficient of variation above memoryless service's 1 by more than sampling noise. */
const LONG_TAIL = 1.2

/** The quantiles of the range. */
const LOW = 0.1
const HIGH = 0.9
