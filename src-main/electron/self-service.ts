/**
 * The Electron shell's browser for self-service sessions (../self-service-session/ decides the rest):
 * the egov portal in a WebContentsView over the kiosk window's portal area.
 *
 * - Each session gets a fresh in-memory partition (a random name without `persist:`: Chromium keeps
 *   its cookies, storage and cache in memory only), downloading into the session's folder, with no
 *   permission, no preload, no Node. The partition's only way out is the session's allowlist proxy.
 * - Navigation, redirects, frames and pop-ups are guarded here too, so that a refusal leaves the page
 *   where it was and the kiosk is told; an allowed pop-up opens in the same view.
 * - Ending clears storage, caches, auth and DNS caches and closes the partition's connections.
 * - The idle countdown runs in the page (`src-shared/self-service/idle.ts`); touches inside the view,
 *   which the page cannot see, are reported as `activity`.
 */
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import {
  BrowserWindow,
  session as electronSession,
  WebContentsView,
  type DownloadItem,
  type Event as ElectronEvent,
  type Session,
  type WebContents,
} from 'electron'
import { BRIDGE_EVENTS, type PortalBounds, type PrintResult } from '../../src-shared/bridge'
import { isPortalActivity } from '../../src-shared/self-service/idle'
import {
  BLANK_FRAMES,
  SelfServiceSessions,
  type DownloadEnd,
  type KioskAttachment,
  type PortalBrowser,
  type PortalSetup,
  type PortalView,
  type SessionHooks,
  type WipeStep,
} from '../self-service-session'
import { createShellLogger } from '../shell-logger'

export { hubCatalogueLoader, safeFileName, TEMP_PREFIX } from '../self-service-session'

const log = createShellLogger('electron')

/** Partition names: random, and never `persist:`, so Chromium writes nothing of the session to disk. */
export const PARTITION_PREFIX = 'kezek-self-service-'

export interface ElectronSelfServiceOptions {
  /** The kiosk window the portal view sits in; null before it exists or after it closed. */
  window: () => BrowserWindow | null
  /** The hub's self-service catalogue (`GET /api/self-service`), as parsed JSON. */
  loadCatalogue: () => Promise<unknown>
  /** Where each session's download folder is made (the OS temp folder). */
  tempRoot: string
  /** OS name of the certificate printer; null: the system's default printer. */
  printer: string | null
  development?: boolean
  now?: () => number
  /** Give up on a printer that never answers. Default 60 s. */
  printTimeoutMs?: number
  /** How long a PDF gets to render before it is printed. Default 1.5 s. */
  pdfRenderMs?: number
}

/** The kiosk's self-service sessions in the Electron shell. */
export function electronSelfServiceSessions(
  options: ElectronSelfServiceOptions,
): SelfServiceSessions<ElectronPortal> {
  return new SelfServiceSessions({
    browser: new ElectronPortalBrowser(options),
    loadCatalogue: options.loadCatalogue,
    tempRoot: options.tempRoot,
    ...(options.now ? { now: options.now } : {}),
  })
}

class ElectronPortalBrowser implements PortalBrowser<ElectronPortal> {
  constructor(private readonly options: ElectronSelfServiceOptions) {}

  attachKiosk(): KioskAttachment | string {
    const window = this.options.window()
    if (!window || window.isDestroyed()) return 'the kiosk window is not open'
    return watchKioskWindow(window)
  }

  async open(setup: PortalSetup): Promise<ElectronPortal> {
    const window = this.options.window()
    if (!window || window.isDestroyed()) throw new Error('the kiosk window is not open')
    const partition = `${PARTITION_PREFIX}${randomUUID()}`
    const session = electronSession.fromPartition(partition, { cache: true })
    try {
      // `<-loopback>`: Chromium would otherwise send this machine's addresses around the proxy.
      await session.setProxy({
        proxyRules: setup.proxyServer.replace(/^http:\/\//, ''),
        proxyBypassRules: '<-loopback>',
      })
    } catch (error) {
      throw new Error(`the portal's proxy could not be set: ${(error as Error).message}`)
    }
    const view = new WebContentsView({
      webPreferences: {
        session,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: this.options.development ?? false,
      },
    })
    const portal = new ElectronPortal(this.options, window, session, view, setup.hooks)
    portal.secureSession(setup.tempDir)
    guardView(view.webContents, setup.hooks)
    view.setBackgroundColor('#ffffff')
    window.contentView.addChildView(view)
    return portal
  }
}

/** One session's view and partition. */
export class ElectronPortal implements PortalView {
  /** Downloads not done yet, each with how to settle it: the wipe cancels them and settles them itself. */
  private readonly running = new Map<DownloadItem, (state: DownloadEnd) => void>()
  private detachSession: () => void = () => undefined

  constructor(
    private readonly options: ElectronSelfServiceOptions,
    readonly window: BrowserWindow,
    readonly session: Session,
    readonly view: WebContentsView,
    private readonly hooks: SessionHooks,
  ) {}

  /** No permissions, downloads only into the session's folder. */
  secureSession(tempDir: string): void {
    const { session } = this
    session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    session.setPermissionCheckHandler(() => false)
    session.setSpellCheckerEnabled(false)
    session.setDownloadPath(tempDir)
    const onDownload = (_event: ElectronEvent, item: DownloadItem) => {
      this.hooks.download({
        suggestedName: item.getFilename(),
        cancel: () => item.cancel(),
        save: (path) => {
          item.setSavePath(path)
          return new Promise((done) => {
            const settle = (state: DownloadEnd) => {
              if (this.running.delete(item)) done(state)
            }
            this.running.set(item, settle)
            item.once('done', (_done, state) => settle(state))
          })
        },
      })
    }
    session.on('will-download', onDownload)
    this.detachSession = () => session.removeListener('will-download', onDownload)
  }

  place(bounds: PortalBounds): Promise<void> {
    const [width = 0, height = 0] = this.window.getContentSize()
    const x = Math.min(Math.max(0, Math.round(bounds.x)), width)
    const y = Math.min(Math.max(0, Math.round(bounds.y)), height)
    const rect = {
      x,
      y,
      width: Math.min(Math.round(bounds.width), width - x),
      height: Math.min(Math.round(bounds.height), height - y),
    }
    if (rect.width < 1 || rect.height < 1) {
      this.view.setVisible(false)
      return Promise.resolve()
    }
    this.view.setBounds(rect)
    this.view.setVisible(true)
    return Promise.resolve()
  }

  hide(): Promise<void> {
    this.view.setVisible(false)
    return Promise.resolve()
  }

  back(): Promise<void> {
    const history = this.view.webContents.navigationHistory
    if (history.canGoBack()) history.goBack()
    return Promise.resolve()
  }

  load(url: string): Promise<void> {
    return this.view.webContents.loadURL(url)
  }

  async printerProblem(): Promise<string | null> {
    const printer = this.options.printer
    if (!printer) return null
    const printers = await this.view.webContents.getPrintersAsync()
    return printers.some((p) => p.name === printer) ? null : `printer "${printer}" not found`
  }

  printPage(): Promise<PrintResult> {
    return printContents(this.view.webContents, this.options)
  }

  /** A downloaded PDF, shown by Chromium's viewer in a hidden window of the same session, then printed. */
  async printFile(path: string): Promise<PrintResult> {
    const window = new BrowserWindow({
      show: false,
      webPreferences: {
        session: this.session,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        plugins: true,
        devTools: false,
      },
    })
    try {
      await window.loadURL(pathToFileURL(path).href)
      await new Promise((wait) => setTimeout(wait, this.options.pdfRenderMs ?? 1_500))
      return await printContents(window.webContents, this.options)
    } finally {
      if (!window.isDestroyed()) window.destroy()
    }
  }

  async close(step: WipeStep): Promise<void> {
    this.detachSession()
    for (const [item, settle] of [...this.running]) {
      await step('cancel a download', () => item.cancel())
      settle('cancelled') // the wipe does not wait for a 'done' the cancel may never send
    }
    const { window, view, session } = this
    await step('remove the view', () => {
      if (!window.isDestroyed()) window.contentView.removeChildView(view)
    })
    await step('close the page', () => {
      if (!view.webContents.isDestroyed()) view.webContents.close()
    })
    await step('clear storage', () => session.clearStorageData())
    await step('clear the cache', () => session.clearCache())
    await step('clear the auth cache', () => session.clearAuthCache())
    await step('clear the host resolver cache', () => session.clearHostResolverCache())
    await step('close connections', () => session.closeAllConnections())
  }
}

function printContents(
  contents: WebContents,
  options: Pick<ElectronSelfServiceOptions, 'printer' | 'printTimeoutMs'>,
): Promise<PrintResult> {
  const printer = options.printer
  return new Promise((resolvePrint) => {
    const timer = setTimeout(
      () => resolvePrint({ ok: false, reason: 'the printer did not answer' }),
      options.printTimeoutMs ?? 60_000,
    )
    contents.print(
      { silent: true, printBackground: true, ...(printer ? { deviceName: printer } : {}) },
      (success, reason) => {
        clearTimeout(timer)
        resolvePrint(success ? { ok: true } : { ok: false, reason: reason || 'print failed' })
      },
    )
  })
}

/** The allowlist on every navigation, redirect, frame and pop-up; page changes and touches reported. */
function guardView(contents: WebContents, hooks: SessionHooks): void {
  const refuse = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault()
    hooks.blocked(url)
  }
  contents.on('will-navigate', (event) => {
    if (!hooks.isAllowed(event.url)) refuse(event, event.url)
  })
  contents.on('will-redirect', (event) => {
    if (!hooks.isAllowed(event.url)) refuse(event, event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && BLANK_FRAMES.has(event.url)) return
    if (!hooks.isAllowed(event.url)) refuse(event, event.url)
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // The kiosk has one screen: an allowed pop-up replaces the page, anything else is refused.
    if (hooks.isAllowed(url)) void loadOrLog(contents, url, 'an allowed pop-up that fails to load')
    else hooks.blocked(url)
    return { action: 'deny' }
  })
  const navigated = (url: string) => hooks.navigated(url, contents.navigationHistory.canGoBack())
  contents.on('did-navigate', (_event, url) => navigated(url))
  contents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
    if (isMainFrame) navigated(url)
  })
  contents.on('input-event', (_event, input) => {
    if (isPortalActivity(input.type)) hooks.activity()
  })
  contents.on('render-process-gone', () => {
    if (hooks.current && !contents.isDestroyed()) {
      void loadOrLog(contents, hooks.startUrl, 'a crashed portal that fails to reload')
    }
  })
}

function loadOrLog(contents: WebContents, url: string, what: string): Promise<void> {
  return contents.loadURL(url).catch((error: unknown) => log.ignored(`${what} shows the error page`, error))
}

/**
 * If the kiosk page goes away (reload, crash, another page) or its window closes, nobody can end the
 * session any more: the session ends with it.
 */
function watchKioskWindow(window: BrowserWindow): KioskAttachment {
  const kiosk = window.webContents
  const watch: KioskAttachment & { gone: boolean } = {
    gone: false,
    onGone: null,
    deliver: (kind, payload) => {
      const channel = kind === 'navigated' ? BRIDGE_EVENTS.portalNavigated : BRIDGE_EVENTS.portalEvent
      if (!window.isDestroyed() && !kiosk.isDestroyed()) kiosk.send(channel, payload)
    },
    detach: () => {
      kiosk.removeListener('did-start-navigation', onNavigation)
      kiosk.removeListener('render-process-gone', goneNow)
      window.removeListener('closed', goneNow)
    },
  }
  function goneNow() {
    if (watch.gone) return
    watch.gone = true
    watch.onGone?.()
  }
  function onNavigation(details: { isMainFrame: boolean; isSameDocument: boolean }) {
    if (details.isMainFrame && !details.isSameDocument) goneNow()
  }
  kiosk.on('did-start-navigation', onNavigation)
  kiosk.on('render-process-gone', goneNow)
  window.on('closed', goneNow)
  return watch
}
