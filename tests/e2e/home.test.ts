/**
 * The landing page (`/`) in a real Chromium: on the demo centre, its kiosk and display cards open the
 * faces paired (the hub still accepts the demo's public keys), and it lists the registration desk and the
 * demo SMS outbox; on a centre with its own device keys, it links no key and says how to pair a device.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashDeviceKey } from '../../src-main/hub/passwords'
import { demoConfig, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const LAPTOP = { width: 1366, height: 768 }

let rendererDir: string
let browser: Browser
const hubs: TestHub[] = []
const contexts: BrowserContext[] = []

beforeAll(async () => {
  rendererDir = await buildRendererOnce()
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  for (const hub of hubs) await hub.close()
})

async function openHome(hub: TestHub): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/`)
  await expect.poll(() => page.locator('.home-status').getAttribute('data-state')).toBe('online')
  return { page, problems }
}

describe('the landing page', () => {
  it('opens the demo kiosk and display paired, and lists the registration desk and the SMS outbox', async () => {
    const hub = await startTestHub({ hubOptions: { rendererDir } })
    hubs.push(hub)
    const { page, problems } = await openHome(hub)
    await page.getByTestId('home-face-sms-outbox').waitFor()
    expect(await page.getByTestId('home-face-registration').textContent()).toContain('Тіркеу үстелі')
    expect(await page.getByTestId('home-pairing-kiosk').count()).toBe(0)
    await screenshot(page, 'home-demo')

    await page.getByTestId('home-face-kiosk').click()
    await page.waitForURL(/\/kiosk/)
    // The kiosk's home screen, not "this device is not paired".
    await expect
      .poll(() => page.locator('.kiosk').getAttribute('data-screen'), { timeout: 15_000 })
      .toBe('home')

    await page.goto(`${hub.url}/`)
    await page.getByTestId('home-face-display').click()
    await page.waitForURL(/\/display/)
    await expect
      .poll(() => page.locator('[data-screen]').first().getAttribute('data-screen'), { timeout: 15_000 })
      .toBe('board')
    expect(problems).toEqual([])
  })

  it('links no key for a centre with its own device keys, and says how to pair', async () => {
    const config = demoConfig()
    config.devices = config.devices.map((d) => ({
      ...d,
      keyHash: hashDeviceKey(`${d.id}-own-key-0123456789`),
    }))
    const hub = await startTestHub({ config, hubOptions: { rendererDir } })
    hubs.push(hub)
    const { page } = await openHome(hub)
    await page.getByTestId('home-pairing-kiosk').waitFor()
    expect(await page.getByTestId('home-face-kiosk').getAttribute('href')).toBe('/kiosk')
    expect(await page.getByTestId('home-pairing-kiosk').textContent()).toContain(
      '/kiosk?device=<id>&key=<key>',
    )
    expect(await page.getByTestId('home-pairing-display').textContent()).toContain(
      '/display?device=<id>&key=<key>',
    )
    await screenshot(page, 'home-own-keys')
  })
})
