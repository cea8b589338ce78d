/**
 * One self-service session's portal in the Electron shell: its WebContentsView and in-memory partition,
 * the view's guards (navigation, redirects, frames and pop-ups: a refusal leaves the page where it was
 * and the kiosk is told; an allowed pop-up opens in the same view), printing, and the partition's wipe.
 * Opened by ./self-service.ts; the decisions are the session core's (../self-service-session/).
 */
import { pathToFileURL } from 'node:url'
import {
  BrowserWindow,
  type DownloadItem,
  type Event as ElectronEvent,
  type Session,
  type WebContents,
  type WebContentsView,
} from 'electron'
import type { PortalBounds, PrintResult } from '../../src-shared/bridge'
import { isPortalActivity } from '../../src-shared/self-service/idle'
import {
  BLANK_FRAMES,
  type DownloadEnd,
  type PortalView,
  type SessionHooks,
  type WipeStep,
} from '../self-service-session'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('electron')

export interface PortalViewOptions {
  /** OS name of the certificate printer; null: the system's default printer. */
  printer: string | null
  /** Give up on a printer that never answers. Default 60 s. */
  printTimeoutMs?: number
  /** How long a PDF gets to render before it is printed. Default 1.5 s. */
  pdfRenderMs?: number
}

/** One session's view and partition. */
export class ElectronPortal implements PortalView {
  /** Downloads not done yet, each with how to settle it: the wipe cancels them and settles them itself. */
  private readonly running = new Map<DownloadItem, (state: DownloadEnd) => void>()
  private detachSession: () => void = () => undefined

  constructor(
    private readonly options: PortalViewOptions,
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

function printContents(contents: WebContents, options: PortalViewOptions): Promise<PrintResult> {
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
export function guardView(contents: WebContents, hooks: SessionHooks): void {
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
