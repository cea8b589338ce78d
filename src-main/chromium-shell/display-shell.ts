/**
 * The hall display in the Chromium shell: the display face full screen in kiosk mode, with Chromium's
 * autoplay policy lifted so the chime and the spoken call play with nobody touching the screen (as the
 * Electron display window does with `autoplayPolicy: 'no-user-gesture-required'`). The page gets
 * `window.kezek.appInfo()` with the display's credentials and nothing else of the bridge, and may show
 * only the hub's origin, in one tab.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { createShellLogger } from '../shell-logger'
import { DEFAULT_KIOSK_RETRY, openKioskPage, type KioskPageState, type KioskRetry } from './kiosk-page'
import { guardedBridgeHandler, lockContext } from './locked-context'
import { DEFAULT_CHROMIUM, kioskArgs, packageVersion } from './shell'

const log = createShellLogger('chromium-shell')

/** Chromium's switch that lets a page play sound before anyone has touched it. */
export const AUTOPLAY_SWITCH = '--autoplay-policy=no-user-gesture-required'

export interface ChromiumDisplayOptions {
  /** The hub, e.g. `http://192.168.1.10:8080`; only its origin counts. */
  hubUrl: string
  deviceId: string
  deviceKey: string
  /** Default `/usr/bin/chromium`. */
  executablePath?: string
  /** Default false: a full-screen window. */
  headless?: boolean
  /** Chromium switches; default `displayArgs()`. */
  args?: string[]
  /** Chromium's environment (e.g. the X display); default this process's. */
  env?: Record<string, string | undefined>
  /** The page's viewport; default null: the window's size. */
  viewport?: { width: number; height: number } | null
  /** How loading the display page is retried while the hub does not answer. */
  retry?: Partial<KioskRetry>
}

export interface ChromiumDisplay {
  browser: Browser
  context: BrowserContext
  /** The display page now: a new one replaces it after a renderer crash. */
  readonly page: Page
  close(): Promise<void>
}

/**
 * Switches of the display: those of the kiosk (full screen unless `fullScreen` is false, no first-run
 * or translate bubbles), without silent printing (a display prints nothing), with autoplay allowed.
 */
export function displayArgs(fullScreen = true, isRoot = process.getuid?.() === 0): string[] {
  return [...kioskArgs(fullScreen, isRoot).filter((arg) => arg !== '--kiosk-printing'), AUTOPLAY_SWITCH]
}

export async function launchChromiumDisplay(options: ChromiumDisplayOptions): Promise<ChromiumDisplay> {
  const hubOrigin = new URL(options.hubUrl).origin
  const headless = options.headless ?? false
  const args = options.args ?? displayArgs()
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? DEFAULT_CHROMIUM,
    headless,
    args,
    ...(options.env ? { env: options.env } : {}),
    // The "controlled by automated software" bar has no place on a wall display.
    ...(headless ? {} : { ignoreDefaultArgs: ['--enable-automation'] }),
  })
  const state: KioskPageState = {
    page: null,
    opening: false,
    closed: false,
    fullScreen: !headless && args.includes('--kiosk'),
  }
  const close = async () => {
    state.closed = true
    await browser.close().catch((error: unknown) => log.warn('Chromium did not close cleanly', error))
  }
  try {
    const context = await browser.newContext({ viewport: options.viewport ?? null })
    const version = packageVersion()
    const handler = guardedBridgeHandler(hubOrigin, () => state.page, {
      appInfo: () =>
        Promise.resolve({
          role: 'display',
          hubUrl: hubOrigin,
          deviceId: options.deviceId,
          deviceKey: options.deviceKey,
          version,
          electron: '',
          shell: 'chromium',
        }),
    })
    await lockContext(context, hubOrigin, handler, state)
    const retry = { ...DEFAULT_KIOSK_RETRY, ...options.retry }
    await openKioskPage(context, state, `${hubOrigin}/display`, retry)
    return {
      browser,
      context,
      get page() {
        return state.page!
      },
      close,
    }
  } catch (error) {
    await close()
    throw error
  }
}
