/**
 * The Chromium shell's browser for self-service sessions (../self-service-session/ decides the rest):
 * the egov portal in a BrowserContext of its own, beside the kiosk page's step panel.
 *
 * - Each session gets a new non-persistent BrowserContext: Chromium keeps its cookies, storage
 *   (IndexedDB included) and cache in memory, and closing the context discards them. Service workers
 *   are blocked, no permission is granted, WebRTC (whose UDP ignores proxies) is removed. Downloads are
 *   kept only in the session's own folder (Chromium writes them first into the shell's downloads
 *   folder, under the same temp root, and each copy there is deleted once saved). A portal dialog is
 *   answered as the citizen would.
 * - The context's only way out is the session's allowlist proxy; the guards of ./portal-page.ts make
 *   refusals look right on the portal page and name them to the kiosk.
 * - The kiosk page going away (reload, crash, navigation, close) ends the session.
 */
import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
import type { PortalEvent, PortalNavigation } from '../../src-shared/bridge'
import {
  SelfServiceSessions,
  type DeliveryKind,
  type KioskAttachment,
  type PortalBrowser,
  type PortalSetup,
} from '../self-service-session'
import { createShellLogger } from '../shell-logger'
import { ACTIVITY_BINDING, disableWebRtc, installActivityReporter } from './bridge-script'
import { ChromiumPortal, guardRequest, viewportOf, type PortalPageOptions } from './portal-page'

export { lpArguments } from './portal-page'

const log = createShellLogger('chromium-shell')

export interface ChromiumSelfServiceOptions extends PortalPageOptions {
  browser: Browser
  /** The kiosk page the portal sits beside; null once it is closed. */
  kioskPage: () => Page | null
  /** Hands a portal change or event to the kiosk page's listeners. */
  deliver: (kind: DeliveryKind, payload: PortalNavigation | PortalEvent) => void
  /** The hub's self-service catalogue (`GET /api/self-service`), as parsed JSON. */
  loadCatalogue: () => Promise<unknown>
  /** Where each session's download folder is made (the OS temp folder). */
  tempRoot: string
  now?: () => number
}

/** The kiosk's self-service sessions in the Chromium shell. */
export function chromiumSelfServiceSessions(
  options: ChromiumSelfServiceOptions,
): SelfServiceSessions<ChromiumPortal> {
  return new SelfServiceSessions({
    browser: new ChromiumPortalBrowser(options),
    loadCatalogue: options.loadCatalogue,
    tempRoot: options.tempRoot,
    ...(options.now ? { now: options.now } : {}),
  })
}

class ChromiumPortalBrowser implements PortalBrowser<ChromiumPortal> {
  /** The kiosk page of the session being opened (`attachKiosk` comes first, one start at a time). */
  private kiosk: Page | null = null

  constructor(private readonly options: ChromiumSelfServiceOptions) {}

  attachKiosk(): KioskAttachment | string {
    const kiosk = this.options.kioskPage()
    if (!kiosk || kiosk.isClosed()) return 'the kiosk page is not open'
    this.kiosk = kiosk
    return watchKioskDocument(kiosk, this.options.deliver)
  }

  async open(setup: PortalSetup): Promise<ChromiumPortal> {
    const kiosk = this.kiosk
    if (!kiosk) throw new Error('the kiosk page is not open')
    let context: BrowserContext
    try {
      context = await this.options.browser.newContext({
        // Every request, redirect hop, frame and WebSocket of the session leaves through the proxy,
        // loopback included (Playwright adds `<-loopback>` to the bypass list).
        proxy: { server: setup.proxyServer },
        acceptDownloads: true,
        serviceWorkers: 'block',
        permissions: [],
        // Headful: the page fills its window, which is placed over the portal area. Headless: the
        // viewport is the area.
        viewport: this.options.placeWindows ? null : viewportOf(setup.bounds),
      })
    } catch (error) {
      throw new Error(`no browser context: ${(error as Error).message}`, { cause: error })
    }
    try {
      return await this.openPortal(context, kiosk, setup)
    } catch (error) {
      await context
        .close()
        .catch((closing: unknown) => log.warn('a half-opened portal context did not close', closing))
      throw new Error(`the portal could not be opened: ${(error as Error).message}`, { cause: error })
    }
  }

  /** The context's guards, then its one page and that page's own guard for redirects. */
  private async openPortal(
    context: BrowserContext,
    kiosk: Page,
    setup: PortalSetup,
  ): Promise<ChromiumPortal> {
    const { hooks } = setup
    let portal: ChromiumPortal | null = null
    await context.exposeBinding(ACTIVITY_BINDING, (source) => {
      if (portal && source.page === portal.page) hooks.activity()
    })
    await context.addInitScript(installActivityReporter, ACTIVITY_BINDING)
    await context.addInitScript(disableWebRtc)
    await context.route('**/*', (route, request) => guardRequest(route, request, hooks, portal?.page ?? null))
    const page = await context.newPage()
    portal = new ChromiumPortal(context, page, kiosk, hooks, this.options)
    const opened = portal
    // Registered after the portal page exists: every later page is a pop-up.
    context.on('page', (popup) => {
      if (popup !== page) {
        void popup.close().catch((error: unknown) => log.ignored('a pop-up that closed by itself', error))
      }
    })
    // Unanswered, Playwright dismisses every dialog, and an egov "are you sure?" would say no by itself.
    // The kiosk shows no dialogs, so the shell answers as the citizen would: a confirm() comes from a
    // button the citizen just pressed, so it is accepted, as are alerts and "leave this page?". A
    // prompt() asks for text the citizen never saw a box for: it is dismissed rather than answered with
    // a default nobody chose (the page goes on as if they pressed Cancel).
    context.on('dialog', (dialog) => {
      const answer = dialog.type() === 'prompt' ? dialog.dismiss() : dialog.accept()
      void answer.catch((error: unknown) => log.ignored('a dialog that went with its page', error))
    })
    await opened.watch()
    page.on('download', (download) => opened.download(download))
    return opened
  }
}

/**
 * The kiosk page's current document: if it goes away (reload, crash, another page) or closes, nobody
 * can end the session any more, so the session ends with the document that started it.
 */
function watchKioskDocument(kiosk: Page, deliver: ChromiumSelfServiceOptions['deliver']): KioskAttachment {
  const watch: KioskAttachment & { gone: boolean } = {
    gone: false,
    onGone: null,
    deliver,
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
    // frame() throws for a request of no frame of this page (a service worker's): not the kiosk's.
    try {
      if (request.frame() === kiosk.mainFrame()) goneNow()
    } catch {
      return
    }
  }
  kiosk.on('request', onRequest)
  kiosk.on('crash', goneNow)
  kiosk.on('close', goneNow)
  if (kiosk.isClosed()) goneNow()
  return watch
}
