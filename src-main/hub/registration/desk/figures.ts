/** The day's figures per registrar and the CSV exports (masked values only; every export is audited). */
import type { Language, StaffConfig } from '../../../../src-shared/config'
import {
  csvTime,
  exportTexts,
  localized,
  timeHeader,
  toCsv,
  type CsvCell,
} from '../../../../src-shared/exports/csv'
import type { SupervisorAuditLine } from '../../reports/supervisor-audit'
import type { DeskContext } from './context'
import { audit } from './audit'

export interface RegistrationStats {
  day: string
  /** `started` = `confirmed` + `failed` + `expired` + `superseded` + `pending`: every start ends in one. */
  totals: {
    started: number
    confirmed: number
    failed: number
    expired: number
    superseded: number
    pending: number
  }
  registrars: Array<{
    staffId: string
    name: string
    started: number
    confirmed: number
    failed: number
    expired: number
    superseded: number
    pending: number
  }>
}

/** Registrations started on the centre's local `day` and how they ended, per registrar. */
export async function stats(ctx: DeskContext, day: string): Promise<RegistrationStats> {
  const rows = await ctx.store.figures(day, ctx.now())
  const staff = new Map(ctx.config.staff.map((s) => [s.id, s]))
  const registrars = rows.map((row) => ({ ...row, name: staffName(staff.get(row.staffId)) ?? row.staffId }))
  const totals = { started: 0, confirmed: 0, failed: 0, expired: 0, superseded: 0, pending: 0 }
  for (const row of rows) {
    totals.started += row.started
    totals.confirmed += row.confirmed
    totals.failed += row.failed
    totals.expired += row.expired
    totals.superseded += row.superseded
    totals.pending += row.pending
  }
  return { day, totals, registrars }
}

/** The day's figures per registrar as CSV, headers in `language`; the export is audited first. */
export async function statsCsv(
  ctx: DeskContext,
  day: string,
  by: StaffConfig,
  language: Language,
): Promise<string> {
  await auditExport(ctx, by, `stats.csv for ${day}`)
  const { totals, registrars } = await stats(ctx, day)
  const h = exportTexts(language).registrations
  const header = [
    h.day,
    h.staffId,
    h.staffName,
    h.started,
    h.confirmed,
    h.failed,
    h.expired,
    h.superseded,
    h.pending,
  ]
  const rows: CsvCell[][] = registrars.map((r) => [
    day,
    r.staffId,
    r.name,
    r.started,
    r.confirmed,
    r.failed,
    r.expired,
    r.superseded,
    r.pending,
  ])
  rows.push([
    day,
    h.total,
    '',
    totals.started,
    totals.confirmed,
    totals.failed,
    totals.expired,
    totals.superseded,
    totals.pending,
  ])
  return toCsv([header, ...rows])
}

/**
 * The audit log of the local days `from`–`to` as CSV (masked values only), headers in `language`, times
 * in the centre's local time; the export is audited first. `more`: the supervisor's acts and the admin's
 * config changes of those days (`reports/supervisor-audit.ts`), merged with the desk's rows in time order.
 */
export async function auditCsv(
  ctx: DeskContext,
  from: string,
  to: string,
  by: StaffConfig,
  language: Language,
  more: readonly SupervisorAuditLine[] = [],
): Promise<string> {
  await auditExport(ctx, by, `audit.csv for ${from} to ${to}`)
  const staff = new Map(ctx.config.staff.map((s) => [s.id, s]))
  const zone = ctx.config.centre.timeZone
  const h = exportTexts(language).audit
  const header = [
    timeHeader(language, h.at, zone),
    h.day,
    h.staffId,
    h.staffName,
    h.deskId,
    h.action,
    h.bindingId,
    h.registrationId,
    h.oldValue,
    h.newValue,
    h.detail,
    h.subject,
    timeHeader(language, h.readAt, zone),
  ]
  const lines: Array<{ at: number; cells: CsvCell[] }> = (await ctx.store.auditBetween(from, to)).map(
    (e) => ({
      at: e.at,
      cells: [
        csvTime(e.at, zone),
        e.day,
        e.staffId ?? 'hub',
        e.staffId ? (staffName(staff.get(e.staffId)) ?? '') : '',
        e.deskId ?? '',
        e.action,
        e.bindingId ?? '',
        e.registrationId ?? '',
        e.oldValue ?? '',
        e.newValue ?? '',
        e.detail ?? '',
        '',
        '',
      ],
    }),
  )
  const labels = new Map(ctx.config.desks.map((d) => [d.id, d.label]))
  const categories = new Map(ctx.config.priorityCategories.map((c) => [c.id, localized(c.name, language)]))
  // A category given or taken away is named in words: the action says which, and so do the values.
  const category = (id: string | null) => (id ? (categories.get(id) ?? id) : '')
  const categorised = (act: SupervisorAuditLine) => act.kind === 'ticket_categorised'
  const action = (act: SupervisorAuditLine) =>
    !categorised(act)
      ? h.kinds[act.kind]
      : act.newValue
        ? h.kinds.ticket_categorised.replace('{category}', category(act.newValue))
        : h.kinds.ticket_uncategorised.replace('{category}', category(act.oldValue))
  for (const act of more) {
    const window = act.deskId ? h.window.replace('{label}', labels.get(act.deskId) ?? act.deskId) : null
    const value = (id: string | null) => (categorised(act) ? category(id) : (id ?? ''))
    lines.push({
      at: act.at,
      cells: [
        csvTime(act.at, zone),
        act.day,
        act.by,
        staffName(staff.get(act.by)) ?? '',
        act.deskId ?? '',
        action(act),
        '',
        '',
        value(act.oldValue),
        value(act.newValue),
        act.reason ?? '',
        [act.ticketNumber, window].filter(Boolean).join(' / '),
        act.readAt === null ? '' : csvTime(act.readAt, zone),
      ],
    })
  }
  // Stable: the desk's rows of one instant keep their order, the acts follow them.
  lines.sort((a, b) => a.at - b.at)
  return toCsv([header, ...lines.map((line) => line.cells)])
}

/** An export leaves an audit entry, whoever asks and whatever it holds. */
export async function auditExport(ctx: DeskContext, by: StaffConfig, what: string): Promise<void> {
  const now = ctx.now()
  await ctx.store.transaction((tx) =>
    audit(tx, ctx, { staffId: by.id }, null, 'export', {
      registrationId: null,
      bindingId: null,
      detail: what,
      at: now,
    }),
  )
}

function staffName(staff: StaffConfig | undefined): string | undefined {
  return staff ? `${staff.firstName} ${staff.lastName}`.trim() : undefined
}
