/**
 * Starting a hub from settings: load and validate the config, open the store in the data folder,
 * build the server, listen. Shared by the CLI (`npm run hub`) and the Electron shell.
 */
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadCentreConfig, DEFAULT_CONFIG_PATH } from './config-file'
import { createLogger, type Logger } from './logger'
import { loopbackQrWarning } from './public-address'
import { openHub, type Hub } from './server'
import { openSqliteStore } from './store/sqlite-store'
import type { AsyncEventStore } from './store/types'

export interface StartOptions {
  port: number
  host: string
  dataDir: string
  /** A `postgres://` URL to keep the centre's data in PostgreSQL instead of the SQLite file in `dataDir`. */
  store?: string
  /** The vault's key file; default beside the data folder (see `vault/`). */
  vaultKeyFile?: string
  configFile?: string
  rendererDir?: string
  logger?: Logger
}

/** The renderer build the hub serves by default: `out/renderer` in the project. */
export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url))

export async function startHub(options: StartOptions): Promise<Hub> {
  const logger = options.logger ?? createLogger()
  const configFile = resolve(options.configFile ?? DEFAULT_CONFIG_PATH)
  const config = loadCentreConfig(configFile)
  const dataDir = resolve(options.dataDir)
  // On either store: the demo SMS outbox lives here, and the vault key beside it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  let store: AsyncEventStore
  if (options.store) {
    // Loaded only here: a hub on SQLite never loads the `pg` driver (about 50 ms of every restart).
    const { openPostgresStore } = await import('./store/postgres-store')
    store = await openPostgresStore(options.store, { centreId: config.centre.id })
  } else {
    store = openSqliteStore(dataDir)
  }
  let hub: Hub
  try {
    hub = await openHub({
      config,
      store,
      dataDir,
      vaultKeyFile: options.vaultKeyFile === undefined ? undefined : resolve(options.vaultKeyFile),
      logger,
      rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
      onFatal: () => {
        // The state in memory is ahead of the disk: stop, and let a restart rebuild it from the log.
        // A moment's grace lets the `storage_failed` acks reach their clients first.
        logger.flush?.()
        setTimeout(() => process.exit(70), 250)
      },
    })
  } catch (error) {
    await store.close()
    throw error
  }
  const port = await hub.listen(options.port, options.host)
  const where = 'where' in store ? { store: store.where } : { dataDir }
  logger.info({ port, host: options.host, centre: config.centre.id, configFile, ...where }, 'hub started')
  const qrWarning = loopbackQrWarning(config.centre.publicUrl, options.host)
  if (qrWarning) logger.warn({ event: 'qr-loopback' }, qrWarning)
  const close = hub.close.bind(hub)
  hub.close = async () => {
    await close()
    await store.close()
  }
  return hub
}
