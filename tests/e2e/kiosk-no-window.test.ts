/**
 * No promise without a window, in a real Chromium against a real hub: windows 1–3 are open, nobody
 * serves old-age pensions or kindergartens. Each service card shows a newcomer's wait or "no window open
 * now"; a ticket for a service no open window serves comes only after a warning that fits portrait,
 * landscape and larger text; and a busy window's ticket shows its wait with the 80% range.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, KIOSK_PORTRAIT, launchChromium, openKioskPage, screenshot } from './support'

const PORTRAIT = KIOSK_PORTRAIT
const LANDSCAPE = { width: 1920, height: 1080 }

let hub: TestHub
let browser: Browser
/** The consultants at windows 1–3, by window. */
const windows = new Map<string, TestClient>()
const contexts: BrowserContext[] = []

async function openKiosk(base: string, viewport = PORTRAIT) {
  const opened = await openKioskPage(browser, base, { viewport })
  contexts.push(opened.context)
  return opened
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  // Windows 1–3: certificates, residence and clinic registration, ID cards and signatures. Nobody serves
  // old-age pensions, kindergartens, births or the mobile-citizen desk.
  for (const n of [1, 2, 3]) {
    const consultant = await hub.staffClient(`consultant${n}`)
    expectOk(await consultant.command('desk:open', { deskId: `desk-${n}` }))
    windows.set(`desk-${n}`, consultant)
  }
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** A wait with its 80% range: "≈ 12 мин (8–18 мин)", or from nothing, "≈ 3 мин (10 минутқа дейін)". */
const RANGED = /^≈ \d+ мин \((\d+–\d+ мин|\d+ минутқа дейін)\)$/

describe('kiosk: no window open for a service', () => {
  const ticketsOf = (serviceId: string) =>
    Object.values(hub.hub.engine.state.tickets).filter((t) => t.serviceId === serviceId)

  /** The warning and its two actions lie wholly on the screen, the actions at least 64 px each way. */
  async function expectWarningOnScreen(page: Page): Promise<void> {
    const viewport = page.viewportSize()!
    const dialog = page.getByTestId('kiosk-no-window')
    for (const part of [
      dialog,
      dialog.locator('#no-window-title'),
      dialog.getByTestId('kiosk-no-window-back'),
      dialog.getByTestId('kiosk-no-window-take'),
    ]) {
      const box = (await part.boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width)
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
    }
    for (const id of ['kiosk-no-window-back', 'kiosk-no-window-take']) {
      const box = (await dialog.getByTestId(id).boundingBox())!
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(64)
    }
    // No word runs out of its box, and the whole warning shows without scrolling.
    const spilling = await dialog.evaluate((el) =>
      [el, ...el.querySelectorAll('h2, p, button')]
        .filter(
          (node) => node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1,
        )
        .map(
          (node) =>
            `${node.className}: ${node.scrollWidth}×${node.scrollHeight} in ${node.clientWidth}×${node.clientHeight}`,
        ),
    )
    expect(spilling).toEqual([])
  }

  it('shows the wait on each card, warns before a ticket no window serves, "back" issues nothing', async () => {
    const { page, problems } = await openKiosk(hub.url)
    await page.locator('[data-group="registration-social"]').tap()
    // Window 2 serves residence registration; no open window serves old-age pensions.
    const served = page.locator('[data-service="residence-registration"] [data-testid="service-wait"]')
    await expect.poll(() => served.textContent()).toMatch(/^\s*(≈ \d+ мин|Қазір: терезе бос)/)
    const pension = page.locator('[data-service="old-age-pension"]')
    expect(await pension.getByTestId('service-no-window').textContent()).toContain('Қазір терезе жоқ')
    expect(await pension.getByTestId('service-wait').count()).toBe(0)
    await screenshot(page, 'kiosk-services-no-window-portrait-kk')

    await pension.tap()
    const dialog = page.getByTestId('kiosk-no-window')
    await dialog.waitFor()
    expect(await dialog.getAttribute('role')).toBe('alertdialog')
    expect(await dialog.locator('#no-window-title').textContent()).toBe(
      'Қазір бұл қызметті ешбір терезе көрсетпейді',
    )
    expect(await dialog.getByTestId('kiosk-no-window-take').textContent()).toContain('Бәрібір талон алу')
    await expectWarningOnScreen(page)
    await screenshot(page, 'kiosk-no-window-portrait-kk')

    await page.getByTestId('kiosk-no-window-back').tap()
    await dialog.waitFor({ state: 'detached' })
    expect(await page.locator('.services-title').isVisible()).toBe(true)
    // The card of a service with a self-service offer has its own ticket button: it warns too.
    await page.locator('[data-service-ticket="kindergarten-queue"]').tap()
    await dialog.waitFor()
    expect(await dialog.getAttribute('data-service')).toBe('kindergarten-queue')
    await page.getByTestId('kiosk-no-window-back').tap()
    await dialog.waitFor({ state: 'detached' })
    expect(ticketsOf('old-age-pension')).toHaveLength(0)
    expect(ticketsOf('kindergarten-queue')).toHaveLength(0)
    expect(problems).toEqual([])
  })

  it('"take a ticket anyway" issues it, and the ticket says no window serves the service yet', async () => {
    const { page } = await openKiosk(hub.url)
    await page.locator('[data-group="registration-social"]').tap()
    await page.locator('[data-service="old-age-pension"]').tap()
    await page.getByTestId('kiosk-no-window-take').tap()
    const number = page.getByTestId('kiosk-ticket-number')
    await number.waitFor()
    const issued = ticketsOf('old-age-pension')
    expect(issued.map((t) => t.number)).toEqual([(await number.textContent())!.trim()])
    const wait = page.getByTestId('kiosk-ticket-wait')
    expect(await wait.getAttribute('data-no-window')).toBe('true')
    expect((await wait.textContent())!.trim()).toBe('Қазір бұл қызметті ешбір терезе көрсетпейді')
    await screenshot(page, 'kiosk-ticket-no-window-portrait-kk')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
  })

  it('a ticket while its only window is busy shows the wait with its 80% range', async () => {
    // Window 3 (ID cards and signatures) has a citizen in hand, and ID cards have people waiting.
    const device = await hub.deviceClient('kiosk-2')
    for (let i = 0; i < 2; i++)
      expectOk(await device.command('ticket:issue', { serviceId: 'id-card-passport' }))
    expectOk(await windows.get('desk-3')!.command('ticket:call-next', { deskId: 'desk-3' }))

    const { page } = await openKiosk(hub.url)
    await page.locator('[data-group="documents"]').tap()
    const card = page.locator('[data-service="id-card-passport"] [data-testid="service-wait"]')
    expect((await card.textContent())!.trim()).toMatch(RANGED)
    await screenshot(page, 'kiosk-services-busy-portrait-kk')
    const waiting = hub.hub.engine.state.queues['id-card-passport']!.length
    expect(waiting).toBeGreaterThan(0)
    await page.locator('[data-service="id-card-passport"]').tap()
    await page.getByTestId('kiosk-ticket-number').waitFor()
    expect(await page.getByTestId('kiosk-ticket-ahead').textContent()).toBe(String(waiting))
    const wait = (await page.getByTestId('kiosk-ticket-wait').textContent())!.trim()
    expect(wait).toMatch(RANGED)
    await screenshot(page, 'kiosk-ticket-range-portrait-kk')
  })

  it('the warning fits a landscape stand and larger text, and the keyboard reaches both actions', async () => {
    const { page } = await openKiosk(hub.url, LANDSCAPE)
    await page.locator('[data-language="ru"]').tap()
    await page.getByTestId('kiosk-large-text').tap()
    await page.locator('[data-group="registration-social"]').tap()
    await page.locator('[data-service="old-age-pension"] [data-testid="service-no-window"]').waitFor()
    await screenshot(page, 'kiosk-services-landscape-large-ru')
    await page.locator('[data-service="old-age-pension"]').tap()
    const dialog = page.getByTestId('kiosk-no-window')
    await dialog.waitFor()
    expect(await dialog.getByTestId('kiosk-no-window-take').textContent()).toContain('Всё равно взять талон')
    await expectWarningOnScreen(page)
    await screenshot(page, 'kiosk-no-window-landscape-large-ru')

    // "Back" has the focus; Tab goes to "take a ticket anyway" and round again; Escape is "back".
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
    expect(await focused()).toBe('kiosk-no-window-back')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('kiosk-no-window-take')
    await page.keyboard.press('Tab')
    expect(await focused()).toBe('kiosk-no-window-back')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    // Portrait, larger text, Kazakh (the longest words).
    await page.setViewportSize(PORTRAIT)
    await page.locator('[data-testid="kiosk-back"]').tap()
    await page.locator('[data-language="kk"]').tap()
    await page.locator('[data-group="registration-social"]').tap()
    await page.locator('[data-service="old-age-pension"]').tap()
    await dialog.waitFor()
    await expectWarningOnScreen(page)
    await screenshot(page, 'kiosk-no-window-portrait-large-kk')
  })
})
