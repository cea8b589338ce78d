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

/**
 * The standard normal's upper tail, P(Z > z), by erfc (Numerical Recipes' Chebyshev fit, relative error
 * under 1.2e-7 everywhere, the far tail included).
 */
export function normalUpperTail(z: number): number {
  const x = z / Math.SQRT2
  const ax = Math.abs(x)
  const t = 1 / (1 + 0.5 * ax)
  const erfc =
    t *
    Math.exp(
      -ax * ax -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return x >= 0 ? erfc / 2 : 1 - erfc / 2
}
