/**
 * The registrar closes the browser in the middle of a registration (the code was sent, not yet
 * entered): nothing of it was kept in the browser, yet signing in again at the same window shows the
 * registration waiting for its code, from the hub, and it can be finished.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../src-shared/domain/time'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const LAPTOP = { width: 1366, height: 768 }

let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** A fresh browser (no storage from before), signed in as the registrar, in Russian. */
async function registrarBrowser(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/consultant`)
  await page.getByTestId('consultant-sign-in').waitFor()
  await page.locator('[data-language="ru"]').click()
  await page.getByTestId('consultant-login').fill('registrar')
  await page.getByTestId('consultant-password').fill(hub.credentials.passwords['registrar']!)
  await page.getByTestId('consultant-sign-in-submit').click()
  return { context, page, problems }
}

async function codeFromOutbox(): Promise<string> {
  const token = await hub.signIn('supervisor')
  const response = await fetch(`${hub.url}/api/sms-outbox?limit=1`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  const body = (await response.json()) as { messages: Array<{ text: string }> }
  return /Код (\d{6})/.exec(body.messages[0]?.text ?? '')![1]!
}

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').trim()
const todayFigures = async () =>
  (await hub.hub.registration.stats(localDay(Date.now(), hub.config.centre.timeZone))).totals

describe('a registration whose browser was closed', () => {
  it(
    'is waiting at the window when the registrar signs in again, and can be finished',
    { timeout: 90_000 },
    async () => {
      expectOk(await kiosk.command('ticket:issue', { serviceId: 'mobile-registration', categoryId: null }))
      const first = await registrarBrowser()
      let page = first.page
      await page.locator('.desk-card[data-desk="desk-6"]').click()
      await page.getByTestId('consultant-open-desk').click()
      await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)
      await page.locator('[data-action="call-next"]').click()
      await page.keyboard.press('s')
      await page.getByTestId('desk-consent-text').waitFor()
      await page.getByTestId('desk-iin').fill('871008401427')
      await page.getByTestId('desk-phone').fill('8 701 234 56 78')
      await page.getByTestId('desk-document').check()
      await page.getByTestId('desk-consent-show').click()
      await page.getByTestId('desk-consent-agree-kk').click()
      await expect.poll(() => page.getByTestId('desk-send').isEnabled()).toBe(true)
      await page.getByTestId('desk-send').click()
      await page.getByTestId('desk-code-step').waitFor()
      expect(await todayFigures()).toMatchObject({ started: 1, pending: 1 })

      // The browser closes: its session storage, and with it the page's note of the registration, is gone.
      await first.context.close()
      const second = await registrarBrowser()
      page = second.page
      // Window 6 is still the registrar's, with the citizen's ticket in hand: the code step is back.
      await page.getByTestId('desk-code-step').waitFor({ timeout: 15_000 })
      expect(await text(page, 'desk-code-sent')).toBe('Код отправлен на +7 (701) ***-**-78')
      expect(await text(page, 'desk-code-iin')).toBe('ИИН 8710******27')
      expect(await page.getByTestId('desk-notice').getAttribute('data-kind')).toBe('resumed')
      await screenshot(page, 'registration-resumed-after-closing')

      await page.getByTestId('desk-code').fill(await codeFromOutbox())
      await page.getByTestId('desk-confirm').click()
      await page.getByTestId('desk-confirmed').waitFor()
      expect(await todayFigures()).toMatchObject({ started: 1, confirmed: 1, pending: 0 })
    },
  )
})
