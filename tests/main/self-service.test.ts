import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerBridgeHandlers } from '../../src-main/electron/bridge-handlers'
import { electronSelfServiceSessions, safeFileName, TEMP_PREFIX } from '../../src-main/electron/self-service'
import type { SelfServiceSessions } from '../../src-main/self-service-session'
import {
  BRIDGE_CHANNELS,
  BRIDGE_EVENTS,
  type PortalEvent,
  type PortalNavigation,
} from '../../src-shared/bridge'
import { selfServiceCatalogue } from '../../src-shared/config'
import { PORTAL, selfServiceConfig } from '../shared/self-service-fixtures'
import {
  FakeBrowserWindow,
  FakeDownloadItem,
  FakePartition,
  FakeWebContentsView,
  invokeEvent,
  ipcMain,
  resetFakeElectron,
  session,
} from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const HUB = 'http://127.0.0.1:8080'
const BOUNDS = { x: 480, y: 96, width: 800, height: 704 }
const START = { serviceId: 'land', bounds: BOUNDS }

let tempRoot: string
let window: FakeBrowserWindow
let clock: number
let catalogue: unknown
let sessions: SelfServiceSessions

beforeEach(async () => {
  resetFakeElectron()
  tempRoot = mkdtempSync(join(tmpdir(), 'kezek-main-test-'))
  window = new FakeBrowserWindow({})
  await window.loadURL(`${HUB}/kiosk`)
  clock = 1_741_582_800_000
  catalogue = selfServiceCatalogue(selfServiceConfig())
  sessions = electronSelfServiceSessions({
    window: () => window as never,
    loadCatalogue: () => Promise.resolve(catalogue),
    tempRoot,
    printer: 'A4-Office',
    now: () => clock,
    pdfRenderMs: 0,
  })
})

afterEach(() => {
  rmSync(tempRoot, { recursive: true, force: true })
})

/** The portal view, its webContents and its partition, after a start. */
async function started() {
  await expect(sessions.start(START)).resolves.toEqual({ ok: true })
  const view = FakeWebContentsView.instances.at(-1)!
  const partition = FakePartition.instances.at(-1)!
  return { view, contents: view.webContents, partition }
}

function sessionFolders(): string[] {
  return readdirSync(tempRoot).filter((name) => name.startsWith(TEMP_PREFIX))
}

/** What the kiosk page was sent on `channel`. */
function sent<T>(channel: string): T[] {
  return window.webContents.send.mock.calls
    .filter(([name]) => name === channel)
    .map(([, payload]) => payload as T)
}

const portalEvents = () => sent<PortalEvent>(BRIDGE_EVENTS.portalEvent)

function navigation(url: string, isMainFrame = true) {
  return { url, isMainFrame, isSameDocument: false, preventDefault: vi.fn() }
}

describe('starting a session', () => {
  it('opens the portal in a fresh in-memory partition, beside the step panel', async () => {
    const { view, contents, partition } = await started()
    expect(session.fromPartition).toHaveBeenCalledOnce()
    expect(partition.partition).toMatch(/^kezek-self-service-[0-9a-f-]{36}$/)
    expect(partition.partition.startsWith('persist:')).toBe(false)
    expect(view.options.webPreferences).toMatchObject({
      session: partition,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
    })
    expect(view.options.webPreferences).not.toHaveProperty('preload')
    expect(window.contentView.children).toEqual([view])
    expect(view.setBounds).toHaveBeenCalledWith(BOUNDS)
    // The start page comes from the hub's catalogue, not from the page.
    expect(contents.loadURL).toHaveBeenCalledWith(`${PORTAL}/services/land`)
    expect(sessionFolders()).toHaveLength(1)
    expect(partition.setDownloadPath).toHaveBeenCalledWith(join(tempRoot, sessionFolders()[0]!))
  })

  it("sends every request of the partition through the session's own allowlist proxy, closed at the end", async () => {
    const { partition } = await started()
    expect(partition.setProxy).toHaveBeenCalledOnce()
    const [config] = partition.setProxy.mock.calls[0]!
    expect(config).toEqual({
      proxyRules: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      proxyBypassRules: '<-loopback>',
    })
    // The proxy answers for the allowlist: an off-list URL is refused there, and the kiosk is told.
    const port = Number(config.proxyRules.split(':')[1])
    const status = await new Promise<number>((done, fail) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, method: 'GET', path: 'http://evil.example/steal' },
        (answer) => {
          answer.resume()
          done(answer.statusCode ?? 0)
        },
      )
      request.on('error', fail)
      request.end()
    })
    expect(status).toBe(403)
    expect(portalEvents()).toContainEqual({ type: 'blocked', host: 'evil.example' })

    await expect(sessions.end()).resolves.toEqual({ ok: true })
    const refused = await new Promise<string>((done) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        done('open')
      })
      socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  })

  it('grants the portal no permission at all', async () => {
    const { partition } = await started()
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'fullscreen']) {
      let granted: boolean | undefined
      partition.permissionRequest!(null, permission, (answer) => (granted = answer))
      expect(granted, permission).toBe(false)
      expect(partition.permissionCheck!(null, permission, PORTAL)).toBe(false)
    }
  })

  it('gives every session its own partition and folder, ending the previous one first', async () => {
    const first = await started()
    const firstFolder = sessionFolders()[0]!
    const second = await started()
    expect(second.partition.partition).not.toBe(first.partition.partition)
    expect(first.partition.clearStorageData).toHaveBeenCalledOnce()
    expect(window.contentView.children).toEqual([second.view])
    expect(sessionFolders()).toHaveLength(1)
    expect(sessionFolders()[0]).not.toBe(firstFolder)
  })

  it('keeps the view inside the window and hides it on request', async () => {
    const { view } = await started()
    await sessions.setBounds({ x: -20, y: 700, width: 2000, height: 300.4 })
    expect(view.setBounds).toHaveBeenLastCalledWith({ x: 0, y: 700, width: 1280, height: 100 })
    await expect(sessions.setBounds(null)).resolves.toEqual({ ok: true })
    expect(view.setVisible).toHaveBeenLastCalledWith(false)
    await expect(sessions.setBounds({ x: 0, y: 0, width: 'wide' })).resolves.toMatchObject({
      reason: 'invalid_request',
    })
  })

  it('refuses a bad request, a service without a portal, a silent hub and an off-list start page', async () => {
    await expect(sessions.start({ serviceId: 'land' })).resolves.toMatchObject({ reason: 'invalid_request' })
    await expect(sessions.start({ ...START, serviceId: 'passport' })).resolves.toMatchObject({
      reason: 'not_self_service',
    })
    catalogue = { nonsense: true }
    await expect(sessions.start(START)).resolves.toMatchObject({ reason: 'hub_unreachable' })
    const failing = electronSelfServiceSessions({
      window: () => window as never,
      loadCatalogue: () => Promise.reject(new Error('ECONNREFUSED')),
      tempRoot,
      printer: null,
    })
    await expect(failing.start(START)).resolves.toMatchObject({ reason: 'hub_unreachable' })
    const tampered = selfServiceCatalogue(selfServiceConfig())
    tampered.services[0]!.selfService.startUrl = 'https://evil.example/land'
    catalogue = tampered
    await expect(sessions.start(START)).resolves.toMatchObject({ reason: 'not_self_service' })
    expect(FakeWebContentsView.instances).toHaveLength(0)
    expect(sessionFolders()).toEqual([])
  })
})

describe('the allowlist', () => {
  it('blocks navigation, redirects and frames to a foreign URL, and tells the page', async () => {
    const { contents } = await started()
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const away = navigation('https://evil.example/phish?from=egov')
      contents.emit(name, away)
      expect(away.preventDefault, name).toHaveBeenCalled()
    }
    const subframe = navigation('https://ads.example/frame', false)
    contents.emit('will-frame-navigate', subframe)
    expect(subframe.preventDefault).toHaveBeenCalled()
    const http = navigation('http://portal.test/login')
    contents.emit('will-navigate', http)
    expect(http.preventDefault).toHaveBeenCalled()
    expect(portalEvents()).toContainEqual({ type: 'blocked', host: 'evil.example' })
    expect(portalEvents()).toContainEqual({ type: 'blocked', host: 'ads.example' })
  })

  it('lets the portal move within its domains', async () => {
    const { contents } = await started()
    for (const [name, url] of [
      ['will-navigate', `${PORTAL}/login`],
      ['will-redirect', 'https://idp.portal.test/sso'],
      ['will-frame-navigate', `${PORTAL}/services/land/request`],
    ] as const) {
      const move = navigation(url)
      contents.emit(name, move)
      expect(move.preventDefault, url).not.toHaveBeenCalled()
    }
    const blank = navigation('about:blank', false)
    contents.emit('will-frame-navigate', blank)
    expect(blank.preventDefault).not.toHaveBeenCalled()
    const blankPage = navigation('about:blank', true)
    contents.emit('will-frame-navigate', blankPage)
    expect(blankPage.preventDefault).toHaveBeenCalled()
  })

  it('opens an allowed pop-up in the same view and refuses any other, never a new window', async () => {
    const { contents } = await started()
    contents.loadURL.mockClear()
    expect(contents.windowOpenHandler!({ url: `${PORTAL}/services/land/result/print` })).toEqual({
      action: 'deny',
    })
    expect(contents.loadURL).toHaveBeenCalledWith(`${PORTAL}/services/land/result/print`)
    contents.loadURL.mockClear()
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' })
    expect(contents.loadURL).not.toHaveBeenCalled()
    expect(portalEvents()).toContainEqual({ type: 'blocked', host: 'evil.example' })
    expect(FakeBrowserWindow.instances).toEqual([window])
  })
})

describe('following the portal', () => {
  it('reports each page with its step, without query or fragment', async () => {
    const { contents } = await started()
    contents.navigationHistory.canGoBack.mockReturnValue(true)
    contents.emit('did-navigate', {}, `${PORTAL}/services/land/request/form?iin=880101300123#top`, 200, 'OK')
    contents.emit('did-navigate-in-page', {}, `${PORTAL}/login/otp`, true, 1, 1)
    contents.emit('did-navigate-in-page', {}, `${PORTAL}/services/land/result`, false, 1, 2)
    contents.emit('did-navigate', {}, `${PORTAL}/about`, 200, 'OK')
    expect(sent<PortalNavigation>(BRIDGE_EVENTS.portalNavigated)).toEqual([
      { url: `${PORTAL}/services/land/request/form`, step: 1, canGoBack: true },
      { url: `${PORTAL}/login/otp`, step: 0, canGoBack: true },
      { url: `${PORTAL}/about`, step: null, canGoBack: true },
    ])
    expect(JSON.stringify(window.webContents.send.mock.calls)).not.toContain('880101300123')
  })

  it('reports touches inside the portal at most once a second, and not mere moves', async () => {
    const { contents } = await started()
    contents.emit('input-event', {}, { type: 'mouseMove' })
    contents.emit('input-event', {}, { type: 'touchStart' })
    clock += 400
    contents.emit('input-event', {}, { type: 'keyDown' })
    clock += 600
    contents.emit('input-event', {}, { type: 'mouseDown' })
    expect(portalEvents().filter((e) => e.type === 'activity')).toHaveLength(2)
  })

  it('goes back and home on request', async () => {
    const { contents } = await started()
    contents.navigationHistory.canGoBack.mockReturnValue(true)
    await sessions.back()
    expect(contents.navigationHistory.goBack).toHaveBeenCalledOnce()
    contents.loadURL.mockClear()
    await sessions.home()
    expect(contents.loadURL).toHaveBeenCalledWith(`${PORTAL}/services/land`)
  })

  it('does not go back past the start page, and answers no_session once the session is over', async () => {
    const { contents } = await started()
    contents.navigationHistory.canGoBack.mockReturnValue(false)
    await expect(sessions.back()).resolves.toEqual({ ok: true })
    expect(contents.navigationHistory.goBack).not.toHaveBeenCalled()
    await sessions.end()
    contents.loadURL.mockClear()
    await expect(sessions.back()).resolves.toMatchObject({ ok: false, reason: 'no_session' })
    await expect(sessions.home()).resolves.toMatchObject({ ok: false, reason: 'no_session' })
    expect(contents.loadURL).not.toHaveBeenCalled()
  })
})

describe('downloads and printing', () => {
  /** A download of `name` with `content`, taken through to `done`. */
  async function download(partition: FakePartition, name: string, content: string | null) {
    const item = new FakeDownloadItem(name)
    partition.emit('will-download', {}, item, {})
    if (content !== null) {
      mkdirSync(dirname(item.savePath!), { recursive: true })
      writeFileSync(item.savePath!, content)
      item.emit('done', {}, 'completed')
      await vi.waitFor(
        () => expect(portalEvents().filter((e) => e.type === 'download').length).toBeGreaterThan(1),
        { timeout: 15_000 },
      )
    }
    return item
  }

  it('saves downloads only inside the session folder, whatever the name says', async () => {
    const { partition } = await started()
    const folder = resolve(tempRoot, sessionFolders()[0]!)
    for (const name of [
      '../../etc/passwd',
      '..\\..\\Windows\\system.ini',
      '/tmp/evil.pdf',
      '',
      'справка.pdf',
    ]) {
      const item = new FakeDownloadItem(name)
      partition.emit('will-download', {}, item, {})
      expect(item.setSavePath).toHaveBeenCalledOnce()
      expect(resolve(item.savePath!).startsWith(folder + sep), `${name} -> ${item.savePath}`).toBe(true)
    }
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('a<b>:c.pdf')).toBe('a_b_c.pdf')
    expect(safeFileName('...')).toBe('download')
  })

  it('tells the page about a download and whether it is a printable PDF', async () => {
    const { partition } = await started()
    await download(partition, 'certificate.pdf', '%PDF-1.7\n...')
    expect(portalEvents().filter((e) => e.type === 'download')).toEqual([
      {
        type: 'download',
        download: { id: 'd1', fileName: 'certificate.pdf', state: 'progressing', printable: false },
      },
      {
        type: 'download',
        download: { id: 'd1', fileName: 'certificate.pdf', state: 'completed', printable: true },
      },
    ])
    await download(partition, 'page.pdf', '<script>alert(1)</script>')
    expect(portalEvents().at(-1)).toMatchObject({ download: { id: 'd2', printable: false } })
  })

  it('prints the portal page silently on the certificate printer', async () => {
    const { contents } = await started()
    contents.printers = [{ name: 'Thermal-80' }, { name: 'A4-Office' }]
    await expect(sessions.print({})).resolves.toEqual({ ok: true })
    expect(contents.print.mock.calls[0]![0]).toMatchObject({ silent: true, deviceName: 'A4-Office' })
    contents.printers = [{ name: 'Thermal-80' }]
    await expect(sessions.print({})).resolves.toEqual({ ok: false, reason: 'printer "A4-Office" not found' })
  })

  it('prints a downloaded PDF from a hidden window of the same session, and refuses anything else', async () => {
    const { partition, contents } = await started()
    contents.printers = [{ name: 'A4-Office' }]
    const item = await download(partition, 'certificate.pdf', '%PDF-1.7\n...')
    await expect(sessions.print({ downloadId: 'd1' })).resolves.toEqual({ ok: true })
    const hidden = FakeBrowserWindow.instances.at(-1)!
    expect(hidden).not.toBe(window)
    expect(hidden.options).toMatchObject({
      show: false,
      webPreferences: { session: partition, sandbox: true },
    })
    expect(hidden.webContents.loadURL).toHaveBeenCalledWith(
      expect.stringMatching(/^file:\/\/.*d1-certificate\.pdf$/),
    )
    expect(hidden.webContents.print.mock.calls[0]![0]).toMatchObject({
      silent: true,
      deviceName: 'A4-Office',
    })
    expect(hidden.destroyed).toBe(true)
    expect(item.savePath).toContain(TEMP_PREFIX)

    await download(partition, 'page.html', '<html>')
    await expect(sessions.print({ downloadId: 'd2' })).resolves.toMatchObject({ ok: false })
    await expect(sessions.print({ downloadId: 'd9' })).resolves.toMatchObject({ ok: false })
    await expect(sessions.print({ path: '/etc/passwd' })).resolves.toMatchObject({ ok: false })
  })
})

describe('ending a session', () => {
  it('closes the view and wipes storage, caches and downloads', async () => {
    const { view, contents, partition } = await started()
    const folder = join(tempRoot, sessionFolders()[0]!)
    writeFileSync(join(folder, 'd1-certificate.pdf'), '%PDF-1.7')
    await expect(sessions.end()).resolves.toEqual({ ok: true })
    expect(window.contentView.removeChildView).toHaveBeenCalledWith(view)
    expect(window.contentView.children).toEqual([])
    expect(contents.close).toHaveBeenCalledOnce()
    expect(partition.clearStorageData).toHaveBeenCalledOnce()
    expect(partition.clearStorageData.mock.calls[0]).toEqual([]) // everything: cookies, storage, caches
    expect(partition.clearCache).toHaveBeenCalledOnce()
    expect(partition.clearAuthCache).toHaveBeenCalledOnce()
    expect(partition.clearHostResolverCache).toHaveBeenCalledOnce()
    expect(existsSync(folder)).toBe(false)
    expect(sessions.isOpen).toBe(false)
    // Twice is fine; afterwards the portal functions have nothing to act on.
    await expect(sessions.end()).resolves.toEqual({ ok: true })
    await expect(sessions.setBounds(BOUNDS)).resolves.toMatchObject({ reason: 'no_session' })
    await expect(sessions.print({})).resolves.toMatchObject({ ok: false })
  })

  it('cancels a running download and refuses new ones once ended', async () => {
    const { partition } = await started()
    const running = new FakeDownloadItem('big.pdf')
    partition.emit('will-download', {}, running, {})
    await sessions.end()
    expect(running.cancel).toHaveBeenCalled()
    const late = new FakeDownloadItem('late.pdf')
    partition.emit('will-download', {}, late, {})
    expect(late.setSavePath).not.toHaveBeenCalled()
  })

  it('goes on wiping when one step fails, and says which', async () => {
    const { partition } = await started()
    partition.clearCache.mockRejectedValueOnce(new Error('disk busy'))
    await expect(sessions.end()).resolves.toEqual({
      ok: false,
      reason: 'wipe_failed',
      message: 'clear the cache: disk busy',
    })
    expect(partition.clearAuthCache).toHaveBeenCalled()
    expect(partition.clearHostResolverCache).toHaveBeenCalled()
    expect(sessionFolders()).toEqual([])
  })

  it('wipes by itself when the kiosk page reloads or crashes, not on a route change', async () => {
    const first = await started()
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true })
    expect(sessions.isOpen).toBe(true)
    window.webContents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    await vi.waitFor(() => expect(first.partition.clearStorageData).toHaveBeenCalled(), { timeout: 15_000 })
    expect(sessions.isOpen).toBe(false)

    const second = await started()
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed' })
    await vi.waitFor(() => expect(second.partition.clearHostResolverCache).toHaveBeenCalled(), {
      timeout: 15_000,
    })
    expect(sessionFolders()).toEqual([])
  })

  it('sweeps folders a power cut left behind, and nothing else', async () => {
    mkdirSync(join(tempRoot, `${TEMP_PREFIX}old1`))
    writeFileSync(join(tempRoot, `${TEMP_PREFIX}old1`, 'd1-certificate.pdf'), '%PDF')
    mkdirSync(join(tempRoot, 'someone-else'))
    await sessions.sweepLeftovers()
    expect(readdirSync(tempRoot)).toEqual(['someone-else'])
  })
})

describe('the bridge', () => {
  it('refuses a self-service call from a foreign sender before anything opens', async () => {
    registerBridgeHandlers({
      hubOrigin: HUB,
      isOurWindow: (contents) => contents === (window.webContents as never),
      appInfo: () => {
        throw new Error('not asked')
      },
      printTicket: () => Promise.resolve({ ok: true }),
      printerState: () => 'unknown',
      selfService: sessions,
    })
    const stranger = new FakeBrowserWindow({})
    await stranger.loadURL(`${HUB}/kiosk`)
    const start = ipcMain.handlers.get(BRIDGE_CHANNELS.startSelfService)!
    await expect(
      Promise.resolve().then(() => start(invokeEvent(stranger.webContents), START)),
    ).rejects.toThrow(/not a Kezek window/)
    expect(session.fromPartition).not.toHaveBeenCalled()
    await expect(start(invokeEvent(window.webContents), START)).resolves.toEqual({ ok: true })
    expect(session.fromPartition).toHaveBeenCalledOnce()
  })

  it('goes back, home and prints the portal page for the kiosk window only', async () => {
    registerBridgeHandlers({
      hubOrigin: HUB,
      isOurWindow: (contents) => contents === (window.webContents as never),
      appInfo: () => {
        throw new Error('not asked')
      },
      printTicket: () => Promise.resolve({ ok: true }),
      printerState: () => 'unknown',
      selfService: sessions,
    })
    const { contents } = await started()
    contents.printers = [{ name: 'A4-Office' }]
    contents.navigationHistory.canGoBack.mockReturnValue(true)
    contents.loadURL.mockClear()
    const stranger = new FakeBrowserWindow({})
    await stranger.loadURL(`${HUB}/kiosk`)
    const call = (channel: string, sender: typeof contents, arg?: unknown) =>
      Promise.resolve().then(() => ipcMain.handlers.get(channel)!(invokeEvent(sender), arg))

    for (const channel of [
      BRIDGE_CHANNELS.portalBack,
      BRIDGE_CHANNELS.portalHome,
      BRIDGE_CHANNELS.printCertificate,
    ]) {
      await expect(call(channel, stranger.webContents as never, {})).rejects.toThrow(/not a Kezek window/)
    }
    expect(contents.navigationHistory.goBack).not.toHaveBeenCalled()
    expect(contents.loadURL).not.toHaveBeenCalled()
    expect(contents.print).not.toHaveBeenCalled()

    await expect(call(BRIDGE_CHANNELS.portalBack, window.webContents as never)).resolves.toEqual({ ok: true })
    expect(contents.navigationHistory.goBack).toHaveBeenCalledOnce()
    await expect(call(BRIDGE_CHANNELS.portalHome, window.webContents as never)).resolves.toEqual({ ok: true })
    expect(contents.loadURL).toHaveBeenCalledWith(`${PORTAL}/services/land`)
    await expect(call(BRIDGE_CHANNELS.printCertificate, window.webContents as never, {})).resolves.toEqual({
      ok: true,
    })
    expect(contents.print.mock.calls[0]![0]).toMatchObject({
      silent: true,
      printBackground: true,
      deviceName: 'A4-Office',
    })
  })
})
