/**
 * How long a service takes, as the wait estimate reads it: the recent finished service times of the
 * service, shrunk toward the centre's configured expectation so that a handful of samples (a new day,
 * a new service, a config that is off) cannot swing the estimate, and the configured figure counts for
 * less as real ones accumulate.
 *
 * The estimate plays the next hour forward with draws from this model: a draw is one of the recent
 * service times (all equally likely), or, with the configured figure's weight, a memoryless time with
 * the configured mean. For a citizen already at a window, the draw is of the time still to go given the
 * time already spent: one of the recent times that ran longer, less the time spent, or the memoryless
 * one, which does not care how long it has run. So a long-tailed service's long visits stay long, and
 * nothing is assumed about the shape of the times but what the centre recorded.
 */
import type { CentreConfig, QueuePolicy } from '../config'
import { exponential, type Random } from './random'

const MINUTE = 60_000

/** What the service-time model reads of the config. */
export type ServiceTimeConfig = Pick<CentreConfig, 'services'> & {
  policy: Pick<QueuePolicy, 'estimateWindow'>
}

/**
 * How many samples the configured expectation is worth. Ten: on a new day with no history, the tenth
 * service finished weighs the real figure and the configured one equally.
 */
export const PRIOR_SAMPLES = 10
/**
 * The squared coefficient of variation assumed before there are samples: 1, memoryless service, the
 * usual model of a desk's service times and the one that fits what centres record.
 */
const PRIOR_CV2 = 1

/** A duration's expectation and variance, in ms and ms². */
export interface Moments {
  mean: number
  variance: number
}

export interface ServiceTime extends Moments {
  /** A service time drawn from the model, ms. */
  draw(rng: Random): number
  /** The time still to go of a service that has run `elapsedMs` so far, drawn from the model, ms. */
  drawRemaining(rng: Random, elapsedMs: number): number
}

/** The configured expected time of a service, in ms; ten minutes for a service not (or no longer) configured. */
export function configuredServiceMs(config: Pick<CentreConfig, 'services'>, serviceId: string): number {
  const service = config.services.find((s) => s.id === serviceId)
  return (service?.expectedMinutes ?? 10) * MINUTE
}

/**
 * The service-time model of `serviceId` from the latest `policy.estimateWindow` finished service times
 * (the state keeps up to 200), the configured expectation weighing as `PRIOR_SAMPLES` of them.
 */
export function serviceTime(
  serviceTimes: Readonly<Record<string, readonly number[]>>,
  config: ServiceTimeConfig,
  serviceId: string,
): ServiceTime {
  const samples = [...(serviceTimes[serviceId]?.slice(-config.policy.estimateWindow) ?? [])].sort(
    (a, b) => a - b,
  )
  const prior = configuredServiceMs(config, serviceId)
  const n = samples.length
  let sum = 0
  let squares = 0
  for (const ms of samples) {
    sum += ms
    squares += ms * ms
  }
  const mean = (sum + PRIOR_SAMPLES * prior) / (n + PRIOR_SAMPLES)
  // The second moment mixed the same way, the prior's being that of memoryless service.
  const secondMoment = (squares + PRIOR_SAMPLES * (1 + PRIOR_CV2) * prior * prior) / (n + PRIOR_SAMPLES)
  return {
    mean,
    variance: Math.max(0, secondMoment - mean * mean),
    draw(rng) {
      const u = rng.next() * (n + PRIOR_SAMPLES)
      return u < n ? samples[Math.floor(u)]! : exponential(rng, prior)
    },
    drawRemaining(rng, elapsedMs) {
      const elapsed = Math.max(0, elapsedMs)
      // The samples that ran longer than `elapsed` are the last ones (sorted); the memoryless prior
      // runs longer with probability e^(−elapsed/prior).
      const from = firstAbove(samples, elapsed)
      const longer = n - from
      const priorWeight = PRIOR_SAMPLES * Math.exp(-elapsed / prior)
      const u = rng.next() * (longer + priorWeight)
      return u < longer ? samples[from + Math.floor(u)]! - elapsed : exponential(rng, prior)
    },
  }
}

/** The index of the first sorted sample greater than `x`. */
function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
