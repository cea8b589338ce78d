/** The day's figures per registrar and the CSV exports (masked values only; every export is audited). */
import type { StaffConfig } from '../../../../src-shared/config'
import type { DeskContext } from './context'
import { audit } from './audit'

export interface RegistrationStats {
  day: string
  totals: { started: number; confirmed: number; failed: number; expired: number; pending: number }
  registrars: Array<{
    staffId: string
    name: string
    started: number
    confirmed: number
    failed: number
    expired: number
    pending: number
  }>
}

/** Registrations started on the centre's local `day` and how they ended, per registrar. */
export async function stats(ctx: DeskContext, day: string): Promise<RegistrationStats> {
  const rows = await ctx.store.figures(day, ctx.now())
  const staff = new Map(ctx.config.staff.map((s) => [s.id, s]))
  const registrars = rows.map((row) => ({ ...row, name: staffName(staff.get(row.staffId)) ?? row.staffId }))
  const totals = { started: 0, confirmed: 0, failed: 0, expired: 0, pending: 0 }
  for (const row of rows) {
    totals.started += row.started
    totals.confirmed += row.confirmed
    totals.failed += row.failed
    totals.expired += row.expired
    totals.pending += row.pending
  }
  return { day, totals, registrars }
}

export async function statsCsv(ctx: DeskContext, day: string, by: StaffConfig): Promise<string> {
  await auditExport(ctx, by, `stats.csv for ${day}`)
  const { totals, registrars } = await stats(ctx, day)
  const header = ['day', 'staff_id', 'staff_name', 'started', 'confirmed', 'failed', 'expired', 'pending']
  const rows = registrars.map((r) => [
    day,
    r.staffId,
    r.name,
    r.started,
    r.confirmed,
    r.failed,
    r.expired,
    r.pending,
  ])
  rows.push([
    day,
    'total',
    '',
    totals.started,
    totals.confirmed,
    totals.failed,
    totals.expired,
    totals.pending,
  ])
  return toCsv([header, ...rows])
}

/** The audit log of the local days `from`–`to` as CSV (masked values only); the export is audited first. */
export async function auditCsv(ctx: DeskContext, from: string, to: string, by: StaffConfig): Promise<string> {
  await auditExport(ctx, by, `audit.csv for ${from} to ${to}`)
  const staff = new Map(ctx.config.staff.map((s) => [s.id, s]))
  const header = [
    'at',
    'day',
    'staff_id',
    'staff_name',
    'desk_id',
    'action',
    'binding_id',
    'registration_id',
    'old_value',
    'new_value',
    'detail',
  ]
  const rows = (await ctx.store.auditBetween(from, to)).map((e) => [
    new Date(e.at).toISOString(),
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
  ])
  return toCsv([header, ...rows])
}

async function auditExport(ctx: DeskContext, by: StaffConfig, what: string): Promise<void> {
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

/**
 * RFC 4180 CSV: every field quoted, quotes doubled, CRLF line ends. A field that a spreadsheet would
 * read as a formula (= + - @ at the start) gets a leading apostrophe.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const field = (value: string | number) => {
    let text = String(value)
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return `"${text.replace(/"/g, '""')}"`
  }
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n'
}
