/**
 * The scripts the Chromium kiosk shell puts into pages before any of their own code runs
 * (`context.addInitScript`). Playwright sends each function's source to the browser, so they must not
 * use anything from this module's scope: what they need comes in as their argument.
 */
import type { KezekBridge, PortalBridge, PrinterBridge } from '../../src-shared/bridge'
import type { DeliveryKind as PortalDeliveryKind } from '../self-service-session'

/** What the shell hands the kiosk page: the portal's navigations and events, the printer's state. */
export type DeliveryKind = PortalDeliveryKind | 'printer'

/** The one binding the kiosk page's `window.kezek` calls; the shell answers by a fixed name table. */
export const BRIDGE_BINDING = '__kezekShell'
/** Where the shell hands portal events and printer states to the kiosk page (`page.evaluate`). */
export const DELIVER_FUNCTION = '__kezekShellDeliver'
/** The binding through which the portal reports a touch or key (the only thing it can tell the shell). */
export const ACTIVITY_BINDING = '__kezekPortalActivity'

/** The functions the kiosk page may ask for, by name; `kioskFocused` is the shell's own (see shell.ts). */
export const BRIDGE_FUNCTIONS = [
  'appInfo',
  'printTicket',
  'startSelfService',
  'setPortalBounds',
  'portalBack',
  'portalHome',
  'printCertificate',
  'endSelfService',
  'printerState',
  'kioskFocused',
] as const
export type BridgeFunction = (typeof BRIDGE_FUNCTIONS)[number]

export interface KioskBridgeNames {
  binding: string
  deliver: string
}

/**
 * Runs in every frame of the kiosk context: defines `window.kezek` with the same named functions as the
 * Electron preload. Each calls the one binding with its own name; the shell checks that the caller is
 * the kiosk page's main frame on the hub's origin, whatever a script in the page does with the binding.
 */
export function installKioskBridge(names: KioskBridgeNames): void {
  type Listener = (value: unknown) => void
  const scope = globalThis as unknown as Record<string, unknown> & {
    addEventListener(type: string, listener: () => void): void
    top: unknown
  }
  // Looked up at each call: the binding may be installed after this script runs.
  const call = (name: string, arg?: unknown) =>
    (scope[names.binding] as (name: string, arg?: unknown) => Promise<never>)(name, arg)
  const listeners: Record<DeliveryKind, Set<Listener>> = {
    navigated: new Set(),
    event: new Set(),
    printer: new Set(),
  }
  const subscribe = (kind: DeliveryKind, callback: Listener) => {
    listeners[kind].add(callback)
    return () => {
      listeners[kind].delete(callback)
    }
  }
  const bridge: KezekBridge & PortalBridge & PrinterBridge = {
    appInfo: () => call('appInfo'),
    printTicket: (ticket) => call('printTicket', ticket),
    startSelfService: (request) => call('startSelfService', request),
    setPortalBounds: (bounds) => call('setPortalBounds', bounds),
    portalBack: () => call('portalBack'),
    portalHome: () => call('portalHome'),
    printCertificate: (request) => call('printCertificate', request ?? {}),
    endSelfService: () => call('endSelfService'),
    onPortalNavigated: (callback) => subscribe('navigated', callback as Listener),
    onPortalEvent: (callback) => subscribe('event', callback as Listener),
    printerState: () => call('printerState'),
    onPrinterState: (callback) => subscribe('printer', callback as Listener),
  }
  const fixed = { enumerable: false, configurable: false, writable: false }
  Object.defineProperty(scope, 'kezek', { ...fixed, value: Object.freeze(bridge) })
  Object.defineProperty(scope, names.deliver, {
    ...fixed,
    value: (kind: DeliveryKind, payload: unknown) => {
      for (const listener of [...(listeners[kind] ?? [])]) {
        try {
          listener(payload)
        } catch (error) {
          console.error(`kezek: a ${kind} listener failed`, error)
        }
      }
    },
  })
  // A headful kiosk window raises itself over the portal's window when touched: the shell puts the
  // portal back on top. Main frame only. This runs in the page, where the shell's logger is not: a
  // refused or failed call changes nothing the page could act on, so its answer is dropped.
  if (scope.top === scope) scope.addEventListener('focus', () => void call('kioskFocused').catch(() => null))
}

/**
 * Runs in every frame of a self-service session's context: a touch, click, wheel or key inside the
 * portal restarts the kiosk page's idle countdown, which cannot see the portal's window. The portal's
 * own scripts can call this binding too; all it can do is keep the session from timing out, which a
 * citizen standing there does anyway.
 */
export function installActivityReporter(binding: string): void {
  const scope = globalThis as unknown as Record<string, unknown> & {
    addEventListener(type: string, listener: () => void, options: object): void
  }
  // Runs in the portal page, where the shell's logger is not: a lost report only shortens the idle
  // countdown's view of the citizen by one touch, and the binding fails only as the session closes.
  const onInput = () => void (scope[binding] as () => Promise<unknown>)().catch(() => null)
  for (const type of ['pointerdown', 'touchstart', 'keydown', 'wheel']) {
    scope.addEventListener(type, onInput, { capture: true, passive: true })
  }
}

/**
 * Runs in every frame of a self-service session's context, before the portal's own scripts: removes
 * WebRTC, the one way out of the page that does not go through the session's allowlist proxy (its UDP
 * does not use proxies). The egov portal has no use for it.
 */
export function disableWebRtc(): void {
  const scope = globalThis as unknown as Record<string, unknown>
  for (const name of [
    'RTCPeerConnection',
    'webkitRTCPeerConnection',
    'RTCDataChannel',
    'RTCSessionDescription',
  ]) {
    try {
      Object.defineProperty(scope, name, { value: undefined, configurable: false, writable: false })
    } catch {
      // Control flow: already fixed by an earlier run of this script in the same frame.
    }
  }
}
