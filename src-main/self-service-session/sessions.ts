/**
 * The kiosk's guided self-service sessions, the same in both kiosk shells: the egov portal in a browser
 * session of its own beside the kiosk page's step panel, so that nothing of one citizen reaches the
 * next. The shell's browser comes in as a `PortalBrowser` (./browser-port.ts).
 *
 * The lifecycle: `start` (one at a time with `end`: a double tap never opens two sessions or wipes half
 * of one) watches the kiosk page, ends any open session, asks the hub for the scenario (start page and
 * allowlist come from the hub, never from the page), makes the download folder and the allowlist proxy
 * (./allowlist-proxy.ts, the session's only way out), and lets the adapter open the portal. The kiosk
 * page going away while the session opens or lives ends it. `end` wipes: the adapter closes its portal
 * and clears what its browser kept, the proxy closes with every connection through it, running
 * downloads settle, the folder goes; every step runs even if one fails, and the result names the ones
 * that failed. Folders left by a power cut go at the next start (`sweepLeftovers`).
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { PortalBounds, PortalResult, PrintResult } from '../../src-shared/bridge'
import { isAllowedPortalUrl } from '../../src-shared/self-service/portal-url'
import { startAllowlistProxy, type AllowlistProxy } from './allowlist-proxy'
import type { KioskAttachment, PortalBrowser, PortalView } from './browser-port'
import { sweepSessionFolders, TEMP_PREFIX } from './files'
import {
  boundsSchema,
  failure,
  loadPortalScenario,
  OK,
  printSchema,
  startSchema,
  type SelfServicePort,
} from './requests'
import { ActiveSession } from './session'
import { createShellLogger } from '../shell-logger'

const log = createShellLogger('self-service')

const NO_SESSION = failure('no_session', 'no self-service session is open')

export interface SelfServiceOptions<View extends PortalView> {
  /** The shell's browser. */
  browser: PortalBrowser<View>
  /** The hub's self-service catalogue (`GET /api/self-service`), as parsed JSON. */
  loadCatalogue: () => Promise<unknown>
  /** Where each session's download folder is made (the OS temp folder). */
  tempRoot: string
  now?: () => number
}

/** The open session, for the shell's diagnostics and tests. */
export interface CurrentSession<View> {
  view: View | null
  tempDir: string
  bounds: PortalBounds | null
}

export class SelfServiceSessions<View extends PortalView = PortalView> implements SelfServicePort {
  private active: ActiveSession<View> | null = null
  private queue: Promise<unknown> = Promise.resolve()
  private downloadCounter = 0
  private readonly now: () => number

  constructor(private readonly options: SelfServiceOptions<View>) {
    this.now = options.now ?? Date.now
  }

  /** Whether a session is open. */
  get isOpen(): boolean {
    return this.active !== null
  }

  get current(): CurrentSession<View> | null {
    const active = this.active
    return active ? { view: active.view, tempDir: active.tempDir, bounds: active.bounds } : null
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task)
    // The caller gets `run`'s error; the queue only needs to know the task is over.
    this.queue = run.catch(() => undefined)
    return run
  }

  start(input: unknown): Promise<PortalResult> {
    return this.serial(async () => {
      const parsed = startSchema.safeParse(input)
      if (!parsed.success)
        return failure('invalid_request', 'send { serviceId, bounds: { x, y, width, height } }')
      // Watched from before the first wait: a kiosk page that reloads, crashes or leaves while the
      // session opens could never end it, so the session must not outlive that document.
      const kiosk = this.options.browser.attachKiosk()
      if (typeof kiosk === 'string') return failure('not_available', kiosk)
      try {
        return await this.open(parsed.data.serviceId, parsed.data.bounds, kiosk)
      } finally {
        // Kept only by the session that opened (it set `onGone`); otherwise nothing is left to watch.
        if (kiosk.onGone === null) kiosk.detach()
      }
    })
  }

  private async open(serviceId: string, bounds: PortalBounds, kiosk: KioskAttachment): Promise<PortalResult> {
    if (this.active) await this.wipe()

    const found = await loadPortalScenario(this.options.loadCatalogue, serviceId)
    if ('ok' in found) return found
    const { scenario, allowedDomains } = found

    let tempDir: string
    try {
      tempDir = await mkdtemp(join(this.options.tempRoot, TEMP_PREFIX))
    } catch (error) {
      return failure('not_available', `no folder for downloads: ${(error as Error).message}`)
    }
    let session: ActiveSession<View> | null = null
    let proxy: AllowlistProxy
    try {
      proxy = await startAllowlistProxy({
        isAllowed: (url) => isAllowedPortalUrl(url, allowedDomains),
        onRefused: (refusal) => session?.proxyRefused(refusal),
      })
    } catch (error) {
      await removeFolder(tempDir)
      return failure('not_available', `no allowlist proxy: ${(error as Error).message}`)
    }
    session = new ActiveSession<View>({
      serviceId,
      scenario,
      allowedDomains,
      tempDir,
      proxy,
      kiosk,
      bounds,
      now: this.now,
      isCurrent: (candidate) => this.active === candidate,
      nextDownloadId: () => `d${++this.downloadCounter}`,
    })
    this.active = session
    try {
      session.view = await this.options.browser.open({
        proxyServer: proxy.server,
        tempDir,
        bounds,
        kiosk,
        hooks: session.hooks,
      })
    } catch (error) {
      if (this.active === session) await this.wipe()
      return failure('not_available', (error as Error).message)
    }
    const view = session.view
    await view
      .place(bounds)
      .catch((error: unknown) => log.ignored('a portal that cannot move still works', error))
    if (kiosk.gone || this.active !== session) {
      if (this.active === session) await this.wipe()
      return failure('not_available', 'the kiosk page went away while the session was opening')
    }
    // From here the kiosk page's going away ends the session.
    const opened = session
    kiosk.onGone = () => {
      if (this.active === opened) void this.end()
    }
    void view
      .load(scenario.startUrl)
      .catch((error: unknown) => log.ignored("a failed load shows the browser's error page", error))
    return OK
  }

  /** While the session opens, the bounds are only remembered: the page may ask before `start` answers. */
  async setBounds(input: unknown): Promise<PortalResult> {
    const active = this.active
    if (!active) return NO_SESSION
    if (input === null) {
      active.bounds = null
      await active.view?.hide().catch((error: unknown) => log.ignored('a portal that cannot hide', error))
      return OK
    }
    const parsed = boundsSchema.safeParse(input)
    if (!parsed.success) return failure('invalid_request', 'send { x, y, width, height } or null')
    active.bounds = parsed.data
    await active.view
      ?.place(parsed.data)
      .catch((error: unknown) => log.ignored('a portal that cannot move still works', error))
    return OK
  }

  async back(): Promise<PortalResult> {
    const view = this.active?.view
    if (!view) return NO_SESSION
    await view.back()
    return OK
  }

  home(): Promise<PortalResult> {
    const active = this.active
    if (!active?.view) return Promise.resolve(NO_SESSION)
    void active.view
      .load(active.scenario.startUrl)
      .catch((error: unknown) => log.ignored("a failed load shows the browser's error page", error))
    return Promise.resolve(OK)
  }

  async print(input: unknown): Promise<PrintResult> {
    const active = this.active
    const view = active?.view
    if (!active || !view) return { ok: false, reason: 'no self-service session is open' }
    const parsed = printSchema.safeParse(input ?? {})
    if (!parsed.success) return { ok: false, reason: 'send {} or { downloadId }' }
    const { downloadId } = parsed.data
    try {
      const problem = (await view.printerProblem?.()) ?? null
      if (problem !== null) return { ok: false, reason: problem }
      if (downloadId === undefined) return await view.printPage()
      const download = active.downloads.get(downloadId)
      if (!download) return { ok: false, reason: `no download ${downloadId} in this session` }
      if (!download.printable) return { ok: false, reason: `${download.fileName} is not a completed PDF` }
      return await view.printFile(download.path)
    } catch (error) {
      return { ok: false, reason: (error as Error).message }
    }
  }

  /** The kiosk window was touched and came to the front: the portal goes back over it. */
  async raise(): Promise<void> {
    const active = this.active
    if (!active?.view?.raise || !active.bounds) return
    await active.view.raise()
  }

  end(): Promise<PortalResult> {
    return this.serial(() => this.wipe())
  }

  /** Removes download folders that a crash or power cut left behind. Call once at start. */
  sweepLeftovers(): Promise<void> {
    return sweepSessionFolders(this.options.tempRoot)
  }

  /** Wipes the open session; every step runs even if one fails, and a folder still there is reported. */
  private async wipe(): Promise<PortalResult> {
    const active = this.active
    if (!active) return OK
    this.active = null
    active.kiosk.detach()
    const problems: string[] = []
    const step = async (what: string, action: () => unknown) => {
      try {
        await action()
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`)
      }
    }
    if (active.view) await active.view.close(step)
    await step('close the allowlist proxy', () => active.proxy.close())
    await step('finish saving downloads', () => Promise.allSettled([...active.saving]))
    await step('remove downloads', () => rm(active.tempDir, { recursive: true, force: true }))
    if (existsSync(active.tempDir)) problems.push(`remove downloads: ${active.tempDir} is still there`)
    return problems.length === 0 ? OK : failure('wipe_failed', problems.join('; '))
  }
}

async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true }).catch((error: unknown) =>
    log.warn(`a session folder could not be removed (swept at the next start): ${path}`, error),
  )
}
