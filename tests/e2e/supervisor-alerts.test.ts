/**
 * Issue 16, the supervisor's alerts, in a real Chromium against a real hub on a clock the test moves: a
 * queue nobody serves, visitors waiting past the 15-minute standard, a window paused past its limit, a
 * kiosk's printer out of paper, and kiosks or displays not connected. The sound is off until turned on.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const MINUTE = 60_000

let hub: TestHub
let browser: Browser
let kiosk: TestClient
let context: BrowserContext
let clock = Date.now() - 30 * MINUTE

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => clock, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

const alerts = (page: Page) => page.getByTestId('supervisor-alert')
const alertOf = (page: Page, kind: string) =>
  page.locator(`[data-testid="supervisor-alert"][data-kind="${kind}"]`)

describe('the alerts on the live view', () => {
  it('flags long waits, a queue nobody serves, a long pause, a printer and devices offline', async () => {
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    // No open window serves pensions (window 5 is closed): its queue is flagged at once.
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'old-age-pension' }))
    const colleague = await hub.staffClient('consultant2')
    expectOk(await colleague.command('desk:open', { deskId: 'desk-3' }))
    expectOk(await colleague.command('desk:pause', { deskId: 'desk-3' }))
    expectOk(await kiosk.command('device:report', { printer: 'paper-out' }))
    // The main hall's display was here and went.
    const display = await hub.deviceClient('display-1')
    display.close()
    const supervisorClient = await hub.staffClient('supervisor')
    await supervisorClient.waitFor<{ deviceId: string; online: boolean; since: number | null }[]>(
      'devices:presence',
      (list) => list.some((d) => d.deviceId === 'display-1' && !d.online && d.since !== null),
    )
    // Twenty minutes on: the two visitors have waited past the standard, the pause past its limit.
    clock += 20 * MINUTE

    context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(`${hub.url}/supervisor`)
    await signInStaff(page, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!, 'en')
    await page.getByTestId('supervisor-desks').waitFor()

    await alertOf(page, 'long-pause').waitFor()
    expect(await alertOf(page, 'long-pause').textContent()).toMatch(
      /Window 3 paused for 20:\d\d \(limit 15 min\)/,
    )
    expect(await alertOf(page, 'long-wait').count()).toBe(2)
    // The queue nobody serves is in the strip under the alerts, with its "Open a window".
    expect(await page.getByTestId('supervisor-unserved').textContent()).toContain('Old-age pension')
    expect(await alertOf(page, 'printer').textContent()).toContain(
      'Kiosk at the entrance: printer out of paper',
    )
    // The display gone for 20 minutes; not kiosk 2 or the other display, never seen by this hub.
    expect(await alertOf(page, 'device-offline').count()).toBe(1)
    expect(await alertOf(page, 'device-offline').textContent()).toContain(
      'Hall display, main hall is offline',
    )

    // The display back: no longer flagged.
    const back = await hub.deviceClient('display-1')
    await expect.poll(() => alertOf(page, 'device-offline').count()).toBe(0)
    // The printer refilled: its alert goes.
    expectOk(await kiosk.command('device:report', { printer: 'ok' }))
    await expect.poll(() => alertOf(page, 'printer').count()).toBe(0)
    // The window resumes: its alert goes.
    expectOk(await colleague.command('desk:resume', { deskId: 'desk-3' }))
    await expect.poll(() => alertOf(page, 'long-pause').count()).toBe(0)
    expect(await alerts(page).count()).toBe(2)

    // The sound is off by default, and a switch.
    const sound = page.getByTestId('supervisor-alert-sound')
    expect(await sound.getAttribute('aria-checked')).toBe('false')
    await sound.click()
    expect(await sound.getAttribute('aria-checked')).toBe('true')
    await screenshot(page, 'supervisor-alerts')
    back.close()
    expect(problems.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])
  }, 120_000)
})
