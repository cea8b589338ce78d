/**
 * What the audit export (`GET /api/audit.csv`) holds beside the registration desk's rows: the
 * supervisor's acts of the days asked (the `report_acts` rows) and the admin's config changes (the
 * config versions' audit: who, when, which section; never the sections' contents).
 */
import type { ConfigAuditRow } from '../../../src-shared/config'
import { localDay } from '../../../src-shared/domain/time'
import type { ActKind, ActRow } from './acts'
import type { ReportRecords } from './records'
import { ACTS, selectColumns } from './tables'

/**
 * One line of the audit beside the desk's: an act (its row without the log's ids), or a config change
 * (`reason`: its section).
 */
export type SupervisorAuditLine = Omit<ActRow, 'actId' | 'seq' | 'ticketId' | 'kind'> & {
  kind: ActKind | 'config_changed'
}

/** The acts of the centre's days `from`–`to`, in time order (the log's, for acts of one instant). */
export async function actsBetween(records: ReportRecords, from: string, to: string): Promise<ActRow[]> {
  const rows = await records.query(
    `SELECT ${selectColumns(ACTS)} FROM {report_acts} WHERE {scope} day >= :from AND day <= :to ORDER BY at, seq`,
    { from, to },
  )
  return rows as unknown as ActRow[]
}

/** The acts as audit lines. */
export function actLines(acts: readonly ActRow[]): SupervisorAuditLine[] {
  return acts.map(({ actId: _id, seq: _seq, ticketId: _ticket, ...line }) => line)
}

/** The config changes made on the centre's local days `from`–`to` (`rows`: any superset of them). */
export function configLines(
  rows: readonly ConfigAuditRow[],
  from: string,
  to: string,
  timeZone: string,
): SupervisorAuditLine[] {
  return rows
    .map((row) => ({ row, day: localDay(row.at, timeZone) }))
    .filter(({ day }) => day >= from && day <= to)
    .map(({ row, day }) => ({
      at: row.at,
      day,
      by: row.by,
      kind: 'config_changed' as const,
      ticketNumber: null,
      deskId: null,
      staffId: null,
      oldValue: null,
      newValue: `v${row.version}`,
      reason: row.section,
      readAt: null,
    }))
}

/** Epoch ms bounds that hold every instant of the local days `from`–`to` in any zone (a day either side). */
export function roughBounds(from: string, to: string): { fromAt: number; toAt: number } {
  return { fromAt: Date.parse(from) - 86_400_000, toAt: Date.parse(to) + 2 * 86_400_000 }
}

/**
 * The audit lines of the days `from`–`to` beside the desk's: the acts (none on a store without report
 * tables) and the config changes (none on a store without config versions), in time order.
 */
export async function supervisorAudit(
  sources: {
    acts: ((from: string, to: string) => Promise<ActRow[]>) | null
    versions: { between(fromAt: number, toAt: number): Promise<ConfigAuditRow[]> } | null
    timeZone: string
  },
  from: string,
  to: string,
): Promise<SupervisorAuditLine[]> {
  const acts = sources.acts ? actLines(await sources.acts(from, to)) : []
  const { fromAt, toAt } = roughBounds(from, to)
  const changes = sources.versions
    ? configLines(await sources.versions.between(fromAt, toAt), from, to, sources.timeZone)
    : []
  return [...acts, ...changes].sort((a, b) => a.at - b.at)
}
