/**
 * The simulator's only source of chance: the domain's seeded mulberry32 (the wait estimate uses the same),
 * so one seed always gives the same day. Math.random is never used; a run is reproducible from its flags.
 */
import { normal, type Random } from '../../src-shared/domain/random'

export { exponential, mulberry32, normal, seedFor, type Random } from '../../src-shared/domain/random'

/** Lognormal with the given mean and log-scale spread `sigma` (its coefficient of variation is √(e^σ² − 1)). */
export function lognormal(rng: Random, mean: number, sigma: number): number {
  const mu = Math.log(mean) - (sigma * sigma) / 2
  return Math.exp(mu + sigma * normal(rng))
}

/** An index drawn with the given weights (they need not sum to 1). */
export function pick(rng: Random, weights: readonly number[]): number {
  const total = weights.reduce((sum, w) => sum + w, 0)
  let u = rng.next() * total
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i]!
    if (u < 0) return i
  }
  return weights.length - 1
}
