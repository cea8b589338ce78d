/**
 * What every page the Chromium shell shows itself (the kiosk face, the hall display) is held to: the
 * hub's origin only, the bridge in every page answering only that page's main frame, and no pop-ups.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core'
import {
  BRIDGE_BINDING,
  BRIDGE_FUNCTIONS,
  DELIVER_FUNCTION,
  installKioskBridge,
  type BridgeFunction,
} from './bridge-script'
import { ignoreClosed, type KioskPageState } from './kiosk-page'

/** Who called the binding: what Playwright's `exposeBinding` tells the handler. */
export interface BindingSource {
  page: Page
  frame: Frame
}

export type BridgeHandler = (source: BindingSource, name: unknown, arg: unknown) => Promise<unknown>

/** The functions a face's shell answers; a name it leaves out is refused like an unknown one. */
export type BridgeTable = Partial<Record<BridgeFunction, (arg: unknown) => Promise<unknown>>>

export function originOf(url: string): string | null {
  // Not a URL has no origin: control flow, the caller refuses it.
  try {
    return new URL(url).origin
  } catch {
    return null
  }
}

/**
 * The binding's handler: answers only `page()`'s main frame while it shows the hub's origin (like the
 * Electron shell's sender check), and only for the names in `table`. Every argument is `unknown` from
 * the page and is parsed by the function it reaches.
 */
export function guardedBridgeHandler(
  hubOrigin: string,
  page: () => Page | null,
  table: BridgeTable,
): BridgeHandler {
  return async (source, name, arg) => {
    const own = page()
    if (!own || source.page !== own || source.frame !== own.mainFrame()) {
      throw new Error('kezek: bridge refused: only the kiosk page itself may use it')
    }
    if (originOf(source.frame.url()) !== hubOrigin) {
      throw new Error(`kezek: bridge refused: the page is not on the hub's origin (${hubOrigin})`)
    }
    const answer =
      typeof name === 'string' && (BRIDGE_FUNCTIONS as readonly string[]).includes(name)
        ? table[name as BridgeFunction]
        : undefined
    if (!answer) throw new Error('kezek: bridge refused: no such function')
    return answer(arg)
  }
}

/** The context's guards: the hub's origin only, the bridge in every page, and no pop-ups. */
export async function lockContext(
  context: BrowserContext,
  hubOrigin: string,
  handler: BridgeHandler,
  state: KioskPageState,
): Promise<void> {
  // The page and its frames: the hub's origin only.
  await context.route('**/*', (route, request) =>
    request.isNavigationRequest() && originOf(request.url()) !== hubOrigin
      ? route.abort('aborted').catch(ignoreClosed)
      : route.continue().catch(ignoreClosed),
  )
  await context.exposeBinding(BRIDGE_BINDING, (source, name: unknown, arg: unknown) =>
    handler(source, name, arg),
  )
  await context.addInitScript(installKioskBridge, {
    binding: BRIDGE_BINDING,
    deliver: DELIVER_FUNCTION,
  })
  // Every page but the shell's own is a pop-up, and a kiosk or a wall display has one screen.
  context.on('page', (popup) => {
    if (popup !== state.page && !state.opening) void popup.close().catch(ignoreClosed)
  })
}
