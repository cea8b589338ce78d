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
import type { Random } from './random'

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
 * The service-time model of `serviceId` from the latest `policy.estimateWindow` recorded times (the
 * state keeps up to 200).
 *
 * Its mean is the recorded times' mean shrunk toward the configured expectation as far as the two are
 * within the recorded mean's own noise of each other: a centre whose configured time is right keeps it
 * (the recorded mean of 200 memoryless times still wanders by ±7%), one whose configured time is off
 * follows what it records. Draws are recorded times rescaled to that mean (so their shape is the
 * centre's own), or, with the configured figure's weight of `PRIOR_SAMPLES`, memoryless ones.
 */
export function serviceTime(
  serviceTimes: Readonly<Record<string, readonly number[]>>,
  config: ServiceTimeConfig,
  serviceId: string,
): ServiceTime {
  const recorded = serviceTimes[serviceId]?.slice(-config.policy.estimateWindow) ?? []
  const prior = configuredServiceMs(config, serviceId)
  const n = recorded.length
  let sum = 0
  let squares = 0
  for (const ms of recorded) {
    sum += ms
    squares += ms * ms
  }
  const sampleMean = n > 0 ? sum / n : prior
  const sampleVariance = n > 1 ? Math.max(0, (squares - n * sampleMean * sampleMean) / (n - 1)) : 0
  // The spread of the records, itself pulled toward memoryless service's while they are few.
  const spread = (n * sampleVariance + PRIOR_SAMPLES * PRIOR_CV2 * prior * prior) / (n + PRIOR_SAMPLES)
  const mean = shrunkMean(sampleMean, spread, n, prior)
  // The recorded times, rescaled to the mean and sorted (for the draws of the time still to go).
  const scale = sampleMean > 0 ? mean / sampleMean : 1
  const samples = recorded.map((ms) => ms * scale).sort((a, b) => a - b)
  // The second moment of the draws: the rescaled times and the memoryless prior, by their weights.
  const secondMoment =
    (squares * scale * scale + PRIOR_SAMPLES * (1 + PRIOR_CV2) * mean * mean) / (n + PRIOR_SAMPLES)
  return {
    mean,
    variance: Math.max(0, secondMoment - mean * mean),
    // Each draw takes two numbers from the stream whichever way it goes, so that runs drawn from the
    // same seed stay in step when a model changes (an estimate moves only as far as its inputs do).
    draw(rng) {
      const u = rng.next() * (n + PRIOR_SAMPLES)
      const v = rng.next()
      return u < n ? samples[Math.floor(u)]! : memoryless(v, mean)
    },
    drawRemaining(rng, elapsedMs) {
      const elapsed = Math.max(0, elapsedMs)
      // The samples that ran longer than `elapsed` are the last ones (sorted); the memoryless prior
      // runs longer with probability e^(−elapsed/mean).
      const from = firstAbove(samples, elapsed)
      const longer = n - from
      const priorWeight = PRIOR_SAMPLES * Math.exp(-elapsed / mean)
      const u = rng.next() * (longer + priorWeight)
      const v = rng.next()
      return u < longer ? samples[from + Math.floor(u)]! - elapsed : memoryless(v, mean)
    },
  }
}

/**
 * The recorded mean pulled toward the configured one as far as their gap is within the recorded mean's
 * noise: the recorded one weighs 1 − noise² ÷ gap², and nothing when the gap is within the noise (the
 * positive-part James–Stein rule). No records: the configured mean.
 */
function shrunkMean(sampleMean: number, spread: number, n: number, prior: number): number {
  if (n === 0) return prior
  const noise = spread / n
  const gap = (sampleMean - prior) ** 2
  if (gap <= noise) return prior
  return prior + (sampleMean - prior) * (1 - noise / gap)
}

/** An exponential time with mean `mean` from a uniform `v` in [0, 1). */
const memoryless = (v: number, mean: number): number => -mean * Math.log(1 - v)

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
