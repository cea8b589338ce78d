/**
 * Who comes and how long they take: Poisson arrivals (optionally with a morning peak), a service and a
 * priority category for each arrival, and the true service time a window then spends.
 */
import { exponential, lognormal, pick, type Random } from './random'
import { meanServiceMin, type Scenario, type ServiceSpec } from './scenarios'

const PEAK_MINUTES = 120
const PEAK_FACTOR = 1.6

/** Arrivals per minute at `minute` after opening. */
function rateAt(scenario: Scenario, minute: number, meanRate: number): number {
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
