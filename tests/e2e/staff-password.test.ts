/**
 * A password the admin gave, in a real Chromium against a real hub: the admin resets a consultant's
 * password on the admin screen; the consultant signs in with it and is made to choose their own (a
 * repeat that differs and the given one itself are refused on the form) before anything else, then opens
 * a window and works; the given password no longer signs in. The form in Kazakh, Russian and English.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1366, height: 768 }
const WAIT = { timeout: 15_000 }

let hub: TestHub
let browser: Browser

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

async function openPage(
  path: string,
): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}${path}`)
  return { page, problems, close: () => context.close() }
}

async function choose(page: Page, next: string, repeat: string): Promise<void> {
  await page.getByTestId('consultant-new-password').fill(next)
  await page.getByTestId('consultant-new-password-repeat').fill(repeat)
  await page.getByTestId('consultant-new-password-submit').click()
}

const consultant1 = () => hub.hub.config.current.staff.find((s) => s.id === 'consultant-1')!

describe('a password the admin gave', () => {
  it('is replaced by the consultant’s own at the first sign-in, before any work', async () => {
    // The admin resets consultant1's password; the hub makes one and shows it once.
    const admin = await openPage('/admin')
    await admin.page.getByTestId('admin-login').fill('admin')
    await admin.page.getByTestId('admin-password').fill(hub.credentials.passwords['admin']!)
    await admin.page.getByTestId('admin-sign-in-submit').click()
    await admin.page.getByTestId('admin-staff-password-consultant-1').click()
    await admin.page.getByTestId('admin-password-save').click()
    const shown = admin.page.getByTestId('admin-password-shown')
    await shown.waitFor(WAIT)
    const given = (await shown.textContent())!.trim()
    expect(given).toMatch(/^[A-Za-z0-9]{12}$/)
    await screenshot(admin.page, 'staff-password-admin-reset')
    expect(consultant1().mustChangePassword).toBe(true)
    // Escape closes it, wherever the save left the focus, as it does the admin's other dialogs.
    await admin.page.keyboard.press('Escape')
    await admin.page.getByTestId('admin-password-dialog').waitFor({ ...WAIT, state: 'detached' })
    // The staff list says she has not chosen her own yet.
    const waiting = admin.page.getByTestId('admin-staff-must-change-consultant-1')
    await waiting.waitFor(WAIT)
    expect(await waiting.textContent()).toContain('Өз құпиясөзін әлі таңдамады')
    await screenshot(admin.page, 'staff-password-admin-waiting')

    const desk = await openPage('/consultant')
    const page = desk.page
    try {
      await signInStaff(page, 'consultant', 'consultant1', given)
      const form = page.getByTestId('consultant-new-password-form')
      await form.waitFor(WAIT)
      // Nothing past the form: no work screen, no socket with staff rights.
      expect(await page.locator('.desk-card').count()).toBe(0)
      expect(await page.getByTestId('consultant-sign-out').count()).toBe(0)
      await screenshot(page, 'staff-password-choose-kk')

      // The form's own checks: the repeat must match, and the given password is not one's own.
      await choose(page, 'aigerim-own-2026', 'aigerim-own-2025')
      const problem = page.getByTestId('consultant-new-password-error')
      await expect.poll(() => problem.getAttribute('data-problem'), WAIT).toBe('differ')
      expect(await problem.textContent()).toContain('сәйкес келмейді')
      await choose(page, given, given)
      await expect.poll(() => problem.getAttribute('data-problem'), WAIT).toBe('same')
      await screenshot(page, 'staff-password-same-kk')
      expect(consultant1().mustChangePassword).toBe(true)

      for (const [language, title] of [
        ['ru', 'Выберите новый пароль'],
        ['en', 'Choose a new password'],
      ] as const) {
        await page.locator(`[data-language="${language}"]`).first().click()
        await expect.poll(() => form.locator('h1').textContent(), WAIT).toBe(title)
      }
      await screenshot(page, 'staff-password-choose-en')
      await page.locator('[data-language="ru"]').first().click()

      await choose(page, 'aigerim-own-2026', 'aigerim-own-2026')
      await expect
        .poll(() => page.getByTestId('consultant-staff').textContent(), WAIT)
        .toBe('Айгерім Сейітова')
      expect(consultant1()).not.toHaveProperty('mustChangePassword')

      // She works: window 1 opens for her.
      await page.locator('.desk-card[data-desk="desk-1"]').click()
      await page.getByTestId('consultant-open-desk').click()
      await page.getByTestId('consultant-ticket').waitFor(WAIT)
      expect(hub.hub.engine.state.desks['desk-1']).toMatchObject({ status: 'open', staffId: 'consultant-1' })
      await screenshot(page, 'staff-password-working')
    } finally {
      await desk.close()
    }

    // The given password no longer signs in; her own does.
    const again = await openPage('/consultant')
    try {
      await signInStaff(again.page, 'consultant', 'consultant1', given)
      const error = again.page.getByTestId('consultant-sign-in-error')
      await error.waitFor(WAIT)
      expect(await error.getAttribute('data-code')).toBe('unauthenticated')
      await screenshot(again.page, 'staff-password-given-refused')
      await signInStaff(again.page, 'consultant', 'consultant1', 'aigerim-own-2026')
      await again.page.getByTestId('consultant-staff').waitFor(WAIT)
      // The refused sign-in is the one failed request the browser reports.
      expect(again.problems.filter((p) => !p.includes('status of 401'))).toEqual([])
    } finally {
      await again.close()
    }
    // Once she has, the admin's list (read again) no longer says so.
    await admin.page.reload()
    await admin.page.getByTestId('admin-staff-row-consultant-1').waitFor(WAIT)
    expect(await waiting.count()).toBe(0)
    expect(admin.problems).toEqual([])
    // The sign-in with the given password is answered 403 (must choose one's own): the one failed request.
    expect(desk.problems.filter((p) => !p.includes('status of 403'))).toEqual([])
    await admin.close()
  })
})
