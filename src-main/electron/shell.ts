/**
 * The shell's life: settings, one instance per machine, the hub beside the window when no hub URL is
 * given, the face window, the bridge handlers, and a clean stop of the hub on quit.
 */
import { resolve } from 'node:path'
import { app, type BrowserWindow, dialog, Menu, session } from 'electron'
import type { AppInfo } from '../../src-shared/bridge'
import { registerBridgeHandlers } from './bridge-handlers'
import { createFaceWindow, secureSession } from './face-window'
import { startHubProcess, type HubCommand, type HubProcess } from './hub-process'
import { createTicketPrinter } from './print-ticket'
import { electronSelfServiceSessions, hubCatalogueLoader } from './self-service'
import { DEMO_DEVICES, parseShellSettings, type ShellSettings } from './shell-config'

export interface ShellPaths {
  /** The built CommonJS preload. */
  preload: string
  /** The built hub entry (`out/main/hub.js`), run as a child process. */
  hubScript: string
  /** The built faces the hub serves (`out/renderer`). */
  rendererDir: string
}

const HUB_RESTART_DELAY_MS = 2_000

/** Development builds keep devtools and a normal window; packaged (or NODE_ENV=production) lock down. */
export function isDevelopment(): boolean {
  if (process.env.NODE_ENV === 'production') return false
  return !app.isPackaged || process.env.NODE_ENV === 'development'
}

/** How the shell runs its own hub: Electron's bundled Node when packaged (better-sqlite3 is rebuilt for
 * Electron there), the system's Node in development (where better-sqlite3 is built for that Node). */
export function ownHubCommand(
  settings: ShellSettings,
  paths: ShellPaths,
  packaged: boolean,
  dataDir: string,
): HubCommand {
  const hub = settings.ownHub
  const args = [
    paths.hubScript,
    '--port',
    String(hub.port),
    '--data',
    dataDir,
    '--renderer',
    paths.rendererDir,
  ]
  if (hub.configFile) args.push('--config', hub.configFile)
  if (hub.lan) args.push('--lan')
  return packaged
    ? { command: process.execPath, args, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }
    : { command: process.env.KEZEK_NODE ?? process.env.npm_node_execpath ?? 'node', args, env: process.env }
}

export function runShell(argv: readonly string[], paths: ShellPaths): void {
  let settings: ShellSettings
  try {
    settings = parseShellSettings(argv)
  } catch (error) {
    fatal('Kezek: settings', error)
    return
  }
  if (!app.requestSingleInstanceLock()) {
    // The first instance shows itself (second-instance below); this one leaves.
    app.quit()
    return
  }

  const development = isDevelopment()
  let window: BrowserWindow | null = null
  let hub: HubProcess | null = null
  let quitting = false

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  // Every webContents, including ones we do not expect, gets the same lock.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('will-quit', (event) => {
    if (!hub) return
    // Let the hub close its store before the process goes away.
    event.preventDefault()
    const stopping = hub
    hub = null
    void stopping.stop().finally(() => app.quit())
  })

  const startOwnHub = async (port: number): Promise<HubProcess> => {
    const dataDir =
      settings.ownHub.dataDir ?? (app.isPackaged ? resolve(app.getPath('userData'), 'data') : resolve('data'))
    const command = ownHubCommand(
      { ...settings, ownHub: { ...settings.ownHub, port } },
      paths,
      app.isPackaged,
      dataDir,
    )
    const started = await startHubProcess(command, { onLine: (line) => console.log(line) })
    void started.exited.then((code) => {
      if (quitting || hub !== started) return
      // A hub that stops on its own (exit 70: its state got ahead of the disk) is restarted; the
      // window reconnects by itself.
      console.error(`kezek: the hub stopped (exit ${code}); restarting in ${HUB_RESTART_DELAY_MS / 1000} s`)
      hub = null
      // The port it had bound, not the one asked for (0): the window's origin must not change.
      const boundPort = Number(new URL(started.url).port)
      setTimeout(() => {
        if (quitting) return
        startOwnHub(boundPort).then(
          (again) => (hub = again),
          (error) => console.error(`kezek: the hub could not be restarted: ${(error as Error).message}`),
        )
      }, HUB_RESTART_DELAY_MS)
    })
    hub = started
    return started
  }

  app
    .whenReady()
    .then(async () => {
      Menu.setApplicationMenu(null)
      let hubOrigin = settings.hubUrl
      let credentials = { deviceId: settings.deviceId, deviceKey: settings.deviceKey }
      if (!hubOrigin) {
        const own = await startOwnHub(settings.ownHub.port)
        hubOrigin = new URL(own.url).origin
        const demo = settings.role === 'consultant' ? null : DEMO_DEVICES[settings.role]
        if (!settings.ownHub.configFile && !credentials.deviceId && demo) credentials = { ...demo }
      }
      const origin = hubOrigin
      secureSession(session.defaultSession, settings.role, origin)

      const appInfo = (): AppInfo => ({
        role: settings.role,
        hubUrl: origin,
        deviceId: credentials.deviceId,
        deviceKey: credentials.deviceKey,
        version: app.getVersion(),
        electron: process.versions.electron ?? '',
      })
      // Guided self-service runs on kiosks only; each session is wiped at its end, and what a crash left
      // in the temp folder goes now.
      const selfService =
        settings.role === 'kiosk'
          ? electronSelfServiceSessions({
              window: () => window,
              loadCatalogue: hubCatalogueLoader(origin),
              tempRoot: app.getPath('temp'),
              printer: settings.certificatePrinter,
              development,
            })
          : null
      void selfService?.sweepLeftovers()
      registerBridgeHandlers({
        hubOrigin: origin,
        isOurWindow: (contents) =>
          window !== null && !window.isDestroyed() && window.webContents === contents,
        appInfo,
        printTicket: createTicketPrinter({ printer: settings.printer }),
        selfService,
      })

      window = createFaceWindow({
        role: settings.role,
        hubOrigin: origin,
        preloadPath: paths.preload,
        development,
      })
      window.on('closed', () => (window = null))
    })
    .catch((error: unknown) => {
      quitting = true
      hub?.child.kill('SIGTERM')
      fatal('Kezek could not start', error)
    })
}

function fatal(title: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  console.error(`${title}: ${message}`)
  // A kiosk has no terminal: show it on screen too (safe before 'ready').
  try {
    dialog.showErrorBox(title, message)
  } finally {
    app.exit(1)
  }
}
