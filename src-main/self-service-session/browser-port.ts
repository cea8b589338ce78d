/**
 * What the session core (./sessions.ts) asks of a kiosk shell's browser: the Electron shell's
 * partition and WebContentsView (src-main/electron/self-service.ts), the Chromium shell's
 * BrowserContext and Page (src-main/chromium-shell/self-service.ts). The core decides (what is
 * allowed, what the kiosk is told, when a session ends, what the wipe covers); an adapter only does
 * what its browser API needs for that, and reports back through `SessionHooks`.
 */
import type {
  PortalBounds,
  PortalDownload,
  PortalEvent,
  PortalNavigation,
  PrintResult,
} from '../../src-shared/bridge'

/** What is handed to the kiosk page: a page change of the portal, or another portal event. */
export type DeliveryKind = 'navigated' | 'event'

/**
 * The kiosk page the session was asked for from, watched from the start: if that document goes away
 * (reload, crash, navigation, window closed), nobody can end the session any more, so it ends.
 */
export interface KioskAttachment {
  /** Whether the document has already gone. */
  readonly gone: boolean
  /** Called once when it goes; null until the session is open (then `gone` alone tells). */
  onGone: (() => void) | null
  /** Hands a portal change or event to the kiosk page's listeners. */
  deliver(kind: DeliveryKind, payload: PortalNavigation | PortalEvent): void
  /** Removes the watch's listeners. */
  detach(): void
}

/** How a download ended (`PortalDownload['state']` without `progressing`). */
export type DownloadEnd = Exclude<PortalDownload['state'], 'progressing'>

/** A download the portal started, as the adapter's browser hands it over. */
export interface DownloadHandle {
  /** The name the portal suggested; never used as a path. */
  suggestedName: string
  cancel(): void
  /**
   * Saves the file at `path` (called at once, inside the browser's download event) and resolves with
   * how it ended. Never rejects.
   */
  save(path: string): Promise<DownloadEnd>
}

/** The session's side of the adapter: what the browser saw, for the core to decide and report. */
export interface SessionHooks {
  /** The scenario's start page (home, and where a crashed portal goes back to). */
  readonly startUrl: string
  /** Whether this session is still the open one: what an ended session sees is dropped. */
  readonly current: boolean
  /** The allowlist, on any URL. */
  isAllowed(url: string): boolean
  /** The portal was refused `url`: the kiosk is told its host. */
  blocked(url: string): void
  /** The portal's main frame shows `url` now. */
  navigated(url: string, canGoBack: boolean): void
  /** A touch, click or key inside the portal (the kiosk page's idle countdown cannot see it). */
  activity(): void
  download(handle: DownloadHandle): void
}

/** The session's temp folder, proxy and kiosk: what an adapter needs to open the portal. */
export interface PortalSetup {
  /** `http://127.0.0.1:<port>`: the session's allowlist proxy, the browser's only way out. */
  proxyServer: string
  /** The session's download folder. */
  tempDir: string
  bounds: PortalBounds
  kiosk: KioskAttachment
  hooks: SessionHooks
}

/** Runs one wipe step; a failure is noted and the wipe goes on. */
export type WipeStep = (what: string, action: () => unknown) => Promise<void>

/** One open portal: the adapter's handle on its view, page or context. */
export interface PortalView {
  /** Shows the portal over `bounds` (the kiosk page's CSS pixels). */
  place(bounds: PortalBounds): Promise<void>
  hide(): Promise<void>
  /** One step back in the portal's history, unless that is the blank first page. */
  back(): Promise<void>
  /** Loads `url` in the portal (a failed load shows the browser's own error page). */
  load(url: string): Promise<void>
  /** Why printing cannot work now (a missing printer), or null. */
  printerProblem?(): Promise<string | null>
  /** Prints the page the portal shows. */
  printPage(): Promise<PrintResult>
  /** Prints a completed PDF download. */
  printFile(path: string): Promise<PrintResult>
  /** The kiosk window came to the front: the portal goes back over it (headful Chromium). */
  raise?(): Promise<void>
  /** Closes the portal and wipes what its browser kept; each step through `step`. */
  close(step: WipeStep): Promise<void>
}

/** A kiosk shell's browser, as the session core uses it. */
export interface PortalBrowser<View extends PortalView = PortalView> {
  /** The kiosk page, watched from now on; a string says why there is none (`not_available`). */
  attachKiosk(): KioskAttachment | string
  /**
   * Opens the portal (blank) in a browser session of its own whose only way out is `proxyServer`.
   * On failure it undoes what it made and throws an error whose message is shown to the kiosk.
   */
  open(setup: PortalSetup): Promise<View>
}
