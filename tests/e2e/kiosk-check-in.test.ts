/**
 * Booked citizens at the kiosk, in a real Chromium (portrait 1080×1920) against a real hub whose clock
 * stands five minutes before each one's slot: one checks in by typing the code on the screen's keys,
 * the next holds the booking's QR to the scanner (a keyboard burst and Enter), and each gets the printed
 * ticket with the booked time; a third, an hour early, is told when the booking is and when to come.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daySlots, type Slot } from '../../src-shared/domain'
import { localDay } from '../../src-shared/domain/time'
import { formatTime } from '../../src-shared/i18n'
import { SCANNER_BURST } from '../../src-renderer/kiosk/scanner-burst'
import { expectOk, requestId, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, launchChromium, openKioskPage, screenshot, SCREENSHOT_DIR } from './support'

const MINUTE = 60_000
const DAY = 24 * MINUTE * 60
const SERVICE = 'id-card-passport'
const egov = { kind: 'integration', integrationId: 'egov-demo' } as const

let hub: TestHub
let browser: Browser
let page: Page
let context: BrowserContext
const clock = { now: Date.now() }
/** The citizens' bookings: two in consecutive slots of one morning, one an hour after the second. */
const booked: Record<'typed' | 'scanned' | 'early', { id: string; code: string; slotStart: number }> =
  {} as never

/** A day's slots of the service ahead of today, enough of them for a morning and an hour after. */
function daySlotsAhead(): Slot[] {
  for (let ahead = 1; ahead < 14; ahead++) {
    const day = localDay(clock.now + ahead * DAY, hub.config.centre.timeZone)
    const slots = daySlots(hub.config, SERVICE, day, { now: clock.now })
    if (slots.length > 8) return slots
  }
  throw new Error('the demo centre offers no full day of slots in two weeks')
}

/** The hub's clock five minutes before `slotStart`: inside its check-in window. */
function fiveMinutesBefore(slotStart: number): void {
  clock.now = slotStart - 5 * MINUTE
}

/** A booking made as egov.kz makes it, through the engine; its ack carries the code. */
async function book(slotStart: number, personId: string) {
  const ack = await hub.hub.engine.submit('integration:egov-demo', requestId(), egov, {
    type: 'booking:make',
    serviceId: SERVICE,
    slotStart,
    personId,
    phoneId: null,
    channel: 'egov',
  })
  return (expectOk(ack as never) as { booking: { id: string; code: string; slotStart: number } }).booking
}

const clockOf = (at: number) => formatTime(at, hub.config.centre.timeZone)
const dashed = (code: string) => `${code.slice(0, 3)}-${code.slice(3)}`

/** The ticket the hub issued with the number on screen. */
async function shownTicket() {
  const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim()
  const tickets = Object.values(hub.hub.engine.state.tickets).filter((t) => t.number === number)
  expect(tickets).toHaveLength(1)
  return tickets[0]!
}

/** When the page saw each key press since the last `scan` (its `timeStamp`, ms). */
type KeyTimes = { keyTimes: number[] }

/**
 * Holds a booking's QR to the scanner: its text typed as one burst (no delay) and Enter. A loaded
 * machine can hold a key back longer than a scanner ever would (> 100 ms), which breaks the burst as a
 * hand moving the code does; the citizen then scans again, and so does this, up to three times. The
 * key times come from the page itself, so a burst that came whole and was not taken still fails.
 */
async function scan(text: string): Promise<void> {
  const gapsSeen: string[] = []
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.evaluate(() => ((window as unknown as KeyTimes).keyTimes.length = 0))
    await page.keyboard.type(text)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate(() => (window as unknown as KeyTimes).keyTimes.length))
      .toBe(text.length + 1)
    const times = await page.evaluate(() => (window as unknown as KeyTimes).keyTimes)
    const gaps = times.slice(1).map((at, i) => at - times[i]!)
    if (Math.max(...gaps) <= SCANNER_BURST.maxGapMs) return
    gapsSeen.push(gaps.map(Math.round).join(' '))
    const refused = page.getByTestId('kiosk-booking-outcome')
    if (await refused.isVisible()) await refused.getByTestId('kiosk-booking-home').tap()
  }
  throw new Error(`three scans came too slowly to be a burst; gaps (ms): ${gapsSeen.join(' | ')}`)
}

/** The paper ticket as the browser prints it (80 mm), saved beside the screen's screenshots. */
async function printedTicket(name: string): Promise<string> {
  await page.emulateMedia({ media: 'print' })
  try {
    const paper = page.locator('.kiosk-print')
    await paper.waitFor({ state: 'visible' })
    await paper.locator('svg').waitFor()
    await paper.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' })
    return (await page.getByTestId('kiosk-print-booked-for').innerText()).replace(/\s+/g, ' ')
  } finally {
    await page.emulateMedia({ media: 'screen' })
  }
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => clock.now, hubOptions: { rendererDir } })
  const slots = daySlotsAhead()
  const [first, second] = [slots[2]!, slots[3]!]
  const later = slots.find((slot) => slot.start >= second.start + 60 * MINUTE)!
  booked.typed = await book(first.start, 've_typed000000000')
  booked.scanned = await book(second.start, 've_scanned0000000')
  booked.early = await book(later.start, 've_early000000000')
  // That morning, before the first slot: window 3 (ID cards) is open.
  fiveMinutesBefore(first.start)
  const consultant = await hub.staffClient('consultant3')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
  browser = await launchChromium()
  ;({ page, context } = await openKioskPage(browser, hub.url))
  // Every key's time, seen before the kiosk's own listeners (a scan's Enter goes no further than them).
  await page.addInitScript(() => {
    const times: number[] = []
    ;(window as unknown as KeyTimes).keyTimes = times
    window.addEventListener('keydown', (event) => times.push(event.timeStamp), { capture: true })
  })
  await page.reload()
  await page.getByTestId('kiosk-booking').waitFor()
}, 240_000)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

describe('kiosk check-in (portrait 1080×1920)', () => {
  it('checks a booking in by the code typed on the screen, in two touches, and prints its time', async () => {
    const { code, id, slotStart } = booked.typed
    const entry = page.getByTestId('kiosk-booking')
    expect(await entry.textContent()).toContain('Жазылу не кезек коды')
    await screenshot(page, 'kiosk-check-in-home-kk')
    await entry.tap()
    for (const char of code) await page.locator(`[data-key="${char}"]`).tap()
    await expect
      .poll(() => page.getByTestId('kiosk-booking-code').getAttribute('aria-label'))
      .toBe(dashed(code))
    await screenshot(page, 'kiosk-check-in-code-kk')
    await page.getByTestId('kiosk-booking-check-in').tap()

    const bookedFor = page.getByTestId('kiosk-ticket-booked-for')
    await bookedFor.waitFor()
    expect(await bookedFor.textContent()).toContain(`Жазылу уақыты: ${clockOf(slotStart)}`)
    const ticket = await shownTicket()
    expect(ticket).toMatchObject({ serviceId: SERVICE, bookedFor: slotStart, status: 'waiting' })
    expect(hub.hub.engine.state.bookings[id]).toMatchObject({ status: 'checked_in', ticketId: ticket.id })
    await screenshot(page, 'kiosk-check-in-ticket-kk')
    expect(await printedTicket('kiosk-check-in-print-kk')).toBe(
      `Жазылу уақыты: ${clockOf(slotStart)} Запись на ${clockOf(slotStart)}`,
    )
    await page.getByTestId('kiosk-done').tap()
    await page.getByTestId('kiosk-booking').waitFor()
  })

  it('checks a booking in from a scanner burst on the home screen, with no touch for it', async () => {
    const { code, id, slotStart } = booked.scanned
    fiveMinutesBefore(slotStart)
    await page.locator('[data-language="ru"]').tap()
    await page.getByTestId('kiosk-booking').waitFor()
    await scan(dashed(code))

    const bookedFor = page.getByTestId('kiosk-ticket-booked-for')
    await bookedFor.waitFor()
    expect(await bookedFor.textContent()).toContain(`Запись на ${clockOf(slotStart)}`)
    const ticket = await shownTicket()
    expect(ticket.bookedFor).toBe(slotStart)
    expect(hub.hub.engine.state.bookings[id]).toMatchObject({ status: 'checked_in', ticketId: ticket.id })
    await screenshot(page, 'kiosk-check-in-scanned-ru')
    expect(await printedTicket('kiosk-check-in-print-scanned')).toContain(`Запись на ${clockOf(slotStart)}`)
    await page.getByTestId('kiosk-done').tap()
    await page.getByTestId('kiosk-booking').waitFor()
  })

  it('an hour early: says when the booking is and from when to check in, and issues nothing', async () => {
    const { code, id, slotStart } = booked.early
    const tickets = Object.keys(hub.hub.engine.state.tickets).length
    await page.locator('[data-language="en"]').tap()
    await page.getByTestId('kiosk-booking').tap()
    for (const char of code) await page.locator(`[data-key="${char}"]`).tap()
    await page.getByTestId('kiosk-booking-check-in').tap()

    const outcome = page.getByTestId('kiosk-booking-outcome')
    await outcome.waitFor()
    expect(await outcome.getAttribute('data-outcome')).toBe('early')
    const opens = slotStart - hub.config.policy.bookingEarlyMinutes * MINUTE
    expect(await page.getByTestId('kiosk-booking-outcome-body').innerText()).toContain(
      `Your booking is at ${clockOf(slotStart)}. Check in from ${clockOf(opens)}.`,
    )
    await screenshot(page, 'kiosk-check-in-too-early-en')
    expect(hub.hub.engine.state.bookings[id]!.status).toBe('booked')
    expect(Object.keys(hub.hub.engine.state.tickets)).toHaveLength(tickets)
    await page.getByTestId('kiosk-booking-close').tap()
    await page.getByTestId('kiosk-booking').waitFor()
  })
})
