/**
 * The shell's life: settings, one instance per machine, the hub beside the window when no hub URL is
 * given, the face window, the bridge handlers, and a clean stop of the hub on quit.
 */
import { resolve } from 'node:path'
import { app, type BrowserWindow, dialog, Menu, session } from 'electron'
import { BRIDGE_EVENTS, type AppInfo } from '../../src-shared/bridge'
import { watchPrinter, type PrinterWatch } from '../printer-state'
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

/** What the shell's handlers share over its life. */
interface ShellState {
  window: BrowserWindow | null
  /** The shell's own hub, while it runs one. */
  hub: HubProcess | null
  quitting: boolean
}

export function runShell(argv: readonly string[], paths: ShellPaths): void {
  const settings = readSettings(argv)
  if (!settings) return
  if (!app.requestSingleInstanceLock()) {
    // The first instance shows itself (second-instance below); this one leaves.
    app.quit()
    return
  }
  const development = isDevelopment()
  const state: ShellState = { window: null, hub: null, quitting: false }
  handleAppEvents(state)
  app
    .whenReady()
    .then(() => openShell(state, settings, paths, development))
    .catch((error: unknown) => {
      state.quitting = true
      state.hub?.child.kill('SIGTERM')
      fatal('Kezek could not start', error)
    })
}

/** The settings from the command line; null (after telling the user) when they do not parse. */
function readSettings(argv: readonly string[]): ShellSettings | null {
  try {
    return parseShellSettings(argv)
  } catch (error) {
    fatal('Kezek: settings', error)
    return null
  }
}

function handleAppEvents(state: ShellState): void {
  app.on('second-instance', () => {
    const window = state.window
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
    state.quitting = true
  })
  app.on('will-quit', (event) => {
    if (!state.hub) return
    // Let the hub close its store before the process goes away.
    event.preventDefault()
    const stopping = state.hub
    state.hub = null
    void stopping.stop().finally(() => app.quit())
  })
}

/** Once Electron is ready: the hub (its own if none is given), the session's lock, the bridge, the window. */
async function openShell(
  state: ShellState,
  settings: ShellSettings,
  paths: ShellPaths,
  development: boolean,
): Promise<void> {
  Menu.setApplicationMenu(null)
  const { origin, credentials } = await connectHub(state, settings, paths)
  secureSession(session.defaultSession, settings.role, origin)

  const appInfo = (): AppInfo => ({
    role: settings.role,
    hubUrl: origin,
    deviceId: credentials.deviceId,
    deviceKey: credentials.deviceKey,
    version: app.getVersion(),
    electron: process.versions.electron ?? '',
  })
  const selfService = kioskSelfService(state, settings, origin, development)
  void selfService?.sweepLeftovers()
  const printer = settings.role === 'kiosk' ? watchTicketPrinter(state, settings.printer) : null
  const print = createTicketPrinter({ printer: settings.printer })
  registerBridgeHandlers({
    hubOrigin: origin,
    isOurWindow: (contents) =>
      state.window !== null && !state.window.isDestroyed() && state.window.webContents === contents,
    appInfo,
    printTicket: async (ticket) => (printer ? printer.afterPrint(await print(ticket)) : print(ticket)),
    printerState: () => printer?.current() ?? 'unknown',
    selfService,
  })

  const window = createFaceWindow({
    role: settings.role,
    hubOrigin: origin,
    preloadPath: paths.preload,
    development,
  })
  state.window = window
  window.on('closed', () => (state.window = null))
}

/**
 * The hub's origin and this device's credentials: the given hub's, or the shell's own hub's, started
 * here, with a demo device's credentials when neither a config file nor credentials were given.
 */
async function connectHub(
  state: ShellState,
  settings: ShellSettings,
  paths: ShellPaths,
): Promise<{ origin: string; credentials: Pick<AppInfo, 'deviceId' | 'deviceKey'> }> {
  let credentials = { deviceId: settings.deviceId, deviceKey: settings.deviceKey }
  if (settings.hubUrl) return { origin: settings.hubUrl, credentials }
  const own = await startOwnHub(state, settings, paths, settings.ownHub.port)
  const demo = settings.role === 'consultant' ? null : DEMO_DEVICES[settings.role]
  if (!settings.ownHub.configFile && !credentials.deviceId && demo) credentials = { ...demo }
  return { origin: new URL(own.url).origin, credentials }
}

/**
 * Guided self-service runs on kiosks only; each session is wiped at its end, and what a crash left in
 * the temp folder goes now (the caller sweeps it).
 */
function kioskSelfService(state: ShellState, settings: ShellSettings, origin: string, development: boolean) {
  return settings.role === 'kiosk'
    ? electronSelfServiceSessions({
        window: () => state.window,
        loadCatalogue: hubCatalogueLoader(origin),
        tempRoot: app.getPath('temp'),
        printer: settings.certificatePrinter,
        development,
      })
    : null
}

/** The kiosk's ticket printer, watched in CUPS (../printer-state/); each new state goes to the page. */
function watchTicketPrinter(state: ShellState, printer: string | null): PrinterWatch {
  const watch = watchPrinter({
    printer,
    onChange: (printerState) => {
      const window = state.window
      if (window && !window.isDestroyed()) window.webContents.send(BRIDGE_EVENTS.printerState, printerState)
    },
  })
  app.once('before-quit', () => watch.stop())
  return watch
}

async function startOwnHub(
  state: ShellState,
  settings: ShellSettings,
  paths: ShellPaths,
  port: number,
): Promise<HubProcess> {
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
    if (state.quitting || state.hub !== started) return
    restartOwnHub(state, settings, paths, started, code)
  })
  state.hub = started
  return started
}

/**
 * A hub that stops on its own (exit 70: its state got ahead of the disk) is restarted; the window
 * reconnects by itself.
 */
function restartOwnHub(
  state: ShellState,
  settings: ShellSettings,
  paths: ShellPaths,
  stopped: HubProcess,
  code: number | string,
): void {
  console.error(`kezek: the hub stopped (exit ${code}); restarting in ${HUB_RESTART_DELAY_MS / 1000} s`)
  state.hub = null
  // The port it had bound, not the one asked for (0): the window's origin must not change.
  const boundPort = Number(new URL(stopped.url).port)
  setTimeout(() => {
    if (state.quitting) return
    startOwnHub(state, settings, paths, boundPort).then(
      (again) => (state.hub = again),
      (error) => console.error(`kezek: the hub could not be restarted: ${(error as Error).message}`),
    )
  }, HUB_RESTART_DELAY_MS)
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
