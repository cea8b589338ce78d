import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openSqliteStore } from '../src-main/hub/store/sqlite-store'
import { buildReport, openReportRecords } from '../src-main/hub/reports'
async function main() {
  const dir = process.argv[2]!
  const store = openSqliteStore(dir)
  const records = (await openReportRecords(store))!
  records.open()
  const orig = records.query.bind(records)
  records.query = (sql, params) => { const t = performance.now(); const r = orig(sql, params); const ms = performance.now() - t; if (ms > 5) console.log(ms.toFixed(1), sql.replace(/\s+/g,' ').slice(0, 160)); return r }
  await buildReport(records, { from: '2025-01-01', to: '2027-01-01', now: Date.now(), upToSeq: 0, logSeq: 0 })
}
void main()
