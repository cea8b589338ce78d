/**
 * Reports across days. One entry, `mountReports`, which `server.ts` calls:
 *
 * - `rows.ts` folds the facts into report rows (per ticket, self-service session, booking, pause);
 * - `projector.ts` keeps the tables (`tables.ts`, SQLite or PostgreSQL: `records.ts`) up with the log by
 *   a cursor, catching up after a restart;
 * - `report-query.ts` answers a range of days with SQL aggregates and exact percentiles;
 * - `acts.ts` folds the supervisor's acts into rows the audit export reads (`supervisor-audit.ts`);
 * - `http.ts` serves `GET /api/reports` and `GET /api/reports.csv` to supervisors and admins.
 */
import { waitStandardMs, type CentreConfig, type StaffConfig } from '../../../src-shared/config'
import type { CentreState, EventEnvelope } from '../../../src-shared/domain'
import type { Report } from '../../../src-shared/reports'
import type { HttpApp } from '../http/router'
import type { Logger } from '../logger'
import type { StaffSessions } from '../staff-sessions'
import type { AsyncEventStore } from '../store/types'
import { deskActsApp } from './desk-acts'
import { reportsApp } from './http'
import { ReportProjector } from './projector'
import { openReportRecords } from './records'
import { buildReport } from './report-query'
import type { ActRow } from './acts'
import { actsBetween } from './supervisor-audit'

export { ReportProjector } from './projector'
export { openReportRecords, type ReportRecords } from './records'
export { buildReport } from './report-query'
export type { ActRow, ActKind } from './acts'
export {
  actLines,
  actsBetween,
  configLines,
  roughBounds,
  supervisorAudit,
  type SupervisorAuditLine,
} from './supervisor-audit'

export interface ReportsOptions {
  store: AsyncEventStore
  engine: {
    readonly config: CentreConfig
    readonly state: CentreState
    onCommit(listener: (events: EventEnvelope[]) => void): () => void
  }
  sessions: StaffSessions
  logger: Logger
  now: () => number
  auditExport: (staff: StaffConfig, what: string) => Promise<void>
}

export interface Reports {
  http: HttpApp
  projector: ReportProjector
  report(query: { from: string; to: string }): Promise<Report>
  /** The supervisor's acts of the centre's days `from`–`to`, in time order (facts committed so far). */
  acts(from: string, to: string): Promise<ActRow[]>
  close(): Promise<void>
}

/**
 * Opens the report tables and catches them up with the log, then follows the commits. A store without
 * tables of its own (tests' in-memory stores) gets none: null.
 */
export async function mountReports(options: ReportsOptions): Promise<Reports | null> {
  const { store, engine, logger, now } = options
  const records = await openReportRecords(store)
  if (!records) return null
  const projector = new ReportProjector({ records, store, centre: engine.config.centre, logger })
  const unsubscribe = engine.onCommit((events) => projector.onCommit(events))
  try {
    await projector.start()
  } catch (error) {
    unsubscribe()
    throw error
  }
  const report = async (query: { from: string; to: string }) => {
    // Facts committed before the question are in the answer, once the start's catch-up is done (until
    // then the answer says how far it got: `upToSeq`).
    if (projector.caughtUp) await projector.idle()
    return buildReport(records, {
      ...query,
      now: now(),
      upToSeq: projector.seq,
      logSeq: store.lastSeq(),
      // The standard in force now: the admin may have changed it since the rows were folded.
      standardMs: waitStandardMs(engine.config),
      centre: engine.config.centre,
    })
  }
  const acts = async (from: string, to: string) => {
    if (projector.caughtUp) await projector.idle()
    return actsBetween(records, from, to)
  }
  const apps = [
    reportsApp({
      sessions: options.sessions,
      config: engine.config,
      report,
      auditExport: options.auditExport,
    }),
    deskActsApp({ sessions: options.sessions, state: () => engine.state, acts: (day) => acts(day, day) }),
  ]
  return {
    http: async (req, res, url) => {
      for (const app of apps) if (await app(req, res, url)) return true
      return false
    },
    projector,
    report,
    acts,
    async close() {
      unsubscribe()
      await projector.stop()
    },
  }
}
