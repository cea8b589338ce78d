/**
 * The simulator's only source of chance: a seeded mulberry32, so one seed always gives the same day.
 * Math.random is never used; a run is reproducible from its flags alone.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
}

/** mulberry32: 32-bit state, fast, and good enough for queueing (not for anything secret). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0
      let t = a
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    },
  }
}

/**
 * A seed of its own for each scenario, so a scenario gives the same numbers whichever others run with it.
 * FNV-1a over the name, mixed with the run's seed.
 */
export function seedFor(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h >>> 0
}

export function exponential(rng: Random, mean: number): number {
  // 1 - u is in (0, 1]: the log never sees zero.
  return -mean * Math.log(1 - rng.next())
}

/** Standard normal by Box-Muller (one of the pair; the other is thrown away for simplicity). */
export function normal(rng: Random): number {
  const u = 1 - rng.next()
  const v = rng.next()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

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
