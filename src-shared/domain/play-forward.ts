/**
 * The next hour at a group of windows, played forward many times: when will the windows take their
 * 1st, 2nd, 3rd… next ticket? A window free now takes one at once; a window with a citizen in hand
 * takes one when that service ends (drawn given the time it has run); each ticket taken keeps its
 * window for a service time drawn from the services those windows call. The spread of the runs is the
 * spread of the wait: the wait estimate reads its median and its 10th and 90th percentiles.
 *
 * Seeded, so the same inputs give the same runs on the hub and on every face. Past the first few
 * rounds of every window the windows have forgotten where they started, and the runs continue by the
 * central limit: each further take adds the mean service time over the windows, with its spread.
 */
import { mulberry32, normalQuantile } from './random'
import type { ServiceTime } from './service-time'

/** Runs per forecast: enough for the 10th and 90th percentiles to sit within a few percent. */
export const RUNS = 256

export interface Group {
  /** Open windows in the group. */
  windows: number
  /** The services in hand at those windows: each service's model, and ms it has run (null: not started). */
  inHand: { model: ServiceTime; elapsedMs: number | null }[]
  /** The services of the tickets those windows will call, weighted by how many wait. */
  next: { model: ServiceTime; weight: number }[]
  seed: number
}

export interface Runs {
  /** `takes[run * played + k]`: ms from the start until the windows take their (k+1)-th ticket, in that run. */
  takes: Float64Array
  played: number
  /** Per run, a standard normal (stratified) for the takes past the played ones. */
  tail: Float64Array
  /** Mean and variance (ms, ms²) of one service of the tickets to be called. */
  nextMean: number
  nextVariance: number
  windows: number
}

/** Plays the group forward `RUNS` times, each for as many takes as it takes to forget the start. */
export function playForward(group: Group): Runs {
  const { windows, inHand, next } = group
  const rng = mulberry32(group.seed)
  const played = 2 * windows + 8
  const total = next.reduce((sum, n) => sum + n.weight, 0)
  const drawNext = (): number => {
    let u = rng.next() * total
    for (const n of next) {
      u -= n.weight
      if (u < 0) return n.model.draw(rng)
    }
    return next[next.length - 1]!.model.draw(rng)
  }
  const takes = new Float64Array(RUNS * played)
  const tail = new Float64Array(RUNS)
  const freeAt = new Float64Array(windows)
  for (let run = 0; run < RUNS; run++) {
    freeAt.fill(0)
    inHand.forEach((held, i) => {
      freeAt[i] =
        held.elapsedMs === null ? held.model.draw(rng) : held.model.drawRemaining(rng, held.elapsedMs)
    })
    const base = run * played
    for (let k = 0; k < played; k++) {
      let first = 0
      for (let w = 1; w < windows; w++) if (freeAt[w]! < freeAt[first]!) first = w
      takes[base + k] = freeAt[first]!
      freeAt[first] = freeAt[first]! + drawNext()
    }
  }
  // The takes past the played ones: one normal per run, stratified (one from each of RUNS strata of
  // equal probability, in an order drawn from the stream), so a long queue's spread is not left to chance.
  for (let run = 0; run < RUNS; run++) tail[run] = normalQuantile((run + 0.5) / RUNS)
  for (let run = RUNS - 1; run > 0; run--) {
    const other = Math.floor(rng.next() * (run + 1))
    const swap = tail[run]!
    tail[run] = tail[other]!
    tail[other] = swap
  }
  let nextMean = 0
  let nextSecond = 0
  for (const n of next) {
    nextMean += (n.weight / total) * n.model.mean
    nextSecond += (n.weight / total) * (n.model.variance + n.model.mean * n.model.mean)
  }
  return {
    takes,
    played,
    tail,
    nextMean,
    nextVariance: Math.max(0, nextSecond - nextMean ** 2),
    windows,
  }
}

/** Tickets that will arrive later and still go first: so many per ms, for at most so many ms. */
export interface Jumpers {
  perMs: number
  forMs: number
}

/**
 * Per run, ms until the call of a ticket with `before` tickets (a fractional count, when some are
 * shared with other windows) to be taken before it, and `jumpers` arriving meanwhile, counted from
 * `offsetMs` after the runs' start: sorted ascending.
 */
export function callTimes(
  runs: Runs,
  before: number,
  jumpers: Jumpers | null = null,
  offsetMs = 0,
): Float64Array {
  const out = new Float64Array(RUNS)
  const jumping = jumpers !== null && jumpers.perMs > 0
  for (let run = 0; run < RUNS; run++) {
    let t = takeAt(runs, run, before)
    // Those arriving before the call go first, which puts the call later: a few rounds settle it.
    if (jumping) {
      for (let round = 0; round < 4; round++)
        t = takeAt(runs, run, before + jumpers.perMs * Math.min(t, jumpers.forMs))
    }
    out[run] = Math.max(0, t - offsetMs)
  }
  return out.sort()
}

/** In one run, ms until the take numbered `k` (0-based, fractional between two takes). */
export function takeAt(runs: Runs, run: number, k: number): number {
  const lower = Math.floor(k)
  const part = k - lower
  const t = takeWhole(runs, run, lower)
  return part === 0 ? t : (1 - part) * t + part * takeWhole(runs, run, lower + 1)
}

function takeWhole(runs: Runs, run: number, k: number): number {
  const last = runs.played - 1
  const base = run * runs.played
  if (k <= last) return runs.takes[base + k]!
  const end = runs.takes[base + last]!
  const extra = k - last
  const spread = Math.sqrt(extra * runs.nextVariance) / runs.windows
  return Math.max(end, end + (extra * runs.nextMean) / runs.windows + runs.tail[run]! * spread)
}

/** The `p` quantile (0–1) of sorted values, by the nearest rank. */
export function quantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}
