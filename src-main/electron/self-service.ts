/**
 * The guided self-service session at the kiosk: the egov portal in a view beside the kiosk page's step
 * panel, on a shared machine, so that nothing of one citizen reaches the next.
 *
 * - Each session gets a fresh in-memory partition (a random name without `persist:`: Chromium keeps
 *   its cookies, storage and cache in memory only) and its own temporary download folder.
 * - The view may show only the allowlisted portal domains, in every frame and after every redirect;
 *   pop-ups open in the same view when allowed, or are refused. No permissions, no preload, no Node.
 *   Underneath, the partition's only way out is an allowlist proxy of the session's own on loopback
 *   (../allowlist-proxy.ts): every request, redirect hop, sub-resource and WebSocket of every frame is
 *   checked there before it leaves the machine, which the navigation events alone cannot promise.
 * - The start page and the allowlist come from the hub (`GET /api/self-service`), never from the page:
 *   a page that asks for a service gets that service's portal, and nothing else.
 * - Ending wipes storage, caches, auth and DNS caches and the download folder. The kiosk page going
 *   away (reload, crash, navigation) ends the session too; a folder left by a power cut is removed at
 *   the next start.
 *
 * The idle countdown runs in the page (`src-shared/self-service/idle.ts`); touches inside the view,
 * which the page cannot see, are reported to it as `activity`.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
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
import { z } from 'zod'
import {
  BRIDGE_EVENTS,
  type PortalDownload,
  type PortalEvent,
  type PortalNavigation,
  type PortalResult,
  type PrintResult,
} from '../../src-shared/bridge'
import type { ServiceSelfService } from '../../src-shared/config'
import { isPortalActivity, shouldReportActivity } from '../../src-shared/self-service/idle'
import { isAllowedPortalUrl, stepForUrl, withoutQuery } from '../../src-shared/self-service/portal-url'
import { isPdfFile, safeFileName, sweepSessionFolders, TEMP_PREFIX } from '../self-service-files'
import { refusalReporter, startAllowlistProxy, type AllowlistProxy } from '../allowlist-proxy'
import {
  BLANK_FRAMES,
  boundsSchema,
  failure,
  hostOf,
  loadPortalScenario,
  OK,
  printSchema,
  startSchema,
  type SelfServicePort,
} from '../self-service-port'

export { hubCatalogueLoader, safeFileName, TEMP_PREFIX } from '../self-service-files'

/** Partition names: random, and never `persist:`, so Chromium writes nothing of the session to disk. */
export const PARTITION_PREFIX = 'kezek-self-service-'

export interface SelfServiceOptions {
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

interface DownloadRecord extends PortalDownload {
  path: string
  item: DownloadItem
}

interface ActiveSession {
  serviceId: string
  scenario: ServiceSelfService & { startUrl: string }
  allowedDomains: string[]
  partition: string
  session: Session
  view: WebContentsView
  window: BrowserWindow
  tempDir: string
  /** The partition's only way out (../allowlist-proxy.ts). */
  proxy: AllowlistProxy
  downloads: Map<string, DownloadRecord>
  lastActivityReport: number | null
  /** Removes the listeners this session put on the kiosk window and on the shared session object. */
  detach: () => void
}

export class SelfServiceSessions implements SelfServicePort {
  private active: ActiveSession | null = null
  /** start and end run one at a time: a double tap never opens two views or wipes half a session. */
  private queue: Promise<unknown> = Promise.resolve()
  private downloadCounter = 0
  private readonly now: () => number

  constructor(private readonly options: SelfServiceOptions) {
    this.now = options.now ?? Date.now
  }

  /** Whether a session is open (for the shell and tests). */
  get isOpen(): boolean {
    return this.active !== null
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => undefined)
    return run
  }

  start(input: unknown): Promise<PortalResult> {
    return this.serial(async () => {
      const parsed = startSchema.safeParse(input)
      if (!parsed.success)
        return failure('invalid_request', 'send { serviceId, bounds: { x, y, width, height } }')
      const window = this.options.window()
      if (!window || window.isDestroyed()) return failure('not_available', 'the kiosk window is not open')
      if (this.active) await this.wipe()

      const found = await loadPortalScenario(this.options.loadCatalogue, parsed.data.serviceId)
      if ('ok' in found) return found
      const { scenario, allowedDomains } = found
      const { startUrl } = scenario

      let tempDir: string
      try {
        tempDir = await mkdtemp(join(this.options.tempRoot, TEMP_PREFIX))
      } catch (error) {
        return failure('not_available', `no folder for downloads: ${(error as Error).message}`)
      }
      const shouldReport = refusalReporter(this.now)
      let proxy: AllowlistProxy
      try {
        proxy = await startAllowlistProxy({
          isAllowed: (url) => isAllowedPortalUrl(url, allowedDomains),
          onRefused: (refusal) => {
            if (this.active?.proxy === proxy && shouldReport(refusal))
              this.emit(this.active, { type: 'blocked', host: refusal.host })
          },
        })
      } catch (error) {
        await rm(tempDir, { recursive: true, force: true }).catch(() => undefined)
        return failure('not_available', `no allowlist proxy: ${(error as Error).message}`)
      }
      const partition = `${PARTITION_PREFIX}${randomUUID()}`
      const session = electronSession.fromPartition(partition, { cache: true })
      try {
        // `<-loopback>`: Chromium would otherwise send this machine's addresses around the proxy.
        await session.setProxy({
          proxyRules: proxy.server.replace(/^http:\/\//, ''),
          proxyBypassRules: '<-loopback>',
        })
      } catch (error) {
        await proxy.close()
        await rm(tempDir, { recursive: true, force: true }).catch(() => undefined)
        return failure('not_available', `the portal's proxy could not be set: ${(error as Error).message}`)
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
      const active: ActiveSession = {
        serviceId: parsed.data.serviceId,
        scenario,
        allowedDomains,
        partition,
        session,
        view,
        window,
        tempDir,
        proxy,
        downloads: new Map(),
        lastActivityReport: null,
        detach: () => undefined,
      }
      this.active = active
      const detachSession = this.secureSession(active)
      this.guardView(active)
      const detachWindow = this.watchKioskWindow(active)
      active.detach = () => {
        detachSession()
        detachWindow()
      }
      view.setBackgroundColor('#ffffff')
      window.contentView.addChildView(view)
      this.place(active, parsed.data.bounds)
      void view.webContents.loadURL(startUrl).catch(() => undefined) // a failed load shows Chromium's page
      return OK
    })
  }

  setBounds(input: unknown): Promise<PortalResult> {
    const active = this.active
    if (!active) return Promise.resolve(failure('no_session', 'no self-service session is open'))
    if (input === null) {
      active.view.setVisible(false)
      return Promise.resolve(OK)
    }
    const parsed = boundsSchema.safeParse(input)
    if (!parsed.success)
      return Promise.resolve(failure('invalid_request', 'send { x, y, width, height } or null'))
    this.place(active, parsed.data)
    return Promise.resolve(OK)
  }

  back(): Promise<PortalResult> {
    const active = this.active
    if (!active) return Promise.resolve(failure('no_session', 'no self-service session is open'))
    const history = active.view.webContents.navigationHistory
    if (history.canGoBack()) history.goBack()
    return Promise.resolve(OK)
  }

  home(): Promise<PortalResult> {
    const active = this.active
    if (!active) return Promise.resolve(failure('no_session', 'no self-service session is open'))
    void active.view.webContents.loadURL(active.scenario.startUrl).catch(() => undefined)
    return Promise.resolve(OK)
  }

  async print(input: unknown): Promise<PrintResult> {
    const active = this.active
    if (!active) return { ok: false, reason: 'no self-service session is open' }
    const parsed = printSchema.safeParse(input ?? {})
    if (!parsed.success) return { ok: false, reason: 'send {} or { downloadId }' }
    const { downloadId } = parsed.data
    try {
      if (!(await this.printerPresent(active.view.webContents))) {
        return { ok: false, reason: `printer "${this.options.printer}" not found` }
      }
      if (downloadId === undefined) return await this.printContents(active.view.webContents)
      const download = active.downloads.get(downloadId)
      if (!download) return { ok: false, reason: `no download ${downloadId} in this session` }
      if (!download.printable) return { ok: false, reason: `${download.fileName} is not a completed PDF` }
      return await this.printPdf(active, download.path)
    } catch (error) {
      return { ok: false, reason: (error as Error).message }
    }
  }

  end(): Promise<PortalResult> {
    return this.serial(() => this.wipe())
  }

  /** Removes download folders that a crash or power cut left behind. Call once at start. */
  sweepLeftovers(): Promise<void> {
    return sweepSessionFolders(this.options.tempRoot)
  }

  // --- the session ------------------------------------------------------------------------------

  /** Closes the view and wipes everything of the session; every step runs even if one fails. */
  private async wipe(): Promise<PortalResult> {
    const active = this.active
    if (!active) return OK
    this.active = null
    active.detach()
    const problems: string[] = []
    const step = async (what: string, action: () => unknown) => {
      try {
        await action()
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`)
      }
    }
    for (const download of active.downloads.values()) {
      if (download.state === 'progressing') await step('cancel a download', () => download.item.cancel())
    }
    await step('remove the view', () => {
      if (!active.window.isDestroyed()) active.window.contentView.removeChildView(active.view)
    })
    await step('close the page', () => {
      if (!active.view.webContents.isDestroyed()) active.view.webContents.close()
    })
    const { session } = active
    await step('clear storage', () => session.clearStorageData())
    await step('clear the cache', () => session.clearCache())
    await step('clear the auth cache', () => session.clearAuthCache())
    await step('clear the host resolver cache', () => session.clearHostResolverCache())
    await step('close connections', () => session.closeAllConnections())
    await step('close the allowlist proxy', () => active.proxy.close())
    await step('remove downloads', () => rm(active.tempDir, { recursive: true, force: true }))
    return problems.length === 0 ? OK : failure('wipe_failed', problems.join('; '))
  }

  private place(active: ActiveSession, bounds: z.infer<typeof boundsSchema>): void {
    const [width = 0, height = 0] = active.window.getContentSize()
    const x = Math.min(Math.max(0, Math.round(bounds.x)), width)
    const y = Math.min(Math.max(0, Math.round(bounds.y)), height)
    const rect = {
      x,
      y,
      width: Math.min(Math.round(bounds.width), width - x),
      height: Math.min(Math.round(bounds.height), height - y),
    }
    if (rect.width < 1 || rect.height < 1) {
      active.view.setVisible(false)
      return
    }
    active.view.setBounds(rect)
    active.view.setVisible(true)
  }

  /** No permissions, downloads only into the session's folder. Returns how to undo the listener. */
  private secureSession(active: ActiveSession): () => void {
    const { session } = active
    session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
    session.setPermissionCheckHandler(() => false)
    session.setSpellCheckerEnabled(false)
    session.setDownloadPath(active.tempDir)
    const onDownload = (_event: ElectronEvent, item: DownloadItem) => this.download(active, item)
    session.on('will-download', onDownload)
    return () => session.removeListener('will-download', onDownload)
  }

  private download(active: ActiveSession, item: DownloadItem): void {
    if (this.active !== active) {
      item.cancel()
      return
    }
    const id = `d${++this.downloadCounter}`
    const fileName = safeFileName(item.getFilename())
    const path = join(active.tempDir, `${id}-${fileName}`)
    if (!resolve(path).startsWith(resolve(active.tempDir) + sep)) {
      item.cancel()
      return
    }
    item.setSavePath(path)
    const record: DownloadRecord = { id, fileName, state: 'progressing', printable: false, path, item }
    active.downloads.set(id, record)
    this.emit(active, { type: 'download', download: publicDownload(record) })
    item.once('done', (_event, state) => {
      record.state = state
      const settle = state === 'completed' ? isPdfFile(path).catch(() => false) : Promise.resolve(false)
      void settle.then((pdf) => {
        record.printable = pdf
        if (this.active === active) this.emit(active, { type: 'download', download: publicDownload(record) })
      })
    })
  }

  /** The allowlist on every navigation, redirect, frame and pop-up; page changes to the step panel. */
  private guardView(active: ActiveSession): void {
    const contents = active.view.webContents
    const allowed = (url: string) => isAllowedPortalUrl(url, active.allowedDomains)
    const refuse = (event: { preventDefault(): void }, url: string) => {
      event.preventDefault()
      this.emit(active, { type: 'blocked', host: hostOf(url) })
    }
    contents.on('will-navigate', (event) => {
      if (!allowed(event.url)) refuse(event, event.url)
    })
    contents.on('will-redirect', (event) => {
      if (!allowed(event.url)) refuse(event, event.url)
    })
    contents.on('will-frame-navigate', (event) => {
      if (!event.isMainFrame && BLANK_FRAMES.has(event.url)) return
      if (!allowed(event.url)) refuse(event, event.url)
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // The kiosk has one screen: an allowed pop-up replaces the page, anything else is refused.
      if (allowed(url)) void contents.loadURL(url).catch(() => undefined)
      else this.emit(active, { type: 'blocked', host: hostOf(url) })
      return { action: 'deny' }
    })
    const navigated = (url: string) => {
      if (this.active !== active) return
      const navigation: PortalNavigation = {
        url: withoutQuery(url),
        step: stepForUrl(active.scenario.steps, url),
        canGoBack: contents.navigationHistory.canGoBack(),
      }
      this.send(active, BRIDGE_EVENTS.portalNavigated, navigation)
    }
    contents.on('did-navigate', (_event, url) => navigated(url))
    contents.on('did-navigate-in-page', (_event, url, isMainFrame) => {
      if (isMainFrame) navigated(url)
    })
    contents.on('input-event', (_event, input) => {
      if (!isPortalActivity(input.type)) return
      const now = this.now()
      if (!shouldReportActivity(active.lastActivityReport, now)) return
      active.lastActivityReport = now
      this.emit(active, { type: 'activity' })
    })
    contents.on('render-process-gone', () => {
      if (this.active === active && !contents.isDestroyed()) {
        void contents.loadURL(active.scenario.startUrl).catch(() => undefined)
      }
    })
  }

  /**
   * If the kiosk page goes away (reload, crash, another page) or its window closes, nobody can end the
   * session any more: end it here, so the next person never finds it.
   */
  private watchKioskWindow(active: ActiveSession): () => void {
    const { window } = active
    const kiosk = window.webContents
    const endNow = () => {
      if (this.active === active) void this.end()
    }
    const onNavigation = (details: { isMainFrame: boolean; isSameDocument: boolean }) => {
      if (details.isMainFrame && !details.isSameDocument) endNow()
    }
    kiosk.on('did-start-navigation', onNavigation)
    kiosk.on('render-process-gone', endNow)
    window.on('closed', endNow)
    return () => {
      kiosk.removeListener('did-start-navigation', onNavigation)
      kiosk.removeListener('render-process-gone', endNow)
      window.removeListener('closed', endNow)
    }
  }

  private emit(active: ActiveSession, event: PortalEvent): void {
    this.send(active, BRIDGE_EVENTS.portalEvent, event)
  }

  private send(active: ActiveSession, channel: string, payload: unknown): void {
    const kiosk: WebContents = active.window.webContents
    if (!active.window.isDestroyed() && !kiosk.isDestroyed()) kiosk.send(channel, payload)
  }

  // --- printing ---------------------------------------------------------------------------------

  private async printerPresent(contents: WebContents): Promise<boolean> {
    const printer = this.options.printer
    if (!printer) return true
    const printers = await contents.getPrintersAsync()
    return printers.some((p) => p.name === printer)
  }

  private printContents(contents: WebContents): Promise<PrintResult> {
    const printer = this.options.printer
    return new Promise((resolvePrint) => {
      const timer = setTimeout(
        () => resolvePrint({ ok: false, reason: 'the printer did not answer' }),
        this.options.printTimeoutMs ?? 60_000,
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

  /** A downloaded PDF, shown by Chromium's viewer in a hidden window of the same session, then printed. */
  private async printPdf(active: ActiveSession, path: string): Promise<PrintResult> {
    const window = new BrowserWindow({
      show: false,
      webPreferences: {
        session: active.session,
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
      return await this.printContents(window.webContents)
    } finally {
      if (!window.isDestroyed()) window.destroy()
    }
  }
}

function publicDownload(record: DownloadRecord): PortalDownload {
  return { id: record.id, fileName: record.fileName, state: record.state, printable: record.printable }
}
