import Database from 'better-sqlite3'
const db = new Database(process.argv[2] + '/kezek.sqlite', { readonly: true })
const time = (sql: string, p: unknown[] = []) => { const t = performance.now(); const r = db.prepare(sql).all(...p); console.log((performance.now()-t).toFixed(1), sql.slice(0,90), JSON.stringify(r).slice(0,80)) }
console.log(db.prepare("EXPLAIN QUERY PLAN SELECT service_id, count(*), avg(wait_ms) FROM report_tickets WHERE day BETWEEN ? AND ? GROUP BY service_id").all('2025','2027'))
time("SELECT count(*) FROM report_tickets")
time("SELECT service_id, count(*), avg(wait_ms) FROM report_tickets WHERE day BETWEEN ? AND ? GROUP BY service_id", ['2025','2027'])
time("SELECT service_id, count(*), avg(wait_ms) FROM report_tickets GROUP BY service_id")
time("SELECT service_id, count(*), avg(wait_ms) FROM report_tickets WHERE day BETWEEN ? AND ? GROUP BY service_id", ['2025','2027'])
time("PRAGMA page_size"); time("PRAGMA cache_size"); time("PRAGMA mmap_size")
time("SELECT count(*) FROM dbstat WHERE name='report_tickets'")
