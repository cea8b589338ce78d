/**
 * Joining the queue from home, the whole way, in a real Chromium against a real hub (the demo centre,
 * its remote queue on, window 1 open): a citizen opens `/join` at phone size (360×740) in Kazakh, sees
 * each service's wait or why it cannot be joined now, joins with the code the demo SMS outbox holds (read
 * as the registrar reads it), ticks SMS notifications, and gets the ticket number, the dashed check-in
 * code and its QR; the tracker says they are not in the hall's queue yet; at the kiosk the code typed on
 * its keys checks the ticket in, and the tracker moves to waiting. A second citizen, in Russian, joins
 * and leaves the queue from the same page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiRequest } from '../support/api-client'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { MemoryConsents } from '../support/notify-fakes'
import { buildRendererOnce, collectProblems, launchChromium, openKioskPage, screenshot } from './support'

const SERVICE = 'no-criminal-record'
const PHONE_SCREEN = { width: 360, height: 740 }
const WAIT = { timeout: 15_000 }

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []
const consents = new MemoryConsents()
let registrarToken = ''

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({
    hubOptions: { rendererDir, notifyConsents: consents, telegramBotUsername: 'KezekDemoBot' },
  })
  registrarToken = await hub.signIn('registrar')
  const consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  // Two people already wait for the service, so the wait shown is more than "now".
  const kiosk = await hub.deviceClient('kiosk-2')
  for (let i = 0; i < 2; i++) expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE }))
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function phonePage(path: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE_SCREEN,
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 1,
    timezoneId: 'Asia/Almaty',
  })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}${path}`)
  return { page, problems }
}

/** The newest join code the demo SMS outbox holds for a number ending in `lastDigits`. */
async function codeFromOutbox(lastDigits: string): Promise<string> {
  const answer = await apiRequest<{ messages: { to: string; text: string }[] }>(
    hub.url,
    '/api/sms-outbox?limit=5',
    { headers: { Authorization: `Bearer ${registrarToken}` } },
  )
  const message = answer.body.messages.find(
    (m) => m.to.replace(/\D/g, '').endsWith(lastDigits) && m.text.includes('кезегіне онлайн тұру'),
  )
  const code = message && /Код (\d{6})/.exec(message.text)?.[1]
  if (!code) throw new Error(`no join code for …${lastDigits} in the outbox: ${answer.text}`)
  return code
}

/** Zod's probe for `new Function`, refused by the strict CSP as it should be (see consultant.test.ts). */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))

/** Joins on `/join` through to the done screen. */
async function joinOnPhone(options: { path: string; phone: string; shots: boolean }): Promise<Page> {
  const { page, problems } = await phonePage(options.path)
  const service = page.locator(`[data-service="${SERVICE}"]`)
  await service.waitFor(WAIT)
  if (options.shots) await screenshot(page, 'join-services-kk')
  await service.tap()
  await page.getByTestId('join-phone').fill(options.phone)
  await page.getByTestId('join-send-code').tap()
  await page.getByTestId('join-code').waitFor(WAIT)
  const digits = options.phone.replace(/\D/g, '')
  expect(await page.getByTestId('join-code-sent').textContent()).not.toContain(digits.slice(-7))
  await page.getByTestId('join-code').fill(await codeFromOutbox(digits.slice(-2)))
  await page.getByTestId('join-confirm').tap()
  await page.locator('[data-travel="15"]').waitFor(WAIT)
  // Consent boxes start unticked.
  expect(await page.locator('[data-notify="sms"]').isChecked()).toBe(false)
  expect(await page.locator('[data-notify="telegram"]').isChecked()).toBe(false)
  await page.locator('[data-travel="15"]').tap()
  await page.locator('[data-notify="sms"]').tap()
  if (options.shots) await screenshot(page, 'join-travel-kk')
  await page.getByTestId('join-submit').tap()
  await page.getByTestId('join-done').waitFor(WAIT)
  expect(realProblems(problems)).toEqual([])
  return page
}

describe('joining the queue from home', () => {
  it('shows each service with its wait, or why it cannot be joined now', async () => {
    const { page } = await phonePage('/join')
    const open = page.locator(`[data-service="${SERVICE}"]`)
    await open.waitFor(WAIT)
    expect(await open.isDisabled()).toBe(false)
    expect(await open.getByTestId('join-wait').textContent()).toMatch(/≈ \d+ мин.*алдыңызда 2 адам/)
    // No window serves the pension service now: greyed, with the reason.
    const closed = page.locator('[data-service="old-age-pension"]')
    expect(await closed.isDisabled()).toBe(true)
    expect(await closed.getAttribute('data-refusal')).toBe('no_window_serves')
    expect(await closed.textContent()).toContain('терезе ашық емес')
  })

  it('joins in Kazakh with the code from the SMS, checks in at the kiosk with the code, and the tracker follows', async () => {
    const page = await joinOnPhone({ path: '/join', phone: '8 701 234 56 90', shots: true })
    const number = (await page.getByTestId('join-number').textContent())!.trim()
    const shown = (await page.getByTestId('join-code').textContent())!.trim()
    expect(shown).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/)
    const code = shown.replace('-', '')
    expect(await page.locator('.book-card-qr svg').count()).toBe(1)
    expect(await page.getByTestId('join-done').textContent()).toContain('киоскіде осы кодты енгізіңіз')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await screenshot(page, 'join-done-kk')

    const ticket = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)!
    expect(ticket).toMatchObject({ status: 'expected', remote: { code, channel: 'web', travelMinutes: 15 } })
    expect(await consents.channelsOf(ticket.remote!.phoneId)).toEqual(['sms'])
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain('7012345690')

    // The tracker link: not in the hall's queue yet, the code to check in with.
    await page.getByTestId('join-track-link').tap()
    await page.getByTestId('track-expected').waitFor(WAIT)
    expect(await page.getByTestId('track-code').textContent()).toContain(shown)
    expect(await page.getByTestId('track-number').textContent()).toContain(number)
    expect(await page.getByTestId('track-wait').textContent()).toMatch(/мин|терезе/)
    await screenshot(page, 'join-tracker-expected-kk')

    // At the kiosk, the code typed on the screen's keys checks it in.
    const kiosk = await openKioskPage(browser, hub.url)
    contexts.push(kiosk.context)
    await kiosk.page.getByTestId('kiosk-booking').tap()
    for (const char of code) await kiosk.page.locator(`[data-key="${char}"]`).tap()
    await kiosk.page.getByTestId('kiosk-booking-check-in').tap()
    await kiosk.page.getByTestId('kiosk-ticket-number').waitFor(WAIT)
    expect(await kiosk.page.getByTestId('kiosk-ticket-number').textContent()).toContain(number)
    await screenshot(kiosk.page, 'join-kiosk-checked-in')
    expect(hub.hub.engine.state.tickets[ticket.id]!.status).toBe('waiting')

    // The tracker moves to waiting, as any ticket in the hall.
    await expect
      .poll(() => page.getByTestId('track-ticket').getAttribute('data-status'), WAIT)
      .toBe('waiting')
    await page.getByTestId('track-ahead').waitFor(WAIT)
    await screenshot(page, 'join-tracker-waiting-kk')
  })

  it('in Russian: joins, then leaves the queue from the same page', async () => {
    const page = await joinOnPhone({ path: '/join?lang=ru', phone: '+7 702 555 12 91', shots: false })
    expect(await page.getByTestId('join-done').textContent()).toContain('Вы в очереди')
    const number = (await page.getByTestId('join-number').textContent())!.trim()
    await page.getByTestId('join-cancel').tap()
    await page.getByTestId('join-cancel-yes').tap()
    await page.getByTestId('join-cancelled').waitFor(WAIT)
    expect(await page.getByTestId('join-cancelled').textContent()).toContain('Талон отменён')
    await screenshot(page, 'join-cancelled-ru')
    const ticket = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)!
    expect(ticket.status).toBe('cancelled')
  })
})
