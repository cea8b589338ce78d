/**
 * The hall display in the Chromium shell (`npm run kiosk:chromium -- --role display`), headful on an X
 * server of its own: full screen in kiosk mode, paired by the shell (no key in the address), and a call
 * chimed with nobody touching the screen: the announcement plays through the page's own AudioContext,
 * which the queue only uses once the browser lets it run.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  displayArgs,
  launchChromiumDisplay,
  type ChromiumDisplay,
} from '../../src-main/chromium-shell/display-shell'
import { buildRendererOnce } from '../e2e/support'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { NEEDS_X, skipReason, startXvfb, type XDisplay } from './headful-support'

const SCREEN = { width: 1920, height: 1080 }
/** Beside the shell's own switches: no GPU on a virtual screen, nothing fetched from the internet. */
const TEST_SWITCHES = ['--disable-gpu', '--disable-background-networking', '--disable-component-update']

const skip = skipReason('headful hall display', NEEDS_X)

let x: XDisplay
let hub: TestHub
let shell: ChromiumDisplay
let kiosk: TestClient
let consultant: TestClient

beforeAll(async () => {
  if (skip) return
  const rendererDir = await buildRendererOnce()
  x = await startXvfb(SCREEN.width, SCREEN.height)
  hub = await startTestHub({ hubOptions: { rendererDir } })
  kiosk = await hub.deviceClient('kiosk-1')
  consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  shell = await launchChromiumDisplay({
    hubUrl: hub.url,
    deviceId: 'display-1',
    deviceKey: hub.credentials.deviceKeys['display-1']!,
    args: [...displayArgs(true), ...TEST_SWITCHES],
    env: x.env,
  })
}, 240_000)

afterAll(async () => {
  await shell?.close()
  await hub?.close()
  await x?.close()
})

async function windowState(page: Page): Promise<string | undefined> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const { windowId } = await cdp.send('Browser.getWindowForTarget')
    const { bounds } = await cdp.send('Browser.getWindowBounds', { windowId })
    return bounds.windowState
  } finally {
    await cdp.detach()
  }
}

describe.skipIf(skip)('the hall display in the Chromium shell, headful', () => {
  it('fills the screen in kiosk mode, paired by the shell', async () => {
    const page = shell.page
    await page.locator('.display[data-screen="board"]').waitFor()
    expect(page.url()).toBe(`${hub.url}/display`)
    expect(await page.evaluate(() => window.kezek!.appInfo())).toMatchObject({
      role: 'display',
      deviceId: 'display-1',
      shell: 'chromium',
    })
    // No browser bars, no "controlled by automated software" strip: the page is the whole screen.
    await expect
      .poll(() => page.evaluate(() => [window.innerWidth, window.innerHeight]))
      .toEqual([SCREEN.width, SCREEN.height])
    expect(await windowState(page)).toBe('fullscreen')
    // The bridge gives the display its credentials and nothing else.
    await expect(page.evaluate(() => window.kezek!.printTicket({} as never))).rejects.toThrow(
      'no such function',
    )
  })

  it('chimes a call with nobody touching the screen', async () => {
    const page = shell.page
    const issued = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
    const entry = page.locator(
      `[data-testid="display-announcements"] li[data-number="${issued.ticket.number}"]`,
    )
    // Played, not held in the queue: the queue only plays once the page's AudioContext is running.
    await expect.poll(() => entry.getAttribute('data-state'), { timeout: 15_000 }).toMatch(/^(playing|done)$/)
    expect(await page.getByTestId('display-sound-gate').count()).toBe(0)
    await page.getByTestId('display-newest').waitFor()
    expect(await page.getByTestId('display-newest').textContent()).toContain(issued.ticket.number)
    await x.capture('chromium-shell-display-headful')
    await expect.poll(() => entry.getAttribute('data-state'), { timeout: 15_000 }).toBe('done')
  })
})
