/**
 * The kiosk without a booking code, in a real Chromium against a real hub whose clock stands on a Monday
 * morning: a citizen whose IIN is bound to a phone at the registration desk, and who booked through the
 * integration API, checks in with the IIN and the code from the SMS (read from the demo outbox) and gets
 * the ticket booked for the slot; then a booking-only service offers its next free time of today, and
 * "take this time" gives a ticket that says when to come back.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nextFreeSlotToday } from '../../src-shared/domain'
import { formatTime } from '../../src-shared/i18n'
import { demoConfig, startTestHub, type TestHub } from '../support/hub-harness'
import { bindPhone, bookFor, mondayAt } from '../hub/fixtures/kiosk-check-in'
import { outboxLines } from '../hub/fixtures/registration'
import { buildRendererOnce, launchChromium, openKioskPage, screenshot } from './support'

const MINUTE = 60_000
const IIN = '871008401427'
const BOOKING_ONLY = 'birth-registration'

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []
const clock = { now: mondayAt('10:00') }

/** The demo centre with birth registration served by booking only. */
function bookingOnlyDemo() {
  const config = structuredClone(demoConfig())
  const services = config.bookings!.services
  services[BOOKING_ONLY] = { ...services[BOOKING_ONLY]!, onlyBooking: true }
  return config
}

/** The code of the newest check-in SMS in the demo outbox (the phone's screen, as staff see it). */
function smsCode(): string {
  const sms = outboxLines(hub.dataDir).filter((line) => line.text.includes('по записи'))
  const match = /Код (\d{6})/.exec(sms.at(-1)?.text ?? '')
  if (!match) throw new Error('no check-in SMS in the outbox')
  return match[1]!
}

async function kioskPage(viewport?: { width: number; height: number }): Promise<Page> {
  const { context, page } = await openKioskPage(browser, hub.url, viewport ? { viewport } : {})
  contexts.push(context)
  return page
}

const clockOf = (at: number) => formatTime(at, hub.config.centre.timeZone)

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ config: bookingOnlyDemo(), now: () => clock.now, hubOptions: { rendererDir } })
  browser = await launchChromium()
  await bindPhone(hub, IIN, '8 701 234 56 78')
  await bookFor(hub, IIN, mondayAt('10:30'))
  // Inside the 10:30 slot's check-in window (from 10:20).
  clock.now = mondayAt('10:25')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

describe('check-in by IIN at the kiosk', () => {
  it('IIN → the code from the SMS → the ticket booked for the slot', async () => {
    const page = await kioskPage()
    await page.getByTestId('kiosk-booking').tap()
    await page.getByTestId('kiosk-booking-no-code').tap()
    await page.getByTestId('kiosk-iin-check-in').waitFor()
    for (const digit of IIN) await page.locator(`[data-digit="${digit}"]`).tap()
    await expect.poll(() => page.getByTestId('kiosk-iin-value').getAttribute('data-length')).toBe('12')
    await screenshot(page, 'kiosk-iin-entry')

    await page.getByTestId('kiosk-iin-submit').tap()
    const sent = page.getByTestId('kiosk-iin-code-sent')
    await sent.waitFor()
    expect(await sent.textContent()).toContain('+7 (701) ***-**-78')
    await screenshot(page, 'kiosk-iin-code')

    // A wrong code first: said in place, one attempt less.
    const code = smsCode()
    await page.keyboard.type(String((Number(code) + 1) % 1_000_000).padStart(6, '0'))
    await page.getByTestId('kiosk-iin-submit').tap()
    await expect.poll(() => page.getByTestId('kiosk-iin-problem').getAttribute('data-code')).toBe('otp_wrong')
    expect(await page.getByTestId('kiosk-iin-problem').textContent()).toContain('2')

    await page.keyboard.type(code)
    await page.getByTestId('kiosk-iin-submit').tap()
    await page.getByTestId('kiosk-ticket').waitFor()
    const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim()
    const ticket = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)!
    expect(ticket.bookedFor).toBe(mondayAt('10:30'))
    const booked = page.getByTestId('kiosk-ticket-booked-for')
    await expect.poll(() => booked.textContent()).toContain(clockOf(mondayAt('10:30')))
    expect(await booked.getAttribute('data-comes-back')).toBe('false')
    await screenshot(page, 'kiosk-iin-ticket')
    // Nothing of the IIN is left on the page.
    expect(await page.content()).not.toContain(IIN)
  })
})

describe('a booking-only service at the kiosk', () => {
  it('offers the next free time of today; "take this time" gives a ticket to come back with', async () => {
    // After the 10:30 slot has started: the next one's window opens later, so the citizen leaves.
    clock.now = mondayAt('10:31')
    const expected = nextFreeSlotToday(hub.hub.engine.state, hub.config, BOOKING_ONLY, clock.now)!
    expect(expected.start - hub.config.policy.bookingEarlyMinutes * MINUTE).toBeGreaterThan(clock.now)

    // Landscape at the e2e default size first: the screen only.
    const wide = await kioskPage({ width: 1280, height: 720 })
    await wide.locator('.home-group[data-group="documents"]').tap()
    await wide.locator(`[data-service="${BOOKING_ONLY}"]`).tap()
    await wide.getByTestId('kiosk-booking-only').waitFor()
    await screenshot(wide, 'kiosk-booking-only-wide')

    const page = await kioskPage()
    await page.locator('.home-group[data-group="documents"]').tap()
    await page.locator(`[data-service="${BOOKING_ONLY}"]`).tap()
    const slot = page.getByTestId('kiosk-booking-only-slot')
    await slot.waitFor()
    expect(await slot.getAttribute('data-slot')).toBe(String(expected.start))
    expect(await slot.textContent()).toContain(clockOf(expected.start))
    await screenshot(page, 'kiosk-booking-only')

    await page.getByTestId('kiosk-booking-only-take').tap()
    await page.getByTestId('kiosk-ticket').waitFor()
    const booked = page.getByTestId('kiosk-ticket-booked-for')
    await expect.poll(() => booked.getAttribute('data-comes-back')).toBe('true')
    expect(await booked.textContent()).toContain(clockOf(expected.start))
    const number = (await page.getByTestId('kiosk-ticket-number').textContent())!.trim()
    const ticket = Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)!
    expect(ticket).toMatchObject({ serviceId: BOOKING_ONLY, bookedFor: expected.start })
    const booking = Object.values(hub.hub.engine.state.bookings).find((b) => b.ticketId === ticket.id)!
    expect(booking).toMatchObject({ channel: 'kiosk', personId: null, status: 'checked_in' })
    await screenshot(page, 'kiosk-booking-only-ticket')

    // The slot's place is taken: the kiosk counts it for the next citizen.
    const after = nextFreeSlotToday(hub.hub.engine.state, hub.config, BOOKING_ONLY, clock.now)
    if (expected.free > 1) expect(after).toMatchObject({ start: expected.start, free: expected.free - 1 })
    else expect(after?.start).toBeGreaterThan(expected.start)
  })
})
