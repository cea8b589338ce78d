/**
 * The registration desk's HTTP endpoints (staff only, `Authorization: Bearer <session token>`):
 *
 * - `GET /api/sms-outbox`: the demo SMS outbox, newest first (registrar, supervisor, admin);
 * - `GET /api/audit.csv?from=YYYY-MM-DD&to=YYYY-MM-DD`: the audit log, masked (supervisor, admin): the
 *   desk's rows, the supervisor's acts and the admin's config changes of the days, in time order;
 * - `GET /api/registration/stats?day=YYYY-MM-DD` and `.../stats.csv`: the day's figures (supervisor, admin);
 * - `GET /api/figures.csv`: the supervisor's figures of the centre's day, per service and window
 *   (supervisor, admin).
 *
 * Every CSV takes `lang=kk|ru|en` (default kk) for its headers and is in the one format of
 * `src-shared/exports/csv.ts`. The server resolves the session; this module answers with a status and a
 * body, and writes nothing but the audit entry of each export.
 */
import type { CentreConfig, StaffConfig } from '../../../src-shared/config'
import { localDay } from '../../../src-shared/domain/time'
import { exportLanguage, toCsv } from '../../../src-shared/exports/csv'
import { figuresCsvFileName, figuresCsvRows } from '../../../src-shared/exports/figures-csv'
import type { DayFigures } from '../../../src-shared/figures'
import { REGISTRATION_ROLES, type Role } from '../../../src-shared/protocol'
import type { SupervisorAuditLine } from '../reports/supervisor-audit'
import type { RegistrationDesk } from './registration-desk'

export interface HttpAnswer {
  status: number
  headers?: Record<string, string>
  /** An object is sent as JSON; a string as it is, with the given Content-Type. */
  body: unknown
}

const SUPERVISION: readonly Role[] = ['supervisor', 'admin']
const MAX_EXPORT_DAYS = 366
const DAY = /^\d{4}-\d{2}-\d{2}$/

function error(status: number, code: string, message: string): HttpAnswer {
  return { status, body: { error: { code, message } } }
}

function validDay(text: string | null): text is string {
  if (!text || !DAY.test(text)) return false
  const date = new Date(`${text}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
}

/** A CSV file (`toCsv` has put the byte-order mark first) as a download. */
function csv(body: string, fileName: string): HttpAnswer {
  return {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName}"`,
    },
    body,
  }
}

const ROUTES: Record<string, readonly Role[]> = {
  '/api/sms-outbox': REGISTRATION_ROLES,
  '/api/audit.csv': SUPERVISION,
  '/api/registration/stats': SUPERVISION,
  '/api/registration/stats.csv': SUPERVISION,
  '/api/figures.csv': SUPERVISION,
}

/**
 * Answers a registration endpoint, or returns null for any other path. `staff` is the signed-in staff
 * member of the request's Bearer token, or null.
 */
export async function registrationHttp(
  desk: RegistrationDesk,
  request: {
    method: string
    url: URL
    staff: () => Promise<StaffConfig | null>
    timeZone: string
    now: number
    /** The supervisor's figures of the centre's day now, for `/api/figures.csv`. */
    figures: () => DayFigures
    config: Pick<CentreConfig, 'centre' | 'services'>
    /** The supervisor's acts and the admin's config changes of the days, beside the desk's rows. */
    supervisorAudit?: (from: string, to: string) => Promise<SupervisorAuditLine[]>
  },
): Promise<HttpAnswer | null> {
  const { url, method } = request
  const roles = ROUTES[url.pathname]
  if (!roles) return null
  if (method !== 'GET') {
    return { ...error(405, 'method_not_allowed', `use GET for ${url.pathname}`), headers: { Allow: 'GET' } }
  }
  const staff = await request.staff()
  if (!staff)
    return error(401, 'unauthenticated', 'send Authorization: Bearer <token> of a signed-in staff member')
  if (!staff.roles.some((role) => roles.includes(role))) {
    return error(403, 'forbidden', `${staff.roles.join('/')} may not read ${url.pathname}`)
  }

  if (url.pathname === '/api/sms-outbox') {
    const outbox = desk.smsOutbox
    if (!outbox) return error(404, 'not_found', 'this hub sends SMS through a gateway, not the outbox file')
    const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50))
    return { status: 200, body: { messages: outbox.recent(limit) } }
  }

  const langParam = url.searchParams.get('lang')
  const language = exportLanguage(langParam ?? 'kk')
  if (!language) return error(400, 'invalid_payload', `lang must be kk, ru or en, not "${langParam}"`)

  if (url.pathname === '/api/figures.csv') {
    const figures = request.figures()
    const day = figures.day ?? localDay(request.now, request.timeZone)
    await desk.auditExport(staff, `figures.csv for ${day}`)
    const body = toCsv(figuresCsvRows(figures, request.config, language))
    return csv(body, figuresCsvFileName(request.config.centre.id, day))
  }

  if (url.pathname === '/api/audit.csv') {
    const from = url.searchParams.get('from')
    const to = url.searchParams.get('to')
    if (!validDay(from) || !validDay(to)) {
      return error(400, 'invalid_payload', 'give from=YYYY-MM-DD and to=YYYY-MM-DD (the centre’s local days)')
    }
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
    if (days < 1) return error(400, 'invalid_payload', '`to` must not be before `from`')
    if (days > MAX_EXPORT_DAYS)
      return error(400, 'invalid_payload', `export at most ${MAX_EXPORT_DAYS} days at once`)
    const more = request.supervisorAudit ? await request.supervisorAudit(from, to) : []
    return csv(await desk.auditCsv(from, to, staff, language, more), `kezek-audit-${from}-${to}.csv`)
  }

  const dayParam = url.searchParams.get('day')
  const day = dayParam ?? localDay(request.now, request.timeZone)
  if (!validDay(day)) return error(400, 'invalid_payload', 'give day=YYYY-MM-DD (the centre’s local day)')
  if (url.pathname === '/api/registration/stats') return { status: 200, body: await desk.stats(day) }
  return csv(await desk.statsCsv(day, staff, language), `kezek-registrations-${day}.csv`)
}
