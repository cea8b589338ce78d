/**
 * The window of one face (kiosk, consultant, hall display) and its lock-down: the page is the hub's web
 * app and gets nothing of Node or Electron beyond the preload's named functions; it cannot leave the
 * hub's origin, open windows, or be granted device permissions it does not need.
 */
import { BrowserWindow, type Session, type WebContents } from 'electron'
import type { FaceRole } from '../../src-shared/bridge'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('electron')

export interface FaceWindowOptions {
  role: FaceRole
  /** The hub's origin; the only one the window may show. */
  hubOrigin: string
  /** Absolute path of the built preload (CommonJS, so the sandbox stays on). */
  preloadPath: string
  /** Development: devtools allowed, kiosk mode off so the developer can leave the window. */
  development: boolean
}

/**
 * A second policy the shell enforces on every page, on top of whatever the hub sends: Chromium applies
 * every Content-Security-Policy header it gets, so the stricter wins.
 */
export function shellContentSecurityPolicy(hubOrigin: string): string {
  const socket = hubOrigin.replace(/^http/, 'ws')
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${socket}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Permissions each face may be granted; everything else is denied. */
export const FACE_PERMISSIONS: Record<FaceRole, readonly string[]> = {
  kiosk: [],
  consultant: [],
  // Choosing the hall's loudspeaker for the chime and the spoken call.
  display: ['speaker-selection'],
}

export function isHubUrl(url: string, hubOrigin: string): boolean {
  // Not a URL is not the hub's: control flow, the caller refuses it.
  try {
    return new URL(url).origin === hubOrigin
  } catch {
    return false
  }
}

/**
 * Session-wide rules: CSP on every response, permissions per role and only for the hub's origin.
 * Call once per session, before the first window loads.
 */
export function secureSession(session: Session, role: FaceRole, hubOrigin: string): void {
  const policy = shellContentSecurityPolicy(hubOrigin)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    const existing = Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy')
    const values = existing ? (headers[existing] ?? []) : []
    if (existing) delete headers[existing]
    headers['Content-Security-Policy'] = [...values, policy]
    callback({ responseHeaders: headers })
  })
  const allowed = FACE_PERMISSIONS[role]
  session.setPermissionRequestHandler((webContents, permission, callback) => {
    callback(allowed.includes(permission) && isHubUrl(webContents.getURL(), hubOrigin))
  })
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    return allowed.includes(permission) && requestingOrigin === hubOrigin
  })
}

/** The URL a face loads: its route on the hub. Device credentials come from `window.kezek.appInfo()`. */
export function faceUrl(hubOrigin: string, role: FaceRole): string {
  return `${hubOrigin}/${role}`
}

const RELOAD_AFTER_LOAD_FAILURE_MS = 3_000

export function createFaceWindow(options: FaceWindowOptions): BrowserWindow {
  const { role, hubOrigin, development } = options
  const locked = role !== 'consultant' && !development
  const window = new BrowserWindow({
    show: false,
    title: 'Kezek',
    width: 1280,
    height: 800,
    backgroundColor: '#ffffff',
    kiosk: locked,
    fullscreen: locked,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: development,
      autoplayPolicy: role === 'display' ? 'no-user-gesture-required' : 'document-user-activation-required',
    },
  })
  window.removeMenu()
  window.once('ready-to-show', () => window.show())
  lockNavigation(window.webContents, hubOrigin)
  // A touch screen must not be pinch-zoomed out of its layout.
  if (role !== 'consultant') {
    void window.webContents
      .setVisualZoomLevelLimits(1, 1)
      .catch((error: unknown) => log.warn('pinch-zoom could not be turned off', error))
  }

  const url = faceUrl(hubOrigin, role)
  window.webContents.on('render-process-gone', () => {
    if (!window.isDestroyed()) window.webContents.reload()
  })
  // The hub may start after the window (or restart): keep trying instead of showing an error page.
  window.webContents.on('did-fail-load', (_event, errorCode, _description, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === -3 /* ERR_ABORTED: a newer navigation replaced this one */) return
    setTimeout(() => {
      if (!window.isDestroyed()) void window.loadURL(url).catch(retriedOnFailure)
    }, RELOAD_AFTER_LOAD_FAILURE_MS)
  })
  void window.loadURL(url).catch(retriedOnFailure)
  return window
}

function retriedOnFailure(error: unknown): void {
  log.ignored('the face did not load: did-fail-load tries again', error)
}

/** Keeps a window on the hub's origin and denies every new window. */
export function lockNavigation(webContents: WebContents, hubOrigin: string): void {
  webContents.on('will-navigate', (event) => {
    if (!isHubUrl(event.url, hubOrigin)) event.preventDefault()
  })
  webContents.on('will-redirect', (event) => {
    if (!isHubUrl(event.url, hubOrigin)) event.preventDefault()
  })
  webContents.on('will-attach-webview', (event) => event.preventDefault())
  webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
