/**
 * The admin screen's self-service scenarios, service groups and change log in a real Chromium against a
 * real hub: a scenario with a start page off the portal allowlist is refused at that field and changes
 * nothing; a good one reaches the kiosk page open beside it without a reload; the change log opens to
 * what changed, before and after; a group with services in it is not removed (the dialog says why), an
 * empty one is.
 */
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestHub, type TestHub } from '../support/hub-harness'
import { openAdminPage } from './admin-support'
import { buildRendererOnce, launchChromium, openKioskPage, screenshot } from './support'

const DESKTOP = { width: 1366, height: 900 }
const WAIT = { timeout: 15_000 }
const SERVICE = 'no-criminal-record'

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

const openAdmin = () => openAdminPage(browser, hub, DESKTOP)

describe('the admin screen: scenarios, groups, the change log', () => {
  it('edits a self-service scenario, refused off the allowlist, live at the kiosk, and shown in the log', async () => {
    const kiosk = await openKioskPage(browser, hub.url)
    const admin = await openAdmin()
    const page = admin.page
    try {
      await page.getByTestId('admin-tab-services').click()
      expect(await page.getByTestId(`admin-service-scenario-${SERVICE}`).textContent()).toContain('egov.kz')
      await page.getByTestId(`admin-service-self-service-${SERVICE}`).click()
      await page.getByTestId('admin-scenario-form').waitFor(WAIT)
      expect(await page.getByTestId('admin-scenario-step-0-url').inputValue()).toBe(
        'https://idp.egov.kz/idp/**',
      )

      // A start page off the portal allowlist: the hub's reason under that field, in Kazakh; nothing saved.
      const before = structuredClone(
        hub.hub.config.current.services.find((s) => s.id === SERVICE)!.selfService,
      )
      await page.getByTestId('admin-scenario-start').fill('https://phishing.example/egov')
      await page.getByTestId('admin-scenario-need-eds').check()
      await page.getByTestId('admin-scenario-save').click()
      const startError = page.getByTestId('admin-scenario-start-error')
      await startError.waitFor(WAIT)
      expect(await startError.textContent()).toContain('рұқсат етілген доменде https болуы керек')
      expect(await page.getByTestId('admin-scenario-start').getAttribute('aria-invalid')).toBe('true')
      await screenshot(page, 'admin-scenario-refused')
      expect(hub.hub.config.current.services.find((s) => s.id === SERVICE)!.selfService).toEqual(before)

      // Fixed, with the digital signature now needed and a step's Russian title changed: saved and live.
      await page.getByTestId('admin-scenario-start').fill('https://egov.kz/cms/ru/services/pass001_mvd')
      await page.getByTestId('admin-scenario-step-1-title-ru').fill('Заполните запрос')
      await page.getByTestId('admin-scenario-save').click()
      await page.getByTestId('admin-service-saved').waitFor(WAIT)
      const saved = hub.hub.config.current.services.find((s) => s.id === SERVICE)!.selfService!
      expect(saved.needs).toEqual(['iin', 'phone-binding', 'eds'])
      expect(saved.steps[1]!.title.ru).toBe('Заполните запрос')

      // The kiosk page open since before the change offers it with the new need, without a reload.
      await kiosk.page.locator('[data-group="certificates"]').tap()
      await kiosk.page.locator(`[data-service="${SERVICE}"]`).tap()
      await kiosk.page.getByTestId('kiosk-offer').waitFor(WAIT)
      await kiosk.page.locator('[data-need="eds"]').waitFor(WAIT)
      await screenshot(kiosk.page, 'admin-scenario-kiosk-offer')

      // The change log opens to what changed: the needs and the step title, before and after.
      await page.getByTestId('admin-tab-audit').click()
      await page.getByTestId('admin-audit-toggle-1').click()
      const diff = page.getByTestId('admin-audit-diff-1')
      await diff.waitFor(WAIT)
      const text = (await diff.textContent())!
      // The item by its name in the admin's language (Kazakh here), with its id.
      expect(text).toContain(`Соттылықтың болуы немесе болмауы туралы анықтама (${SERVICE})`)
      // Fields by their names in Kazakh, not their paths.
      expect(text).toContain('Өзіне-өзі қызмет › Азаматқа не керек')
      expect(text).not.toContain('selfService.needs')
      expect(text).toContain('iin, phone-binding, eds')
      expect(text).toContain('Өзіне-өзі қызмет › Қадамдар › 2 › Тақырыбы › орысша')
      expect(text).toContain('Заполнение запроса')
      expect(text).toContain('Заполните запрос')
      expect(text).not.toContain('Бастапқы бет')
      await screenshot(page, 'admin-audit-diff')
      await page.getByTestId('admin-audit-toggle-1').click()
      await diff.waitFor({ state: 'detached', ...WAIT })

      // Removing the scenario asks first; cancelled, it stays; confirmed, it is gone.
      await page.getByTestId('admin-tab-services').click()
      await page.getByTestId(`admin-service-self-service-${SERVICE}`).click()
      await page.getByTestId('admin-scenario-remove').click()
      const dialog = page.getByTestId('admin-remove-dialog')
      await dialog.waitFor(WAIT)
      expect(await dialog.textContent()).toContain('Соттылықтың болуы немесе болмауы туралы анықтама')
      await screenshot(page, 'admin-scenario-remove-ask')
      await page.getByTestId('admin-remove-cancel').click()
      await dialog.waitFor({ state: 'detached', ...WAIT })
      expect(hub.hub.config.current.services.find((s) => s.id === SERVICE)!.selfService).toBeDefined()
      await page.getByTestId('admin-scenario-remove').click()
      await page.getByTestId('admin-remove-confirm').click()
      await page.getByTestId('admin-scenario-form').waitFor({ state: 'detached', ...WAIT })
      expect(hub.hub.config.current.services.find((s) => s.id === SERVICE)!.selfService).toBeUndefined()

      const refused = admin.problems.filter((p) => p.includes('status of 422'))
      expect(refused).toHaveLength(1)
      expect([...admin.problems.filter((p) => !refused.includes(p)), ...kiosk.problems]).toEqual([])
    } finally {
      await admin.close()
      await kiosk.context.close()
    }
  })

  it('refuses to remove a group with services in it, saying why; removes an empty one', async () => {
    const admin = await openAdmin()
    const page = admin.page
    try {
      await page.getByTestId('admin-tab-services').click()
      await page.getByTestId('admin-group-remove-certificates').click()
      await page.getByTestId('admin-remove-dialog').waitFor(WAIT)
      await page.getByTestId('admin-remove-confirm').click()
      const refusal = page.getByTestId('admin-remove-refused')
      await refusal.waitFor(WAIT)
      expect(await refusal.textContent()).toContain('ішінде қызметтер бар топ жойылмайды')
      // Its services by their names in the admin's language, not by id.
      expect(await refusal.textContent()).toContain('Соттылықтың болуы немесе болмауы туралы анықтама')
      expect(await refusal.textContent()).not.toContain(SERVICE)
      // About the group itself: said without a config path.
      expect(await refusal.textContent()).not.toContain('serviceGroups')
      await screenshot(page, 'admin-group-remove-refused')
      await page.getByTestId('admin-remove-cancel').click()
      expect(hub.hub.config.current.serviceGroups.some((g) => g.id === 'certificates')).toBe(true)
      await page.getByTestId('admin-group-row-certificates').waitFor(WAIT)

      await page.getByTestId('admin-group-add').click()
      await page.getByTestId('admin-group-id').fill('spare')
      await page.getByTestId('admin-group-name-kk').fill('Қосымша')
      await page.getByTestId('admin-group-name-ru').fill('Дополнительно')
      await page.getByTestId('admin-group-save').click()
      await page.getByTestId('admin-group-row-spare').waitFor(WAIT)
      await page.getByTestId('admin-group-remove-spare').click()
      await page.getByTestId('admin-remove-confirm').click()
      await page.getByTestId('admin-group-row-spare').waitFor({ state: 'detached', ...WAIT })
      expect(hub.hub.config.current.serviceGroups.some((g) => g.id === 'spare')).toBe(false)

      const refused = admin.problems.filter((p) => p.includes('status of 409'))
      expect(refused).toHaveLength(1)
      expect(admin.problems.filter((p) => !refused.includes(p))).toEqual([])
    } finally {
      await admin.close()
    }
  })
})
