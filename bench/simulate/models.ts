/**
 * Who comes and how long they take: Poisson arrivals (optionally with a morning peak), a service and a
 * priority category for each arrival, and the true service time a window then spends.
 */
import { normalQuantile } from '../../src-shared/domain/random'
import { exponential, lognormal, normalUpperTail, pick, type Random } from './random'
import { meanServiceMin, type Scenario, type ServiceSpec } from './scenarios'

const PEAK_MINUTES = 120
export const PEAK_FACTOR = 1.6

/** Arrivals per minute at `minute` after opening. */
export function rateAt(scenario: Scenario, minute: number, meanRate: number): number {
  if (!scenario.morningPeak) return meanRate
  // The rest of the day is slower by as much as the peak is faster, so the daily mean stays `meanRate`.
  const restFactor =
    (scenario.arrivalMinutes - PEAK_FACTOR * PEAK_MINUTES) / (scenario.arrivalMinutes - PEAK_MINUTES)
  return meanRate * (minute < PEAK_MINUTES ? PEAK_FACTOR : restFactor)
}

/** Mean arrivals per minute for the scenario's utilisation. */
export function arrivalRate(scenario: Scenario): number {
  return (scenario.rho * scenario.windows) / meanServiceMin(scenario)
}

/**
 * Arrival times of one day, minutes after opening: a Poisson process, thinned from the peak rate when
 * the rate varies (Lewis–Shedler), so the peak needs no special case.
 */
export function arrivalMinutes(scenario: Scenario, rng: Random): number[] {
  const meanRate = arrivalRate(scenario)
  const maxRate = scenario.morningPeak ? meanRate * PEAK_FACTOR : meanRate
  const times: number[] = []
  let t = 0
  for (;;) {
    t += exponential(rng, 1 / maxRate)
    if (t >= scenario.arrivalMinutes) return times
    if (!scenario.morningPeak || rng.next() < rateAt(scenario, t, meanRate) / maxRate) times.push(t)
  }
}

export interface Arrival {
  service: ServiceSpec
  categoryId: string | null
}

export const CATEGORIES = ['disability', 'pregnant'] as const

export function drawArrival(scenario: Scenario, rng: Random): Arrival {
  const service =
    scenario.services[
      pick(
        rng,
        scenario.services.map((s) => s.share),
      )
    ]!
  const priority = scenario.priorityShare > 0 && rng.next() < scenario.priorityShare
  const categoryId = priority ? CATEGORIES[Math.floor(rng.next() * CATEGORIES.length)]! : null
  return { service, categoryId }
}

/** A true service time, minutes. */
export function serviceMinutes(scenario: Scenario, service: ServiceSpec, rng: Random): number {
  return scenario.serviceShape === 'lognormal'
    ? lognormal(rng, service.trueMin, scenario.sigma)
    : exponential(rng, service.trueMin)
}

/**
 * The time still to go, minutes, of a true service that has run `elapsedMin` so far: drawn from the
 * scenario's own distribution given that it lasts longer than that (the oracle's knowledge, never the
 * hub's). Exponential service forgets; lognormal is drawn by the inverse of its tail, so a service far
 * into the tail needs no rejection.
 */
export function remainingMinutes(
  scenario: Scenario,
  service: ServiceSpec,
  elapsedMin: number,
  rng: Random,
): number {
  if (scenario.serviceShape !== 'lognormal') return exponential(rng, service.trueMin)
  const sigma = scenario.sigma
  const mu = Math.log(service.trueMin) - (sigma * sigma) / 2
  // P(longer than elapsed), then a uniform share of that tail: X = exp(mu − σ Φ⁻¹(u · tail)).
  const tail = elapsedMin > 0 ? normalUpperTail((Math.log(elapsedMin) - mu) / sigma) : 1
  const p = (1 - rng.next()) * tail
  return Math.max(0, Math.exp(mu - sigma * normalQuantile(p)) - elapsedMin)
}
