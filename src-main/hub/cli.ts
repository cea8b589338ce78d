/**
 * `npm run hub -- --port <p> --data <dir> [--store postgres://...] [--config <file>] [--lan]`
 *
 * Runs one centre's hub headless. Prints `Kezek hub listening on http://127.0.0.1:<p>` once it
 * accepts connections; exits with a one-paragraph error (file, field, what is wrong) on bad settings.
 */
import { parseArgs } from 'node:util'
import { ConfigError } from './config-file'
import { createLogger } from './logger'
import { startHub } from './start'
import { describePostgresUrl, isPostgresUrl, StoreOpenError } from './store/postgres-url'
import { VAULT_KEY_ENV, VaultKeyError } from './vault'

const USAGE = `Usage: npm run hub -- [--port 8080] [--data ./data] [--store postgres://user@host:5432/db] [--vault-key file] [--config centre.yaml] [--lan] [--log-level info]

  --port       TCP port (0 picks a free one)                      default 8080, env KEZEK_PORT
  --data       data folder (the SQLite database, the demo SMS outbox)   default ./data, env KEZEK_DATA
  --store      postgres://user@host:5432/db: keep the centre's data in PostgreSQL   default: SQLite in --data, env KEZEK_STORE
  --vault-key  the key file that seals personal data at rest      default: <data>.vault-key.json beside --data, env KEZEK_VAULT_KEY_FILE
               (made on first start; keep it apart from backups of the data: without it they cannot be read)
  --config     centre config file, JSON or YAML                   default: the demo centre, env KEZEK_CONFIG
  --lan        listen on every interface (0.0.0.0), for kiosks and displays on the centre's network
  --host       listen on this address instead                     default 127.0.0.1
  --renderer   folder of the built faces                          default out/renderer
  --log-level  fatal, error, warn, info, debug or silent          default info, env KEZEK_LOG_LEVEL`

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        store: { type: 'string' },
        'vault-key': { type: 'string' },
        config: { type: 'string' },
        lan: { type: 'boolean', default: false },
        host: { type: 'string' },
        renderer: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    fail(`${(error as Error).message}\n\n${USAGE}`)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const portText = values.port ?? process.env.KEZEK_PORT ?? '8080'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) fail(`--port: "${portText}" is not a port number (0–65535)`)
  const host = values.host ?? (values.lan ? '0.0.0.0' : '127.0.0.1')
  const storeText = values.store ?? process.env.KEZEK_STORE
  let store: string | undefined
  if (storeText !== undefined && storeText !== '' && storeText !== 'sqlite') {
    if (!isPostgresUrl(storeText))
      fail(
        `--store: expected a postgres://user@host:5432/database URL (or "sqlite"), got "${storeText.replace(/:[^:@/]*@/, ':***@')}"`,
      )
    try {
      describePostgresUrl(storeText)
    } catch (error) {
      fail(`--store: ${(error as Error).message}`)
    }
    store = storeText
  }
  const logger = createLogger({ level: values['log-level'] ?? process.env.KEZEK_LOG_LEVEL })

  try {
    const hub = await startHub({
      port,
      host,
      dataDir: values.data ?? process.env.KEZEK_DATA ?? 'data',
      store,
      vaultKeyFile: values['vault-key'] ?? (process.env[VAULT_KEY_ENV] || undefined),
      configFile: values.config ?? process.env.KEZEK_CONFIG,
      rendererDir: values.renderer,
      logger,
    })
    let stopping = false
    const stop = (signal: string) => {
      if (stopping) return
      stopping = true
      logger.info({ signal }, 'stopping')
      hub.close().then(
        () => process.exit(0),
        () => process.exit(1),
      )
    }
    // A bug that escapes every handler: log it; the state may be inconsistent, so stop and let the
    // service manager restart the hub, which rebuilds its state from the acknowledged log.
    process.on('unhandledRejection', (reason) => {
      logger.fatal({ err: reason }, 'unhandled rejection; stopping')
      setTimeout(() => process.exit(70), 100)
    })
    process.on('SIGINT', () => stop('SIGINT'))
    process.on('SIGTERM', () => stop('SIGTERM'))
    // Only now: whoever waits for this line may stop the hub at once, and until the handlers above are
    // in, a SIGTERM would kill the process without closing it.
    console.log(`Kezek hub listening on ${hub.url()}`)
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    if (error instanceof StoreOpenError) fail(`--store: ${error.message}`)
    if (error instanceof VaultKeyError) fail(error.message)
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      fail(`port ${port} is already in use; choose another with --port`)
    fail(`the hub could not start: ${(error as Error).message}`)
  }
}

function fail(message: string): never {
  console.error(`kezek hub: ${message}`)
  process.exit(2)
}

void main()
