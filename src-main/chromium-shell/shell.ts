/**
 * The Chromium kiosk shell: the kiosk face in a system Chromium driven by Playwright, for kiosk machines
 * without Electron. The kiosk page gets the same `window.kezek` as in the Electron shell, self-service
 * included (./self-service.ts), so the portal runs in a context of its own that is discarded at the
 * end of each session. The kiosk page itself may show only the hub's origin, in one tab.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { AppInfo, PrintResult, ShellPrinterState } from '../../src-shared/bridge'
import { watchPrinter, type PrinterWatch, type PrinterWatchOptions } from '../printer-state'
import {
  hubCatalogueLoader,
  sweepSessionFolders,
  TEMP_PREFIX,
  type SelfServicePort,
  type SelfServiceSessions,
} from '../self-service-session'
import { createShellLogger } from '../shell-logger'
import {
  DEFAULT_KIOSK_RETRY,
  kioskDeliverer,
  openKioskPage,
  printKioskPage,
  type KioskPageState,
  type KioskRetry,
} from './kiosk-page'
import { guardedBridgeHandler, lockContext, type BridgeHandler } from './locked-context'
import type { ChromiumPortal } from './portal-page'
import { chromiumSelfServiceSessions } from './self-service'

const log = createShellLogger('chromium-shell')

export type { KioskRetry } from './kiosk-page'
export type { BindingSource } from './locked-context'

export const DEFAULT_CHROMIUM = '/usr/bin/chromium'

export interface ChromiumShellOptions {
  /** The hub, e.g. `http://192.168.1.10:8080`; only its origin counts. */
  hubUrl: string
  deviceId: string
  deviceKey: string
  /** Default `/usr/bin/chromium`. */
  executablePath?: string
  /** Default false: a full-screen kiosk window. Tests run headless. */
  headless?: boolean
  /** Chromium switches; default `kioskArgs()` when headful, none when headless. */
  args?: string[]
  /** Chromium's environment (e.g. the X display); default this process's. */
  env?: Record<string, string | undefined>
  /** Where self-service download folders go. Default: the OS temp folder. */
  tempRoot?: string
  /** CUPS printer for downloaded certificates (PDF); default: the system's default printer. */
  printer?: string | null
  /**
   * CUPS queue of the queue tickets; default null: the system's default printer. Chromium's silent
   * print goes to its default printer, so a named one becomes Chromium's (its `PRINTER` variable);
   * the shell watches this queue's state for the kiosk page (../printer-state/).
   */
  ticketPrinter?: string | null
  /** How the ticket printer is watched (tests: a shorter interval, another `lpstat`). */
  printerWatch?: Pick<PrinterWatchOptions, 'intervalMs' | 'afterPrintMs' | 'lpstat'>
  /** The kiosk face's path on the hub. Default `/kiosk`. */
  kioskPath?: string
  /** The kiosk page's viewport; default null: the window's size (headful), e.g. 1080×1920 in tests. */
  viewport?: { width: number; height: number } | null
  /** The CUPS print command (tests). Default `lp`. */
  lpCommand?: string
  /** How loading the kiosk page is retried while the hub does not answer (tests shorten it). */
  kioskRetry?: Partial<KioskRetry>
}

export interface ChromiumShell {
  browser: Browser
  /** Where Chromium puts downloads first (under the temp root, swept at the next start). */
  downloadsPath: string
  kioskContext: BrowserContext
  /** The kiosk page now: a new one replaces it after a renderer crash. */
  readonly kioskPage: Page
  selfService: SelfServiceSessions<ChromiumPortal>
  /** The ticket printer's state, as the kiosk page hears it. */
  printer: PrinterWatch
  /** Ends a self-service session (wiping it) and closes the browser. */
  close(): Promise<void>
}

/**
 * Switches of the headful kiosk: full screen without browser UI (unless `fullScreen` is false), and `window.print()` silently on the
 * default printer (queue tickets and portal pages). Chromium's sandbox stays on, except as root, where
 * Chromium refuses to start with it: a kiosk should run as its own unprivileged user.
 */
export function kioskArgs(fullScreen = true, isRoot = process.getuid?.() === 0): string[] {
  return [
    ...(fullScreen ? ['--kiosk'] : []),
    '--kiosk-printing',
    '--no-first-run',
    '--disable-sync',
    '--disable-translate',
    '--noerrdialogs',
    ...(isRoot ? ['--no-sandbox'] : []),
  ]
}

/** The app's version (package.json), for `appInfo`; empty when it cannot be read. */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
    return (JSON.parse(text) as { version?: string }).version ?? ''
  } catch (error) {
    log.warn('no version: package.json cannot be read', error)
    return ''
  }
}

export interface KioskBridgeDependencies {
  hubOrigin: string
  kioskPage: () => Page | null
  appInfo: () => AppInfo
  printTicket: (ticket: unknown) => Promise<PrintResult>
  printerState: () => ShellPrinterState
  selfService: SelfServicePort & { raise(): Promise<void> }
}

/**
 * The kiosk page's binding handler: the names of `BRIDGE_FUNCTIONS`, answered only for the kiosk page's
 * main frame on the hub's origin (./locked-context.ts).
 */
export function createKioskBridgeHandler(deps: KioskBridgeDependencies): BridgeHandler {
  return guardedBridgeHandler(deps.hubOrigin, deps.kioskPage, {
    appInfo: () => Promise.resolve(deps.appInfo()),
    printTicket: (ticket) => deps.printTicket(ticket),
    startSelfService: (request) => deps.selfService.start(request),
    setPortalBounds: (bounds) => deps.selfService.setBounds(bounds),
    portalBack: () => deps.selfService.back(),
    portalHome: () => deps.selfService.home(),
    printCertificate: (request) => deps.selfService.print(request),
    endSelfService: () => deps.selfService.end(),
    printerState: () => Promise.resolve(deps.printerState()),
    kioskFocused: () => deps.selfService.raise().then(() => null),
  })
}

export async function launchChromiumShell(options: ChromiumShellOptions): Promise<ChromiumShell> {
  const hubOrigin = new URL(options.hubUrl).origin
  const headless = options.headless ?? false
  const tempRoot = options.tempRoot ?? tmpdir()
  // What a crash or power cut left: session folders and the browser's own downloads folder. Swept
  // before this run makes its own.
  await sweepSessionFolders(tempRoot)
  const { browser, downloadsPath } = await launchBrowser(options, headless, tempRoot)
  let printer: PrinterWatch | null = null
  const closeBrowser = () => {
    printer?.stop()
    return closeBrowserAndDownloads(browser, downloadsPath)
  }
  try {
    const kioskContext = await browser.newContext({ viewport: options.viewport ?? null })
    const kiosk: KioskPageState = {
      page: null,
      opening: false,
      closed: false,
      fullScreen: !headless && (options.args ?? kioskArgs()).includes('--kiosk'),
    }
    const deliver = kioskDeliverer(kiosk)
    const selfService = chromiumSelfServiceSessions({
      browser,
      kioskPage: () => kiosk.page,
      deliver,
      loadCatalogue: hubCatalogueLoader(hubOrigin),
      tempRoot,
      printer: options.printer ?? null,
      placeWindows: !headless,
      ...(options.lpCommand ? { lpCommand: options.lpCommand } : {}),
    })
    printer = watchPrinter({
      ...options.printerWatch,
      printer: options.ticketPrinter ?? null,
      onChange: (state) => deliver('printer', state),
    })
    const handler = kioskBridgeHandler(options, hubOrigin, kiosk, selfService, printer)
    await lockContext(kioskContext, hubOrigin, handler, kiosk)
    const kioskUrl = `${hubOrigin}${options.kioskPath ?? '/kiosk'}`
    const retry = { ...DEFAULT_KIOSK_RETRY, ...options.kioskRetry }
    await openKioskPage(kioskContext, kiosk, kioskUrl, retry)

    return {
      browser,
      downloadsPath,
      kioskContext,
      get kioskPage() {
        return kiosk.page!
      },
      selfService,
      printer,
      async close() {
        if (kiosk.closed) return
        kiosk.closed = true
        await selfService
          .end()
          .catch((error: unknown) => log.warn('the self-service session was not wiped on close', error))
        await closeBrowser()
      },
    }
  } catch (error) {
    await closeBrowser()
    throw error
  }
}

async function launchBrowser(
  options: ChromiumShellOptions,
  headless: boolean,
  tempRoot: string,
): Promise<{ browser: Browser; downloadsPath: string }> {
  // Playwright writes every download here first; by default that is a folder of the OS temp folder
  // that a killed shell leaves behind, with a citizen's certificate in it. Here the next start sweeps it.
  const downloadsPath = await mkdtemp(join(tempRoot, `${TEMP_PREFIX}browser-`))
  const browser = await chromium
    .launch({
      executablePath: options.executablePath ?? DEFAULT_CHROMIUM,
      downloadsPath,
      headless,
      args: options.args ?? (headless ? [] : kioskArgs()),
      ...chromiumEnv(options),
      // The "controlled by automated software" bar has no place on a kiosk.
      ...(headless ? {} : { ignoreDefaultArgs: ['--enable-automation'] }),
    })
    .catch(async (error: unknown) => {
      await rm(downloadsPath, { recursive: true, force: true })
      throw error
    })
  return { browser, downloadsPath }
}

/** Chromium's environment: the caller's, with the ticket printer as CUPS's default for Chromium alone. */
function chromiumEnv(options: ChromiumShellOptions): { env?: Record<string, string | undefined> } {
  if (!options.ticketPrinter) return options.env ? { env: options.env } : {}
  // CUPS's clients take PRINTER (LPDEST first) as the user's default printer.
  return {
    env: { ...(options.env ?? process.env), PRINTER: options.ticketPrinter, LPDEST: options.ticketPrinter },
  }
}

async function closeBrowserAndDownloads(browser: Browser, downloadsPath: string): Promise<void> {
  await browser.close().catch((error: unknown) => log.warn('Chromium did not close cleanly', error))
  await rm(downloadsPath, { recursive: true, force: true }).catch((error: unknown) =>
    log.warn("the browser's downloads folder stays until the next start", error),
  )
}

function kioskBridgeHandler(
  options: ChromiumShellOptions,
  hubOrigin: string,
  kiosk: KioskPageState,
  selfService: KioskBridgeDependencies['selfService'],
  printer: PrinterWatch,
): BridgeHandler {
  const version = packageVersion()
  return createKioskBridgeHandler({
    hubOrigin,
    kioskPage: () => kiosk.page,
    appInfo: () => ({
      role: 'kiosk',
      hubUrl: hubOrigin,
      deviceId: options.deviceId,
      deviceKey: options.deviceKey,
      version,
      electron: '',
      shell: 'chromium',
    }),
    printTicket: async () =>
      printer.afterPrint(
        kiosk.page ? await printKioskPage(kiosk.page) : { ok: false, reason: 'no kiosk page' },
      ),
    printerState: () => printer.current(),
    selfService,
  })
}
