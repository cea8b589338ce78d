/**
 * The Chromium kiosk shell headful, on an X server of its own (a landscape kiosk, 1920×1080) and a real
 * CUPS: full screen in kiosk mode; a queue ticket printed silently by the shell onto the default
 * printer's 80 mm roll, read back from the PDF CUPS-PDF wrote (number, service, typed link, QR code,
 * width); a self-service session's portal window placed over the area beside the step panel; and a
 * downloaded certificate printed through `lp` on the certificate printer and read back.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PortalEvent } from '../../src-shared/bridge'
import { dashedTrackCode, trackCode } from '../../src-shared/protocol/track-code'
import { kioskArgs, launchChromiumShell, type ChromiumShell } from '../../src-main/chromium-shell/shell'
import { buildRendererOnce, launchChromium } from '../e2e/support'
import {
  demoConfig,
  demoCredentials,
  expectOk,
  startTestHub,
  withPortalStandIn,
  type TestHub,
} from '../support/hub-harness'
import {
  CERTIFICATE_QUEUE,
  NEEDS_PRINTING,
  NEEDS_X,
  qrCodesIn,
  skipReason,
  startXvfb,
  waitForPrintedPdf,
  type XDisplay,
} from './headful-support'
import { START_PATH, startPortalStandIn, type PortalStandIn } from './portal-stand-in'

const SCREEN = { width: 1920, height: 1080 }
const PUBLIC_URL = 'http://kezek.example.kz'
const SERVICE = 'no-criminal-record'
const CERTIFICATE_TEXT = 'Certificate of no criminal record 4417-KZ'
/** Beside the shell's own switches: no GPU on a virtual screen, nothing fetched from the internet. */
const TEST_SWITCHES = ['--disable-gpu', '--disable-background-networking', '--disable-component-update']

const skip = skipReason('headful kiosk shell with a real printer', [...NEEDS_X, ...NEEDS_PRINTING])

let x: XDisplay
let hub: TestHub
let portal: PortalStandIn
let shell: ChromiumShell
let kiosk: Page
let tempRoot: string

/** A real PDF certificate (A4, text), as the portal would hand a citizen. */
async function certificatePdf(): Promise<Buffer> {
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.setContent(`<h1>${CERTIFICATE_TEXT}</h1><p>Issued by the stand-in portal.</p>`)
    return await page.pdf({ format: 'A4' })
  } finally {
    await browser.close()
  }
}

beforeAll(async () => {
  if (skip) return
  const rendererDir = await buildRendererOnce()
  portal = await startPortalStandIn({ certificate: await certificatePdf() })
  const config = withPortalStandIn(demoConfig(), portal.origin)
  config.centre.publicUrl = PUBLIC_URL
  hub = await startTestHub({ config, credentials: demoCredentials(), hubOptions: { rendererDir } })
  // Window 1 serves the certificate, so the kiosk issues its ticket without a "no window" question.
  const consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  x = await startXvfb(SCREEN.width, SCREEN.height)
  tempRoot = mkdtempSync(join(tmpdir(), 'kezek-headful-kiosk-'))
  shell = await launchChromiumShell({
    hubUrl: hub.url,
    deviceId: 'kiosk-1',
    deviceKey: hub.credentials.deviceKeys['kiosk-1']!,
    args: [...kioskArgs(true), ...TEST_SWITCHES],
    env: x.env,
    tempRoot,
    printer: CERTIFICATE_QUEUE,
  })
  kiosk = shell.kioskPage
}, 240_000)

afterAll(async () => {
  await shell?.close()
  await hub?.close()
  await portal?.close()
  await x?.close()
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true })
})

/** The window of `page`: where it is on the screen, and its state. */
async function windowOf(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { windowId } = await cdp.send('Browser.getWindowForTarget')
    return (await cdp.send('Browser.getWindowBounds', { windowId })).bounds
  } finally {
    await cdp.detach()
  }
}

async function home(): Promise<void> {
  await kiosk.goto(`${hub.url}/kiosk`)
  await kiosk.locator('.home-group').first().waitFor()
}

describe.skipIf(skip)('the Chromium kiosk shell, headful, with a real printer', () => {
  it('fills the screen in kiosk mode', async () => {
    await kiosk.locator('.home-group').first().waitFor()
    await expect
      .poll(() => kiosk.evaluate(() => [window.innerWidth, window.innerHeight]))
      .toEqual([SCREEN.width, SCREEN.height])
    expect((await windowOf(kiosk)).windowState).toBe('fullscreen')
  })

  it('prints a queue ticket silently on the 80 mm roll: number, service, typed link and QR code', async () => {
    await home()
    const since = Date.now()
    await kiosk.locator('[data-group="certificates"]').click()
    await kiosk.locator(`[data-service="${SERVICE}"]`).click()
    await kiosk.getByTestId('kiosk-offer-ticket').click()
    const number = (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim()
    const ticket = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)!
    const trackUrl = `${PUBLIC_URL}/t/${ticket.trackToken}`
    expect(await kiosk.getByTestId('kiosk-qr').getAttribute('data-url')).toBe(trackUrl)

    const pdf = await waitForPrintedPdf(since, number)
    // Printed: the kiosk says so by no longer saying "printing" (Chromium dims the page while it prints).
    await kiosk.locator('.ticket-print-state').waitFor({ state: 'detached' })
    await x.capture('chromium-shell-headful-ticket')
    const service = hub.config.services.find((s) => s.id === SERVICE)!.name
    expect(pdf.pages).toBe(1)
    expect(pdf.text).toContain(service.kk)
    expect(pdf.text).toContain(service.ru)
    expect(pdf.text).toContain(`kezek.example.kz/t/${dashedTrackCode(trackCode(ticket.trackToken!)!)}`)
    // Nothing of the browser's own: no date and title header, no address footer.
    expect(pdf.text).not.toContain(hub.url)
    expect(pdf.text).not.toMatch(/\d+\/\d+\/\d+, \d+:\d+/)
    expect(pdf.widthMm).toBeCloseTo(80, 0)
    expect(await qrCodesIn(pdf.path)).toEqual([trackUrl])
    console.log(`ticket ${number}: ${pdf.widthMm.toFixed(1)} × ${pdf.heightMm.toFixed(1)} mm, ${pdf.path}`)
  }, 120_000)

  it("places the portal's window over the area beside the step panel, and prints its certificate through lp", async () => {
    await home()
    await kiosk.locator('[data-group="certificates"]').click()
    await kiosk.locator(`[data-service="${SERVICE}"]`).click()
    await kiosk.getByTestId('kiosk-offer-start').click()
    await kiosk.getByTestId('kiosk-step-panel').waitFor()
    await expect
      .poll(() => shell.selfService.current?.view?.page?.url())
      .toBe(`${portal.origin}${START_PATH}`)
    const page = shell.selfService.current!.view!.page

    // A landscape kiosk: the panel on one side, the portal on the other, the portal the larger.
    const panel = (await kiosk.getByTestId('kiosk-step-panel').boundingBox())!
    const area = (await kiosk.getByTestId('kiosk-portal-area').boundingBox())!
    expect(panel.x + panel.width).toBeLessThanOrEqual(area.x + 1)
    expect(area.width).toBeGreaterThan(SCREEN.width / 2)
    // The kiosk window is the whole screen, so the area's page position is its screen position.
    const expected = {
      left: Math.round(area.x),
      top: Math.round(area.y),
      width: Math.round(area.width),
      height: Math.round(area.height),
    }
    await expect.poll(() => windowOf(page)).toMatchObject({ ...expected, windowState: 'normal' })
    const inner = await page.evaluate(() => [window.innerWidth, window.innerHeight])
    console.log(`portal window ${expected.width}×${expected.height}, its page ${inner.join('×')}`)
    await x.capture('chromium-shell-headful-self-service')

    // The citizen downloads the certificate; the kiosk prints it on the certificate printer.
    await kiosk.evaluate(() => {
      const scope = window as unknown as { portalEvents: PortalEvent[] }
      scope.portalEvents = []
      window.kezek!.onPortalEvent!((event) => scope.portalEvents.push(event))
    })
    await page.locator('#download').click()
    const downloaded = () =>
      kiosk.evaluate(() =>
        (window as unknown as { portalEvents: PortalEvent[] }).portalEvents.flatMap((event) =>
          event.type === 'download' && event.download.state === 'completed' ? [event.download.id] : [],
        ),
      )
    await expect.poll(downloaded).toHaveLength(1)
    const since = Date.now()
    const [downloadId] = await downloaded()
    expect(
      await kiosk.evaluate((id) => window.kezek!.printCertificate!({ downloadId: id }), downloadId!),
    ).toEqual({ ok: true })
    const pdf = await waitForPrintedPdf(since, CERTIFICATE_TEXT)
    expect(pdf.widthMm).toBeCloseTo(210, 0)
    expect(pdf.heightMm).toBeCloseTo(297, 0)
    expect(await kiosk.evaluate(() => window.kezek!.endSelfService!())).toEqual({ ok: true })
  }, 120_000)
})
