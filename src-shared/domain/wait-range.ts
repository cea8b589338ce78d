/** Minutes as people read them, for the wait estimate's point and range. */

const MINUTE = 60_000

/** The step a wait of `minutes` is read in: whole minutes under a quarter hour, then 5, then 10. */
function stepOf(minutes: number): number {
  if (minutes < 15) return 1
  if (minutes < 60) return 5
  return 10
}

export type Rounding = 'nearest' | 'down' | 'up'

/**
 * Minutes as people read them: 7, 12, 25, 40, 90. `down` and `up` round the ends of an interval
 * outward, so rounding never narrows it. A wait under half a minute is 0 ("now"); any other is at
 * least 1.
 */
export function readableMinutes(ms: number, rounding: Rounding = 'nearest'): number {
  const minutes = Math.max(0, ms) / MINUTE
  if (rounding === 'nearest' && minutes < 0.5) return 0
  const step = stepOf(minutes)
  const steps = minutes / step
  const rounded =
    rounding === 'down' ? Math.floor(steps) : rounding === 'up' ? Math.ceil(steps) : Math.round(steps)
  const result = rounded * step
  return rounding === 'nearest' ? Math.max(1, result) : result
}
