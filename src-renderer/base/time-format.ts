/** "4:07" or "1:02:09": a running time a consultant reads at a glance. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`
}

/** "14:05" in the centre's time zone: the hall clock, not this PC's zone. */
export function formatClock(at: number, timeZone: string, language: string): string {
  try {
    return new Intl.DateTimeFormat(language, {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    }).format(at)
  } catch {
    return new Intl.DateTimeFormat('ru', { hour: '2-digit', minute: '2-digit', timeZone }).format(at)
  }
}

/**
 * "14:05" or "14:05:09" on the centre's clock (`timeZone`), digits only so no locale data is needed (the
 * phone tracker's budget); on this device's clock when the zone is unknown (an older hub) or invalid.
 */
export function formatHallTime(at: number, timeZone: string | undefined, seconds = false): string {
  const options: Intl.DateTimeFormatOptions = {
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).formatToParts(at)
  } catch {
    parts = new Intl.DateTimeFormat('en-GB', options).formatToParts(at)
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00'
  return [part('hour'), part('minute'), ...(seconds ? [part('second')] : [])].join(':')
}
