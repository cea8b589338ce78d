/**
 * Issue 14 on `/book`, in a real Chromium at phone size (360×740) against a real hub with notifications
 * on (the demo centre, its bot named, the stand-in SMS gateway that keeps what it is given, no quiet
 * hours): the contact step shows the same unticked boxes as `/join` (SMS; Telegram with the bot's link);
 * a citizen who ticks SMS books and the SMS gateway receives "booking confirmed" with the booking's code,
 * once, with no IIN or phone number in it; a citizen who ticks nothing books and gets no notification.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bookingIndexOf, daySlots, localDay, localTime } from '../../src-shared/domain'
import { TUESDAY_MORNING } from '../support/hub-harness'
import { PASSPORT, startNotifyHub, type NotifyHub } from '../support/notify-hub'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const TIME_ZONE = 'Asia/Almaty'
const DAY_MS = 24 * 60 * 60_000
const WAIT = { timeout: 15_000 }
/** "Booked" in the SMS's Kazakh and Russian. */
const CONFIRMED = /жазылдыңыз/

let hub: NotifyHub
let browser: Browser
const contexts: BrowserContext[] = []
const clock = { now: TUESDAY_MORNING }

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startNotifyHub({
    now: () => clock.now,
    hubOptions: { rendererDir, telegramBotUsername: 'KezekDemoBot' },
  })
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** The first free passport slot from tomorrow on: its local day and clock time. */
function freeSlot(): { day: string; time: string; start: number } {
  const index = bookingIndexOf(hub.hub.engine.state)
  for (let ahead = 1; ahead < 14; ahead++) {
    const day = localDay(clock.now + ahead * DAY_MS, TIME_ZONE)
    for (const slot of daySlots(hub.config, PASSPORT, day, { now: clock.now }))
      if (index.placesTaken(PASSPORT, slot.start) < slot.capacity)
        return { day, time: localTime(slot.start, TIME_ZONE).clock, start: slot.start }
  }
  throw new Error('no free slot')
}

const textsTo = (e164: string) => hub.sms.sent.filter((m) => m.to === e164).map((m) => m.text)

/** Books on `/book` in Kazakh, ticking `tick`; returns the page on its done screen and the code shown. */
async function book(options: {
  iin: string
  phone: string
  e164: string
  tick: ('sms' | 'telegram')[]
  shots: boolean
}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    hasTouch: true,
    isMobile: true,
    deviceScaleFactor: 1,
    timezoneId: TIME_ZONE,
  })
  contexts.push(context)
  const page: Page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/book`)
  const slot = freeSlot()
  await page.locator(`[data-service="${PASSPORT}"]`).tap(WAIT)
  await page.locator(`[data-day="${slot.day}"]`).tap(WAIT)
  await page.locator(`[data-time="${slot.time}"]`).tap(WAIT)

  // The contact step: the boxes below the phone, both unticked, Telegram with the bot's link.
  await page.getByTestId('book-iin').fill(options.iin)
  await page.getByTestId('book-phone').fill(options.phone)
  await page.getByTestId('book-notify').waitFor(WAIT)
  expect(await page.locator('[data-notify="sms"]').isChecked()).toBe(false)
  expect(await page.locator('[data-notify="telegram"]').isChecked()).toBe(false)
  expect(await page.getByTestId('book-bot-link').getAttribute('href')).toBe('https://t.me/KezekDemoBot')
  for (const channel of options.tick) await page.locator(`[data-notify="${channel}"]`).tap()
  // Phone layout: nothing wider than the screen, the send button reachable below the boxes.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  if (options.shots) {
    await page.getByTestId('book-notify').scrollIntoViewIfNeeded()
    await screenshot(page, `book-contact-notify-${options.tick.join('-') || 'none'}-kk`)
  }
  await page.getByTestId('book-send-code').tap()
  await page.getByTestId('book-code').waitFor(WAIT)
  const code = /Код (\d{6})/.exec(textsTo(options.e164).at(-1) ?? '')?.[1]
  if (!code) throw new Error(`no code was sent to ${options.e164}`)
  await page.getByTestId('book-code').fill(code)
  await page.getByTestId('book-confirm').tap()
  await page.getByTestId('book-done').waitFor(WAIT)
  const shown = (await page.getByTestId('book-code-shown').textContent())!.trim()
  expect(problems.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])
  return { page, shown, slot }
}

describe('told of the booking made on /book, only when asked', () => {
  it('SMS ticked: the SMS gateway receives "booking confirmed" with the code, once', async () => {
    const e164 = '+77015550311'
    const { page, shown, slot } = await book({
      iin: '871008401427',
      phone: '8 701 555 03 11',
      e164,
      tick: ['sms'],
      shots: true,
    })
    await expect.poll(() => textsTo(e164).filter((text) => CONFIRMED.test(text)).length, WAIT).toBe(1)
    const confirmed = textsTo(e164).find((text) => CONFIRMED.test(text))!
    expect(confirmed).toContain(shown)
    expect(confirmed).toContain(slot.time)
    expect(confirmed).not.toMatch(/7015550311|871008401427/)
    await screenshot(page, 'book-done-notified-kk')
  })

  it('nothing ticked: the booking is made and no notification goes', async () => {
    const e164 = '+77015550312'
    const { shown } = await book({
      iin: '760212350620',
      phone: '8 701 555 03 12',
      e164,
      tick: [],
      shots: true,
    })
    const booking = Object.values(hub.hub.engine.state.bookings).find(
      (b) => b.code === shown.replace('-', ''),
    )!
    expect(booking.status).toBe('booked')
    // The notifier has handled the booking's fact (its cursor passed it) and sent nothing for it.
    const seq = hub.hub.engine.state.seq
    await expect
      .poll(async () => (await hub.hub.notifier.records.cursor()) ?? 0, WAIT)
      .toBeGreaterThanOrEqual(seq)
    expect(textsTo(e164)).toHaveLength(1) // the one-time code only
    expect(textsTo(e164)[0]).not.toMatch(CONFIRMED)
  })
})
