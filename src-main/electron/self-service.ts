/**
 * The Electron shell's browser for self-service sessions (../self-service-session/ decides the rest):
 * the egov portal in a WebContentsView over the kiosk window's portal area (./portal-view.ts).
 *
 * - Each session gets a fresh in-memory partition (a random name without `persist:`: Chromium keeps
 *   its cookies, storage and cache in memory only), downloading into the session's folder, with no
 *   permission, no preload, no Node. The partition's only way out is the session's allowlist proxy.
 * - The kiosk page going away (reload, crash, navigation) or its window closing ends the session.
 * - The idle countdown runs in the page (`src-shared/self-service/idle.ts`); touches inside the view,
 *   which the page cannot see, are reported as `activity`.
 */
import { randomUUID } from 'node:crypto'
import { type BrowserWindow, session as electronSession, WebContentsView } from 'electron'
import { BRIDGE_EVENTS } from '../../src-shared/bridge'
import {
  SelfServiceSessions,
  type KioskAttachment,
  type PortalBrowser,
  type PortalSetup,
} from '../self-service-session'
import { ElectronPortal, guardView, type PortalViewOptions } from './portal-view'

export { hubCatalogueLoader, safeFileName, TEMP_PREFIX } from '../self-service-session'

/** Partition names: random, and never `persist:`, so Chromium writes nothing of the session to disk. */
export const PARTITION_PREFIX = 'kezek-self-service-'

export interface ElectronSelfServiceOptions extends PortalViewOptions {
  /** The kiosk window the portal view sits in; null before it exists or after it closed. */
  window: () => BrowserWindow | null
  /** The hub's self-service catalogue (`GET /api/self-service`), as parsed JSON. */
  loadCatalogue: () => Promise<unknown>
  /** Where each session's download folder is made (the OS temp folder). */
  tempRoot: string
  development?: boolean
  now?: () => number
}

/** The kiosk's self-service sessions in the Electron shell. */
export function electronSelfServiceSessions(
  options: ElectronSelfServiceOptions,
): SelfServiceSessions<ElectronPortal> {
  return new SelfServiceSessions({
    browser: new ElectronPortalBrowser(options),
    loadCatalogue: options.loadCatalogue,
    tempRoot: options.tempRoot,
    ...(options.now ? { now: options.now } : {}),
  })
}

class ElectronPortalBrowser implements PortalBrowser<ElectronPortal> {
  constructor(private readonly options: ElectronSelfServiceOptions) {}

  attachKiosk(): KioskAttachment | string {
    const window = this.options.window()
    if (!window || window.isDestroyed()) return 'the kiosk window is not open'
    return watchKioskWindow(window)
  }

  async open(setup: PortalSetup): Promise<ElectronPortal> {
    const window = this.options.window()
    if (!window || window.isDestroyed()) throw new Error('the kiosk window is not open')
    const partition = `${PARTITION_PREFIX}${randomUUID()}`
    const session = electronSession.fromPartition(partition, { cache: true })
    try {
      // `<-loopback>`: Chromium would otherwise send this machine's addresses around the proxy.
      await session.setProxy({
        proxyRules: setup.proxyServer.replace(/^http:\/\//, ''),
        proxyBypassRules: '<-loopback>',
      })
    } catch (error) {
      throw new Error(`the portal's proxy could not be set: ${(error as Error).message}`, { cause: error })
    }
    const view = new WebContentsView({
      webPreferences: {
        session,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        safeDialogs: true,
        devTools: this.options.development ?? false,
      },
    })
    const portal = new ElectronPortal(this.options, window, session, view, setup.hooks)
    portal.secureSession(setup.tempDir)
    guardView(view.webContents, setup.hooks)
    view.setBackgroundColor('#ffffff')
    window.contentView.addChildView(view)
    return portal
  }
}

/**
 * If the kiosk page goes away (reload, crash, another page) or its window closes, nobody can end the
 * session any more: the session ends with it.
 */
function watchKioskWindow(window: BrowserWindow): KioskAttachment {
  const kiosk = window.webContents
  const watch: KioskAttachment & { gone: boolean } = {
    gone: false,
    onGone: null,
    deliver: (kind, payload) => {
      const channel = kind === 'navigated' ? BRIDGE_EVENTS.portalNavigated : BRIDGE_EVENTS.portalEvent
      if (!window.isDestroyed() && !kiosk.isDestroyed()) kiosk.send(channel, payload)
    },
    detach: () => {
      kiosk.removeListener('did-start-navigation', onNavigation)
      kiosk.removeListener('render-process-gone', goneNow)
      window.removeListener('closed', goneNow)
    },
  }
  function goneNow() {
    if (watch.gone) return
    watch.gone = true
    watch.onGone?.()
  }
  function onNavigation(details: { isMainFrame: boolean; isSameDocument: boolean }) {
    if (details.isMainFrame && !details.isSameDocument) goneNow()
  }
  kiosk.on('did-start-navigation', onNavigation)
  kiosk.on('render-process-gone', goneNow)
  window.on('closed', goneNow)
  return watch
}
