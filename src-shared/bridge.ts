/**
 * The few functions the Electron preload exposes to the page as `window.kezek`. Named functions only:
 * the page never chooses an IPC channel. In a plain browser `window.kezek` is undefined and the faces
 * fall back (print dialog, credentials from the URL).
 */
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
  electron: string
}

/** What goes on an 80 mm thermal ticket. Texts already in the citizen's language(s). */
export interface PrintableTicket {
  number: string
  centreName: string
  serviceName: string
  issuedAt: number
  ahead: number
  estimateMinutes: number
  /** The phone tracker URL encoded in the QR code. */
  trackUrl: string
  language: Language
}

export type PrintResult = { ok: true } | { ok: false; reason: string }

export interface KezekBridge {
  appInfo(): Promise<AppInfo>
  printTicket(ticket: PrintableTicket): Promise<PrintResult>
}

/** IPC channel names, fixed here and used only by the preload and the main process. */
export const BRIDGE_CHANNELS = {
  appInfo: 'kezek:app-info',
  printTicket: 'kezek:print-ticket',
} as const
