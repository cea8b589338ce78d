import { readFileSync } from 'node:fs'

export function median(values: readonly number[]): number {
  return percentile(values, 50)
}

/** Nearest-rank percentile (p in 0–100) of the values; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

export const mb = (bytes: number) => round(bytes / (1024 * 1024), 1)

/**
 * CPU time (ms) the whole machine has spent busy since boot, from /proc/stat (Linux); null elsewhere.
 * Minus what the bench's own processes used over the same span, it shows how much other load there was.
 */
export function machineBusyMs(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number)
    // USER_HZ is 100 on every Linux the bench runs on.
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 10
  } catch {
    return null
  }
}
