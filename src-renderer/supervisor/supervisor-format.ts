import { formatElapsed } from '../base/time-format'

/** A duration as the consultant's screen shows one ("4:07", "1:02:09"), or a dash when nothing was measured. */
export function formatDuration(ms: number | null): string {
  return ms === null ? '—' : formatElapsed(ms)
}

/** "92%", or a dash before the first measurement. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`
}

/** How the share of calls within the standard reads at a glance. */
export type StandardBand = 'good' | 'fair' | 'poor' | 'none'

export function standardBand(share: number | null): StandardBand {
  if (share === null) return 'none'
  if (share >= 0.9) return 'good'
  if (share >= 0.75) return 'fair'
  return 'poor'
}

/**
 * Noon UTC of a centre day ("2026-11-24"), for formatting that day's date with `timeZone: 'UTC'`
 * whatever the zone of this PC.
 */
export function dayNoonUtc(day: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)
}
