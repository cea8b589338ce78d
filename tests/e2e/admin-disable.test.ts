/**
 * Disabling a consultant from the admin screen, in Chromium: the admin is asked first, told which window
 * closes and which ticket goes back to the queue; after confirming, the supervisor's live view shows the
 * window closed and the ticket waiting again, first in its line. Disabling one's own login is refused in
 * a sentence of the admin's language, without a config path.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { openAdminPage } from './admin-support'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

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

describe('disabling a staff member on the admin screen', () => {
  it('asks first, naming the window and the ticket; then the supervisor sees the window closed and the ticket waiting', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const serviceId = hub.config.services[0]!.id
    const numbers: string[] = []
    for (let i = 0; i < 2; i++)
      numbers.push(expectOk(await kiosk.command('ticket:issue', { serviceId })).ticket.number)
    const consultant = await hub.staffClient('consultant3')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-5', serviceIds: [serviceId] }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-5' }))

    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1 })
    const supervisor = await context.newPage()
    const supervisorProblems = collectProblems(supervisor)
    const admin = await openAdminPage(browser, hub)
    const page = admin.page
    try {
      await supervisor.goto(`${hub.url}/supervisor`)
      await signInStaff(supervisor, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!)
      const row = supervisor.locator('.desk-row[data-desk="desk-5"]')
      await expect.poll(() => row.getAttribute('data-status'), WAIT).toBe('open')
      await expect.poll(() => row.textContent(), WAIT).toContain(numbers[0]!)

      // Asked first: the dialog names window 5 and the called ticket; cancelling changes nothing.
      await page.getByTestId('admin-staff-toggle-consultant-3').click()
      const dialog = page.getByTestId('admin-remove-dialog')
      await dialog.waitFor(WAIT)
      const what = (await dialog.textContent()) ?? ''
      expect(what).toContain(numbers[0]!)
      expect(what).toMatch(/5/)
      await screenshot(page, 'admin-disable-confirm')
      await page.getByTestId('admin-remove-cancel').click()
      await dialog.waitFor({ state: 'detached', ...WAIT })
      expect(await page.getByTestId('admin-staff-row-consultant-3').getAttribute('data-disabled')).toBe(
        'false',
      )
      expect(hub.hub.engine.state.desks['desk-5']!.status).toBe('open')

      await page.getByTestId('admin-staff-toggle-consultant-3').click()
      await page.getByTestId('admin-remove-confirm').click()
      await dialog.waitFor({ state: 'detached', ...WAIT })
      await expect
        .poll(() => page.getByTestId('admin-staff-row-consultant-3').getAttribute('data-disabled'), WAIT)
        .toBe('true')
      await consultant.disconnected()

      // The supervisor's live view: window 5 closed, the ticket back first in its line.
      await expect.poll(() => row.getAttribute('data-status'), WAIT).toBe('closed')
      expect(await row.textContent()).not.toContain(numbers[0]!)
      await supervisor.getByTestId('supervisor-waiting-open').click()
      await supervisor.getByTestId('supervisor-waiting-service').selectOption(serviceId)
      const waiting = supervisor.locator('.waiting-row')
      await expect.poll(() => waiting.first().getAttribute('data-number'), WAIT).toBe(numbers[0])
      expect(await waiting.count()).toBe(2)
      await screenshot(supervisor, 'admin-disable-supervisor')
      expect(admin.problems).toEqual([])
      expect(supervisorProblems).toEqual([])
    } finally {
      await context.close()
      await admin.close()
    }
  })

  it("refuses to disable the admin's own login in a sentence of the admin's language", async () => {
    const admin = await openAdminPage(browser, hub)
    const page = admin.page
    try {
      await page.locator('[data-language="ru"]').first().click()
      await page.getByTestId('admin-staff-toggle-admin-1').click()
      await page.getByTestId('admin-remove-confirm').click()
      const refused = page.getByTestId('admin-remove-refused')
      await refused.waitFor(WAIT)
      const text = (await refused.textContent()) ?? ''
      expect(text).toContain('Нельзя отключить свой логин')
      expect(text).not.toContain('staff.')
      expect(text).not.toMatch(/Исправьте|отмеченные/)
      await screenshot(page, 'admin-disable-self-ru')
      await page.keyboard.press('Escape')
      await page.getByTestId('admin-remove-dialog').waitFor({ state: 'detached', ...WAIT })
      // The hub's refusal (409) is the one failed request.
      expect(admin.problems.filter((p) => !p.includes('status of 409'))).toEqual([])
    } finally {
      await admin.close()
    }
  })
})
