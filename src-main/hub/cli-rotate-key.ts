/**
 * `npm run rotate-key -- [--data ./data] [--store postgres://...] [--vault-key file] [--config centre.yaml]`
 *
 * Seals the centre's personal data under a new vault key and drops the old key from the key file (see
 * `rotate-key.ts`). Stop the hub first. Interrupted, it is run again and finishes; it prints one line
 * per step and a one-line error (exit status 2 for bad flags, 1 when it cannot finish).
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, DEFAULT_CONFIG_PATH, loadCentreConfig } from './config-file'
import { createLogger } from './logger'
import { rotateKey } from './rotate-key'
import { CentreBusyError } from './store/centre-lock'
import { describePostgresUrl, isPostgresUrl } from './store/postgres-url'
import { DEFAULT_DB_FILE_NAME, openSqliteStore } from './store/sqlite-store'
import type { AsyncEventStore } from './store/types'
import { defaultKeyFile, VAULT_KEY_ENV, VaultKeyError } from './vault'

const USAGE = `Usage: npm run rotate-key -- [--data ./data] [--store postgres://user@host:5432/db] [--vault-key file] [--config centre.yaml]

  Seals the personal data (IINs, phone numbers, submissions) under a new vault key, then removes the old
  key from the key file. Stop the hub first. If it is interrupted, run it again: it finishes the rotation.
  Back up the key file afterwards: backups made with the old key need the old key file.

  --data       data folder of the hub (the SQLite database)       default ./data, env KEZEK_DATA
  --store      postgres://... when the hub keeps its data in PostgreSQL   env KEZEK_STORE
  --vault-key  the key file                                       default <data>.vault-key.json, env ${VAULT_KEY_ENV}
  --config     centre config (PostgreSQL: which centre's rows)    default: the demo centre, env KEZEK_CONFIG
  --batch      rows per transaction                               default 200`

function fail(message: string, status = 1): never {
  console.error(`kezek rotate-key: ${message}`)
  process.exit(status)
}

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        store: { type: 'string' },
        'vault-key': { type: 'string' },
        config: { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`, 2)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const batch = Number(values.batch ?? 200)
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000)
    fail(`--batch: "${values.batch}" is not a whole number from 1 to 10000`, 2)
  const dataDir = resolve(values.data ?? process.env.KEZEK_DATA ?? 'data')
  const storeUrl = values.store ?? process.env.KEZEK_STORE
  const keyFile = resolve(values['vault-key'] ?? (process.env[VAULT_KEY_ENV] || defaultKeyFile(dataDir)))
  const logger = createLogger({ level: 'warn' })

  let store: AsyncEventStore
  try {
    if (storeUrl && storeUrl !== 'sqlite') {
      if (!isPostgresUrl(storeUrl)) fail('--store: expected a postgres://user@host:5432/database URL', 2)
      describePostgresUrl(storeUrl)
      const config = loadCentreConfig(
        resolve(values.config ?? process.env.KEZEK_CONFIG ?? DEFAULT_CONFIG_PATH),
      )
      const { openPostgresStore } = await import('./store/postgres-store')
      store = await openPostgresStore(storeUrl, { centreId: config.centre.id })
    } else {
      const file = join(dataDir, DEFAULT_DB_FILE_NAME)
      if (!existsSync(file)) fail(`no hub data at ${file}: give the hub's --data folder`, 2)
      store = openSqliteStore(dataDir)
    }
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 2)
    fail(`cannot open the store: ${(error as Error).message}`)
  }

  try {
    const report = await rotateKey({
      store,
      keyFile,
      logger,
      batch,
      onProgress: (rows) => process.stdout.write(`sealed ${rows} rows under the new key\n`),
    })
    console.log(
      `${report.newKey ? 'rotated' : 'finished the rotation'}: everything is sealed under key ${report.keyId}` +
        ` (${report.resealed} rows sealed again${report.dropped.length ? `; dropped old key ${report.dropped.join(', ')}` : ''})`,
    )
    console.log(`key file: ${keyFile}: back it up now, apart from the data`)
  } catch (error) {
    if (error instanceof VaultKeyError || error instanceof CentreBusyError) fail(error.message)
    fail(
      `the rotation stopped: ${(error as Error).message}. Nothing is lost: run the command again to finish it`,
    )
  } finally {
    await store.close()
  }
}

void main()
