/**
 * Issue 14 end to end, in a real Chromium against a real hub: a citizen links their Telegram chat to
 * their phone with the centre's bot (the Bot API stand-in), joins the queue from home on `/join` with SMS
 * and Telegram ticked, and both the stand-in SMS gateway and the stand-in Telegram API receive "come now"
 * once the queue moves; they check in at the kiosk with their code, the consultant calls them, and both
 * channels receive "go to window 1". Each message arrives once; none holds the IIN or the phone number.
 * The hub runs on a moved clock (a Tuesday morning), so quiet hours never get in the way.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { centreConfigSchema } from '../../src-shared/config'
import { sweepRemote } from '../../src-shared/domain'
import type { SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'
import {
  expectOk,
  startTestHub,
  TUESDAY_MORNING,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { botConfig, codeSentTo, REMOTE_SERVICE, TOKEN_ENV } from '../support/telegram-hub'
import { TelegramStandIn, type StandInUser } from '../support/telegram-standin'
import { buildRendererOnce, collectProblems, launchChromium, openKioskPage, screenshot } from './support'

const PHONE = '+77015550142'
const WAIT = { timeout: 15_000 }

let standIn: TelegramStandIn
let hub: TestHub
let browser: Browser
let consultant: TestClient
const contexts: BrowserContext[] = []
const sms: SmsMessage[] = []
const clock = { now: TUESDAY_MORNING + 60 * 60_000 } // 10:00 in Almaty

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  standIn = await TelegramStandIn.start()
  const config = centreConfigSchema.parse({
    ...botConfig(standIn),
    notifications: { enabled: true },
  })
  hub = await startTestHub({
    config,
    now: () => clock.now,
    hubOptions: {
      rendererDir,
      housekeepingIntervalMs: 100,
      registration: { sms: { send: async (message) => void sms.push(message) } },
      // Only the token: the bot keeps its links and consents in the hub's notifier, as in production.
      telegramBot: { env: { [TOKEN_ENV]: standIn.token } },
    },
  })
  consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1', serviceIds: [REMOTE_SERVICE] }))
  // Seven in the hall before the citizen and one at the window (5 minutes each): longer than their travel.
  const kiosk = await hub.deviceClient('kiosk-2')
  for (let i = 0; i < 8; i++) expectOk(await kiosk.command('ticket:issue', { serviceId: REMOTE_SERVICE }))
  expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
  clock.now += 60_000 // the citizen joins a minute after these came
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
  await standIn?.close()
})

/** The chat links to the phone in Kazakh: /start, the language, the own contact, the SMS code, consent. */
async function linkChat(user: StandInUser): Promise<void> {
  await user.text('/start')
  await user.next()
  await user.press('lang:kk')
  await user.next()
  await user.contact(PHONE)
  await user.next()
  await user.text(codeSentTo(sms, PHONE))
  await user.next()
  await user.next()
  await user.press('consent:yes')
  await user.next()
  await user.next()
}

const smsTo = (pattern: RegExp) => sms.filter((m) => m.to === PHONE && pattern.test(m.text))
const chatSaid = (user: StandInUser, pattern: RegExp) => user.messages().filter((m) => pattern.test(m.text))

/** Serves what window 1 holds and calls the next one. */
async function nextAtWindow(): Promise<void> {
  const inHand = hub.hub.engine.state.desks['desk-1']!.ticketId!
  expectOk(await consultant.command('ticket:start', { ticketId: inHand }))
  clock.now += 6 * 60_000
  expectOk(await consultant.command('ticket:finish', { ticketId: inHand }))
  expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' }))
}

describe('joined from home, told in the messenger and by SMS', () => {
  it('come now, check in at the kiosk, go to window 1: on both channels, once each', async () => {
    const user = standIn.user(8101, 'Дана')
    await linkChat(user)

    // Join on /join with both channels ticked.
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      hasTouch: true,
      isMobile: true,
    })
    contexts.push(context)
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(`${hub.url}/join`)
    await page.locator(`[data-service="${REMOTE_SERVICE}"]`).tap(WAIT)
    await page.getByTestId('join-phone').fill('8 701 555 01 42')
    await page.getByTestId('join-send-code').tap()
    await page.getByTestId('join-code').waitFor(WAIT)
    await page.getByTestId('join-code').fill(codeSentTo(sms, PHONE))
    await page.getByTestId('join-confirm').tap()
    await page.locator('[data-travel="15"]').tap(WAIT)
    await page.locator('[data-notify="sms"]').tap()
    await page.locator('[data-notify="telegram"]').tap()
    await page.getByTestId('join-submit').tap()
    await page.getByTestId('join-done').waitFor(WAIT)
    const code = (await page.getByTestId('join-code').textContent())!.trim().replace('-', '')
    const number = (await page.getByTestId('join-number').textContent())!.trim()
    expect(problems.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])

    // Joined: told on both channels, but not yet to come (seven ahead and one at the window, 15 min away).
    await expect.poll(() => smsTo(new RegExp(number)).length, WAIT).toBeGreaterThan(0)
    await expect.poll(() => chatSaid(user, new RegExp(number)).length, WAIT).toBeGreaterThan(0)
    const ticketId = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)!.id
    expect(hub.hub.engine.state.tickets[ticketId]!.remote!.comeNowAt).toBeNull()

    // The queue moves: the window serves those ahead until the early end of the wait is within the 15
    // minutes' travel (the hub's own sweep decides it on its next tick), then "come now".
    const dueToCome = () =>
      sweepRemote(hub.hub.engine.state, hub.hub.engine.config, clock.now).some(
        (e) => e.type === 'ticket:come-now' && e.ticketId === ticketId,
      )
    for (let served = 0; !dueToCome() && served < 7; served++) await nextAtWindow()
    expect(hub.hub.engine.state.tickets[ticketId]!.status).toBe('expected')
    await expect.poll(() => hub.hub.engine.state.tickets[ticketId]!.remote!.comeNowAt, WAIT).not.toBeNull()
    const comeNow = /шығыңыз|выходите/
    await expect.poll(() => smsTo(comeNow).length, WAIT).toBe(1)
    await expect.poll(() => chatSaid(user, comeNow).length, WAIT).toBe(1)
    await screenshot(page, 'remote-joined-done')

    // In the hall: the code typed at the kiosk checks the ticket in; the consultant calls it.
    const { page: kiosk, context: kioskContext } = await openKioskPage(browser, hub.url)
    contexts.push(kioskContext)
    await kiosk.getByTestId('kiosk-booking').tap(WAIT)
    for (const char of code) await kiosk.locator(`[data-key="${char}"]`).tap()
    await kiosk.getByTestId('kiosk-booking-check-in').tap()
    await kiosk.getByTestId('kiosk-ticket-number').waitFor(WAIT)
    expect((await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim()).toBe(number)
    // Those still ahead of its place (it joined after them) go first; then it is called.
    const state = () => hub.hub.engine.state
    for (let calls = 0; state().tickets[ticketId]!.status === 'waiting' && calls < 7; calls++) {
      await nextAtWindow()
      const called = state().tickets[state().desks['desk-1']!.ticketId!]!
      if (called.id !== ticketId) expect(called.rank).toBeLessThan(state().tickets[ticketId]!.rank)
    }
    expect(state().tickets[ticketId]!.status).toBe('called')

    const window1 = new RegExp(`${number}[:,] 1 терезеге өтіңіз`)
    await expect.poll(() => smsTo(window1).length, WAIT).toBe(1)
    await expect.poll(() => chatSaid(user, window1).length, WAIT).toBe(1)

    // Nothing twice; no IIN, no phone number in any message.
    const texts = [
      ...sms.filter((m) => m.to === PHONE).map((m) => m.text),
      ...user.messages().map((m) => m.text),
    ]
    for (const text of texts) expect(text).not.toMatch(/7015550142|\b\d{12}\b/)
    expect(chatSaid(user, comeNow)).toHaveLength(1)
    expect(smsTo(comeNow)).toHaveLength(1)
  })
})
