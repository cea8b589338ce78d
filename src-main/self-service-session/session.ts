/**
 * One open self-service session and the decisions made while it lives: the allowlist, what the kiosk
 * is told (blocked hosts, page changes, activity, downloads), where a download may be saved and whether
 * it can be printed. The browser is the adapter's (./browser-port.ts); this is the same in both shells.
 */
import { join, resolve, sep } from 'node:path'
import type { PortalBounds, PortalDownload, PortalEvent, PortalNavigation } from '../../src-shared/bridge'
import { shouldReportActivity } from '../../src-shared/self-service/idle'
import { isAllowedPortalUrl, stepForUrl, withoutQuery } from '../../src-shared/self-service/portal-url'
import { refusalReporter, type AllowlistProxy, type ProxyRefusal } from './allowlist-proxy'
import type { DownloadEnd, DownloadHandle, KioskAttachment, PortalView, SessionHooks } from './browser-port'
import { isPdfFile, safeFileName } from './files'
import { hostOf, type PortalScenario } from './requests'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('self-service')

export interface DownloadRecord extends PortalDownload {
  path: string
}

export interface SessionSetup {
  serviceId: string
  scenario: PortalScenario['scenario']
  allowedDomains: string[]
  tempDir: string
  proxy: AllowlistProxy
  kiosk: KioskAttachment
  bounds: PortalBounds
  now: () => number
  /** Whether this session is the open one (the sessions' state, not the session's). */
  isCurrent: (session: object) => boolean
  /** Download ids count across sessions: `d1`, `d2`, … */
  nextDownloadId: () => string
}

export class ActiveSession<View extends PortalView = PortalView> {
  readonly serviceId: string
  readonly scenario: PortalScenario['scenario']
  readonly allowedDomains: string[]
  readonly tempDir: string
  readonly proxy: AllowlistProxy
  readonly kiosk: KioskAttachment
  /** Set once the adapter has opened the portal; null only while the session is being opened. */
  view: View | null = null
  /** The last bounds the kiosk page asked for; null while hidden. */
  bounds: PortalBounds | null
  readonly downloads = new Map<string, DownloadRecord>()
  /** Downloads still being saved: the wipe waits for them before it removes the folder. */
  readonly saving = new Set<Promise<void>>()
  private lastActivityReport: number | null = null
  /** Whether to tell the kiosk about a refusal: a page of refused images is one event. */
  private readonly shouldReport: (refusal: ProxyRefusal) => boolean
  readonly hooks: SessionHooks

  constructor(private readonly setup: SessionSetup) {
    this.serviceId = setup.serviceId
    this.scenario = setup.scenario
    this.allowedDomains = setup.allowedDomains
    this.tempDir = setup.tempDir
    this.proxy = setup.proxy
    this.kiosk = setup.kiosk
    this.bounds = setup.bounds
    this.shouldReport = refusalReporter(setup.now)
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the hooks' getters read this session's live state
    const session = this
    this.hooks = {
      startUrl: setup.scenario.startUrl,
      get current() {
        return session.current
      },
      isAllowed: (url) => this.isAllowed(url),
      blocked: (url) => this.emit({ type: 'blocked', host: hostOf(url) }),
      navigated: (url, canGoBack) => this.navigated(url, canGoBack),
      activity: () => this.activity(),
      download: (handle) => this.download(handle),
    }
  }

  get current(): boolean {
    return this.setup.isCurrent(this)
  }

  isAllowed(url: string): boolean {
    return isAllowedPortalUrl(url, this.allowedDomains)
  }

  /**
   * What only the proxy saw: a navigation it can name (plain http says so) is reported like any other;
   * for the rest (a tunnel's host, an image, a script) each host is reported at most once in a while.
   */
  proxyRefused(refusal: ProxyRefusal): void {
    if (this.current && this.shouldReport(refusal)) this.emit({ type: 'blocked', host: refusal.host })
  }

  emit(event: PortalEvent): void {
    if (this.current) this.kiosk.deliver('event', event)
  }

  private navigated(url: string, canGoBack: boolean): void {
    if (!this.current) return
    const navigation: PortalNavigation = {
      url: withoutQuery(url),
      step: stepForUrl(this.scenario.steps, url),
      canGoBack,
    }
    this.kiosk.deliver('navigated', navigation)
  }

  private activity(): void {
    if (!this.current) return
    const now = this.setup.now()
    if (!shouldReportActivity(this.lastActivityReport, now)) return
    this.lastActivityReport = now
    this.emit({ type: 'activity' })
  }

  /** Saved only inside the session's folder, whatever name the portal gave; printable if a PDF. */
  private download(handle: DownloadHandle): void {
    if (!this.current) {
      handle.cancel()
      return
    }
    const id = this.setup.nextDownloadId()
    const fileName = safeFileName(handle.suggestedName)
    const path = join(this.tempDir, `${id}-${fileName}`)
    if (!resolve(path).startsWith(resolve(this.tempDir) + sep)) {
      handle.cancel()
      return
    }
    const record: DownloadRecord = { id, fileName, state: 'progressing', printable: false, path }
    this.downloads.set(id, record)
    this.emit({ type: 'download', download: publicDownload(record) })
    const saving = handle
      .save(path)
      .catch((error: unknown): DownloadEnd => {
        log.warn('a download could not be saved', error)
        return 'interrupted'
      })
      .then(async (state) => {
        record.state = state
        record.printable = state === 'completed' && (await isPrintable(path))
        this.emit({ type: 'download', download: publicDownload(record) })
      })
    this.saving.add(saving)
    void saving.finally(() => this.saving.delete(saving))
  }
}

async function isPrintable(path: string): Promise<boolean> {
  try {
    return await isPdfFile(path)
  } catch (error) {
    log.ignored('a download that cannot be read is not printable', error)
    return false
  }
}

function publicDownload(record: DownloadRecord): PortalDownload {
  return { id: record.id, fileName: record.fileName, state: record.state, printable: record.printable }
}
