/**
 * `GET /api/reports?from=YYYY-MM-DD&to=YYYY-MM-DD` (JSON) and `GET /api/reports.csv?…&lang=kk|ru|en`
 * (supervisor or admin, `Authorization: Bearer <session token>`): the report of the centre's local days
 * `from`–`to`, at most `REPORT_MAX_DAYS`.
 * Bad parameters get 400 `invalid_payload` naming the one that is wrong. Every CSV export is audited.
 */
import { z } from 'zod'
import type { CentreConfig, StaffConfig } from '../../../src-shared/config'
import { daysBetween } from '../../../src-shared/domain/time'
import { toCsv } from '../../../src-shared/exports/csv'
import { reportCsvFileName, reportCsvRows } from '../../../src-shared/exports/report-csv'
import type { Role } from '../../../src-shared/protocol'
import { REPORT_MAX_DAYS, type Report } from '../../../src-shared/reports'
import type { HttpApp } from '../http/router'
import { bearerToken, sendAnswer } from '../http/respond'
import type { StaffSessions } from '../staff-sessions'

const ROLES: readonly Role[] = ['supervisor', 'admin']
const JSON_PATH = '/api/reports'
const CSV_PATH = '/api/reports.csv'

const day = z
  .string({ error: 'is missing: give a day as YYYY-MM-DD (the centre’s local day)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a day as YYYY-MM-DD' })
  .refine(
    (text) => {
      const date = new Date(`${text}T00:00:00Z`)
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text
    },
    {
      error: 'is not a day of the calendar',
    },
  )

/** The query string, checked: each error names its parameter. */
export const reportQuerySchema = z
  .strictObject({
    from: day,
    to: day,
    lang: z.enum(['kk', 'ru', 'en'], { error: 'must be kk, ru or en' }).optional(),
  })
  .refine((q) => daysBetween(q.from, q.to) >= 0, { error: '`to` must not be before `from`', path: ['to'] })
  .refine((q) => daysBetween(q.from, q.to) < REPORT_MAX_DAYS, {
    error: `a report covers at most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  })
export type ReportQuery = z.infer<typeof reportQuerySchema>

export interface ReportsAppOptions {
  sessions: StaffSessions
  config: CentreConfig
  report: (query: { from: string; to: string }) => Promise<Report>
  /** Leaves an audit entry of an export (who, what). */
  auditExport: (staff: StaffConfig, what: string) => Promise<void>
}

const error = (status: number, code: string, message: string) => ({
  status,
  body: { error: { code, message } },
})

/** The first problem of a query, as "from: must be a day as YYYY-MM-DD". */
function problem(issues: readonly z.core.$ZodIssue[]): string {
  const issue = issues[0]!
  if (issue.code === 'unrecognized_keys') return `unknown parameter ${issue.keys.join(', ')}`
  return `${issue.path.join('.') || 'query'}: ${issue.message}`
}

export function reportsApp({ sessions, config, report, auditExport }: ReportsAppOptions): HttpApp {
  return async (req, res, url) => {
    if (url.pathname !== JSON_PATH && url.pathname !== CSV_PATH) return false
    if (req.method !== 'GET') {
      sendAnswer(res, {
        ...error(405, 'method_not_allowed', `use GET for ${url.pathname}`),
        headers: { Allow: 'GET' },
      })
      return true
    }
    const token = bearerToken(req)
    const staff = token ? sessions.staffOf(await sessions.find(token)) : undefined
    if (!staff) {
      sendAnswer(
        res,
        error(401, 'unauthenticated', 'send Authorization: Bearer <token> of a signed-in staff member'),
      )
      return true
    }
    if (!staff.roles.some((role) => ROLES.includes(role))) {
      sendAnswer(res, error(403, 'forbidden', `${staff.roles.join('/')} may not read ${url.pathname}`))
      return true
    }
    const parsed = reportQuerySchema.safeParse(Object.fromEntries(url.searchParams))
    if (!parsed.success) {
      sendAnswer(res, error(400, 'invalid_payload', problem(parsed.error.issues)))
      return true
    }
    const { from, to, lang } = parsed.data
    const figures = await report({ from, to })
    if (url.pathname === JSON_PATH) {
      sendAnswer(res, { status: 200, body: figures })
      return true
    }
    await auditExport(staff, `reports.csv for ${from} to ${to}`)
    sendAnswer(res, {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${reportCsvFileName(config.centre.id, from, to)}"`,
      },
      body: toCsv(reportCsvRows(figures, config, lang ?? 'kk')),
    })
    return true
  }
}
