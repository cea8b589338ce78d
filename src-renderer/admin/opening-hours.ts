/** A day's opening hours as the admin types them: `09:00–13:00, 14:00–18:00`; empty is closed. */
export type Interval = [string, string]

const INTERVAL = /^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$/

/** The intervals of a typed day, or null when it is not written as `HH:MM–HH:MM, ...`. */
export function parseDay(text: string): Interval[] | null {
  const parts = text
    .split(/[,;]/)
    .map((part) => part.trim())
    .filter(Boolean)
  const intervals: Interval[] = []
  for (const part of parts) {
    const match = INTERVAL.exec(part)
    if (!match) return null
    const pad = (time: string) => time.padStart(5, '0')
    intervals.push([pad(match[1]!), pad(match[2]!)])
  }
  return intervals
}

export function formatDay(intervals: readonly Interval[]): string {
  return intervals.map(([from, to]) => `${from}–${to}`).join(', ')
}
