/**
 * One self-service session's portal in the Chromium shell: the context's one page, its guards, its
 * history, where its window shows, and printing. Opened by ./self-service.ts; the decisions are the
 * session core's (../self-service-session/).
 *
 * Two guards in front of the session's allowlist proxy make refusals of the citizen's own moves look
 * right and name them to the kiosk: `context.route` sees the first request of every navigation, pop-up
 * and resource (not redirect hops, not WebSockets) and cancels an off-list navigation so the page stays
 * where it was; the portal page's CDP session pauses its documents, redirect hops included, and does the
 * same for a redirect off the list. Frames in other renderer processes and sub-resources have only the
 * proxy. Pop-ups never stay open: an allowed one replaces the portal page, anything else is refused.
 */
import { execFile } from 'node:child_process'
import type { BrowserContext, CDPSession, Download, Frame, Page, Request, Route } from 'playwright-core'
import type { PortalBounds, PrintResult } from '../../src-shared/bridge'
import {
  BLANK_FRAMES,
  type DownloadEnd,
  type PortalView,
  type SessionHooks,
  type WipeStep,
} from '../self-service-session'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('chromium-shell')

export interface PortalPageOptions {
  /** CUPS name of the certificate printer for downloaded PDFs; null: the system's default printer. */
  printer: string | null
  /** Put the portal's window over the kiosk window's portal area (headful); else size the viewport. */
  placeWindows: boolean
  /** The CUPS command that prints a file. Default `lp`. */
  lpCommand?: string
  /** Give up on a printer that never answers. Default 60 s. */
  printTimeoutMs?: number
}

/** `lp` arguments that print `file` on `printer` (the CUPS default when null). */
export function lpArguments(printer: string | null, file: string): string[] {
  return [...(printer ? ['-d', printer] : []), '-t', 'Kezek certificate', file]
}

export function viewportOf(bounds: PortalBounds): { width: number; height: number } {
  return { width: Math.max(1, Math.round(bounds.width)), height: Math.max(1, Math.round(bounds.height)) }
}

export class ChromiumPortal implements PortalView {
  /** The redirect guard's CDP session, also used to place the window. */
  private cdp: CDPSession | null = null
  /** For the tab's history (see `navigationHistory`). */
  private historyCdp: CDPSession | null = null
  /** Navigation reports, in order (each asks Chromium for the history first). */
  private reports: Promise<void> = Promise.resolve()

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly kiosk: Page,
    private readonly hooks: SessionHooks,
    private readonly options: PortalPageOptions,
  ) {}

  /** The page's own guards and listeners; the context's are set by ./self-service.ts. */
  async watch(): Promise<void> {
    const { page, hooks } = this
    const cdp = await this.context.newCDPSession(page)
    this.cdp = cdp
    cdp.on('Fetch.requestPaused', (event) => {
      const { requestId, request } = event
      if (hooks.isAllowed(request.url)) {
        void cdp.send('Fetch.continueRequest', { requestId }).catch(ignoreClosed)
        return
      }
      void cdp.send('Fetch.failRequest', { requestId, errorReason: 'Aborted' }).catch(ignoreClosed)
      hooks.blocked(request.url)
    })
    await cdp.send('Fetch.enable', {
      patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Request' }],
    })
    page.on('framenavigated', (frame: Frame) => {
      if (frame === page.mainFrame()) this.navigated(frame.url())
    })
    page.on('crash', () => {
      if (hooks.current) void this.load(hooks.startUrl).catch(ignoreLoad)
    })
  }

  /** A download of the portal page, saved where the session core says, Playwright's own copy deleted. */
  download(download: Download): void {
    this.hooks.download({
      suggestedName: download.suggestedFilename(),
      cancel: () => void download.cancel().catch(ignoreClosed),
      save: async (path): Promise<DownloadEnd> => {
        // The outcome is read from `failure()` below; a failed save shows there too.
        await download.saveAs(path).catch((error: unknown) => log.ignored('a download not saved', error))
        const problem = await download.failure().catch((error: unknown) => {
          log.ignored('a download whose outcome is unknown once the session ended', error)
          return 'the session ended'
        })
        await download.delete().catch(ignoreClosed)
        return problem === null ? 'completed' : problem === 'canceled' ? 'cancelled' : 'interrupted'
      },
    })
  }

  private navigated(url: string): void {
    // Chromium's own pages (a failed load) and the blank first page are not places on the portal.
    if (!/^https?:/.test(url)) return
    this.reports = this.reports.then(async () => {
      const canGoBack = await this.canGoBack(url)
      this.hooks.navigated(url, canGoBack)
    })
  }

  /**
   * From Chromium's own history of the tab: an earlier entry that is a page, not the blank start.
   * `frameNavigated` can arrive before the history has the new entry: with `url`, wait (briefly) until
   * the current entry is that page.
   */
  private async canGoBack(url?: string): Promise<boolean> {
    try {
      for (let attempt = 0; ; attempt++) {
        const history = await this.navigationHistory()
        const settled = url === undefined || history.entries[history.currentIndex]?.url === url
        if (settled || attempt >= 20) {
          return history.entries.slice(0, history.currentIndex).some((entry) => /^https?:/.test(entry.url))
        }
        await new Promise((wait) => setTimeout(wait, 25))
      }
    } catch (error) {
      log.ignored('no history once the session ended: nothing to go back to', error)
      return false
    }
  }

  /**
   * The tab's history, through a CDP session of its own: one made before the first navigation (the
   * redirect guard's) can answer "Not attached to an active page" once the tab has changed renderer,
   * so this one is made when first needed and made again when that happens.
   */
  private async navigationHistory() {
    for (let attempt = 0; ; attempt++) {
      this.historyCdp ??= await this.context.newCDPSession(this.page)
      try {
        return await this.historyCdp.send('Page.getNavigationHistory')
      } catch (error) {
        if (attempt >= 3 || !this.hooks.current) throw error
        void this.historyCdp.detach().catch(ignoreClosed)
        this.historyCdp = null
        await new Promise((wait) => setTimeout(wait, 50))
      }
    }
  }

  async back(): Promise<void> {
    if (await this.canGoBack()) {
      void this.page
        .goBack({ waitUntil: 'commit' })
        .catch((error: unknown) => log.ignored('a step back that did not happen', error))
    }
  }

  async load(url: string): Promise<void> {
    await this.page.goto(url)
  }

  // --- where the portal shows ---------------------------------------------------------------------

  async place(bounds: PortalBounds): Promise<void> {
    if (!this.options.placeWindows) {
      await this.page.setViewportSize(viewportOf(bounds))
      return
    }
    // Screen position of the kiosk page's top-left corner: its window's position plus the browser's
    // own bars (none in --kiosk mode).
    const origin = await this.kiosk.evaluate(() => {
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
    const cdp = this.cdp!
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
    await this.page.bringToFront()
  }

  async hide(): Promise<void> {
    if (!this.options.placeWindows || !this.cdp) return
    const { windowId } = await this.cdp.send('Browser.getWindowForTarget')
    await this.cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } })
  }

  async raise(): Promise<void> {
    if (!this.options.placeWindows) return
    await this.page
      .bringToFront()
      .catch((error: unknown) => log.ignored('a portal window that cannot come to the front', error))
  }

  // --- printing and closing -----------------------------------------------------------------------

  /** The page prints itself: with Chromium's --kiosk-printing, silently on the default printer. */
  async printPage(): Promise<PrintResult> {
    try {
      await withTimeout(
        this.page.evaluate(() => (globalThis as unknown as { print(): void }).print()),
        this.options.printTimeoutMs ?? 60_000,
        'the printer did not answer',
      )
      return { ok: true }
    } catch (error) {
      return { ok: false, reason: (error as Error).message }
    }
  }

  printFile(path: string): Promise<PrintResult> {
    const command = this.options.lpCommand ?? 'lp'
    return new Promise((done) => {
      execFile(
        command,
        lpArguments(this.options.printer, path),
        { timeout: this.options.printTimeoutMs ?? 60_000 },
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

  /** Closing the context discards its cookies, storage and cache. */
  async close(step: WipeStep): Promise<void> {
    await step('close the portal', () => this.context.close())
  }
}

/**
 * The allowlist on the first request of everything in the session (`context.route`). Off-list
 * navigations are aborted as cancelled (the page stays where it was, like Electron's `preventDefault`)
 * and reported. `page` is the portal page, null while it is being made.
 */
export async function guardRequest(
  route: Route,
  request: Request,
  hooks: SessionHooks,
  page: Page | null,
): Promise<void> {
  const url = request.url()
  const allowed = hooks.isAllowed(url)
  try {
    if (!request.isNavigationRequest()) {
      await (allowed ? route.continue() : route.abort('blockedbyclient'))
      return
    }
    const frame = frameOf(request)
    if (!frame || frame.page() !== page) {
      // The kiosk has one screen: an allowed pop-up replaces the portal page, anything else is refused.
      await route.abort('aborted')
      if (allowed && hooks.current) void page?.goto(url).catch(ignoreLoad)
      else hooks.blocked(url)
      return
    }
    if (allowed || (frame.parentFrame() !== null && BLANK_FRAMES.has(url))) {
      await route.continue()
      return
    }
    await route.abort('aborted')
    hooks.blocked(url)
  } catch (error) {
    log.ignored('the context closed under a request: nothing left to guard', error)
  }
}

function frameOf(request: Request): Frame | null {
  try {
    return request.frame()
  } catch (error) {
    log.ignored("a pop-up's first request comes before its frame exists", error)
    return null
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function ignoreClosed(error: unknown): void {
  log.ignored('the page or session closed under the call', error)
}

function ignoreLoad(error: unknown): void {
  log.ignored("a failed load shows Chromium's error page", error)
}
