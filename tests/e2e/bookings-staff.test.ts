/**
 * Today's bookings on the staff faces, in a real Chromium against a real hub on a weekday morning of its
 * own clock. Bookings are made through the engine as egov's integration would; the supervisor sees them
 * per service and slot; the kiosk checks one in and the supervisor and the consultant see its ticket
 * number at once; the consultant cancels one with a reason and the supervisor sees why; one nobody came
 * for lapses on the hub's clock; the supervisor books one for a citizen on the 1414 line.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { daySlots, localDay, localEpoch, weekdayOf, type Booking } from '../../src-shared/domain'
import type { CentreConfig } from '../../src-shared/config'
import {
  demoConfig,
  expectOk,
  requestId,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const LAPTOP = { width: 1366, height: 768 }
const MINUTE = 60_000
const DAY_MS = 24 * 60 * MINUTE
const TIME_ZONE = 'Asia/Almaty'
const egov = { kind: 'integration', integrationId: 'egov-demo' } as const

/**
 * The hub's clock: 09:06 on the next ordinary weekday (no holiday, no short day), running with real time
 * from there; `shift` jumps it ahead. A day ahead of the real one, so staff sessions outlive the test.
 */
function weekdayMorning(config: CentreConfig) {
  let day = ''
  for (let ahead = 1; ahead < 10 && day === ''; ahead++) {
    const candidate = localDay(Date.now() + ahead * DAY_MS, TIME_ZONE)
    const weekday = weekdayOf(candidate)
    const special =
      config.bookings?.holidays.includes(candidate) ||
      config.bookings?.shortDays.some((d) => d.date === candidate)
    if (weekday !== 'sat' && weekday !== 'sun' && !special) day = candidate
  }
  const start = localEpoch(day, 9 * 60 + 6, TIME_ZONE)
  const realStart = Date.now()
  const clock = { day, shift: 0, now: () => start + (Date.now() - realStart) + clock.shift }
  return clock
}

let rendererDir: string
let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []
let clock: ReturnType<typeof weekdayMorning>

/** The bookings of the morning, by name: their codes come from the hub. */
const made: Record<'A' | 'B' | 'C' | 'D' | 'E', { id: string; code: string }> = {} as never

/** The slot of `serviceId` at `HH:MM` on the test's day, checked to be one the centre offers. */
function slot(serviceId: string, clockTime: string): number {
  const [hh, mm] = clockTime.split(':').map(Number) as [number, number]
  const start = localEpoch(clock.day, hh * 60 + mm, TIME_ZONE)
  const offered = daySlots(hub.config, serviceId, clock.day).map((s) => s.start)
  if (!offered.includes(start)) throw new Error(`the demo offers no ${serviceId} slot at ${clockTime}`)
  return start
}

async function book(name: keyof typeof made, serviceId: string, clockTime: string): Promise<void> {
  const ack = await hub.hub.engine.submit('integration:egov-demo', requestId(), egov, {
    type: 'booking:make',
    serviceId,
    slotStart: slot(serviceId, clockTime),
    personId: `ve_person_${name}`,
    phoneId: null,
    channel: 'egov',
  })
  made[name] = (expectOk(ack as never) as { booking: { id: string; code: string } }).booking
}

const bookingOf = (name: keyof typeof made): Booking => hub.hub.engine.state.bookings[made[name].id]!

beforeAll(async () => {
  rendererDir = await buildRendererOnce()
  const config = demoConfig()
  clock = weekdayMorning(config)
  hub = await startTestHub({
    config,
    now: () => clock.now(),
    hubOptions: { rendererDir, housekeepingIntervalMs: 200 },
  })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  // Windows 3 and 4 serve ID cards and signatures, window 4 and 5 birth registrations; one of each a slot.
  await book('A', 'id-card-passport', '09:15')
  await book('B', 'digital-signature', '09:15')
  await book('C', 'id-card-passport', '09:45')
  await book('D', 'digital-signature', '09:30')
  await book('E', 'birth-registration', '09:30')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** Zod's probe for `new Function`, refused by the strict CSP as it should be (see consultant.test.ts). */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))

async function openFace(face: 'supervisor' | 'consultant', login: string, viewport: typeof DESKTOP) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/${face}`)
  await page.getByTestId(`${face}-sign-in`).waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await page.getByTestId(`${face}-login`).fill(login)
  await page.getByTestId(`${face}-password`).fill(hub.credentials.passwords[login]!)
  await page.getByTestId(`${face}-sign-in-submit`).click()
  return { page, problems }
}

const chip = (page: Page, name: keyof typeof made) =>
  page.locator(`.booking-chip[data-code="${made[name].code}"]`)
const places = (page: Page, serviceId: string, clockTime: string) =>
  page.locator(`.booking-slot[data-service="${serviceId}"][data-slot="${clockTime}"] [data-cell="places"]`)
const total = async (page: Page, status: string) =>
  ((await page.getByTestId(`supervisor-bookings-${status}`).textContent()) ?? '').trim()
const consultantRow = (page: Page, name: keyof typeof made) =>
  page.locator(`.booking-row[data-code="${made[name].code}"]`)
const consultantCodes = (page: Page) =>
  page.locator('.booking-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-code')))

let supervisor: { page: Page; problems: string[] }
let consultant: { page: Page; problems: string[] }

describe("today's bookings on the staff faces", () => {
  it('shows the supervisor every booking per service and slot, with the places and the totals', async () => {
    supervisor = await openFace('supervisor', 'supervisor', DESKTOP)
    const { page } = supervisor
    await page.getByTestId('supervisor-bookings').waitFor()
    await expect.poll(() => total(page, 'booked')).toBe('5')
    expect(await total(page, 'checked_in')).toBe('0')
    expect(await places(page, 'id-card-passport', '09:15').textContent()).toBe('1/1')
    expect(await places(page, 'digital-signature', '09:30').textContent()).toBe('1/1')
    expect(await places(page, 'birth-registration', '09:30').textContent()).toBe('1/1')
    for (const name of ['A', 'B', 'C', 'D', 'E'] as const) {
      expect(await chip(page, name).getAttribute('data-status')).toBe('booked')
      // Kazakh by default: the code and "booked", never the person.
      expect(await chip(page, name).textContent()).toContain('Жазылған')
    }
    expect(await page.getByTestId('supervisor-bookings').textContent()).not.toContain('ve_person')
    await screenshot(page, 'bookings-staff-supervisor-kk')
  })

  it('shows the consultant the next bookings at the window, calmly', async () => {
    const colleague = await hub.staffClient('consultant1')
    expectOk(await colleague.command('desk:open', { deskId: 'desk-3' }))
    consultant = await openFace('consultant', 'consultant1', LAPTOP)
    const { page } = consultant
    await page.getByTestId('consultant-bookings').waitFor()
    await page.locator('[data-language="ru"]').click()
    // Window 3 serves ID cards and signatures: A and B at 09:15 (due now), D at 09:30, C at 09:45.
    await expect.poll(() => consultantCodes(page)).toHaveLength(4)
    const codes = await consultantCodes(page)
    expect(codes.slice(0, 2).sort()).toEqual([made.A.code, made.B.code].sort())
    expect(codes.slice(2)).toEqual([made.D.code, made.C.code])
    expect(await consultantRow(page, 'A').getAttribute('data-state')).toBe('due')
    expect(await consultantRow(page, 'D').getAttribute('data-state')).toBe('booked')
    expect(await page.getByTestId('consultant-bookings-ahead').textContent()).toBe('впереди: 4')
    // Another window's booking (E, a birth registration) is not this one's business.
    expect(codes).not.toContain(made.E.code)
  })

  it('follows a check-in at the kiosk live: both faces show its ticket number', async () => {
    const ack = expectOk(await kiosk.command('booking:check-in', { code: made.A.code }))
    const number = (ack as unknown as { ticket: { number: string } }).ticket.number
    expect(bookingOf('A').status).toBe('checked_in')
    await expect.poll(() => chip(supervisor.page, 'A').getAttribute('data-status')).toBe('checked_in')
    expect(await chip(supervisor.page, 'A').textContent()).toContain(number)
    expect(await total(supervisor.page, 'checked_in')).toBe('1')
    expect(await total(supervisor.page, 'booked')).toBe('4')
    await expect.poll(() => consultantRow(consultant.page, 'A').getAttribute('data-state')).toBe('checked_in')
    expect(await consultantRow(consultant.page, 'A').textContent()).toContain(`талон ${number}`)
  })

  it('lets the consultant cancel a booking with a reason, and the supervisor sees it cancelled', async () => {
    const { page } = consultant
    const reason = 'Гражданин позвонил в 1414 и отказался'
    await consultantRow(page, 'D').locator('[data-action="booking-cancel"]').click()
    const dialog = page.getByTestId('consultant-booking-cancel-dialog')
    await dialog.waitFor()
    // The reason is required.
    expect(await page.getByTestId('consultant-booking-cancel-submit').isDisabled()).toBe(true)
    await page.getByTestId('consultant-booking-cancel-reason').fill(reason)
    await screenshot(page, 'bookings-staff-consultant-cancel-ru')
    await page.getByTestId('consultant-booking-cancel-submit').click()
    await dialog.waitFor({ state: 'detached' })
    expect(await page.getByTestId('consultant-booking-cancelled').textContent()).toContain(made.D.code)
    expect(bookingOf('D')).toMatchObject({ status: 'cancelled', reason })
    // D leaves the list.
    await expect.poll(() => consultantCodes(page)).not.toContain(made.D.code)
    expect(await consultantCodes(page)).toHaveLength(3)
    await screenshot(page, 'bookings-staff-consultant-ru')

    await expect.poll(() => chip(supervisor.page, 'D').getAttribute('data-status')).toBe('cancelled')
    expect(await chip(supervisor.page, 'D').textContent()).toContain(reason)
    expect(await places(supervisor.page, 'digital-signature', '09:30').textContent()).toBe('0/1')
    expect(await total(supervisor.page, 'cancelled')).toBe('1')
  })

  it('shows a booking nobody came for as lapsed once its late window closes on the hub clock', async () => {
    // 09:31: B's 09:15 slot closed its late window at 09:30; the others are still to come or done.
    clock.shift = Math.max(0, slot('digital-signature', '09:15') + 16 * MINUTE - clock.now())
    await expect.poll(() => chip(supervisor.page, 'B').getAttribute('data-status')).toBe('lapsed')
    expect(bookingOf('B').status).toBe('lapsed')
    expect(await total(supervisor.page, 'lapsed')).toBe('1')
    expect(await total(supervisor.page, 'booked')).toBe('2')
    expect(await total(supervisor.page, 'checked_in')).toBe('1')
    expect(await total(supervisor.page, 'cancelled')).toBe('1')
    await screenshot(supervisor.page, 'bookings-staff-supervisor-live-kk')
    expect(realProblems(supervisor.problems)).toEqual([])
    expect(realProblems(consultant.problems)).toEqual([])
  })

  it('lets the supervisor book for a citizen on the 1414 line: the code shows large, a second try is refused in words', async () => {
    const { page } = supervisor
    await page.locator('[data-language="ru"]').click()
    await page.getByTestId('supervisor-new-booking').click()
    const dialog = page.getByTestId('staff-booking-dialog')
    await dialog.waitFor()
    await page.getByTestId('staff-booking-service').selectOption('digital-signature')
    // Today is offered first, with its times still to come (the face's clock started at 09:06; the
    // hub's has moved on to 09:31, so a time well ahead).
    const time = '10:30'
    const free = page.locator(`[data-testid="staff-booking-slots"] .booking-slot[data-slot="${time}"]`)
    await free.click()
    expect(await free.getAttribute('aria-pressed')).toBe('true')
    // The IIN is checked as typed: a mistyped check digit is named, and nothing can be sent.
    await page.getByTestId('staff-booking-iin').fill('871008401428')
    await page.getByTestId('staff-booking-phone').click()
    await expect
      .poll(() => page.getByTestId('staff-booking-iin-message').textContent())
      .toContain('Контрольная цифра')
    await page.getByTestId('staff-booking-phone').fill('8 701 234 56 78')
    expect(await page.getByTestId('staff-booking-submit').isDisabled()).toBe(true)
    await page.getByTestId('staff-booking-iin').fill('871008401427')
    await page.getByTestId('staff-booking-phone').click()
    await expect.poll(() => page.getByTestId('staff-booking-submit').isDisabled()).toBe(false)
    await screenshot(page, 'bookings-staff-new-booking-ru')
    await page.getByTestId('staff-booking-submit').click()

    const code = page.getByTestId('staff-booking-code')
    await code.waitFor()
    const shown = (await code.getAttribute('data-code'))!
    expect(await code.textContent()).toBe(`${shown.slice(0, 3)}-${shown.slice(3)}`)
    expect(await page.getByTestId('staff-booking-made').textContent()).toContain(time)
    await screenshot(page, 'bookings-staff-new-booking-made-ru')
    const made = Object.values(hub.hub.engine.state.bookings).find((b) => b.code === shown)!
    expect(made).toMatchObject({ serviceId: 'digital-signature', channel: '1414', by: 'staff:supervisor-1' })
    expect(await hub.hub.vault.entries.open(made.personId!)).toEqual({ kind: 'iin', value: '871008401427' })
    // The panel behind shows it at once, by its code.
    await expect.poll(() => page.locator(`.booking-chip[data-code="${shown}"]`).count()).toBe(1)

    // The same citizen again for the same service: refused, in the supervisor's language.
    await page.getByTestId('staff-booking-another').click()
    await page.locator('[data-testid="staff-booking-slots"] .booking-slot[data-slot="10:45"]').click()
    await page.getByTestId('staff-booking-iin').fill('871008401427')
    await page.getByTestId('staff-booking-phone').fill('+7 (701) 234-56-78')
    await page.getByTestId('staff-booking-submit').click()
    const refusal = page.getByTestId('staff-booking-refusal')
    await refusal.waitFor()
    expect(await refusal.getAttribute('data-code')).toBe('booking_exists')
    expect(await refusal.textContent()).toContain('У этого человека уже есть запись на эту услугу.')
    await screenshot(page, 'bookings-staff-new-booking-refused-ru')
    await page.getByTestId('staff-booking-dialog').locator('button', { hasText: 'Отмена' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(realProblems(supervisor.problems)).toEqual([])
  })
})
