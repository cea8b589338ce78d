/**
 * The few functions the Electron preload (or the Chromium kiosk shell, src-main/chromium-shell/) exposes
 * to the page as `window.kezek`. Named functions only: the page never chooses an IPC channel. In a
 * plain browser `window.kezek` is undefined and the faces fall back (print dialog, credentials from the
 * URL, the portal in a new tab).
 */
import type { PrinterState } from './domain/types'
import type { Language } from './config'

export type FaceRole = 'kiosk' | 'consultant' | 'display'

export interface AppInfo {
  /** Which face this window shows. */
  role: FaceRole
  /** The hub's origin, e.g. `http://127.0.0.1:8080`. */
  hubUrl: string
  /** Device credentials for kiosks and displays (from the shell's config file or flags). */
  deviceId: string | null
  deviceKey: string | null
  version: string
  /** Electron's version; empty in the Chromium kiosk shell. */
  electron: string
  /** Which kiosk shell answers; absent in shells older than the Chromium one (those are Electron). */
  shell?: 'electron' | 'chromium'
}

/** What goes on an 80 mm thermal ticket. Texts already in the citizen's language(s). */
export interface PrintableTicket {
  number: string
  centreName: string
  serviceName: string
  issuedAt: number
  /** The wait as the hub estimated it: `WaitFields` of the issued ticket. */
  ahead: number
  windows: number
  estimateMinutes: number | null
  estimateLow: number | null
  estimateHigh: number | null
  /** The phone tracker URL encoded in the QR code. */
  trackUrl: string
  language: Language
  /**
   * A booked ticket's slot (epoch ms), printed as "booked for 10:45", or as "come back at 10:45" when the
   * ticket was issued before the slot's window opened (a booking-only walk-in, who leaves the hall).
   */
  bookedFor?: { at: number; comeBack: boolean } | null
}

/**
 * `printer`: the printer's state, where the shell can tell it (out of paper, offline); absent, the page
 * takes a failure for `error` and a success for `ok`. The kiosk reports it to the hub (`device:report`).
 */
export type PrintResult =
  | { ok: true; printer?: PrinterState }
  | { ok: false; reason: string; printer?: PrinterState }

/**
 * Where the portal view of a self-service session goes in the kiosk window: the step panel's neighbour,
 * in CSS pixels of the page (`getBoundingClientRect()`; the kiosk page runs at zoom 1).
 */
export interface PortalBounds {
  x: number
  y: number
  width: number
  height: number
}

export interface PortalStartRequest {
  /** A service with a portal scenario; the shell reads its start page and allowlist from the hub. */
  serviceId: string
  bounds: PortalBounds
}

export type PortalFailure =
  /** Not a kiosk shell, or the kiosk window is gone. */
  | 'not_available'
  /** The hub did not answer `GET /api/self-service`, or answered nonsense. */
  | 'hub_unreachable'
  /** The hub's config has no portal scenario for this service. */
  | 'not_self_service'
  | 'invalid_request'
  /** No session is open (bounds, back, home, print). */
  | 'no_session'
  /** The session was closed, but some of its data could not be wiped (the message says what). */
  | 'wipe_failed'

export type PortalResult = { ok: true } | { ok: false; reason: PortalFailure; message: string }

/** The portal view showed a new page. */
export interface PortalNavigation {
  /** Origin and path of the page (no query, no fragment: those can carry personal data). */
  url: string
  /** The furthest scenario step this page belongs to, or null: the step panel moves on to it. */
  step: number | null
  canGoBack: boolean
}

export interface PortalDownload {
  id: string
  fileName: string
  state: 'progressing' | 'completed' | 'cancelled' | 'interrupted'
  /** A completed PDF, which `printCertificate({ downloadId })` can print. */
  printable: boolean
}

/** Other things the portal view tells the kiosk page. */
export type PortalEvent =
  /** A touch or key inside the portal: the page's idle countdown starts over (at most once a second). */
  | { type: 'activity' }
  /** A link, redirect or pop-up to a host outside the allowlist was refused. */
  | { type: 'blocked'; host: string }
  | { type: 'download'; download: PortalDownload }

export interface PrintCertificateRequest {
  /** A printable download; absent: the page the portal shows now. */
  downloadId?: string
}

/**
 * The self-service functions of the kiosk shell. Optional in `KezekBridge`: the page comes from the hub
 * and may be newer than the installed shell; without them the kiosk opens the portal in a new tab.
 */
export interface PortalBridge {
  /**
   * Opens the portal for a self-service session in a fresh in-memory browser session, beside the step
   * panel. A session still open is ended (and wiped) first.
   */
  startSelfService(request: PortalStartRequest): Promise<PortalResult>
  /** Moves the portal view; null hides it (while a dialog covers that part of the page). */
  setPortalBounds(bounds: PortalBounds | null): Promise<PortalResult>
  portalBack(): Promise<PortalResult>
  /** Back to the scenario's start page. */
  portalHome(): Promise<PortalResult>
  /** Prints the portal page, or a downloaded PDF, silently on the kiosk's certificate printer. */
  printCertificate(request?: PrintCertificateRequest): Promise<PrintResult>
  /** Closes the portal and wipes cookies, storage, caches and downloads. Safe to call twice. */
  endSelfService(): Promise<PortalResult>
  /** Subscribes to the portal's page changes; returns the unsubscribe function. */
  onPortalNavigated(callback: (navigation: PortalNavigation) => void): () => void
  onPortalEvent(callback: (event: PortalEvent) => void): () => void
}

/**
 * The ticket printer's state as the shell last read it from CUPS; `unknown` where it cannot tell (no
 * CUPS, no such printer, not read yet). Never reported to the hub as such.
 */
export type ShellPrinterState = PrinterState | 'unknown'

/**
 * The shell watches the ticket printer (at start, every 30 s, after each print) so that the kiosk
 * hears of paper running out when nobody prints. Optional in `KezekBridge`: older shells have neither.
 */
export interface PrinterBridge {
  /** The state now (the page asks once when it loads; the shell may have read it before). */
  printerState(): Promise<ShellPrinterState>
  /** Called with each new state (changes only); returns the unsubscribe function. */
  onPrinterState(callback: (state: ShellPrinterState) => void): () => void
}

export interface KezekBridge extends Partial<PortalBridge>, Partial<PrinterBridge> {
  appInfo(): Promise<AppInfo>
  printTicket(ticket: PrintableTicket): Promise<PrintResult>
}

/** IPC channel names, fixed here and used only by the preload and the main process. */
export const BRIDGE_CHANNELS = {
  appInfo: 'kezek:app-info',
  printTicket: 'kezek:print-ticket',
  startSelfService: 'kezek:self-service-start',
  setPortalBounds: 'kezek:portal-bounds',
  portalBack: 'kezek:portal-back',
  portalHome: 'kezek:portal-home',
  printCertificate: 'kezek:print-certificate',
  endSelfService: 'kezek:self-service-end',
  printerState: 'kezek:printer-state',
} as const

/** Channels the main process sends on to the kiosk page (the page only subscribes, through the preload). */
export const BRIDGE_EVENTS = {
  portalNavigated: 'kezek:portal-navigated',
  portalEvent: 'kezek:portal-event',
  printerState: 'kezek:printer-state-changed',
} as const
