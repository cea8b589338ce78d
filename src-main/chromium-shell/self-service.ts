/**
 * The guided self-service session in the Chromium kiosk shell: the egov portal in a browser context of
 * its own, beside the kiosk page's step panel, so that nothing of one citizen reaches the next. The
 * same contract as the Electron shell's SelfServiceSessions (src-main/electron/self-service.ts):
 *
 * - Each session gets a new non-persistent BrowserContext: Chromium keeps its cookies, storage
 *   (IndexedDB included) and cache in memory, and closing the context discards them. Service workers
 *   are blocked, no permission is granted. Downloads are kept only in the session's own temporary
 *   folder (Chromium writes them first into the shell's downloads folder, under the same temp root,
 *   and each copy there is deleted once saved). A portal dialog is answered as the citizen would.
 * - Every request of the context must be on the allowlist, and the context's only way out is a forward
 *   proxy of the session's own on loopback (../allowlist-proxy.ts): Chromium hands it every request,
 *   every redirect hop, every frame's (out-of-process iframes too), every sub-resource and WebSocket,
 *   and it refuses whatever is off the list before it leaves the machine. That is the guarantee.
 * - Two guards in front of it make refusals of the citizen's own moves look right and name them to the
 *   kiosk: `context.route` sees the first request of every navigation, pop-up and resource (not redirect
 *   hops, not WebSockets) and cancels an off-list navigation so the page stays where it was; the portal
 *   page's CDP session pauses its documents, redirect hops included, and does the same for a redirect
 *   off the list. Frames in other renderer processes and sub-resources have only the proxy, which can
 *   say a refused request was a navigation only for plain http; refused hosts are reported at most once
 *   in a while, so a page of 50 refused images is one `blocked` event. Pop-ups never stay open: an
 *   allowed one replaces the portal page, anything else is refused.
 * - The start page and the allowlist come from the hub (`GET /api/self-service`), never from the page.
 * - Ending closes the context, the proxy (with any connection still open through it) and removes the
 *   download folder. The kiosk page going away (reload, crash, navigation, close) ends the session too;
 *   folders left by a power cut go at the next start.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import type {
  Browser,
  BrowserContext,
  CDPSession,
  Download,
  Frame,
  Page,
  Request,
  Route,
} from 'playwright-core'
import { z } from 'zod'
import type {
  PortalBounds,
  PortalDownload,
  PortalEvent,
  PortalNavigation,
  PortalResult,
  PrintResult,
} from '../../src-shared/bridge'
import type { ServiceSelfService } from '../../src-shared/config'
import { shouldReportActivity } from '../../src-shared/self-service/idle'
import { isAllowedPortalUrl, stepForUrl, withoutQuery } from '../../src-shared/self-service/portal-url'
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
import { isPdfFile, safeFileName, sweepSessionFolders, TEMP_PREFIX } from '../self-service-files'
import {
  refusalReporter,
  startAllowlistProxy,
  type AllowlistProxy,
  type ProxyRefusal,
} from '../allowlist-proxy'
import { ACTIVITY_BINDING, disableWebRtc, installActivityReporter, type DeliveryKind } from './bridge-script'

export interface PortalSessionsOptions {
  browser: Browser
  /** The kiosk page the portal sits beside; null once it is closed. */
  kioskPage: () => Page | null
  /** Hands a portal change or event to the kiosk page's listeners. */
  deliver: (kind: DeliveryKind, payload: PortalNavigation | PortalEvent) => void
  /** The hub's self-service catalogue (`GET /api/self-service`), as parsed JSON. */
  loadCatalogue: () => Promise<unknown>
  /** Where each session's download folder is made (the OS temp folder). */
  tempRoot: string
  /** CUPS name of the certificate printer for downloaded PDFs; null: the system's default printer. */
  printer: string | null
  /**
   * Put the portal's window over the kiosk window's portal area (headful). Otherwise the portal page's
   * viewport takes the area's size and the bounds are only remembered (headless: tests).
   */
  placeWindows: boolean
  /** The CUPS command that prints a file. Default `lp`. */
  lpCommand?: string
  now?: () => number
  /** Give up on a printer that never answers. Default 60 s. */
  printTimeoutMs?: number
}

interface DownloadRecord extends PortalDownload {
  path: string
}

interface ActiveSession {
  serviceId: string
  scenario: ServiceSelfService & { startUrl: string }
  allowedDomains: string[]
  context: BrowserContext
  /** The context's only way out (../allowlist-proxy.ts). */
  proxy: AllowlistProxy
  /** Whether to tell the kiosk about a refusal: a page of refused images is one event. */
  shouldReport: (refusal: ProxyRefusal) => boolean
  /** Set once the context has its page; null only while the session is being opened. */
  page: Page | null
  cdp: CDPSession | null
  /** For the tab's history (see `navigationHistory`). */
  historyCdp: CDPSession | null
  kiosk: Page
  tempDir: string
  downloads: Map<string, DownloadRecord>
  /** Downloads still being saved: the wipe waits for them before it removes the folder. */
  saving: Set<Promise<void>>
  lastActivityReport: number | null
  /** The last bounds the kiosk page asked for; null while hidden. */
  bounds: PortalBounds | null
  /** Navigation reports, in order (each asks Chromium for the history first). */
  reports: Promise<void>
  detach: () => void
}

const NO_SESSION = failure('no_session', 'no self-service session is open')

/** `lp` arguments that print `file` on `printer` (the CUPS default when null). */
export function lpArguments(printer: string | null, file: string): string[] {
  return [...(printer ? ['-d', printer] : []), '-t', 'Kezek certificate', file]
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

export class PortalSessions implements SelfServicePort {
  private active: ActiveSession | null = null
  /** start and end run one at a time: a double tap never opens two contexts or wipes half a session. */
  private queue: Promise<unknown> = Promise.resolve()
  private downloadCounter = 0
  private readonly now: () => number

  constructor(private readonly options: PortalSessionsOptions) {
    this.now = options.now ?? Date.now
  }

  /** Whether a session is open. */
  get isOpen(): boolean {
    return this.active !== null
  }

  /** The open session's portal page and download folder (for the shell's diagnostics and tests). */
  get current(): {
    context: BrowserContext
    page: Page | null
    tempDir: string
    bounds: PortalBounds | null
  } | null {
    const active = this.active
    return active
      ? { context: active.context, page: active.page, tempDir: active.tempDir, bounds: active.bounds }
      : null
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
      const kiosk = this.options.kioskPage()
      if (!kiosk || kiosk.isClosed()) return failure('not_available', 'the kiosk page is not open')
      // Watched from before the first wait: a kiosk page that reloads, crashes or leaves while the
      // session opens could never end it, so the session must not outlive that document.
      const kioskDocument = watchKioskDocument(kiosk)
      try {
        return await this.open(parsed.data, kiosk, kioskDocument)
      } finally {
        // Kept only by the session that opened (it set `onGone`); otherwise nothing is left to watch.
        if (kioskDocument.onGone === null) kioskDocument.detach()
      }
    })
  }

  private async open(
    request: z.infer<typeof startSchema>,
    kiosk: Page,
    kioskDocument: KioskDocumentWatch,
  ): Promise<PortalResult> {
    if (this.active) await this.wipe()

    const found = await loadPortalScenario(this.options.loadCatalogue, request.serviceId)
    if ('ok' in found) return found
    const { scenario, allowedDomains } = found
    const { startUrl } = scenario

    let tempDir: string
    try {
      tempDir = await mkdtemp(join(this.options.tempRoot, TEMP_PREFIX))
    } catch (error) {
      return failure('not_available', `no folder for downloads: ${(error as Error).message}`)
    }
    const { bounds } = request
    let reportRefusal: (refusal: ProxyRefusal) => void = () => undefined
    let proxy: AllowlistProxy
    try {
      proxy = await startAllowlistProxy({
        isAllowed: (url) => isAllowedPortalUrl(url, allowedDomains),
        onRefused: (refusal) => reportRefusal(refusal),
      })
    } catch (error) {
      await rm(tempDir, { recursive: true, force: true }).catch(() => undefined)
      return failure('not_available', `no allowlist proxy: ${(error as Error).message}`)
    }
    let context: BrowserContext
    try {
      context = await this.options.browser.newContext({
        // Every request, redirect hop, frame and WebSocket of the session leaves through the proxy,
        // loopback included (Playwright adds `<-loopback>` to the bypass list).
        proxy: { server: proxy.server },
        acceptDownloads: true,
        serviceWorkers: 'block',
        permissions: [],
        // Headful: the page fills its window, which is placed over the portal area. Headless: the
        // viewport is the area.
        viewport: this.options.placeWindows ? null : viewportOf(bounds),
      })
    } catch (error) {
      await proxy.close()
      await rm(tempDir, { recursive: true, force: true }).catch(() => undefined)
      return failure('not_available', `no browser context: ${(error as Error).message}`)
    }
    const active: ActiveSession = {
      serviceId: request.serviceId,
      scenario,
      allowedDomains,
      context,
      proxy,
      shouldReport: refusalReporter(this.now),
      page: null,
      cdp: null,
      historyCdp: null,
      kiosk,
      tempDir,
      downloads: new Map(),
      saving: new Set(),
      lastActivityReport: null,
      bounds,
      reports: Promise.resolve(),
      detach: () => undefined,
    }
    this.active = active
    reportRefusal = (refusal) => this.proxyRefused(active, refusal)
    try {
      await this.openPortal(active)
    } catch (error) {
      await this.wipe()
      return failure('not_available', `the portal could not be opened: ${(error as Error).message}`)
    }
    const page = active.page!
    await this.place(active, bounds).catch(() => undefined) // a window that cannot move still works
    if (kioskDocument.gone || this.active !== active) {
      if (this.active === active) await this.wipe()
      return failure('not_available', 'the kiosk page went away while the session was opening')
    }
    // From here the kiosk page's going away ends the session (see `watchKioskDocument`).
    active.detach = () => kioskDocument.detach()
    kioskDocument.onGone = () => {
      if (this.active === active) void this.end()
    }
    void page.goto(startUrl).catch(() => undefined) // a failed load shows Chromium's error page
    return OK
  }

  setBounds(input: unknown): Promise<PortalResult> {
    const active = this.active
    if (!active) return Promise.resolve(NO_SESSION)
    if (input === null) {
      active.bounds = null
      return this.hide(active).then(
        () => OK,
        () => OK,
      )
    }
    const parsed = boundsSchema.safeParse(input)
    if (!parsed.success)
      return Promise.resolve(failure('invalid_request', 'send { x, y, width, height } or null'))
    active.bounds = parsed.data
    return this.place(active, parsed.data).then(
      () => OK,
      () => OK,
    )
  }

  async back(): Promise<PortalResult> {
    const active = this.active
    if (!active?.page) return NO_SESSION
    if (await this.canGoBack(active)) void active.page.goBack({ waitUntil: 'commit' }).catch(() => undefined)
    return OK
  }

  home(): Promise<PortalResult> {
    const active = this.active
    if (!active?.page) return Promise.resolve(NO_SESSION)
    void active.page.goto(active.scenario.startUrl).catch(() => undefined)
    return Promise.resolve(OK)
  }

  async print(input: unknown): Promise<PrintResult> {
    const active = this.active
    if (!active?.page) return { ok: false, reason: 'no self-service session is open' }
    const parsed = printSchema.safeParse(input ?? {})
    if (!parsed.success) return { ok: false, reason: 'send {} or { downloadId }' }
    const { downloadId } = parsed.data
    const timeoutMs = this.options.printTimeoutMs ?? 60_000
    if (downloadId === undefined) {
      // The page prints itself: with Chromium's --kiosk-printing, silently on the default printer.
      try {
        await withTimeout(
          active.page.evaluate(() => (globalThis as unknown as { print(): void }).print()),
          timeoutMs,
          'the printer did not answer',
        )
        return { ok: true }
      } catch (error) {
        return { ok: false, reason: (error as Error).message }
      }
    }
    const download = active.downloads.get(downloadId)
    if (!download) return { ok: false, reason: `no download ${downloadId} in this session` }
    if (!download.printable) return { ok: false, reason: `${download.fileName} is not a completed PDF` }
    return this.printFile(download.path, timeoutMs)
  }

  end(): Promise<PortalResult> {
    return this.serial(() => this.wipe())
  }

  /** Removes download folders that a crash or power cut left behind. Call once at start. */
  sweepLeftovers(): Promise<void> {
    return sweepSessionFolders(this.options.tempRoot)
  }

  // --- the session ------------------------------------------------------------------------------

  /** The context's guards, then its one page and that page's own guard for redirects. */
  private async openPortal(active: ActiveSession): Promise<void> {
    const { context } = active
    await context.exposeBinding(ACTIVITY_BINDING, (source) => this.activity(active, source.page))
    await context.addInitScript(installActivityReporter, ACTIVITY_BINDING)
    await context.addInitScript(disableWebRtc)
    await context.route('**/*', (route, request) => this.guardRequest(active, route, request))
    const page = await context.newPage()
    active.page = page
    // Registered after the portal page exists: every later page is a pop-up.
    context.on('page', (popup) => {
      if (popup !== active.page) void popup.close().catch(() => undefined)
    })
    const cdp = await context.newCDPSession(page)
    active.cdp = cdp
    cdp.on('Fetch.requestPaused', (event) => {
      const { requestId, request } = event
      if (isAllowedPortalUrl(request.url, active.allowedDomains)) {
        void cdp.send('Fetch.continueRequest', { requestId }).catch(() => undefined)
        return
      }
      void cdp.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' }).catch(() => undefined)
      this.emit(active, { type: 'blocked', host: hostOf(request.url) })
    })
    await cdp.send('Fetch.enable', {
      patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }],
    })
    page.on('framenavigated', (frame: Frame) => {
      if (frame === page.mainFrame()) this.navigated(active, frame.url())
    })
    // Unanswered, Playwright dismisses every dialog, and an egov "are you sure?" would say no by itself.
    // The kiosk shows no dialogs, so the shell answers as the citizen would: a confirm() comes from a
    // button the citizen just pressed, so it is accepted, as are alerts and "leave this page?". A
    // prompt() asks for text the citizen never saw a box for: it is dismissed rather than answered with
    // a default nobody chose (the page goes on as if they pressed Cancel).
    context.on('dialog', (dialog) => {
      const answer = dialog.type() === 'prompt' ? dialog.dismiss() : dialog.accept()
      void answer.catch(() => undefined)
    })
    page.on('download', (download) => this.download(active, download))
    page.on('crash', () => {
      if (this.active === active) void page.goto(active.scenario.startUrl).catch(() => undefined)
    })
  }

  /**
   * The allowlist on the first request of everything in the session. Off-list navigations are aborted
   * as cancelled (the page stays where it was, like Electron's `preventDefault`) and reported.
   */
  private async guardRequest(active: ActiveSession, route: Route, request: Request): Promise<void> {
    const url = request.url()
    const allowed = isAllowedPortalUrl(url, active.allowedDomains)
    try {
      if (!request.isNavigationRequest()) {
        await (allowed ? route.continue() : route.abort('blockedbyclient'))
        return
      }
      let frame: Frame | null = null
      try {
        frame = request.frame()
      } catch {
        frame = null // a pop-up's first request comes before its frame exists
      }
      if (!frame || frame.page() !== active.page) {
        // The kiosk has one screen: an allowed pop-up replaces the portal page, anything else is refused.
        await route.abort('aborted')
        if (allowed && this.active === active) void active.page?.goto(url).catch(() => undefined)
        else this.emit(active, { type: 'blocked', host: hostOf(url) })
        return
      }
      if (allowed || (frame.parentFrame() !== null && BLANK_FRAMES.has(url))) {
        await route.continue()
        return
      }
      await route.abort('aborted')
      this.emit(active, { type: 'blocked', host: hostOf(url) })
    } catch {
      // The context closed under the request: nothing left to guard.
    }
  }

  /**
   * What only the proxy saw: a navigation it can name (plain http says so) is reported like any other;
   * for the rest (a tunnel's host, an image, a script) each host is reported at most once in a while.
   */
  private proxyRefused(active: ActiveSession, refusal: ProxyRefusal): void {
    if (active.shouldReport(refusal)) this.emit(active, { type: 'blocked', host: refusal.host })
  }

  private navigated(active: ActiveSession, url: string): void {
    // Chromium's own pages (a failed load) and the blank first page are not places on the portal.
    if (!/^https?:/.test(url)) return
    active.reports = active.reports.then(async () => {
      const canGoBack = await this.canGoBack(active, url)
      if (this.active !== active) return
      const navigation: PortalNavigation = {
        url: withoutQuery(url),
        step: stepForUrl(active.scenario.steps, url),
        canGoBack,
      }
      this.options.deliver('navigated', navigation)
    })
  }

  /**
   * From Chromium's own history of the tab: an earlier entry that is a page, not the blank start.
   * `frameNavigated` can arrive before the history has the new entry: with `url`, wait (briefly) until
   * the current entry is that page.
   */
  private async canGoBack(active: ActiveSession, url?: string): Promise<boolean> {
    try {
      for (let attempt = 0; ; attempt++) {
        const history = await this.navigationHistory(active)
        const settled = url === undefined || history.entries[history.currentIndex]?.url === url
        if (settled || attempt >= 20) {
          return history.entries.slice(0, history.currentIndex).some((entry) => /^https?:/.test(entry.url))
        }
        await new Promise((wait) => setTimeout(wait, 25))
      }
    } catch {
      return false // the session ended meanwhile
    }
  }

  /**
   * The tab's history, through a CDP session of its own: one made before the first navigation (the
   * redirect guard's) can answer "Not attached to an active page" once the tab has changed renderer,
   * so this one is made when first needed and made again when that happens.
   */
  private async navigationHistory(active: ActiveSession) {
    for (let attempt = 0; ; attempt++) {
      if (!active.historyCdp) active.historyCdp = await active.context.newCDPSession(active.page!)
      try {
        return await active.historyCdp.send('Page.getNavigationHistory')
      } catch (error) {
        if (attempt >= 3 || this.active !== active) throw error
        void active.historyCdp.detach().catch(() => undefined)
        active.historyCdp = null
        await new Promise((wait) => setTimeout(wait, 50))
      }
    }
  }

  private activity(active: ActiveSession, page: Page): void {
    if (this.active !== active || page !== active.page) return
    const now = this.now()
    if (!shouldReportActivity(active.lastActivityReport, now)) return
    active.lastActivityReport = now
    this.emit(active, { type: 'activity' })
  }

  private download(active: ActiveSession, download: Download): void {
    if (this.active !== active) {
      void download.cancel().catch(() => undefined)
      return
    }
    const id = `d${++this.downloadCounter}`
    const fileName = safeFileName(download.suggestedFilename())
    const path = join(active.tempDir, `${id}-${fileName}`)
    if (!resolve(path).startsWith(resolve(active.tempDir) + sep)) {
      void download.cancel().catch(() => undefined)
      return
    }
    const record: DownloadRecord = { id, fileName, state: 'progressing', printable: false, path }
    active.downloads.set(id, record)
    this.emit(active, { type: 'download', download: publicDownload(record) })
    const saving = (async () => {
      // Playwright keeps its own copy until `delete()` or the context closes; ours is the session's.
      await download.saveAs(path).catch(() => undefined)
      const problem = await download.failure().catch(() => 'the session ended')
      record.state = problem === null ? 'completed' : problem === 'canceled' ? 'cancelled' : 'interrupted'
      record.printable = record.state === 'completed' && (await isPdfFile(path).catch(() => false))
      await download.delete().catch(() => undefined)
      if (this.active === active) this.emit(active, { type: 'download', download: publicDownload(record) })
    })()
    active.saving.add(saving)
    void saving.finally(() => active.saving.delete(saving))
  }

  /**
   * Closes the context (its cookies, storage and cache go with it) and removes the download folder;
   * every step runs even if one fails, and a folder still there afterwards is reported.
   */
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
    await step('close the portal', () => active.context.close())
    await step('close the allowlist proxy', () => active.proxy.close())
    await step('finish saving downloads', () => Promise.allSettled([...active.saving]))
    await step('remove downloads', () => rm(active.tempDir, { recursive: true, force: true }))
    if (existsSync(active.tempDir)) problems.push(`remove downloads: ${active.tempDir} is still there`)
    return problems.length === 0 ? OK : failure('wipe_failed', problems.join('; '))
  }

  // --- where the portal shows --------------------------------------------------------------------

  private async place(active: ActiveSession, bounds: PortalBounds): Promise<void> {
    const page = active.page
    if (!page) return
    if (!this.options.placeWindows) {
      await page.setViewportSize(viewportOf(bounds))
      return
    }
    // Screen position of the kiosk page's top-left corner: its window's position plus the browser's
    // own bars (none in --kiosk mode).
    const origin = await active.kiosk.evaluate(() => {
      const w = globalThis as unknown as {
        screenX: number
        screenY: number
        outerWidth: number
        innerWidth: number
        outerHeight: number
        innerHeight: number
      }
      const side = Math.max(0, (w.outerWidth - w.innerWidth) / 2)
      return { left: w.screenX + side, top: w.screenY + Math.max(0, w.outerHeight - w.innerHeight - side) }
    })
    const cdp = active.cdp!
    const { windowId } = await cdp.send('Browser.getWindowForTarget')
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } })
    await cdp.send('Browser.setWindowBounds', {
      windowId,
      bounds: {
        left: Math.round(origin.left + bounds.x),
        top: Math.round(origin.top + bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
      },
    })
    await page.bringToFront()
  }

  private async hide(active: ActiveSession): Promise<void> {
    if (!this.options.placeWindows || !active.cdp) return
    const { windowId } = await active.cdp.send('Browser.getWindowForTarget')
    await active.cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } })
  }

  /** The kiosk window was touched and came to the front: the portal's window goes back over it. */
  async raise(): Promise<void> {
    const active = this.active
    if (!active?.page || !active.bounds || !this.options.placeWindows) return
    await active.page.bringToFront().catch(() => undefined)
  }

  // --- events and printing ----------------------------------------------------------------------

  private emit(active: ActiveSession, event: PortalEvent): void {
    if (this.active === active) this.options.deliver('event', event)
  }

  private printFile(path: string, timeoutMs: number): Promise<PrintResult> {
    const command = this.options.lpCommand ?? 'lp'
    return new Promise((done) => {
      execFile(
        command,
        lpArguments(this.options.printer, path),
        { timeout: timeoutMs },
        (error, _stdout, stderr) => {
          if (!error) return done({ ok: true })
          const code = (error as NodeJS.ErrnoException).code
          if (code === 'ENOENT') {
            return done({
              ok: false,
              reason: `cannot print PDFs: "${command}" (CUPS) is not installed (apt-get install cups-client)`,
            })
          }
          const detail = String(stderr).trim() || error.message
          done({ ok: false, reason: `${command} failed: ${detail.slice(0, 300)}` })
        },
      )
    })
  }
}

/** The kiosk page's current document: `gone` once it reloads, crashes, navigates away or closes. */
interface KioskDocumentWatch {
  readonly gone: boolean
  /** Called once, when the document goes; null: nobody to tell yet (`gone` is still set). */
  onGone: (() => void) | null
  detach(): void
}

/**
 * If the kiosk page goes away (reload, crash, another page) or closes, nobody can end the session any
 * more: the session ends with the document that started it.
 */
function watchKioskDocument(kiosk: Page): KioskDocumentWatch {
  const watch: KioskDocumentWatch & { gone: boolean } = {
    gone: false,
    onGone: null,
    detach: () => {
      kiosk.off('request', onRequest)
      kiosk.off('crash', goneNow)
      kiosk.off('close', goneNow)
    },
  }
  function goneNow() {
    if (watch.gone) return
    watch.gone = true
    watch.onGone?.()
  }
  // A new document in the kiosk's main frame always starts with a request; in-page routing does not.
  function onRequest(request: Request) {
    if (!request.isNavigationRequest()) return
    try {
      if (request.frame() === kiosk.mainFrame()) goneNow()
    } catch {
      // Not a frame of this page.
    }
  }
  kiosk.on('request', onRequest)
  kiosk.on('crash', goneNow)
  kiosk.on('close', goneNow)
  if (kiosk.isClosed()) goneNow()
  return watch
}

function viewportOf(bounds: PortalBounds): { width: number; height: number } {
  return { width: Math.max(1, Math.round(bounds.width)), height: Math.max(1, Math.round(bounds.height)) }
}

function publicDownload(record: DownloadRecord): PortalDownload {
  return { id: record.id, fileName: record.fileName, state: record.state, printable: record.printable }
}
