/**
 * The kiosk in a real Chromium against a real hub: a citizen takes a ticket in Kazakh in at most three
 * touches, sees the number the hub issued and a QR code to follow it, the kiosk forgets them when left
 * alone, and it never shows a ticket the hub has not acknowledged. Windows 1–3 are open; for a service
 * none of them serves, the kiosk warns before it issues.
 */
import { rmSync } from 'node:fs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import { createHub, type Hub } from '../../src-main/hub/server'
import { openSqliteStore } from '../../src-main/hub/store/sqlite-store'
import {
  demoCredentials,
  expectOk,
  makeTempDir,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const PORTRAIT = { width: 1080, height: 1920 }
const LANDSCAPE = { width: 1920, height: 1080 }
const KAZAKH_LETTERS = 'ӘҒҚҢӨҰҮҺІәғқңөұүһі'

let rendererDir: string
let hub: TestHub
let browser: Browser
/** The consultants at windows 1–3, by window. */
const windows = new Map<string, TestClient>()
const contexts: BrowserContext[] = []

const kioskUrl = (base: string) => {
  const key = demoCredentials().deviceKeys['kiosk-1']!
  return `${base}/kiosk?device=kiosk-1&key=${encodeURIComponent(key)}`
}

async function openKiosk(base: string, viewport = PORTRAIT, options: { fakeClock?: boolean } = {}) {
  const context = await browser.newContext({ viewport, hasTouch: true, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  if (options.fakeClock) await page.clock.install()
  await page.goto(kioskUrl(base))
  await page.locator('.home-group').first().waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return { page, problems }
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
    expect((await card.textContent())!.trim()).toMatch(/^≈ \d+ мин \(\d+–\d+ мин\)$/)
    await screenshot(page, 'kiosk-services-busy-portrait-kk')
    const waiting = hub.hub.engine.state.queues['id-card-passport']!.length
    expect(waiting).toBeGreaterThan(0)
    await page.locator('[data-service="id-card-passport"]').tap()
    await page.getByTestId('kiosk-ticket-number').waitFor()
    expect(await page.getByTestId('kiosk-ticket-ahead').textContent()).toBe(String(waiting))
    const wait = (await page.getByTestId('kiosk-ticket-wait').textContent())!.trim()
    expect(wait).toMatch(/^≈ \d+ мин \(\d+–\d+ мин\)$/)
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
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
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
    restarted = createHub({
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
