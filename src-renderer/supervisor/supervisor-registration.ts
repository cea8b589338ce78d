/**
 * The mobile-citizen registration desk as the supervisor sees it: the day's figures from
 * `GET /api/registration/stats` and the hub's two CSV exports (the daily figures and the audit log).
 * All three need the session's Bearer token, so the view fetches them rather than linking to them.
 */
import type { Language } from '../../src-shared/config'
import { z } from 'zod'

const count = z.number().int().nonnegative()
const counts = {
  started: count,
  confirmed: count,
  failed: count,
  expired: count,
  superseded: count,
  pending: count,
}

/** The hub's answer for one centre day: totals and one row per registrar who started a registration. */
export const registrationStatsSchema = z.object({
  day: z.string(),
  totals: z.object(counts),
  registrars: z.array(z.object({ staffId: z.string(), name: z.string(), ...counts })),
})

export type RegistrationStats = z.infer<typeof registrationStatsSchema>
export type RegistrarFigures = RegistrationStats['registrars'][number]

/**
 * Why the hub gave no answer: `unauthenticated` (401, the session is over), `forbidden` (403, not a
 * supervisor or administrator), `invalid` (400, a day or range the hub refuses), `offline` (no answer
 * at all), `failed` (anything else, or an answer that does not parse).
 */
export type HubRefusal = 'unauthenticated' | 'forbidden' | 'invalid' | 'offline' | 'failed'

export function refusalOf(status: number): HubRefusal {
  if (status === 401) return 'unauthenticated'
  if (status === 403) return 'forbidden'
  if (status === 400) return 'invalid'
  return 'failed'
}

export const registrationStatsPath = (day: string) => `/api/registration/stats?day=${encodeURIComponent(day)}`
/** The hub's CSV exports, headers in `language` (the supervisor's). */
export const registrationCsvPath = (day: string, language: Language) =>
  `/api/registration/stats.csv?${new URLSearchParams({ day, lang: language })}`
export const auditCsvPath = (from: string, to: string, language: Language) =>
  `/api/audit.csv?${new URLSearchParams({ from, to, lang: language })}`
export const figuresCsvPath = (language: Language) => `/api/figures.csv?lang=${language}`

/** The hub exports at most this many days of the audit log at once. */
export const MAX_AUDIT_DAYS = 366

const DAY = /^\d{4}-\d{2}-\d{2}$/
const dayNumber = (day: string) => (DAY.test(day) ? Date.parse(`${day}T00:00:00Z`) / 86_400_000 : NaN)

/** What is wrong with an audit range before asking the hub, or null when the hub will take it. */
export type RangeProblem = 'missing' | 'reversed' | 'too-long'

export function auditRangeProblem(from: string, to: string): RangeProblem | null {
  const start = dayNumber(from)
  const end = dayNumber(to)
  if (!Number.isFinite(start) || !Number.isFinite(end)) return 'missing'
  if (end < start) return 'reversed'
  if (end - start + 1 > MAX_AUDIT_DAYS) return 'too-long'
  return null
}

/**
 * `kezek-astana-1-figures-2026-11-24.csv`, `kezek-astana-1-registrations-2026-11-24.csv`,
 * `kezek-astana-1-audit-2026-11-01-2026-11-24.csv`: the centre first, so a folder of a month's files
 * sorts by kind and date.
 */
export function exportFileName(
  centreId: string,
  kind: 'figures' | 'registrations' | 'audit',
  ...days: string[]
): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-')
  return `kezek-${[centreId, kind, ...days].map(safe).join('-')}.csv`
}

export type ExportResult = { ok: true; blob: Blob } | { ok: false; refusal: HubRefusal }

/** GETs one of the hub's CSV exports with the session's token. The hub audits the export itself. */
export async function fetchExport(path: string, token: string): Promise<ExportResult> {
  let response: Response
  try {
    response = await fetch(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/csv' } })
  } catch {
    return { ok: false, refusal: 'offline' }
  }
  if (response.status !== 200) return { ok: false, refusal: refusalOf(response.status) }
  try {
    return { ok: true, blob: await response.blob() }
  } catch {
    return { ok: false, refusal: 'offline' }
  }
}
