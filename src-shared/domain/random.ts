/**
 * Seeded chance for pure code: the wait estimate plays the next hour forward with it, and the simulator
 * draws its days from it. Math.random is never used, so the same inputs always give the same answer.
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

/** A seed from a number and a name: FNV-1a over the name, mixed with the number. */
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
