/**
 * The hub under test of measurement 9 (`notify.ts`): the real `openHub` on SQLite (WAL, synchronous=FULL)
 * in the data folder given first, running the bench's booking centre (`booking-data.ts`) with
 * notifications on: every booking is confirmed by SMS, through the HTTP gateway at the URL given second
 * (the bench's stand-in, slow or quick), to the one bench phone, whose consent it grants at start.
 * Prints `PORT <n>`; answers `outbox` over IPC (the outbox's rows by status).
 */
import pino from 'pino'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../src-main/hub/config-file'
import { createLogger } from '../src-main/hub/logger'
import { openHub } from '../src-main/hub/server'
import { openSqliteStore } from '../src-main/hub/store/sqlite-store'
import { centreConfigSchema } from '../src-shared/config'
import { serveIpc } from './child'
import { bookingBenchConfig } from './booking-data'
import { NOTIFY_BENCH_PASSWORD_ENV, NOTIFY_BENCH_PHONE } from './notify'

const [dataDir, smsUrl] = process.argv.slice(2)
if (!dataDir || !smsUrl) {
  console.error('usage: serve-notify-hub.ts <data folder> <SMS gateway URL>')
  process.exit(2)
}

const base = bookingBenchConfig(loadCentreConfig(DEFAULT_CONFIG_PATH))
const config = centreConfigSchema.parse({
  ...base,
  notifications: { enabled: true, quietHours: null, events: { bookingReminder: false } },
  registration: {
    ...base.registration,
    sms: { kind: 'http', url: smsUrl, username: 'bench', passwordEnv: NOTIFY_BENCH_PASSWORD_ENV, retries: 0 },
  },
})
const store = openSqliteStore(dataDir)
const hub = await openHub({
  config,
  store,
  logger: createLogger({ level: 'warn', destination: pino.destination(2) }),
  onFatal: (error) => {
    console.error('serve-notify-hub: fatal', error)
    process.exit(70)
  },
})
const phoneId = await hub.vault.entries.put('phone', NOTIFY_BENCH_PHONE, Date.now())
await hub.notifier.consents.grant(phoneId, ['sms'], Date.now())
const port = await hub.listen(0, '127.0.0.1')

serveIpc(
  {
    outbox: async () => {
      const rows = await hub.notifier.records.recent(100_000)
      const byStatus: Record<string, number> = {}
      for (const row of rows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1
      return byStatus
    },
  },
  async () => {
    await hub.close()
    store.close()
  },
)
console.log(`PORT ${port}`)
