/**
 * The kiosk in a real Chromium against a real hub: a citizen takes a ticket in Kazakh in at most three
 * touches, sees the number the hub issued and a QR code to follow it, the kiosk forgets them when left
 * alone, and it never shows a ticket the hub has not acknowledged. (Windows 1–3 are open: for a service
 * no open window serves, the kiosk warns first; kiosk-no-window.test.ts.)
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import { openHub, type Hub } from '../../src-main/hub/server'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import { expectOk, makeTempDir, removeDataDir, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, KIOSK_PORTRAIT, launchChromium, openKioskPage, screenshot } from './support'

const PORTRAIT = KIOSK_PORTRAIT
const LANDSCAPE = { width: 1920, height: 1080 }
const KAZAKH_LETTERS = 'ӘҒҚҢӨҰҮҺІәғқңөұүһі'

let rendererDir: string
let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []

async function openKiosk(base: string, viewport = KIOSK_PORTRAIT, options: { fakeClock?: boolean } = {}) {
  const opened = await openKioskPage(browser, base, { viewport, ...options })
  contexts.push(opened.context)
  return opened
}

/** Taps like a finger and counts it, so a test can hold the kiosk to its touch budget. */
function touchCounter(page: Page) {
  let touches = 0
  return {
    async tap(locator: Locator) {
      await locator.tap()
      touches += 1
    },
    get count() {
      return touches
    },
    page,
  }
}

beforeAll(async () => {
  rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  // Windows 1–3: certificates, residence and clinic registration, ID cards and signatures.
  for (const n of [1, 2, 3]) {
    const consultant = await hub.staffClient(`consultant${n}`)
    expectOk(await consultant.command('desk:open', { deskId: `desk-${n}` }))
  }
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

describe('kiosk (portrait 1080×1920, Kazakh)', () => {
  it('issues a ticket in at most three touches and shows exactly what the hub issued', async () => {
    const { page, problems } = await openKiosk(hub.url)
    const touches = touchCounter(page)

    // Paired once: the key left the address bar and stays in localStorage.
    expect(new URL(page.url()).search).toBe('')
    expect(await page.evaluate(() => localStorage.getItem('kezek.device'))).toContain('kiosk-1')
    // Kazakh first, and its letters come from the bundled font.
    await expect.poll(() => page.getAttribute('[data-language="kk"]', 'aria-pressed')).toBe('true')
    expect(await page.locator('.home-prompt').textContent()).toBe('Қызмет түрін таңдаңыз')
    expect(
      await page.evaluate((text) => document.fonts.check('32px "Noto Sans"', text), KAZAKH_LETTERS),
    ).toBe(true)
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Noto Sans')
    await screenshot(page, 'kiosk-home-portrait-kk')

    await touches.tap(page.locator('[data-group="certificates"]'))
    await page.locator('[data-service="no-criminal-record"]').waitFor()
    await screenshot(page, 'kiosk-services-portrait-kk')
    await touches.tap(page.locator('[data-service="no-criminal-record"]'))
    // An online service: the self-service offer comes first, and its "take a ticket" is the third touch.
    await touches.tap(page.getByTestId('kiosk-offer-ticket'))

    const number = page.getByTestId('kiosk-ticket-number')
    await number.waitFor()
    expect(touches.count).toBeLessThanOrEqual(3)
    const shown = (await number.textContent())!.trim()
    const issued = Object.values(hub.hub.engine.state.tickets).filter((t) => t.number === shown)
    expect(issued).toHaveLength(1)
    expect(issued[0]!.serviceId).toBe('no-criminal-record')
    expect(issued[0]!.status).toBe('waiting')

    const qr = page.getByTestId('kiosk-qr')
    expect(await qr.locator('svg').count()).toBe(1)
    expect(await qr.getAttribute('data-url')).toBe(`${hub.url}/t/${issued[0]!.trackToken}`)
    // Under the QR code, a short link to type on a phone without a camera app; typed (in lower case, as
    // a phone's keyboard gives it), it opens the same tracker.
    const typed = (await page.getByTestId('kiosk-typed-link').locator('.ticket-typed-link').textContent())!
    expect(typed).toMatch(/^127\.0\.0\.1:\d+\/t\/[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(await page.getByTestId('kiosk-typed-link').isVisible()).toBe(true)
    const phone = await page.context().newPage()
    await phone.goto(`http://${typed.toLowerCase()}`)
    expect(phone.url()).toBe(`${hub.url}/t/${issued[0]!.trackToken}`)
    await expect.poll(() => phone.getByTestId('track-number').textContent()).toBe(shown)
    await phone.close()
    expect(await page.getByTestId('kiosk-print').isVisible()).toBe(true) // a browser: Print button
    await screenshot(page, 'kiosk-ticket-portrait-kk')

    // Nothing spills out of the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(problems).toEqual([])
  })

  it('offers the priority categories from the config and larger text, both discreetly', async () => {
    const { page } = await openKiosk(hub.url)
    await page.getByTestId('kiosk-priority').tap()
    const sheet = page.getByTestId('kiosk-priority-sheet')
    await sheet.waitFor()
    expect(await sheet.locator('[data-category]').count()).toBe(hub.config.priorityCategories.length)
    await screenshot(page, 'kiosk-priority-portrait-kk')
    await sheet.locator('[data-category="elderly-70"]').tap()
    expect(await page.getByTestId('kiosk-priority').textContent()).toContain('70 жастан асқан')

    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
    await page.getByTestId('kiosk-large-text').tap()
    const after = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize))
    expect(after).toBeGreaterThan(before * 1.15)
    await screenshot(page, 'kiosk-home-portrait-large-text')

    await page.locator('[data-group="documents"]').tap()
    await page.locator('[data-service="digital-signature"]').tap()
    const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim()
    const ticket = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)
    expect(ticket?.categoryId).toBe('elderly-70')
  })

  it('every touch target is at least 64 px', async () => {
    const { page } = await openKiosk(hub.url)
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button')]
        .map((b) => ({ text: b.textContent?.trim(), rect: b.getBoundingClientRect() }))
        .filter(({ rect }) => rect.height < 64 || rect.width < 64)
        .map(({ text, rect }) => `${text}: ${Math.round(rect.width)}×${Math.round(rect.height)}`),
    )
    expect(small).toEqual([])
  })
})

describe('kiosk (landscape 1920×1080)', () => {
  it('takes a ticket in Russian in three touches for an online service: language, group, its ticket button', async () => {
    const { page, problems } = await openKiosk(hub.url, LANDSCAPE)
    const touches = touchCounter(page)
    await touches.tap(page.locator('[data-language="ru"]'))
    expect(await page.locator('.home-prompt').textContent()).toBe('Выберите вид услуги')
    await screenshot(page, 'kiosk-home-landscape-ru')
    await touches.tap(page.locator('[data-group="registration-social"]'))
    await screenshot(page, 'kiosk-services-landscape-ru')
    // residence-registration has a guided scenario: its card opens the offer, its own button takes the ticket.
    const ticketButton = page.locator('[data-service-ticket="residence-registration"]')
    expect(await ticketButton.textContent()).toContain('Взять талон')
    const box = (await ticketButton.boundingBox())!
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(64)
    await touches.tap(ticketButton)
    const number = page.getByTestId('kiosk-ticket-number')
    await number.waitFor()
    expect(touches.count).toBeLessThanOrEqual(3)
    expect(await page.locator('.ticket-label').textContent()).toBe('Ваш талон')
    const shown = (await number.textContent())!.trim()
    const issued = Object.values(hub.hub.engine.state.tickets).filter((t) => t.number === shown)
    expect(issued.map((t) => t.serviceId)).toEqual(['residence-registration'])
    await screenshot(page, 'kiosk-ticket-landscape-ru')
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }))
    expect(overflow.x).toBeLessThanOrEqual(0)
    expect(overflow.y).toBeLessThanOrEqual(0)
    expect(problems).toEqual([])
  })
})

describe('kiosk idle reset', () => {
  it('returns home in Kazakh with nothing of the last person after a minute without a touch', async () => {
    const { page } = await openKiosk(hub.url, PORTRAIT, { fakeClock: true })
    await page.locator('[data-language="en"]').tap()
    await page.getByTestId('kiosk-large-text').tap()
    await page.locator('[data-group="certificates"]').tap()
    await page.locator('[data-service]').first().waitFor()

    await page.clock.fastForward(30_000)
    expect(await page.locator('[data-service]').count()).toBeGreaterThan(0) // not yet

    await page.clock.fastForward(31_000)
    await page.locator('.home-group').first().waitFor()
    expect(await page.getAttribute('[data-language="kk"]', 'aria-pressed')).toBe('true')
    expect(await page.locator('.home-prompt').textContent()).toBe('Қызмет түрін таңдаңыз')
    expect(await page.getAttribute('[data-testid="kiosk-large-text"]', 'aria-pressed')).toBe('false')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk')
  })

  it('leaves the ticket screen by itself after about 15 seconds', async () => {
    const { page } = await openKiosk(hub.url, PORTRAIT, { fakeClock: true })
    await page.locator('[data-language="ru"]').tap()
    await page.locator('[data-group="certificates"]').tap()
    await page.locator('[data-service="pension-contributions"]').tap()
    await page.getByTestId('kiosk-offer-ticket').tap()
    await page.getByTestId('kiosk-ticket-number').waitFor()
    await page.clock.fastForward(16_000)
    await page.locator('.home-group').first().waitFor()
    expect(await page.getByTestId('kiosk-ticket-number').count()).toBe(0)
    expect(await page.locator('.home-prompt').textContent()).toBe('Қызмет түрін таңдаңыз')
  })
})

describe('kiosk without the hub', () => {
  let dataDir: string
  let restarted: Hub | null = null

  afterAll(async () => {
    await restarted?.close()
    if (dataDir) removeDataDir(dataDir)
  })

  it('shows no ticket when the hub is gone, and "try again" issues exactly one once it is back', async () => {
    dataDir = makeTempDir('kezek-kiosk-offline-')
    const first = await startTestHub({ dataDir, hubOptions: { rendererDir } })
    const port = Number(new URL(first.url).port)
    const { page } = await openKiosk(first.url)
    await first.close()
    await page.locator('.connection-badge[data-state="offline"]').waitFor()

    await page.locator('[data-group="certificates"]').tap()
    await page.locator('[data-service="no-criminal-record"]').tap()
    await page.getByTestId('kiosk-offer-ticket').tap()
    // No window was open on that hub: the warning first.
    await page.getByTestId('kiosk-no-window-take').tap()
    const error = page.getByTestId('kiosk-error')
    await error.waitFor({ timeout: 15_000 })
    expect(await error.getAttribute('data-code')).toBe('offline')
    expect(await error.textContent()).toContain('Қайталап көріңіз немесе консультантқа жүгініңіз')
    expect(await page.getByTestId('kiosk-ticket-number').count()).toBe(0)
    expect(await page.getByTestId('kiosk-qr').count()).toBe(0)
    await screenshot(page, 'kiosk-offline-error-portrait-kk')

    const store = openSqliteStore(dataDir)
    restarted = await openHub({
      config: first.config,
      store,
      logger: createLogger({ level: 'silent' }),
      rendererDir,
    })
    const close = restarted.close.bind(restarted)
    restarted.close = async () => {
      await close()
      store.close()
    }
    await restarted.listen(port)
    await page.locator('.connection-badge[data-state="online"]').waitFor({ timeout: 15_000 })

    await page.getByTestId('kiosk-retry').tap()
    const number = page.getByTestId('kiosk-ticket-number')
    await number.waitFor()
    const tickets = Object.values(restarted.engine.state.tickets)
    expect(tickets).toHaveLength(1)
    expect(tickets[0]!.number).toBe((await number.textContent())!.trim())
  })
})
