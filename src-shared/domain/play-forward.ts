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
import { mulberry32, normal } from './random'
import type { ServiceTime } from './service-time'

/** Runs per forecast: enough for the 10th and 90th percentiles to sit within a few percent. */
export const RUNS = 160

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
  /** `takes[run][k]`: ms from now until the windows take their (k+1)-th ticket, in that run. */
  takes: Float64Array[]
  /** Per run, a standard normal for the takes past the played ones. */
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
  const takes: Float64Array[] = []
  const tail = new Float64Array(RUNS)
  const freeAt = new Float64Array(windows)
  for (let run = 0; run < RUNS; run++) {
    freeAt.fill(0)
    inHand.forEach((held, i) => {
      freeAt[i] =
        held.elapsedMs === null ? held.model.draw(rng) : held.model.drawRemaining(rng, held.elapsedMs)
    })
    const times = new Float64Array(played)
    for (let k = 0; k < played; k++) {
      let first = 0
      for (let w = 1; w < windows; w++) if (freeAt[w]! < freeAt[first]!) first = w
      times[k] = freeAt[first]!
      freeAt[first] = freeAt[first]! + drawNext()
    }
    takes.push(times)
    tail[run] = normal(rng)
  }
  let nextMean = 0
  let nextSecond = 0
  for (const n of next) {
    nextMean += (n.weight / total) * n.model.mean
    nextSecond += (n.weight / total) * (n.model.variance + n.model.mean * n.model.mean)
  }
  return { takes, tail, nextMean, nextVariance: Math.max(0, nextSecond - nextMean ** 2), windows }
}

/** Tickets that will arrive later and still go first: so many per ms, for at most so many ms. */
export interface Jumpers {
  perMs: number
  forMs: number
}

/**
 * Per run, ms until the call of a ticket with `before` tickets (a fractional count, when some are
 * shared with other windows) to be taken before it, and `jumpers` arriving meanwhile: sorted ascending.
 */
export function callTimes(runs: Runs, before: number, jumpers: Jumpers | null = null): Float64Array {
  const out = new Float64Array(RUNS)
  for (let run = 0; run < RUNS; run++) {
    const at = (k: number): number => {
      const lower = Math.floor(k)
      const part = k - lower
      const t = takeAt(runs, run, lower)
      return part === 0 ? t : (1 - part) * t + part * takeAt(runs, run, lower + 1)
    }
    let k = before
    // Those arriving before the call go first, which puts the call later: a few rounds settle it.
    if (jumpers && jumpers.perMs > 0) {
      for (let round = 0; round < 4; round++)
        k = before + jumpers.perMs * Math.min(at(k), jumpers.forMs)
    }
    out[run] = at(k)
  }
  return out.sort()
}

function takeAt(runs: Runs, run: number, k: number): number {
  const times = runs.takes[run]!
  const last = times.length - 1
  if (k <= last) return times[k]!
  const extra = k - last
  const spread = Math.sqrt(extra * runs.nextVariance) / runs.windows
  return Math.max(times[last]!, times[last]! + (extra * runs.nextMean) / runs.windows + runs.tail[run]! * spread)
}

/** The `p` quantile (0–1) of sorted values, by the nearest rank. */
export function quantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}
