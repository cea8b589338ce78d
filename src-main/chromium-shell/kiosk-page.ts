/**
 * The Chromium shell's kiosk page: opened (again after a renderer crash), loaded until the hub answers,
 * printed for a queue ticket, and handed the portal's navigations and events.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type { PortalEvent, PortalNavigation, PrintResult, ShellPrinterState } from '../../src-shared/bridge'
import { createShellLogger } from '../shell-logger'
import { DELIVER_FUNCTION, type DeliveryKind } from './bridge-script'

const log = createShellLogger('chromium-shell')

/**
 * A queue ticket: the kiosk page prints itself, in its 80 mm print layout (KioskTicketPrint.vue), once
 * that layout has its QR code; `--kiosk-printing` makes it silent. The ticket the page sends is not
 * needed: the layout shows the same facts. Headless, `window.print()` prints nothing.
 */
export async function printKioskPage(page: Page): Promise<PrintResult> {
  try {
    await page
      .waitForFunction(
        () => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document
          return doc.querySelector('.kiosk-print svg') !== null
        },
        undefined,
        { timeout: 3_000 },
      )
      .catch((error: unknown) =>
        log.ignored('an older page without the print layout still prints what it shows', error),
      )
    await page.evaluate(async () => {
      const scope = globalThis as unknown as {
        document: { fonts: { ready: Promise<unknown> } }
        print(): void
      }
      await scope.document.fonts.ready
      scope.print()
    })
    return { ok: true }
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  }
}

/** How the kiosk page's load is retried while the hub does not answer. */
export interface KioskRetry {
  /** The wait after the first failure; it doubles after each further one. Default 1 s. */
  firstDelayMs: number
  /** The longest wait between tries. Default 30 s. */
  maxDelayMs: number
}

export const DEFAULT_KIOSK_RETRY: KioskRetry = { firstDelayMs: 1_000, maxDelayMs: 30_000 }

/**
 * Loads the kiosk face, trying again with growing pauses until the hub answers (a kiosk often boots
 * before the hub's machine does). Between tries the page is blank, never Chromium's error page. Stops
 * when the page or the shell closes.
 */
async function loadKioskPage(
  page: Page,
  url: string,
  retry: KioskRetry,
  stopped: () => boolean,
): Promise<void> {
  for (let delay = retry.firstDelayMs; !stopped() && !page.isClosed(); ) {
    try {
      const response = await page.goto(url)
      if (!response || response.status() < 500) return
    } catch (error) {
      if (page.isClosed() || stopped()) return
      log.ignored('the hub does not answer yet: trying again', error)
    }
    await page.goto('about:blank').catch((error: unknown) => log.ignored('a blank page between tries', error))
    await new Promise((wait) => setTimeout(wait, delay))
    delay = Math.min(delay * 2, retry.maxDelayMs)
  }
}

/** The kiosk page of a running shell, shared by its handlers. */
export interface KioskPageState {
  /** The kiosk page now: a new one replaces it after a renderer crash. */
  page: Page | null
  /** True while the shell itself opens the kiosk page, which is then no pop-up. */
  opening: boolean
  /** True once the shell is closing. */
  closed: boolean
  /**
   * Headful kiosk mode: the page's window is made full screen. Chromium's `--kiosk` fills only the
   * window it starts with, and every Playwright context opens a window of its own, at a default size.
   */
  fullScreen?: boolean
}

/**
 * Hands a portal navigation or event, or the printer's new state, to the kiosk page's bridge, if there
 * is a page to take it (a page that loads later asks for the printer's state itself).
 */
export function kioskDeliverer(
  kiosk: KioskPageState,
): (kind: DeliveryKind, payload: PortalNavigation | PortalEvent | ShellPrinterState) => void {
  return (kind, payload) => {
    const page = kiosk.page
    if (!page || page.isClosed()) return
    void page
      .evaluate(
        ([fn, k, value]) => {
          const deliverTo = (globalThis as unknown as Record<string, unknown>)[fn]
          if (typeof deliverTo === 'function') deliverTo(k, value)
        },
        [DELIVER_FUNCTION, kind, payload] as const,
      )
      .catch((error: unknown) => log.ignored(`the kiosk page went away before a ${kind} delivery`, error))
  }
}

/** Opens the kiosk page (in place of a crashed one) and loads the kiosk face in it. */
export async function openKioskPage(
  kioskContext: BrowserContext,
  kiosk: KioskPageState,
  kioskUrl: string,
  retry: KioskRetry,
  crashed?: Page,
): Promise<Page> {
  kiosk.opening = true
  let page: Page
  try {
    page = await kioskContext.newPage()
  } finally {
    kiosk.opening = false
  }
  kiosk.page = page
  void crashed?.close().catch(ignoreClosed)
  if (kiosk.fullScreen) await fillScreen(page)
  // A crashed kiosk renderer would stay on Chromium's crash page, and Playwright drives a crashed
  // page no more: a new kiosk page takes its place.
  page.once('crash', () => {
    if (kiosk.closed || kiosk.page !== page) return
    void openKioskPage(kioskContext, kiosk, kioskUrl, retry, page).catch((error: unknown) =>
      log.warn('no new kiosk page after a crash (the browser is closing?)', error),
    )
  })
  await loadKioskPage(page, kioskUrl, retry, () => kiosk.closed || kiosk.page !== page)
  return page
}

/**
 * Makes the page's window full screen (with `--kiosk`: no browser bars, no way out). The window is first
 * sized to the screen, so that an X session without a window manager (which alone honours "full
 * screen") still shows the page over the whole screen.
 */
export async function fillScreen(page: Page): Promise<void> {
  const screen = await page.evaluate(() => {
    const { width, height } = (globalThis as unknown as { screen: { width: number; height: number } }).screen
    return { width, height }
  })
  const cdp = await page.context().newCDPSession(page)
  try {
    const { windowId } = await cdp.send('Browser.getWindowForTarget')
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: 0, top: 0, ...screen } })
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'fullscreen' } })
  } finally {
    await cdp.detach().catch(ignoreClosed)
  }
}

export function ignoreClosed(error: unknown): void {
  log.ignored('the kiosk page or context closed under the call', error)
}
