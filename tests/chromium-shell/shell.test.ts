/**
 * The Chromium kiosk shell in a real Chromium against a real hub and a stand-in portal on loopback: the
 * kiosk page with the shell's `window.kezek`, guided self-service sessions in contexts of their own,
 * and what must not cross from one citizen to the next.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PortalEvent, PortalNavigation, PortalResult, PrintResult } from '../../src-shared/bridge'
import { launchChromiumShell, type ChromiumShell } from '../../src-main/chromium-shell/shell'
import { TEMP_PREFIX } from '../../src-main/self-service-session'
import { buildRendererOnce, CHROMIUM_TEST_ARGS, screenshot } from '../e2e/support'
import {
  demoConfig,
  demoCredentials,
  expectOk,
  startTestHub,
  withPortalStandIn,
  type Fact,
  type TestHub,
} from '../support/hub-harness'
import { CERTIFICATE_PDF, START_PATH, startPortalStandIn, type PortalStandIn } from './portal-stand-in'

const SERVICE = 'no-criminal-record'
const BOUNDS = { x: 420, y: 120, width: 640, height: 900 }

let hub: TestHub
let portal: PortalStandIn
let shell: ChromiumShell
let kiosk: Page
let tempRoot: string
let lpPath: string

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  portal = await startPortalStandIn()
  const config = withPortalStandIn(demoConfig(), portal.origin)
  config.selfService!.allowedDomains.push(new URL(portal.otherSite).host)
  hub = await startTestHub({
    config,
    credentials: demoCredentials(),
    hubOptions: { rendererDir },
  })
  tempRoot = mkdtempSync(join(tmpdir(), 'kezek-chromium-shell-test-'))
  // A folder a power cut left behind: the shell removes it when it starts.
  writeFileSync(join(mkdtempSync(join(tempRoot, TEMP_PREFIX)), 'd1-old.pdf'), CERTIFICATE_PDF)
  // And the browser's own downloads folder of a shell that was killed, a certificate still in it.
  writeFileSync(join(mkdtempSync(join(tempRoot, `${TEMP_PREFIX}browser-`)), 'a1b2c3'), CERTIFICATE_PDF)
  lpPath = join(tempRoot, 'lp')
  shell = await launchChromiumShell({
    hubUrl: `${hub.url}/ignored/path`,
    deviceId: 'kiosk-1',
    deviceKey: hub.credentials.deviceKeys['kiosk-1']!,
    headless: true,
    args: [...CHROMIUM_TEST_ARGS],
    tempRoot,
    viewport: { width: 1080, height: 1920 },
    lpCommand: lpPath,
  })
  kiosk = shell.kioskPage
}, 240_000)

afterAll(async () => {
  await shell?.close()
  await hub?.close()
  await portal?.close()
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true })
})

/** Session download folders (not the browser's own downloads folder of this run). */
const sessionFolders = () =>
  readdirSync(tempRoot).filter(
    (name) => name.startsWith(TEMP_PREFIX) && join(tempRoot, name) !== shell.downloadsPath,
  )
const portalPage = (): Page => {
  const page = shell.selfService.current?.view?.page
  if (!page) throw new Error('no portal page')
  return page
}
/** Hits that reached the off-list host. */
const offListHits = () => portal.hits.filter((hit) => hit.host.startsWith('localhost'))

async function kioskHome(): Promise<void> {
  await kiosk.goto(`${hub.url}/kiosk`)
  await kiosk.locator('.home-group').first().waitFor()
}

/** Starts a session through the page's `window.kezek`, collecting the portal's events in the page. */
async function startThroughBridge(request: unknown = { serviceId: SERVICE, bounds: BOUNDS }) {
  return kiosk.evaluate(async (body) => {
    const scope = window as unknown as { portalEvents: PortalEvent[]; navigations: PortalNavigation[] }
    scope.portalEvents = []
    scope.navigations = []
    window.kezek!.onPortalEvent!((event) => scope.portalEvents.push(event))
    window.kezek!.onPortalNavigated!((navigation) => scope.navigations.push(navigation))
    return window.kezek!.startSelfService!(body as never)
  }, request)
}
const navigations = () =>
  kiosk.evaluate(() => (window as unknown as { navigations: PortalNavigation[] }).navigations)
const portalEvents = () =>
  kiosk.evaluate(() => (window as unknown as { portalEvents: PortalEvent[] }).portalEvents)

async function waitForPortal(path: string): Promise<Page> {
  await expect.poll(() => shell.selfService.current?.view?.page?.url()).toBe(`${portal.origin}${path}`)
  return portalPage()
}

describe('the Chromium kiosk shell', () => {
  it('swept the leftover download folders at start and answers appInfo as the kiosk', async () => {
    expect(sessionFolders()).toEqual([])
    // This run's browser downloads folder is the only one left, and the next start sweeps it the same way.
    expect(readdirSync(tempRoot).filter((name) => name.startsWith(TEMP_PREFIX))).toEqual([
      basename(shell.downloadsPath),
    ])
    expect(shell.downloadsPath.startsWith(join(tempRoot, TEMP_PREFIX))).toBe(true)
    await kiosk.locator('.home-group').first().waitFor()
    const info = await kiosk.evaluate(() => window.kezek!.appInfo())
    expect(info).toMatchObject({
      role: 'kiosk',
      hubUrl: hub.url,
      deviceId: 'kiosk-1',
      deviceKey: hub.credentials.deviceKeys['kiosk-1'],
      version: '0.1.0',
      electron: '',
      shell: 'chromium',
    })
    // The credentials came from the shell: the address never carried them.
    expect(kiosk.url()).toBe(`${hub.url}/kiosk`)
  })

  it('runs a guided session in a context of its own, and the next citizen finds nothing of it', async () => {
    await kioskHome()
    await kiosk.locator('[data-language="ru"]').click()
    await kiosk.locator('[data-group="certificates"]').click()
    await kiosk.locator(`[data-service="${SERVICE}"]`).click()
    await kiosk.getByTestId('kiosk-offer-start').click()
    await kiosk.getByTestId('kiosk-step-panel').waitFor()
    expect(await kiosk.getByTestId('kiosk-self-service').getAttribute('data-mode')).toBe('electron')

    // The portal: a separate context, not the kiosk's; nothing opened in the kiosk's context.
    const first = await waitForPortal(START_PATH)
    const firstContext = first.context()
    expect(firstContext).not.toBe(shell.kioskContext)
    expect(shell.kioskContext.pages()).toEqual([kiosk])
    let firstClosed = false
    firstContext.on('close', () => (firstClosed = true))
    const firstFolder = shell.selfService.current!.tempDir
    expect(existsSync(firstFolder)).toBe(true)
    // Headless: the portal's viewport is the area the step panel leaves for it.
    const area = (await kiosk.getByTestId('kiosk-portal-area').boundingBox())!
    // A portrait kiosk puts the panel on top: the portal gets the screen's width (a desktop layout of
    // egov), and most of its height, not a phone-sized column beside the panel.
    expect(area.width).toBeGreaterThan(0.9 * 1080)
    expect(area.height).toBeGreaterThan(0.5 * 1920)
    await expect
      .poll(() => first.viewportSize())
      .toEqual({ width: Math.round(area.width), height: Math.round(area.height) })
    expect(shell.selfService.current!.bounds).toEqual({
      x: Math.round(area.x),
      y: Math.round(area.y),
      width: Math.round(area.width),
      height: Math.round(area.height),
    })

    // The step panel follows the portal's pages.
    const steps = kiosk.locator('.guided-step')
    expect(await steps.count()).toBe(4)
    await first.locator('#next').click()
    await first.waitForURL(`${portal.origin}/idp/login`)
    await expect.poll(() => first.title()).toBe('Signed in') // IndexedDB written
    await first.locator('#next').click()
    await expect.poll(() => steps.nth(1).getAttribute('data-state')).toBe('current')
    expect(await steps.nth(0).getAttribute('data-state')).toBe('done')
    await first.locator('#next').click()
    await expect.poll(() => steps.nth(2).getAttribute('data-state')).toBe('current')

    // Stuck at signing: "call a consultant" reaches the floor; Aigerim accepts, the kiosk names her.
    const consultant = await hub.staffClient('consultant1')
    await kiosk.getByTestId('kiosk-call-consultant').click()
    const asked = await consultant.waitFor<Fact<'help:requested'>>(
      'help:requested',
      (e) => e.serviceId === SERVICE,
    )
    expect(asked).toMatchObject({ kioskId: 'kiosk-1', step: 2 })
    expectOk(await consultant.command('help:accept', { helpId: asked.helpId }))
    await expect.poll(() => kiosk.getByTestId('kiosk-help-status').textContent()).toContain('Айгерім')
    await screenshot(kiosk, 'chromium-shell-session-kiosk')
    expectOk(await consultant.command('help:resolve', { helpId: asked.helpId }))
    await expect
      .poll(() => kiosk.getByTestId('kiosk-help-status').getAttribute('data-status'))
      .toBe('resolved')
    await screenshot(first, 'chromium-shell-session-portal')

    // The first citizen's portal session has its marks, and its browser sends the cookie back.
    const marks = await first.evaluate(async () => ({
      cookie: document.cookie,
      storage: localStorage.getItem('citizen'),
      databases: (await indexedDB.databases()).map((d) => d.name),
    }))
    expect(marks).toEqual({
      cookie: 'portal_session=citizen-1',
      storage: 'IIN-900101300001',
      databases: ['portal-db'],
    })
    expect(portal.hits.find((hit) => hit.path === '/services/P30.11/sign/')?.cookie).toBe(
      'portal_session=citizen-1',
    )
    // The kiosk page is another context: none of the portal's cookies.
    expect((await shell.kioskContext.cookies()).map((c) => c.name)).not.toContain('portal_session')
    expect(await kiosk.evaluate(() => document.cookie)).not.toContain('portal_session')

    // Finish: home again, the context closed, the download folder gone; the hub recorded the session.
    await kiosk.getByTestId('kiosk-finish').click()
    await kiosk.locator('.home-group').first().waitFor()
    const ended = await consultant.waitFor<Fact<'selfservice:ended'>>(
      'selfservice:ended',
      (e) => e.sessionId === asked.sessionId,
    )
    expect(ended).toMatchObject({ outcome: 'completed' })
    consultant.close()
    await expect.poll(() => shell.selfService.isOpen).toBe(false)
    expect(firstClosed).toBe(true)
    expect(existsSync(firstFolder)).toBe(false)

    // The next citizen.
    const before = portal.hits.length
    await kiosk.locator('[data-group="certificates"]').click()
    await kiosk.locator(`[data-service="${SERVICE}"]`).click()
    await kiosk.getByTestId('kiosk-offer-start').click()
    const second = await waitForPortal(START_PATH)
    expect(second.context()).not.toBe(firstContext)
    expect(await kiosk.locator('.guided-step[data-state="done"]').count()).toBe(0)
    await second.goto(`${portal.origin}/whoami`)
    const seen = await second.evaluate(async () => ({
      cookie: document.cookie,
      storage: localStorage.length,
      databases: (await indexedDB.databases()).map((d) => d.name),
    }))
    expect(seen).toEqual({ cookie: '', storage: 0, databases: [] })
    // Every request of the second session (the browser may add /favicon.ico) went without a cookie.
    const secondHits = portal.hits.slice(before)
    expect(secondHits.map((hit) => hit.path)).toEqual(expect.arrayContaining([START_PATH, '/whoami']))
    expect(secondHits.filter((hit) => hit.cookie !== null)).toEqual([])
    await screenshot(kiosk, 'chromium-shell-second-session-kiosk')

    await kiosk.getByTestId('kiosk-finish').click()
    await expect.poll(() => shell.selfService.isOpen).toBe(false)
  })

  it('refuses links, redirects and pop-ups off the allowlist; an allowed pop-up replaces the portal page', async () => {
    await kioskHome()
    expect(await startThroughBridge()).toEqual({ ok: true })
    const page = await waitForPortal(START_PATH)
    const blocked = async () =>
      (await portalEvents()).filter((event) => event.type === 'blocked').map((event) => event)
    await expect
      .poll(navigations)
      .toEqual([{ url: `${portal.origin}${START_PATH}`, step: null, canGoBack: false }])

    // Touches inside the portal keep the kiosk's idle clock going, reported at most once a second.
    for (let i = 0; i < 3; i++) await page.locator('h1').click()
    await expect.poll(async () => (await portalEvents()).filter((e) => e.type === 'activity').length).toBe(1)

    await page.locator('#off-list').click()
    await expect.poll(blocked).toEqual([{ type: 'blocked', host: new URL(portal.offList).host }])
    await page.locator('#redirect-off').click()
    await expect.poll(async () => (await blocked()).length).toBe(2)
    // The redirect reached the portal, never its target.
    expect(portal.hits.some((hit) => hit.path === '/leave')).toBe(true)
    await page.locator('#popup-off').click()
    await expect.poll(async () => (await blocked()).length).toBe(3)
    expect(await blocked()).toEqual(Array(3).fill({ type: 'blocked', host: new URL(portal.offList).host }))
    expect(page.url()).toBe(`${portal.origin}${START_PATH}`)
    expect(offListHits()).toEqual([])
    await expect.poll(() => page.context().pages().length).toBe(1)

    await page.locator('#popup-ok').click()
    await page.waitForURL(`${portal.origin}/whoami`)
    await expect.poll(() => page.context().pages()).toEqual([page])
    await expect
      .poll(async () => (await navigations()).at(-1))
      .toEqual({ url: `${portal.origin}/whoami`, step: null, canGoBack: true })

    // Back and home, as the step panel's buttons ask.
    expect(await kiosk.evaluate(() => window.kezek!.portalBack!())).toEqual({ ok: true })
    await page.waitForURL(`${portal.origin}${START_PATH}`)
    await page.locator('#next').click()
    await page.waitForURL(`${portal.origin}/idp/login`)
    await expect.poll(async () => (await navigations()).at(-1)?.step).toBe(0)
    expect(await kiosk.evaluate(() => window.kezek!.portalHome!())).toEqual({ ok: true })
    await page.waitForURL(`${portal.origin}${START_PATH}`)
    expect(await kiosk.evaluate(() => window.kezek!.endSelfService!())).toEqual({ ok: true })
  })

  it('keeps refusing redirects off the list after the portal moved to another allowed site', async () => {
    await kioskHome()
    expect(await startThroughBridge()).toEqual({ ok: true })
    const page = await waitForPortal(START_PATH)
    // Another site: Chromium moves the tab to another renderer process, and the guards must follow.
    await page.goto(`${portal.otherSite}${START_PATH}`)
    await expect.poll(async () => (await navigations()).at(-1)?.url).toBe(`${portal.otherSite}${START_PATH}`)
    await page.locator('#redirect-off').click()
    await expect
      .poll(async () => (await portalEvents()).filter((event) => event.type === 'blocked'))
      .toEqual([{ type: 'blocked', host: new URL(portal.offList).host }])
    expect(
      portal.hits.some((hit) => hit.host === new URL(portal.otherSite).host && hit.path === '/leave'),
    ).toBe(true)
    expect(offListHits()).toEqual([])
    expect(page.url()).toBe(`${portal.otherSite}${START_PATH}`)
    expect(await kiosk.evaluate(() => window.kezek!.endSelfService!())).toEqual({ ok: true })
  })

  it("refuses off-list hosts wherever a request starts: another site's frame, an image, a WebSocket, fetch()", async () => {
    await kioskHome()
    expect(await startThroughBridge()).toEqual({ ok: true })
    const page = await waitForPortal(START_PATH)
    const offListHost = new URL(portal.offList).host
    const otherHost = new URL(portal.otherSite).host

    // A frame from the other allowed site (its own renderer process) follows a link whose allowed
    // address redirects off the list: the redirect is refused, and the frame never shows that host.
    await page.goto(`${portal.origin}/framed`)
    await page.frameLocator('#frame').locator('#leave').click()
    await expect
      .poll(() => portal.hits.some((hit) => hit.host === otherHost && hit.path === '/leave'))
      .toBe(true)
    await expect
      .poll(async () => (await portalEvents()).filter((event) => event.type === 'blocked'))
      .toEqual([{ type: 'blocked', host: offListHost }])
    const shown = await Promise.all(page.frames().map((frame) => frame.locator('body').textContent()))
    expect(shown.join('\n')).toContain('Framed')
    expect(shown.join('\n')).not.toContain('A page off the allowlist')
    expect(page.url()).toBe(`${portal.origin}/framed`)
    // WebRTC's UDP would not go through the proxy: it is not there, in the page or in its frames.
    for (const frame of page.frames()) {
      expect(
        await frame.evaluate(() => typeof (globalThis as Record<string, unknown>).RTCPeerConnection),
      ).toBe('undefined')
    }

    // Images whose allowed addresses redirect off the list.
    await page.goto(`${portal.origin}/pictured`)
    await expect.poll(() => page.title()).toBe('Picture refused')
    expect(portal.hits.some((hit) => hit.path === '/picture-off')).toBe(true)

    // A WebSocket and a fetch() straight to the off-list host.
    await page.goto(`${portal.origin}/socket`)
    await expect.poll(() => page.locator('#state').textContent()).toBe('refused')
    await expect.poll(() => page.title()).toBe('fetch refused')

    expect(offListHits()).toEqual([])
    // The refused images and the socket did not flood the kiosk: the host was reported once.
    expect((await portalEvents()).filter((event) => event.type === 'blocked')).toEqual([
      { type: 'blocked', host: offListHost },
    ])
    expect(await kiosk.evaluate(() => window.kezek!.endSelfService!())).toEqual({ ok: true })
  })

  it('keeps a PDF download in the session folder, prints it through CUPS, and removes it at the end', async () => {
    await kioskHome()
    await startThroughBridge()
    const page = await waitForPortal(START_PATH)
    const folder = shell.selfService.current!.tempDir
    // Chromium writes the download into the shell's downloads folder first (swept after a crash), not
    // into a folder of the OS temp folder that a killed shell would leave.
    const browserCopy = new Promise<string>((resolve) =>
      page.once('download', (download) => void download.path().then(resolve, () => resolve('failed'))),
    )
    await page.locator('#download').click()
    expect(dirname(await browserCopy)).toBe(shell.downloadsPath)
    const downloads = async () =>
      (await portalEvents()).flatMap((event) => (event.type === 'download' ? [event.download] : []))
    await expect.poll(async () => (await downloads()).at(-1)?.state).toBe('completed')
    const [started, done] = await downloads()
    expect(started).toMatchObject({ state: 'progressing', printable: false })
    expect(done).toEqual({
      id: started!.id,
      fileName: '_certificate P30.11.pdf', // Chromium's own cleaning of "../"
      state: 'completed',
      printable: true,
    })
    expect(readdirSync(folder)).toEqual([`${done!.id}-_certificate P30.11.pdf`])
    expect(readFileSync(join(folder, `${done!.id}-_certificate P30.11.pdf`), 'utf8')).toBe(CERTIFICATE_PDF)

    const print = (downloadId?: string) =>
      kiosk.evaluate((id) => window.kezek!.printCertificate!(id ? { downloadId: id } : {}), downloadId)
    // No CUPS on the machine: said so, nothing printed.
    const missing: PrintResult = await print(done!.id)
    expect(missing.ok).toBe(false)
    expect(!missing.ok && missing.reason).toContain('(CUPS) is not installed')
    // A stand-in `lp` that records its arguments.
    const argsFile = join(tempRoot, 'lp-args.json')
    writeFileSync(
      lpPath,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(argsFile)}, JSON.stringify(process.argv.slice(2)))\n`,
    )
    chmodSync(lpPath, 0o755)
    expect(await print(done!.id)).toEqual({ ok: true })
    expect(JSON.parse(readFileSync(argsFile, 'utf8'))).toEqual([
      '-t',
      'Kezek certificate',
      join(folder, `${done!.id}-_certificate P30.11.pdf`),
    ])
    expect(await print('d999')).toEqual({ ok: false, reason: 'no download d999 in this session' })
    // The page itself prints through Chromium (nothing comes out headless, but it answers).
    expect(await print()).toEqual({ ok: true })

    expect(await kiosk.evaluate(() => window.kezek!.endSelfService!())).toEqual({ ok: true })
    expect(existsSync(folder)).toBe(false)
    expect(sessionFolders()).toEqual([])
  })

  it('ends the session when the kiosk page reloads; ending twice is fine; bad requests open nothing', async () => {
    await kioskHome()
    await startThroughBridge()
    const page = await waitForPortal(START_PATH)
    const context: BrowserContext = page.context()
    let closed = false
    context.on('close', () => (closed = true))
    await kiosk.reload()
    await expect.poll(() => closed).toBe(true)
    expect(shell.selfService.isOpen).toBe(false)
    expect(sessionFolders()).toEqual([])

    await kiosk.locator('.home-group').first().waitFor()
    const twice = await kiosk.evaluate(async () => [
      await window.kezek!.endSelfService!(),
      await window.kezek!.endSelfService!(),
    ])
    expect(twice).toEqual([{ ok: true }, { ok: true }])

    const contexts = shell.browser.contexts().length
    const bad: PortalResult = await kiosk.evaluate(() => window.kezek!.startSelfService!({} as never))
    expect(bad).toMatchObject({ ok: false, reason: 'invalid_request' })
    const unknown: PortalResult = await kiosk.evaluate(() =>
      window.kezek!.startSelfService!({
        serviceId: 'no-such-service',
        bounds: { x: 0, y: 0, width: 10, height: 10 },
      }),
    )
    expect(unknown).toMatchObject({ ok: false, reason: 'not_self_service' })
    expect(shell.browser.contexts().length).toBe(contexts)
    expect(shell.selfService.isOpen).toBe(false)
    expect(await kiosk.evaluate(() => window.kezek!.portalBack!())).toMatchObject({ reason: 'no_session' })
  })

  it('answers only the kiosk page itself, and keeps the kiosk on the hub', async () => {
    await kioskHome()
    // A frame inside the kiosk page has `window.kezek` too, but the shell refuses it.
    await kiosk.evaluate(() => {
      const frame = document.createElement('iframe')
      frame.id = 'intruder'
      frame.srcdoc = '<p>frame</p>'
      document.body.append(frame)
    })
    const frame = await (await kiosk.waitForSelector('#intruder')).contentFrame()
    await expect.poll(() => frame!.evaluate(() => typeof window.kezek)).toBe('object')
    const refused = await frame!.evaluate(() =>
      window.kezek!.appInfo().then(
        () => 'answered',
        (error: Error) => error.message,
      ),
    )
    expect(refused).toContain('bridge refused')

    // Off the hub: the kiosk page stays; a pop-up is closed.
    await kiosk.evaluate((url) => (location.href = url), `${portal.offList}/kiosk-escape`)
    await kiosk.waitForTimeout(300)
    expect(kiosk.url()).toBe(`${hub.url}/kiosk`)
    await kiosk.evaluate(() => void window.open('/kiosk'))
    await expect.poll(() => shell.kioskContext.pages()).toEqual([kiosk])
    expect(offListHits()).toEqual([])
  })

  it('prints a queue ticket by printing the kiosk page in its ticket layout', async () => {
    await shell.kioskContext.addInitScript(() => {
      window.print = () => {
        const number = document.querySelector('.kiosk-print .print-number')?.textContent ?? null
        ;(window as unknown as { printed: (string | null)[] }).printed.push(number)
      }
      ;(window as unknown as { printed: (string | null)[] }).printed = []
    })
    // A window open for the service, so the ticket comes without the "no window" warning.
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    await kioskHome()
    await kiosk.locator('[data-group="certificates"]').click()
    await kiosk.locator(`[data-service="${SERVICE}"]`).click()
    await kiosk.getByTestId('kiosk-offer-ticket').click()
    const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim()
    await expect
      .poll(() => kiosk.evaluate(() => (window as unknown as { printed: string[] }).printed))
      .toEqual([number])
    // No print button: the shell prints by itself.
    expect(await kiosk.getByTestId('kiosk-print').count()).toBe(0)
  })
})
