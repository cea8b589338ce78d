/**
 * The admin screen in a real Chromium against a real hub: the admin renames a service and the kiosk page
 * open beside it shows the new name at once, without reloading; a bad change is shown at its field and
 * changes nothing; the admin creates a staff member, who signs in with the password shown once (and
 * chooses her own); a
 * disabled one cannot; the admin narrows a zone display's windows and the display open beside it stops
 * showing calls outside them; a removed display stops at once. In Kazakh, Russian and English.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { openAdminPage } from './admin-support'
import { buildRendererOnce, collectProblems, launchChromium, openKioskPage, screenshot } from './support'

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

const openAdmin = () => openAdminPage(browser, hub)

describe('the admin screen', () => {
  it('renames a service and a kiosk open beside it shows the new name live', async () => {
    const kiosk = await openKioskPage(browser, hub.url)
    const admin = await openAdmin()
    try {
      await kiosk.page.locator('[data-group="certificates"]').tap()
      const service = kiosk.page.locator('[data-service="no-criminal-record"]')
      await service.waitFor(WAIT)
      expect(await service.textContent()).toContain('Соттылықтың болуы немесе болмауы туралы анықтама')

      const page = admin.page
      await page.getByTestId('admin-tab-services').click()
      await page.getByTestId('admin-service-edit-no-criminal-record').click()
      // A bad ticket letter first: the hub's error under the field, nothing saved.
      await page.getByTestId('admin-service-prefix').fill('1')
      await page.getByTestId('admin-service-save').click()
      const prefixError = page.getByTestId('admin-service-prefix-error')
      await prefixError.waitFor(WAIT)
      expect(await prefixError.textContent()).toContain('бір-екі бас әріп болуы керек')
      expect(await page.getByTestId('admin-service-prefix').getAttribute('aria-invalid')).toBe('true')
      await screenshot(page, 'admin-service-refused')
      expect(hub.hub.config.current.services.find((s) => s.id === 'no-criminal-record')!.prefix).toBe('A')

      await page.getByTestId('admin-service-prefix').fill('A')
      await page.getByTestId('admin-service-name-kk').fill('Сотталғандығы туралы анықтама')
      await page.getByTestId('admin-service-name-ru').fill('Справка о судимости')
      await page.getByTestId('admin-service-save').click()
      await page.getByTestId('admin-service-saved').waitFor(WAIT)
      expect(await page.getByTestId('admin-service-row-no-criminal-record').textContent()).toContain(
        'Сотталғандығы туралы анықтама',
      )
      await screenshot(page, 'admin-services')

      // The kiosk page was not reloaded: its socket got the new config.
      await expect.poll(() => service.textContent(), WAIT).toContain('Сотталғандығы туралы анықтама')
      await screenshot(kiosk.page, 'admin-kiosk-renamed')

      await page.getByTestId('admin-tab-audit').click()
      await page.getByTestId('admin-audit-row-1').waitFor(WAIT)
      expect(await page.getByTestId('admin-audit-row-1').textContent()).toContain('Тимур Бекенов')
      await screenshot(page, 'admin-audit')
      // The refused save is the one failed request the browser reports (422, shown at its field).
      const refused = admin.problems.filter((p) => p.includes('status of 422'))
      expect(refused).toHaveLength(1)
      expect([...admin.problems.filter((p) => !refused.includes(p)), ...kiosk.problems]).toEqual([])
    } finally {
      await admin.close()
      await kiosk.context.close()
    }
  })

  it('creates a staff member who signs in with the password shown once; a disabled one cannot', async () => {
    const admin = await openAdmin()
    const page = admin.page
    try {
      await page.getByTestId('admin-staff-add').click()
      // The form's own hints first: nothing is sent without a login, a name and a role.
      await page.getByTestId('admin-staff-save').click()
      await page.getByTestId('admin-staff-login-error').waitFor(WAIT)
      await page.getByTestId('admin-staff-roles-error').waitFor(WAIT)
      await screenshot(page, 'admin-staff-form-errors')

      await page.getByTestId('admin-staff-login').fill('aigul')
      await page.getByTestId('admin-staff-first-name').fill('Айгүл')
      await page.getByTestId('admin-staff-last-name').fill('Серікова')
      await page.getByTestId('admin-staff-role-consultant').check()
      await page.getByTestId('admin-staff-save').click()
      const shown = page.getByTestId('admin-password-shown')
      await shown.waitFor(WAIT)
      const password = (await shown.textContent())!.trim()
      expect(password).toMatch(/^[A-Za-z0-9]{12}$/)
      await screenshot(page, 'admin-password-once')
      await page.getByTestId('admin-password-done').click()
      await page.getByTestId('admin-staff-row-aigul').waitFor(WAIT)

      // The new consultant signs in at once, in a browser of her own.
      const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
      const consultant = await context.newPage()
      try {
        await consultant.goto(`${hub.url}/consultant`)
        await consultant.getByTestId('consultant-login').fill('aigul')
        await consultant.getByTestId('consultant-password').fill(password)
        await consultant.getByTestId('consultant-sign-in-submit').click()
        // A password the admin gave: she chooses her own first (tests/e2e/staff-password.test.ts).
        await consultant.getByTestId('consultant-new-password').fill('aigul-own-pass')
        await consultant.getByTestId('consultant-new-password-repeat').fill('aigul-own-pass')
        await consultant.getByTestId('consultant-new-password-submit').click()
        await expect
          .poll(() => consultant.getByTestId('consultant-staff').textContent(), WAIT)
          .toBe('Айгүл Серікова')

        // Disabled: her page is sent back to the sign-in form, and signing in again is refused.
        await page.getByTestId('admin-staff-toggle-aigul').click()
        await page.getByTestId('admin-remove-confirm').click()
        await expect
          .poll(() => page.getByTestId('admin-staff-row-aigul').getAttribute('data-disabled'), WAIT)
          .toBe('true')
        await consultant.getByTestId('consultant-sign-in').waitFor(WAIT)
        await consultant.getByTestId('consultant-login').fill('aigul')
        await consultant.getByTestId('consultant-password').fill('aigul-own-pass')
        await consultant.getByTestId('consultant-sign-in-submit').click()
        await consultant.getByTestId('consultant-sign-in-error').waitFor(WAIT)
        await screenshot(page, 'admin-staff')
      } finally {
        await context.close()
      }

      for (const [language, tab] of [
        ['ru', 'Сотрудники'],
        ['en', 'Staff'],
      ] as const) {
        await page.locator(`[data-language="${language}"]`).first().click()
        await expect.poll(() => page.getByTestId('admin-tab-staff').textContent(), WAIT).toContain(tab)
      }
      await screenshot(page, 'admin-staff-en')
      expect(admin.problems).toEqual([])
    } finally {
      await admin.close()
    }
  })

  it('pairs a new hall display with a one-time code typed on the display', async () => {
    const admin = await openAdmin()
    const page = admin.page
    const context = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      deviceScaleFactor: 1,
    })
    try {
      await page.getByTestId('admin-tab-devices').click()
      await page.getByTestId('admin-device-add').click()
      await page.getByTestId('admin-device-id').fill('display-floor-2')
      await page.getByTestId('admin-device-kind').selectOption('display')
      await page.getByTestId('admin-device-name').fill('Екінші қабаттағы табло')
      await page.getByTestId('admin-device-save').click()
      const shown = page.getByTestId('admin-pairing-code')
      await shown.waitFor(WAIT)
      const code = (await shown.textContent())!.trim()
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
      await screenshot(page, 'admin-pairing-code')
      // Escape closes it, as it does the other dialogs.
      await page.keyboard.press('Escape')
      await page.getByTestId('admin-pairing-dialog').waitFor({ state: 'detached', ...WAIT })

      const display = await context.newPage()
      const problems = collectProblems(display)
      await display.goto(`${hub.url}/pair`)
      // A wrong code first: said, and nothing paired.
      await display.getByTestId('pair-code').fill('AAAA-AAAA')
      await display.getByTestId('pair-submit').click()
      await expect
        .poll(() => display.getByTestId('pair-message').getAttribute('data-outcome'), WAIT)
        .toBe('wrong')
      await screenshot(display, 'pair-wrong-code')
      await display.getByTestId('pair-code').fill(code.toLowerCase())
      await display.getByTestId('pair-submit').click()
      await display.waitForURL(`${hub.url}/display`, WAIT)
      await display.getByTestId('display-empty').waitFor(WAIT)
      await display.locator('.connection-badge[data-state="online"]').waitFor(WAIT)
      await screenshot(display, 'pair-display-paired')
      expect(hub.hub.config.current.devices.find((d) => d.id === 'display-floor-2')?.kind).toBe('display')
      // The one failed request is the wrong code's 404.
      expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([])
    } finally {
      await context.close()
      await admin.close()
    }
  })

  it('sets the opening hours: a backwards interval is refused at its day, a good change is saved', async () => {
    const admin = await openAdmin()
    const page = admin.page
    try {
      await page.getByTestId('admin-tab-hours').click()
      await page.getByTestId('admin-hours-mon').fill('18:00–09:00')
      await page.getByTestId('admin-hours-save').click()
      const error = page.getByTestId('admin-hours-mon-error')
      await error.waitFor(WAIT)
      expect(await error.textContent()).toContain('аралық басталғаннан кейін аяқталуы керек')
      await screenshot(page, 'admin-hours-refused')
      await page.getByTestId('admin-hours-mon').fill('08:30–18:00')
      await page.getByTestId('admin-hours-save').click()
      await page.getByTestId('admin-hours-saved').waitFor(WAIT)
      expect(hub.hub.config.current.centre.openingHours.mon).toEqual([['08:30', '18:00']])
      await screenshot(page, 'admin-hours')
    } finally {
      await admin.close()
    }
  })

  it('marks a service as done online; one with a kiosk self-service scenario cannot be unmarked', async () => {
    const admin = await openAdmin()
    try {
      const page = admin.page
      await page.getByTestId('admin-tab-services').click()
      await page.getByTestId('admin-service-edit-no-criminal-record').click()
      const online = page.getByTestId('admin-service-online')
      expect(await online.isChecked()).toBe(true)
      await online.uncheck()
      await page.getByTestId('admin-service-save').click()
      const error = page.getByTestId('admin-service-online-error')
      await error.waitFor(WAIT)
      expect(await error.textContent()).toContain('онлайн болуы керек')
      await screenshot(page, 'admin-service-online-refused')
      expect(hub.hub.config.current.services.find((s) => s.id === 'no-criminal-record')!.online).toBe(true)
      await page.getByTestId('admin-service-cancel').click()

      await page.getByTestId('admin-service-edit-id-card-passport').click()
      expect(await online.isChecked()).toBe(false)
      await online.check()
      await page.getByTestId('admin-service-save').click()
      await page.getByTestId('admin-service-saved').waitFor(WAIT)
      expect(hub.hub.config.current.services.find((s) => s.id === 'id-card-passport')!.online).toBe(true)
      // The refused save's 422, and nothing else.
      expect(admin.problems.filter((p) => !p.includes('422'))).toEqual([])
    } finally {
      await admin.close()
    }
  })

  it('lists service groups, adds one and renames one in kk/ru/en', async () => {
    const admin = await openAdmin()
    try {
      const page = admin.page
      await page.getByTestId('admin-tab-services').click()
      await page.getByTestId('admin-group-row-certificates').waitFor(WAIT)
      await page.getByTestId('admin-group-add').click()
      await page.getByTestId('admin-group-save').click()
      await page.getByTestId('admin-group-id-error').waitFor(WAIT)
      await page.getByTestId('admin-group-id').fill('land')
      await page.getByTestId('admin-group-name-kk').fill('Жер қатынастары')
      await page.getByTestId('admin-group-name-ru').fill('Земельные отношения')
      await page.getByTestId('admin-group-name-en').fill('Land')
      await page.getByTestId('admin-group-save').click()
      await page.getByTestId('admin-group-row-land').waitFor(WAIT)
      expect(hub.hub.config.current.serviceGroups.find((g) => g.id === 'land')?.name.ru).toBe(
        'Земельные отношения',
      )
      await page.getByTestId('admin-group-edit-certificates').click()
      await page.getByTestId('admin-group-name-ru').fill('Справки и выписки')
      await page.getByTestId('admin-group-save').click()
      await page.getByTestId('admin-group-form').waitFor({ state: 'detached', ...WAIT })
      expect(await page.getByTestId('admin-group-row-certificates').textContent()).toContain(
        'Справки и выписки',
      )
      expect(hub.hub.config.current.serviceGroups.find((g) => g.id === 'certificates')?.name.ru).toBe(
        'Справки и выписки',
      )
      await screenshot(page, 'admin-service-groups')
      expect(admin.problems).toEqual([])
    } finally {
      await admin.close()
    }
  })

  it('narrows a zone display live, and removes a display after asking', async () => {
    const admin = await openAdmin()
    const display = await openDisplayPage('display-zone-1')
    const gone = await openDisplayPage('display-2')
    try {
      const page = admin.page
      await page.getByTestId('admin-tab-devices').click()
      expect(await page.getByTestId('admin-device-zone-display-zone-1').textContent()).toContain('1–3')
      expect(await page.getByTestId('admin-device-zone-display-1').textContent()).toContain('Бүкіл зал')
      await page.getByTestId('admin-device-zone-edit-display-zone-1').click()
      // A title in one language only is refused by the form itself, nothing sent.
      await page.getByTestId('admin-zone-title-kk').fill('')
      await page.getByTestId('admin-zone-title-ru').fill('Окно 1')
      await page.getByTestId('admin-zone-title-en').fill('')
      await page.getByTestId('admin-zone-save').click()
      await page.getByTestId('admin-zone-title-kk-error').waitFor(WAIT)
      await screenshot(page, 'admin-zone-refused')
      await page.getByTestId('admin-zone-title-kk').fill('1-терезе')
      await page.getByTestId('admin-zone-desk-desk-2').uncheck()
      await page.getByTestId('admin-zone-desk-desk-3').uncheck()
      await screenshot(page, 'admin-zone-form')
      await page.getByTestId('admin-zone-save').click()
      await page.getByTestId('admin-zone-form').waitFor({ state: 'detached', ...WAIT })
      expect(await page.getByTestId('admin-device-zone-display-zone-1').textContent()).toContain('1-терезе')
      expect(hub.hub.config.current.devices.find((d) => d.id === 'display-zone-1')?.zone?.deskIds).toEqual([
        'desk-1',
      ])

      // The display open beside it reconnects by itself with its new zone: its new title, then a call
      // at window 2, which was in its zone before, does not show there.
      const title = display.page.getByTestId('display-zone-title')
      await expect.poll(() => title.locator('[lang="kk"]').textContent(), WAIT).toBe('1-терезе')
      const kiosk = await hub.deviceClient('kiosk-1')
      const consultant = await hub.staffClient('consultant1')
      expectOk(await consultant.command('desk:open', { deskId: 'desk-2' }))
      const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
      expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-2' }))
      const hall = await openDisplayPage('display-1')
      await hall.page.locator(`[data-number="${ticket.number}"]`).first().waitFor(WAIT)
      expect(await display.page.locator(`[data-number="${ticket.number}"]`).count()).toBe(0)
      await screenshot(display.page, 'admin-zone-display-narrowed')
      await hall.close()

      // Removing asks first; cancelling keeps it.
      await page.getByTestId('admin-device-remove-display-2').click()
      await page.getByTestId('admin-remove-dialog').waitFor(WAIT)
      await screenshot(page, 'admin-device-remove')
      await page.getByTestId('admin-remove-cancel').click()
      expect(hub.hub.config.current.devices.some((d) => d.id === 'display-2')).toBe(true)
      await page.getByTestId('admin-device-remove-display-2').click()
      await page.getByTestId('admin-remove-confirm').click()
      await page.getByTestId('admin-device-row-display-2').waitFor({ state: 'detached', ...WAIT })
      expect(hub.hub.config.current.devices.some((d) => d.id === 'display-2')).toBe(false)
      // Its screen stops at once: its key no longer works.
      await gone.page.getByTestId('display-device-error').waitFor(WAIT)
      expect(admin.problems).toEqual([])
    } finally {
      await gone.close()
      await display.close()
      await admin.close()
    }
  })
})

async function openDisplayPage(deviceId: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 1 })
  const page = await context.newPage()
  const key = hub.credentials.deviceKeys[deviceId]!
  await page.goto(`${hub.url}/display?device=${deviceId}&key=${encodeURIComponent(key)}`)
  await page.locator('.board').waitFor({ timeout: 20_000 })
  return { page, close: () => context.close() }
}
