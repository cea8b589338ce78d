/**
 * The whole hall in one test, in a real Chromium against a real hub: four faces open at once. A citizen
 * takes a ticket at the kiosk in Kazakh (the touches counted), follows it on a phone opened from the
 * ticket's QR address, a consultant signs in, opens window 1 and calls next, the hall display shows the
 * number going to window 1, and the phone says "go to window 1". Every step is checked on screen, with
 * the text a person reads, and in the hub's own state.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src-shared/domain'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const KIOSK_SCREEN = { width: 1080, height: 1920 }
const PHONE = { width: 390, height: 844 }
const LAPTOP = { width: 1366, height: 768 }
const HALL_SCREEN = { width: 1920, height: 1080 }
/** The service the citizen wants, in the group the kiosk shows it under; windows 1 and 2 serve it. */
const GROUP = 'certificates'
const SERVICE = 'no-criminal-record'
const WAIT = { timeout: 10_000 }

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []
const clients: TestClient[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  // Autoplay allowed, as in the Electron display window: the hall display needs no tap for its sound.
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
}, 240_000)

afterAll(async () => {
  for (const client of clients) client.close()
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openPage(
  viewport: { width: number; height: number },
  options: { touch?: boolean } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    ...(options.touch ? { hasTouch: true, isMobile: viewport.width < 600 } : {}),
  })
  contexts.push(context)
  const page = await context.newPage()
  return { page, problems: collectProblems(page) }
}

/**
 * Zod's probe for `new Function`, refused by the strict CSP as it should be (see consultant.test.ts); it
 * shows on the staff faces.
 */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))
const text = async (locator: Locator) => ((await locator.textContent()) ?? '').trim()
const ticketByNumber = (number: string): Ticket | undefined =>
  Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)

describe('the whole hall (kiosk, phone, consultant, display)', () => {
  it('a ticket taken in Kazakh is called at window 1 and shown on the display and the phone', async () => {
    const deviceKey = (id: string) => encodeURIComponent(hub.credentials.deviceKeys[id]!)

    // The four faces, open at once.
    const display = await openPage(HALL_SCREEN)
    await display.page.goto(`${hub.url}/display?device=display-1&key=${deviceKey('display-1')}`)
    await display.page.getByTestId('display-empty').waitFor()

    const consultant = await openPage(LAPTOP)
    await consultant.page.goto(`${hub.url}/consultant`)
    await consultant.page.getByTestId('consultant-sign-in').waitFor()

    const kiosk = await openPage(KIOSK_SCREEN, { touch: true })
    await kiosk.page.goto(`${hub.url}/kiosk?device=kiosk-1&key=${deviceKey('kiosk-1')}`)
    await kiosk.page.locator('.home-group').first().waitFor()

    const phone = await openPage(PHONE, { touch: true })
    for (const { page } of [display, consultant, kiosk]) {
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
    }

    // Window 2 is open: the certificate has a window, so the kiosk gives the ticket with no warning.
    const window2 = await hub.staffClient('consultant2')
    clients.push(window2)
    expectOk(await window2.command('desk:open', { deskId: 'desk-2' }))

    // Someone came earlier for the same certificate: one person ahead of our citizen.
    const kioskDevice = await hub.deviceClient('kiosk-1')
    clients.push(kioskDevice)
    const earlier = expectOk(await kioskDevice.command('ticket:issue', { serviceId: SERVICE })).ticket

    // The kiosk, in Kazakh from the start; every touch from the home screen to the ticket is counted.
    const { page: kioskPage } = kiosk
    let touches = 0
    const touch = async (locator: Locator) => {
      await locator.tap()
      touches += 1
    }
    expect(await kioskPage.getAttribute('[data-language="kk"]', 'aria-pressed')).toBe('true')
    expect(await text(kioskPage.locator('.home-prompt'))).toBe('Қызмет түрін таңдаңыз')
    await touch(kioskPage.locator(`[data-group="${GROUP}"]`))
    await touch(kioskPage.locator(`[data-service="${SERVICE}"]`))
    // An online service: the self-service offer first; "take a ticket" is the third touch.
    await touch(kioskPage.getByTestId('kiosk-offer-ticket'))
    const numberOnKiosk = kioskPage.getByTestId('kiosk-ticket-number')
    await numberOnKiosk.waitFor()
    expect(touches).toBeLessThanOrEqual(3)

    const number = await text(numberOnKiosk)
    const ticket = ticketByNumber(number)!
    expect(ticket).toMatchObject({ serviceId: SERVICE, status: 'waiting' })
    expect(Object.values(hub.hub.engine.state.tickets)).toHaveLength(2)
    expect(hub.hub.engine.state.queues[SERVICE]).toEqual([earlier.id, ticket.id])
    expect(await text(kioskPage.locator('.ticket-label'))).toBe('Сіздің талоныңыз')
    expect(await text(kioskPage.getByTestId('kiosk-ticket-ahead'))).toBe('1')
    // The QR code's address, as the kiosk exposes it next to the code.
    const trackUrl = await kioskPage.getByTestId('kiosk-qr').getAttribute('data-url')
    expect(trackUrl).toBe(`${hub.url}/t/${ticket.trackToken}`)
    await screenshot(kioskPage, 'full-flow-kiosk-ticket-kk')

    // The phone, opened from the QR address: one person ahead.
    const { page: phonePage } = phone
    await phonePage.goto(trackUrl!)
    await phonePage.getByTestId('track-number').waitFor()
    expect(await text(phonePage.getByTestId('track-number'))).toBe(number)
    expect(await text(phonePage.getByTestId('track-status'))).toBe('Кезекте')
    expect(await text(phonePage.getByTestId('track-ahead'))).toBe('1 адам')
    await screenshot(phonePage, 'full-flow-track-waiting-kk')

    // The consultant signs in and opens window 1.
    const { page: consultantPage } = consultant
    await consultantPage.getByTestId('consultant-login').fill('consultant1')
    await consultantPage.getByTestId('consultant-password').fill(hub.credentials.passwords['consultant1']!)
    await consultantPage.getByTestId('consultant-sign-in-submit').click()
    await consultantPage.locator('.desk-card[data-desk="desk-1"]').click()
    await consultantPage.getByTestId('consultant-open-desk').click()
    await consultantPage.getByTestId('consultant-ticket').waitFor()
    expect(hub.hub.engine.state.desks['desk-1']).toMatchObject({ status: 'open', staffId: 'consultant-1' })
    expect(await text(consultantPage.getByTestId('consultant-header-desk'))).toBe('1-терезе')
    await expect.poll(() => text(consultantPage.getByTestId('consultant-waiting-total')), WAIT).toBe('2')

    // Window 2 calls the earlier visitor: nobody is ahead of our citizen any more.
    const first = expectOk(await window2.command('ticket:call-next', { deskId: 'desk-2' })).ticket
    expect(first.number).toBe(earlier.number)
    await expect.poll(() => text(phonePage.getByTestId('track-ahead')), WAIT).toBe('Ешкім жоқ')
    await expect
      .poll(() => display.page.getByTestId('display-newest').getAttribute('data-number'), WAIT)
      .toBe(earlier.number)

    // Window 1: Call next.
    const callNext = consultantPage.locator('[data-action="call-next"]')
    await expect.poll(() => callNext.isEnabled(), WAIT).toBe(true)
    await callNext.click()
    await expect.poll(() => text(consultantPage.getByTestId('consultant-ticket-number')), WAIT).toBe(number)
    expect(await text(consultantPage.getByTestId('consultant-ticket-status'))).toBe('Шақырылды')
    const desk1 = hub.hub.engine.state.desks['desk-1']!
    expect(desk1.ticketId).toBe(ticket.id)
    expect(hub.hub.engine.state.tickets[ticket.id]).toMatchObject({ status: 'called', deskId: 'desk-1' })
    expect(hub.hub.engine.state.calls.at(-1)).toMatchObject({ ticketId: ticket.id, deskId: 'desk-1' })
    await screenshot(consultantPage, 'full-flow-consultant-called-kk')

    // The hall display: that number, to window 1, large; the earlier call below it.
    const newest = display.page.getByTestId('display-newest')
    await expect.poll(() => newest.getAttribute('data-number'), WAIT).toBe(number)
    expect(await text(newest.locator('.board-number'))).toBe(number)
    expect(await text(newest.locator('.board-desk'))).toBe('1')
    expect(await newest.locator('.board-window').innerText()).toContain('Терезе')
    expect(await text(display.page.locator('#board-now-title [lang="kk"]'))).toBe('Шақырылады')
    expect(await text(display.page.locator('[data-testid="display-recent"] li').first())).toContain(
      earlier.number,
    )
    await screenshot(display.page, 'full-flow-display-called')

    // The phone: go to window 1, in Kazakh and in Russian.
    const called = phonePage.getByTestId('track-called')
    await called.waitFor(WAIT)
    expect(await text(phonePage.getByTestId('track-status'))).toBe('Сізді шақырып жатыр')
    expect(await text(phonePage.getByTestId('track-window'))).toBe('1')
    expect(await text(called.locator('[lang="kk"]'))).toBe('1-терезеге өтіңіз')
    expect(await text(called.locator('[lang="ru"]'))).toBe('Пройдите к окну 1')
    await screenshot(phonePage, 'full-flow-track-called-kk')

    for (const face of [kiosk, phone, consultant, display]) expect(realProblems(face.problems)).toEqual([])
  }, 90_000)
})
