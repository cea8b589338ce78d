/**
 * The supervisor's notifications panel in a real Chromium against a real hub with notifications on:
 * one SMS sent ("joined"), one refused by the gateway (failed, with its error), one skipped because the
 * citizen withdrew consent before it went; the panel shows each with its kind, masked number, status
 * and why, in Kazakh, Russian and English, and follows a new one within its refresh.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { GatewayError } from '../../src-main/hub/registration/adapters/http-post'
import { expectOk, requestId } from '../support/hub-harness'
import { startNotifyHub, type NotifyHub } from '../support/notify-hub'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const WAIT = { timeout: 15_000 }

let hub: NotifyHub
let browser: Browser

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startNotifyHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  const consultant = await hub.staffClient('consultant3')
  expectOk(await consultant.send('desk:open', { requestId: requestId(), deskId: 'desk-3' }))
  hub.sms.behave = async (message) => {
    if (message.to === '+77012220000') throw new GatewayError('the gateway answered HTTP 400', true)
  }
  await hub.join(await hub.consent('+77011110000'))
  await hub.join(await hub.consent('+77012220000'))
  await vi.waitFor(async () => {
    const statuses = (await hub.hub.notifier.records.recent(10)).map((r) => r.status).sort()
    expect(statuses).toEqual(['failed', 'sent'])
  }, WAIT)
  // Withdrawn while its message waits behind a gateway that is busy.
  let release!: () => void
  hub.sms.behave = () => new Promise((resolve) => (release = resolve))
  await hub.join(await hub.consent('+77015550000'))
  await vi.waitFor(() => expect(release).toBeDefined(), WAIT)
  const withdrawn = await hub.consent('+77013330000')
  await hub.join(withdrawn)
  await hub.hub.notifier.consents.revoke(withdrawn, ['sms'], Date.now())
  hub.sms.behave = async () => undefined
  release()
  await vi.waitFor(async () => {
    const statuses = (await hub.hub.notifier.records.recent(10)).map((r) => r.status).sort()
    expect(statuses).toEqual(['failed', 'sent', 'sent', 'skipped'])
  }, WAIT)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

const row = (page: Page, status: string) =>
  page.locator(`[data-testid="supervisor-notification"][data-status="${status}"]`)

describe('the supervisor’s notifications panel', () => {
  it('shows what was sent, what failed and what was skipped, and why, in kk, ru and en', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const problems = collectProblems(page)
    try {
      await page.goto(`${hub.url}/supervisor`)
      await signInStaff(page, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!)
      const panel = page.getByTestId('supervisor-notifications')
      await panel.scrollIntoViewIfNeeded()
      await expect.poll(() => panel.getAttribute('data-state'), WAIT).toBe('ready')
      expect(await row(page, 'sent').count()).toBe(2)
      const failed = row(page, 'failed')
      expect(await failed.textContent()).toContain('+7 (701) ***-**-00')
      expect(await failed.textContent()).toContain('Жіберілмеді')
      expect(await failed.getByTestId('supervisor-notification-why').textContent()).toContain('HTTP 400')
      const skipped = row(page, 'skipped')
      expect(await skipped.textContent()).toContain('Кезекке қашықтан тұрды')
      expect(await skipped.getByTestId('supervisor-notification-why').textContent()).toContain(
        'Келісім кері алынды',
      )
      expect(await panel.textContent()).not.toMatch(/\+7701\d{7}/)
      await screenshot(page, 'supervisor-notifications-1920-kk')

      await page.locator('[data-language="ru"]').click()
      await expect
        .poll(() => skipped.getByTestId('supervisor-notification-why').textContent())
        .toContain('Согласие отозвано')
      expect(await failed.textContent()).toContain('Не отправлено')
      await page.locator('[data-language="en"]').click()
      await expect.poll(() => failed.textContent()).toContain('Failed')
      expect(await row(page, 'sent').first().textContent()).toContain('Joined from home')
      await screenshot(page, 'supervisor-notifications-1920-en')

      // A new one appears within the panel's refresh.
      await hub.join(await hub.consent('+77014440000'))
      await expect.poll(() => row(page, 'sent').count(), WAIT).toBe(3)
      expect(problems.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])
    } finally {
      await context.close()
    }
  }, 120_000)
})
