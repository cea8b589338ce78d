/**
 * The citizen's booking, the whole way, in a real Chromium against a real hub whose clock stands on a
 * weekday morning before opening: two citizens book on `/book` at phone size (360×740) with the code the
 * demo SMS outbox holds (read as the registrar reads it), the first in Kazakh, the second in Russian; the
 * manage page shows the booking; at the kiosk the first checks in with the code typed, a consultant's
 * call-next calls that booked ticket before two earlier walk-ins and its tracker page says to go to the
 * window; later the second checks in with the scanner and is called before the walk-ins too.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daySlots, localDay, localEpoch, localTime, weekdayOf, type Ticket } from '../../src-shared/domain'
import { SCANNER_BURST } from '../../src-renderer/kiosk/scanner-burst'
import { apiRequest } from '../support/api-client'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, openKioskPage, screenshot } from './support'

const SERVICE = 'id-card-passport'
const TIME_ZONE = 'Asia/Almaty'
const PHONE_SCREEN = { width: 360, height: 740 }
const MINUTE = 60_000
const DAY_MS = 24 * 60 * MINUTE
const WAIT = { timeout: 10_000 }

/** The next ordinary weekday (no holiday or short day) after today, as the centre's local day. */
function nextWeekday(hub: TestHub): string {
  const { bookings } = hub.config
  for (let ahead = 1; ahead < 10; ahead++) {
    const day = localDay(Date.now() + ahead * DAY_MS, TIME_ZONE)
    const weekday = weekdayOf(day)
    const special = bookings?.holidays.includes(day) || bookings?.shortDays.some((d) => d.date === day)
    if (weekday !== 'sat' && weekday !== 'sun' && !special) return day
  }
  throw new Error('no ordinary weekday in ten days')
}

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []
const clock = { now: 0 }
let day = ''
const at = (clockTime: string) => {
  const [hh, mm] = clockTime.split(':').map(Number) as [number, number]
  return localEpoch(day, hh * 60 + mm, TIME_ZONE)
}
/** The first two slots of the service that morning (the day's room is rounded over the day: 09:00 may have none). */
let times: [string, string] = ['', '']
/** What each citizen got on the done screen. */
const booked: { code: string; slotStart: number }[] = []
let registrarToken = ''

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  clock.now = Date.now()
  hub = await startTestHub({ now: () => clock.now, hubOptions: { rendererDir } })
  day = nextWeekday(hub)
  clock.now = at('08:20')
  const slots = daySlots(hub.config, SERVICE, day)
  times = [localTime(slots[0]!.start, TIME_ZONE).clock, localTime(slots[1]!.start, TIME_ZONE).clock]
  registrarToken = await hub.signIn('registrar')
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
    timezoneId: TIME_ZONE,
  })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}${path}`)
  return { page, problems }
}

/**
 * The newest booking code the demo SMS outbox holds for a number ending in `lastDigits`, as the
 * registrar's outbox page reads it (the outbox shows numbers masked but for their last digits).
 */
async function codeFromOutbox(lastDigits: string): Promise<string> {
  const answer = await apiRequest<{ messages: { to: string; text: string }[] }>(
    hub.url,
    '/api/sms-outbox?limit=5',
    { headers: { Authorization: `Bearer ${registrarToken}` } },
  )
  expect(answer.status).toBe(200)
  const message = answer.body.messages.find(
    (m) => m.to.replace(/\D/g, '').endsWith(lastDigits) && m.text.includes('жазылуды растау'),
  )
  const code = message && /Код (\d{6})/.exec(message.text)?.[1]
  if (!code) throw new Error(`no booking code for …${lastDigits} in the outbox: ${answer.text}`)
  return code
}

/** Zod's probe for `new Function`, refused by the strict CSP as it should be (see consultant.test.ts). */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))

/** Books on `/book` at phone size; returns the page on its done screen. */
async function bookOnPhone(options: {
  language: 'kk' | 'ru'
  time: string
  iin: string
  phone: string
  shots: boolean
}): Promise<Page> {
  const { page, problems } = await phonePage('/book')
  if (options.language !== 'kk') await page.locator(`[data-language="${options.language}"]`).tap()
  await page.locator(`[data-service="${SERVICE}"]`).tap(WAIT)
  if (options.shots) await screenshot(page, 'book-day-kk')
  await page.locator(`[data-day="${day}"]`).tap(WAIT)
  await page.locator(`[data-time="${options.time}"]`).waitFor(WAIT)
  if (options.shots) await screenshot(page, 'book-times-kk')
  await page.locator(`[data-time="${options.time}"]`).tap()

  // Checked as typed: a wrong check digit is named before anything is sent.
  await page.getByTestId('book-iin').fill(`${options.iin.slice(0, 11)}${(Number(options.iin[11]) + 1) % 10}`)
  await page.getByTestId('book-phone').fill(options.phone)
  await page.getByTestId('book-send-code').tap()
  await page.locator('.book-field[data-state="invalid"]').first().waitFor(WAIT)
  if (options.shots) await screenshot(page, 'book-contact-invalid-kk')
  await page.getByTestId('book-iin').fill(options.iin)
  await page.getByTestId('book-send-code').tap()

  const sentTo = page.getByTestId('book-code-sent')
  await sentTo.waitFor(WAIT)
  const digits = options.phone.replace(/\D/g, '')
  expect(await sentTo.textContent()).not.toContain(digits.slice(-7))
  // The resend waits its minute, on the phone's own clock whatever the hub's says.
  const wait = await page.getByTestId('book-resend-wait').textContent()
  const seconds = Number(/(\d+)/.exec(wait ?? '')?.[1])
  expect(seconds).toBeGreaterThan(45)
  expect(seconds).toBeLessThanOrEqual(60)
  const code = await codeFromOutbox(digits.slice(-2))
  await page.getByTestId('book-code').fill(code)
  if (options.shots) await screenshot(page, 'book-code-kk')
  await page.getByTestId('book-confirm').tap()
  await page.getByTestId('book-done').waitFor(WAIT)
  expect(realProblems(problems)).toEqual([])
  return page
}

describe('booking on /book and coming by it', () => {
  it('books at phone size in Kazakh with the code from the SMS outbox, and shows code, QR and links', async () => {
    const page = await bookOnPhone({
      language: 'kk',
      time: times[0],
      iin: '871008401427',
      phone: '8 701 234 56 77',
      shots: true,
    })
    const shown = (await page.getByTestId('book-code-shown').textContent())!.trim()
    expect(shown).toMatch(/^[2-9A-Z]{3}-[2-9A-Z]{3}$/)
    const code = shown.replace('-', '')
    const booking = Object.values(hub.hub.engine.state.bookings).find((b) => b.code === code)!
    expect(booking).toMatchObject({ channel: 'web', by: 'citizen:web', slotStart: at(times[0]) })
    expect(await page.getByTestId('book-when').textContent()).toContain(times[0])
    expect(await page.locator('.book-card-qr svg').count()).toBe(1)
    // Phone layout: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await screenshot(page, 'book-done-kk')
    booked.push({ code, slotStart: booking.slotStart })

    // The calendar file is the booking's.
    const ics = await page.evaluate(
      async (href) => (await fetch(href)).text(),
      (await page.getByTestId('book-calendar').getAttribute('href'))!,
    )
    // With the code as the page shows it (dashed), in the summary and the note.
    expect(ics).toContain(`SUMMARY:Жеке куәлік пен паспорт беру · ${shown}`)
    expect(ics.replace(/\r\n /g, '')).toContain(`DESCRIPTION:Жазылу коды: ${shown}.`)

    // The manage link opens the booking, still in Kazakh.
    await page.getByTestId('book-manage-link').tap()
    await page.getByTestId('book-status').waitFor(WAIT)
    expect(page.url()).toMatch(/\/book\/manage\/[^?]+\?lang=kk$/)
    expect(await page.getByTestId('book-status').getAttribute('data-status')).toBe('booked')
    expect(await page.getByTestId('book-code-shown').textContent()).toContain(shown)
    await screenshot(page, 'book-manage-kk')
    // Nothing personal kept on the phone.
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toMatch(
      /871008401427|7012345677/,
    )
  })

  it('a second citizen books in Russian for the next slot', async () => {
    const page = await bookOnPhone({
      language: 'ru',
      time: times[1],
      iin: '760212350620',
      phone: '+7 702 555 12 34',
      shots: false,
    })
    expect(await page.getByTestId('book-done').textContent()).toContain('Вы записаны')
    const code = (await page.getByTestId('book-code-shown').textContent())!.trim().replace('-', '')
    booked.push({ code, slotStart: at(times[1]) })
    expect(Object.values(hub.hub.engine.state.bookings).find((b) => b.code === code)?.slotStart).toBe(
      at(times[1]),
    )
  })

  it('checks one in by the code typed and one by the scanner; each booked ticket is called before earlier walk-ins', async () => {
    // Two walk-ins take tickets for the same service first.
    clock.now = booked[0]!.slotStart - 15 * MINUTE
    const kioskSocket = await hub.deviceClient('kiosk-2')
    const walkIns: string[] = []
    for (let i = 0; i < 2; i++) {
      const ack = expectOk(await kioskSocket.command('ticket:issue', { serviceId: SERVICE }))
      walkIns.push((ack as unknown as { ticket: { id: string } }).ticket.id)
    }

    const { page, context } = await openKioskPage(browser, hub.url)
    contexts.push(context)
    await page.addInitScript(() => {
      const times: number[] = []
      ;(window as unknown as { keyTimes: number[] }).keyTimes = times
      window.addEventListener('keydown', (event) => times.push(event.timeStamp), { capture: true })
    })
    await page.reload()
    await page.getByTestId('kiosk-booking').waitFor(WAIT)

    // Five minutes before the first booking: inside its check-in window. The code typed on the screen's keys.
    clock.now = booked[0]!.slotStart - 5 * MINUTE
    await page.getByTestId('kiosk-booking').tap()
    for (const char of booked[0]!.code) await page.locator(`[data-key="${char}"]`).tap()
    await page.getByTestId('kiosk-booking-check-in').tap()
    await page.getByTestId('kiosk-ticket-booked-for').waitFor(WAIT)
    const typedNumber = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim()
    await page.getByTestId('kiosk-done').tap()
    await page.getByTestId('kiosk-booking').waitFor(WAIT)

    const ticketOf = (number: string) =>
      Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number) as Ticket
    const typed = ticketOf(typedNumber)
    expect(typed.bookedFor).toBe(booked[0]!.slotStart)
    for (const id of walkIns) expect(hub.hub.engine.state.tickets[id]!.issuedAt).toBeLessThan(typed.issuedAt)

    // Window 3 opens and calls next: the booking, due in its slot, before both earlier walk-ins.
    const consultant = await hub.staffClient('consultant3')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-3' }))
    expect(hub.hub.engine.state.tickets[typed.id]!.status).toBe('called')
    for (const id of walkIns) expect(hub.hub.engine.state.tickets[id]!.status).toBe('waiting')

    // The citizen's phone tracker (the ticket's QR) says so.
    const tracker = await phonePage(`/t/${typed.trackToken}`)
    await tracker.page.getByTestId('track-called').waitFor(WAIT)
    expect(await tracker.page.getByTestId('track-number').textContent()).toContain(typedNumber)
    expect(await tracker.page.getByTestId('track-window').textContent()).toContain('3')
    await screenshot(tracker.page, 'book-tracker-called')
    expectOk(await consultant.command('ticket:start', { ticketId: typed.id }))
    expectOk(await consultant.command('ticket:finish', { ticketId: typed.id }))

    // Four minutes before the second booking: its QR held to the scanner, a burst of keys and Enter.
    clock.now = booked[1]!.slotStart - 4 * MINUTE
    await scan(page, `${booked[1]!.code.slice(0, 3)}-${booked[1]!.code.slice(3)}`)
    await page.getByTestId('kiosk-ticket-booked-for').waitFor(WAIT)
    const scanned = ticketOf((await page.getByTestId('kiosk-ticket-number').textContent())!.trim())
    expect(scanned.bookedFor).toBe(booked[1]!.slotStart)
    await screenshot(page, 'book-kiosk-scanned')

    // And it too is called before the walk-ins, who came earlier.
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-3' }))
    expect(hub.hub.engine.state.tickets[scanned.id]!.status).toBe('called')
    for (const id of walkIns) expect(hub.hub.engine.state.tickets[id]!.status).toBe('waiting')
  })
})

describe('the booking refused in plain words, then moved and cancelled from its link', () => {
  it('in English: a refused IIN is told why, another books, moves its time and cancels', async () => {
    const { page, problems } = await phonePage('/book?lang=en')
    await page.locator(`[data-service="${SERVICE}"]`).tap(WAIT)
    await page.locator('[data-day]').nth(1).tap(WAIT)
    await page.locator('[data-time]').first().tap(WAIT)
    // The first citizen's IIN has had its visit in these ten days: the centre's limit, in words.
    await page.getByTestId('book-iin').fill('871008401427')
    await page.getByTestId('book-phone').fill('8 705 111 22 33')
    await page.getByTestId('book-send-code').tap()
    // The code step comes once the hub has sent the SMS.
    await page.getByTestId('book-code').waitFor(WAIT)
    await page.getByTestId('book-code').fill(await codeFromOutbox('33'))
    await page.getByTestId('book-confirm').tap()
    const problem = page.getByTestId('book-problem')
    await problem.waitFor(WAIT)
    expect(await problem.getAttribute('data-code')).toBe('limit_period')
    expect(await problem.textContent()).toContain('Bookings per IIN are limited')
    await screenshot(page, 'book-refused-limit-en')

    // Back to the IIN, another person's: the code was not spent, so it still books.
    await page.getByTestId('book-back').tap()
    await page.getByTestId('book-iin').fill('800416300257')
    await page.getByTestId('book-send-code').tap()
    // The code step comes once the hub has sent the SMS.
    await page.getByTestId('book-code').waitFor(WAIT)
    await page.getByTestId('book-code').fill(await codeFromOutbox('33'))
    await page.getByTestId('book-confirm').tap()
    await page.getByTestId('book-done').waitFor(WAIT)
    const first = (await page.getByTestId('book-code-shown').textContent())!.trim().replace('-', '')

    await page.getByTestId('book-manage-link').tap()
    await page.getByTestId('book-reschedule').tap(WAIT)
    await page.locator('[data-day]').nth(2).tap(WAIT)
    await page.locator('[data-time]').nth(1).tap(WAIT)
    await page.getByTestId('book-notice').waitFor(WAIT)
    const moved = (await page.getByTestId('book-code-shown').textContent())!.trim().replace('-', '')
    expect(moved).not.toBe(first)
    const bookings = Object.values(hub.hub.engine.state.bookings)
    expect(bookings.find((b) => b.code === first)).toMatchObject({
      status: 'cancelled',
      reason: 'rescheduled',
    })
    expect(bookings.find((b) => b.code === moved)).toMatchObject({ status: 'booked', channel: 'web' })
    expect(page.url()).toMatch(/\/book\/manage\/[^?]+\?lang=en$/)
    await screenshot(page, 'book-manage-moved-en')

    await page.getByTestId('book-cancel').tap()
    await screenshot(page, 'book-manage-cancel-ask-en')
    await page.getByTestId('book-cancel-yes').tap()
    await expect
      .poll(() => page.getByTestId('book-status').getAttribute('data-status'), WAIT)
      .toBe('cancelled')
    expect(Object.values(hub.hub.engine.state.bookings).find((b) => b.code === moved)).toMatchObject({
      status: 'cancelled',
      reason: 'citizen',
    })
    expect(await page.getByTestId('book-card').textContent()).not.toContain(moved.slice(0, 3))
    await screenshot(page, 'book-manage-cancelled-en')
    // The browser logs the refusal's answer; nothing else went wrong.
    expect(realProblems(problems)).toEqual([
      'console: Failed to load resource: the server responded with a status of 409 (Conflict)',
    ])
  })
})

/**
 * Holds a booking's QR to the scanner: its text typed as one burst and Enter. A loaded machine can hold a
 * key back longer than a scanner would, which breaks the burst as a hand moving the code does; the
 * citizen then scans again, and so does this, up to three times (the key times come from the page).
 */
async function scan(page: Page, text: string): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.evaluate(() => ((window as unknown as { keyTimes: number[] }).keyTimes.length = 0))
    await page.keyboard.type(text)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { keyTimes: number[] }).keyTimes.length))
      .toBe(text.length + 1)
    const times = await page.evaluate(() => (window as unknown as { keyTimes: number[] }).keyTimes)
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    if (Math.max(...gaps) <= SCANNER_BURST.maxGapMs) return
    const refused = page.getByTestId('kiosk-booking-outcome')
    if (await refused.isVisible()) await refused.getByTestId('kiosk-booking-home').tap()
  }
  throw new Error('three scans came too slowly to be a burst')
}
