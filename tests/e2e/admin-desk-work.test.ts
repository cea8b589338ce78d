/**
 * The admin's "work at the windows" tab in a real Chromium against a real hub: a wait standard of 0 is
 * refused under its field and changes nothing; a new pause reason and a shorter wait standard are live at
 * once on the pages already open: the consultant's pause dialog offers the new reason without a reload,
 * and the supervisor's headline and alerts count the visitor who now waited past the new standard. An
 * outcome a service lists is not removed (the refusal names the service) until the service drops it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { openAdminPage } from './admin-support'
import {
  buildRendererOnce,
  collectProblems,
  launchChromium,
  pressShortcut,
  screenshot,
  signInStaff,
} from './support'

const LAPTOP = { width: 1366, height: 768 }
const MINUTE = 60_000
const WAIT = { timeout: 15_000 }

let hub: TestHub
let browser: Browser
let kiosk: TestClient
/** The hub's clock runs ahead by this much: a visitor can wait eight minutes in no time. */
let ahead = 0
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => Date.now() + ahead, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))

async function openStaffPage(
  face: 'consultant' | 'supervisor',
  login: string,
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/${face}`)
  await signInStaff(page, face, login, hub.credentials.passwords[login]!, 'en')
  return { page, problems }
}

const longWaits = (page: Page) => page.locator('[data-testid="supervisor-alert"][data-kind="long-wait"]')

describe('the admin’s work-at-the-windows tab', () => {
  it('adds a pause reason and shortens the wait standard, live on the consultant’s and supervisor’s pages', async () => {
    expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
    ahead += 8 * MINUTE

    const consultant = await openStaffPage('consultant', 'consultant1')
    await consultant.page.locator('.desk-card[data-desk="desk-1"]').click()
    await consultant.page.getByTestId('consultant-open-desk').click()
    await consultant.page.getByTestId('consultant-ticket').waitFor(WAIT)

    const supervisor = await openStaffPage('supervisor', 'supervisor')
    const overStandard = supervisor.page.getByTestId('supervisor-over-standard')
    await overStandard.waitFor(WAIT)
    // Eight minutes is within the demo's 15-minute standard.
    await expect.poll(() => overStandard.textContent()).toMatch(/\b0\b.*\b15\b/)
    expect(await longWaits(supervisor.page).count()).toBe(0)

    const admin = await openAdminPage(browser, hub, LAPTOP)
    contexts.push(admin.page.context())
    const page = admin.page
    await page.getByTestId('admin-tab-work').click()
    await page.getByTestId('admin-work-rules-form').waitFor(WAIT)
    expect(await page.getByTestId('admin-work-waitStandard').inputValue()).toBe('15')

    // 0 minutes: refused under the field, in the admin's language (Kazakh); nothing changed.
    const before = structuredClone(hub.hub.config.current)
    await page.getByTestId('admin-work-waitStandard').fill('0')
    await page.getByTestId('admin-work-rules-save').click()
    const error = page.getByTestId('admin-work-waitStandard-error')
    await error.waitFor(WAIT)
    expect(await error.textContent()).toContain('ең кемі 1')
    expect(await page.getByTestId('admin-work-waitStandard').getAttribute('aria-invalid')).toBe('true')
    expect(hub.hub.config.current).toEqual(before)

    // 5 minutes: saved; the supervisor's headline and alerts follow without a reload.
    await page.getByTestId('admin-work-waitStandard').fill('5')
    await page.getByTestId('admin-work-rules-save').click()
    await page.getByTestId('admin-work-rules-saved').waitFor(WAIT)
    expect(hub.hub.config.current.alerts.waitStandardMinutes).toBe(5)
    await expect.poll(() => overStandard.textContent(), WAIT).toMatch(/\b1\b.*\b5\b/)
    await expect.poll(() => longWaits(supervisor.page).count(), WAIT).toBe(1)

    // A new pause reason with its limit.
    await page.getByTestId('admin-work-pauses-add').click()
    await page.getByTestId('admin-work-pauses-id').fill('training')
    await page.getByTestId('admin-work-pauses-name-kk').fill('Оқу')
    await page.getByTestId('admin-work-pauses-name-ru').fill('Обучение')
    await page.getByTestId('admin-work-pauses-name-en').fill('Training')
    await page.getByTestId('admin-work-pauses-limit').fill('45')
    await screenshot(page, 'admin-work-pause-form')
    await page.getByTestId('admin-work-pauses-save').click()
    await page.getByTestId('admin-work-pauses-saved').waitFor(WAIT)
    expect(await page.getByTestId('admin-work-pauses-row-training').textContent()).toContain('45')
    await screenshot(page, 'admin-work-tab')

    // The consultant's page, open all along, offers it at the next pause.
    await pressShortcut(consultant.page, 'p')
    const dialog = consultant.page.getByTestId('consultant-pause-dialog')
    await dialog.waitFor(WAIT)
    const training = dialog.locator('[data-reason="training"]')
    await training.waitFor(WAIT)
    expect(await training.textContent()).toContain('Training')
    await training.click()
    await screenshot(consultant.page, 'admin-work-consultant-pause')
    await consultant.page.getByTestId('consultant-pause-submit').click()
    await expect.poll(() => hub.hub.engine.state.desks['desk-1']?.pauseReason, WAIT).toBe('training')
    await screenshot(supervisor.page, 'admin-work-supervisor')

    // The change log names both changes.
    await page.getByTestId('admin-tab-audit').click()
    await expect
      .poll(() => page.locator('[data-testid^="admin-audit-row"]').count(), WAIT)
      .toBeGreaterThanOrEqual(2)

    // The one refusal is the 0-minute standard's 422; nothing else went wrong on any page.
    const refused = admin.problems.filter((p) => p.includes('status of 422'))
    expect(refused).toHaveLength(1)
    expect(realProblems(admin.problems.filter((p) => !refused.includes(p)))).toEqual([])
    expect(realProblems([...consultant.problems, ...supervisor.problems])).toEqual([])
  }, 180_000)

  it('refuses to remove an outcome a service lists, naming the service; taken off the service, it goes', async () => {
    const admin = await openAdminPage(browser, hub, LAPTOP)
    contexts.push(admin.page.context())
    const page = admin.page
    await page.getByTestId('admin-tab-work').click()
    await page.getByTestId('admin-work-outcomes-remove-refused').click()
    await page.getByTestId('admin-remove-confirm').click()
    const refusal = page.getByTestId('admin-remove-refused')
    await refusal.waitFor(WAIT)
    // The service by its Kazakh name, not its id.
    expect(await refusal.textContent()).toContain('Жеке куәлік пен паспорт беру')
    expect(await refusal.textContent()).not.toContain('id-card-passport')
    await screenshot(page, 'admin-work-outcome-in-use')
    await page.getByTestId('admin-remove-cancel').click()
    expect(hub.hub.config.current.outcomes.some((o) => o.id === 'refused')).toBe(true)

    // The service's own outcomes, without "refused".
    await page.getByTestId('admin-tab-services').click()
    await page.getByTestId('admin-service-edit-id-card-passport').click()
    expect(await page.getByTestId('admin-service-own-outcomes').isChecked()).toBe(true)
    await page.getByTestId('admin-service-outcome-refused').uncheck()
    await screenshot(page, 'admin-work-service-outcomes')
    await page.getByTestId('admin-service-save').click()
    await page.getByTestId('admin-service-saved').waitFor(WAIT)
    expect(hub.hub.config.current.services.find((s) => s.id === 'id-card-passport')!.outcomes).toEqual([
      'served',
      'documents-missing',
      'redirected',
    ])

    await page.getByTestId('admin-tab-work').click()
    await page.getByTestId('admin-work-outcomes-remove-refused').click()
    await page.getByTestId('admin-remove-confirm').click()
    await page.getByTestId('admin-work-outcomes-row-refused').waitFor({ state: 'detached', ...WAIT })
    expect(hub.hub.config.current.outcomes.map((o) => o.id)).not.toContain('refused')
    const refused = admin.problems.filter((p) => p.includes('status of 409'))
    expect(refused).toHaveLength(1)
    expect(realProblems(admin.problems.filter((p) => !refused.includes(p)))).toEqual([])
  }, 120_000)
})
