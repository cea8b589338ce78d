/**
 * axe-core on every face and its main states, in Chromium against a real hub: the landing page, the
 * kiosk (home, service list, ticket), the phone tracker (waiting, called, rated), the consultant (sign-in, a
 * called ticket), the registrar's form, the supervisor, the admin screen (its sections, a form with the
 * hub's errors at its fields, the new-password dialog, a pairing code) and a device's `/pair` page, the hall
 * display and a zone display with a call and each step of `/book` (the contact step with its notification
 * box ticked too). Each must have no serious or critical violation; a failure lists every one with its
 * rule, impact and element.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssuedTicket } from '../../src-shared/protocol'
import {
  expectOk,
  startTestHub,
  TUESDAY_MORNING,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { seriousAxeViolations } from './axe'
import { buildRendererOnce, KIOSK_PORTRAIT, launchChromium, pressShortcut } from './support'

const PHONE = { width: 390, height: 844 }
const LAPTOP = { width: 1366, height: 768 }
const FULL_HD = { width: 1920, height: 1080 }
const WAIT = { timeout: 15_000 }

let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  // A weekday morning at the demo centre, on a still clock: open, and the same every run.
  hub = await startTestHub({ now: () => TUESDAY_MORNING, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  // Window 3 serves passports, so the kiosk issues one without a "no window" question.
  const consultant3 = await hub.staffClient('consultant3')
  expectOk(await consultant3.command('desk:open', { deskId: 'desk-3' }))
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function open(path: string, viewport: { width: number; height: number }, touch = false): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    timezoneId: 'Asia/Almaty',
    ...(touch ? { hasTouch: true, isMobile: viewport.width < 600 } : {}),
  })
  contexts.push(context)
  const page = await context.newPage()
  await page.clock.setFixedTime(TUESDAY_MORNING)
  await page.goto(`${hub.url}${path}`)
  return page
}

/** Passes when axe finds nothing serious or critical; otherwise fails listing every finding. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const found = await seriousAxeViolations(page)
  expect.soft(found, `${state}: serious or critical axe violations:\n${found.join('\n')}\n`).toEqual([])
}

const deviceKey = (deviceId: string) => encodeURIComponent(hub.credentials.deviceKeys[deviceId]!)

async function issue(serviceId: string): Promise<IssuedTicket> {
  return expectOk(await kiosk.command('ticket:issue', { serviceId, categoryId: null })).ticket
}

async function signIn(page: Page, face: 'consultant' | 'supervisor' | 'admin', login: string): Promise<void> {
  await page.getByTestId(`${face}-login`).fill(login)
  await page.getByTestId(`${face}-password`).fill(hub.credentials.passwords[login]!)
  await page.getByTestId(`${face}-sign-in-submit`).click()
}

describe('axe: no serious or critical violations', { timeout: 120_000 }, () => {
  it('the landing page', async () => {
    const page = await open('/', LAPTOP)
    await page.locator('.home-status[data-state="online"]').waitFor()
    await expectAccessible(page, 'landing')
  })

  it('the kiosk: home, service list, ticket', async () => {
    const page = await open(`/kiosk?device=kiosk-1&key=${deviceKey('kiosk-1')}`, KIOSK_PORTRAIT, true)
    await page.locator('.home-group').first().waitFor()
    await expectAccessible(page, 'kiosk home')
    await page.locator('[data-group="documents"]').tap()
    await page.locator('[data-service="id-card-passport"]').waitFor()
    await expectAccessible(page, 'kiosk service list')
    await page.locator('[data-service="id-card-passport"]').tap()
    await page.getByTestId('kiosk-ticket-number').waitFor()
    await page.getByTestId('kiosk-qr').locator('svg').waitFor()
    await expectAccessible(page, 'kiosk ticket')
  })

  it('the kiosk: priority sheet, self-service offer, booking code entry', async () => {
    const page = await open(`/kiosk?device=kiosk-1&key=${deviceKey('kiosk-1')}`, KIOSK_PORTRAIT, true)
    await page.getByTestId('kiosk-priority').tap()
    await page.getByTestId('kiosk-priority-sheet').waitFor()
    await expectAccessible(page, 'kiosk priority sheet')
    await page.keyboard.press('Escape')
    await page.getByTestId('kiosk-priority-sheet').waitFor({ state: 'detached' })
    await page.locator('[data-group="certificates"]').tap()
    await page.locator('[data-service="no-criminal-record"]').tap()
    await page.getByTestId('kiosk-offer').waitFor()
    await expectAccessible(page, 'kiosk self-service offer')
    await page.getByTestId('kiosk-offer-back').tap()
    await page.getByTestId('kiosk-back').tap()
    await page.getByTestId('kiosk-booking').tap()
    await page.getByTestId('kiosk-booking-entry').waitFor()
    await expectAccessible(page, 'kiosk booking code entry')
  })

  it('the consultant: sign-in, then a called ticket; the tracker waiting and called; the display with the call', async () => {
    const waiting = await issue('no-criminal-record')
    const tracker = await open(`/t/${waiting.trackToken}`, PHONE, true)
    await tracker.getByTestId('track-ahead').waitFor()
    await expectAccessible(tracker, 'tracker, waiting')

    const display = await open(`/display?device=display-1&key=${deviceKey('display-1')}`, FULL_HD)
    await display.locator('.board').waitFor()

    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    const page = await open('/consultant', LAPTOP)
    await page.getByTestId('consultant-sign-in').waitFor()
    await expectAccessible(page, 'consultant sign-in')
    await signIn(page, 'consultant', 'consultant1')
    await page.getByTestId('consultant-ticket').waitFor()
    await page.locator('.actions[aria-busy="false"]').waitFor()
    await page.locator('[data-action="call-next"]').click()
    await expect
      .poll(async () => (await page.getByTestId('consultant-ticket-number').textContent())?.trim(), WAIT)
      .toBe(waiting.number)
    await expectAccessible(page, 'consultant, ticket called')

    await tracker.getByTestId('track-called').waitFor()
    await expectAccessible(tracker, 'tracker, called')
    await expect
      .poll(() => display.getByTestId('display-newest').getAttribute('data-number'), WAIT)
      .toBe(waiting.number)
    await expectAccessible(display, 'hall display with a call')
  })

  it('the consultant: the waiting tickets, the walk-in ticket, the outcome at finish and the pause reason', async () => {
    await issue('id-card-passport')
    const page = await open('/consultant', LAPTOP)
    await signIn(page, 'consultant', 'consultant3')
    await page.getByTestId('consultant-ticket').waitFor()
    await page.locator('[data-scope="tickets"]').click()
    await page.getByTestId('consultant-waiting-ticket').first().waitFor()
    await expectAccessible(page, 'consultant, waiting tickets')
    await page.locator('.actions[aria-busy="false"]').waitFor()
    await page.getByTestId('consultant-call-ticket').first().click()
    await page.getByTestId('consultant-ticket-number').waitFor()

    await pressShortcut(page, 'w')
    await page.getByTestId('consultant-walk-in-dialog').waitFor()
    await expectAccessible(page, 'consultant, walk-in ticket dialog')
    await page.getByTestId('consultant-walk-in-issue').click()
    await page.getByTestId('consultant-walk-in-issued').waitFor()
    await expectAccessible(page, 'consultant, walk-in ticket issued')
    await page.getByTestId('consultant-walk-in-done').click()

    await pressShortcut(page, 's')
    await page.locator('[data-action="finish"]:enabled').waitFor()
    await pressShortcut(page, 'f')
    await page.getByTestId('consultant-finish-dialog').waitFor()
    await expectAccessible(page, 'consultant, finish with an outcome')
    await page.keyboard.press('Enter')
    await page.getByTestId('consultant-finish-dialog').waitFor({ state: 'detached' })

    await pressShortcut(page, 'p')
    await page.getByTestId('consultant-pause-dialog').waitFor()
    await expectAccessible(page, 'consultant, pause with a reason')
    await page.keyboard.press('Enter')
    await page.locator('[data-action="resume"]').waitFor()
    await expectAccessible(page, 'consultant, paused for a reason')
    // Back at work: window 3 calls for the zone display below.
    await page.locator('[data-action="resume"]').click()
    await expect.poll(() => hub.hub.engine.state.desks['desk-3']?.status, WAIT).toBe('open')
  })

  it("the desk picker, then the registrar's form with a citizen at window 6", async () => {
    const ticket = await issue('mobile-registration')
    const page = await open('/consultant', LAPTOP)
    await signIn(page, 'consultant', 'registrar')
    await page.locator('.desk-card[data-desk="desk-6"]').waitFor()
    await expectAccessible(page, 'desk picker')
    await page.locator('.desk-card[data-desk="desk-6"]').click()
    await page.getByTestId('consultant-open-desk').click()
    await page.getByTestId('consultant-ticket').waitFor()
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled(), WAIT).toBe(true)
    await page.locator('[data-action="call-next"]').click()
    await expect
      .poll(async () => (await page.getByTestId('consultant-ticket-number').textContent())?.trim(), WAIT)
      .toBe(ticket.number)
    await pressShortcut(page, 's')
    await page.getByTestId('desk-registration').waitFor()
    await page.getByTestId('desk-consent-text').waitFor()
    await expectAccessible(page, 'registration form')
  })

  it('the SMS outbox page, signed in', async () => {
    const page = await open('/desk/sms-outbox', LAPTOP)
    await signIn(page, 'consultant', 'registrar')
    await page.getByTestId('desk-outbox').waitFor()
    await expectAccessible(page, 'SMS outbox')
  })

  it('the supervisor', async () => {
    const page = await open('/supervisor', FULL_HD)
    await page.getByTestId('supervisor-sign-in').waitFor()
    await expectAccessible(page, 'supervisor sign-in')
    await signIn(page, 'supervisor', 'supervisor')
    await page.getByTestId('supervisor-headline').waitFor()
    await expectAccessible(page, 'supervisor')
    // The reports across days, reached from the live view.
    await page.getByTestId('reports-link').click()
    await page.getByTestId('reports-summary').waitFor()
    await expectAccessible(page, 'supervisor reports')
  })

  it("the tracker's rating after service: asked, a score with its reasons, thanks; the supervisor's ratings", async () => {
    const served = await issue('no-criminal-record')
    const consultant = await hub.staffClient('consultant2')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-2' }))
    expectOk(await consultant.command('ticket:call', { deskId: 'desk-2', ticketId: served.id }))
    expectOk(await consultant.command('ticket:start', { ticketId: served.id }))
    expectOk(await consultant.command('ticket:finish', { ticketId: served.id }))
    const tracker = await open(`/t/${served.trackToken}`, PHONE, true)
    const rating = tracker.getByTestId('track-rating')
    await rating.waitFor(WAIT)
    await expectAccessible(tracker, 'tracker, rating asked')
    await tracker.locator('.rating-score[data-score="2"]').tap()
    await tracker.locator('.rating-reason').first().waitFor()
    await expectAccessible(tracker, 'tracker, low score with its reasons')
    await tracker.locator('.rating-reason').first().tap()
    await tracker.getByTestId('rating-send').tap()
    await tracker.getByTestId('rating-given').waitFor(WAIT)
    await expectAccessible(tracker, 'tracker, rating given')

    const page = await open('/supervisor', FULL_HD)
    await signIn(page, 'supervisor', 'supervisor')
    await page.getByTestId('ratings-by-service').waitFor(WAIT)
    await expectAccessible(page, 'supervisor with ratings')
  })

  it('a zone display (windows 1–3) with a call, under its own title', async () => {
    // Window 3 (consultant 3, opened above) is in the zone and has nobody in hand.
    const ticket = await issue('digital-signature')
    const consultant = await hub.staffClient('consultant3')
    const display = await open(`/display?device=display-zone-1&key=${deviceKey('display-zone-1')}`, FULL_HD)
    await display.getByTestId('display-zone-title').waitFor(WAIT)
    expectOk(await consultant.command('ticket:call', { deskId: 'desk-3', ticketId: ticket.id }))
    await expect
      .poll(() => display.getByTestId('display-newest').getAttribute('data-number'), WAIT)
      .toBe(ticket.number)
    await expectAccessible(display, 'zone display with a call')
  })

  it('the admin screen: staff, a refused form, the password dialog, services, windows, changes', async () => {
    const page = await open('/admin', LAPTOP)
    await page.getByTestId('admin-sign-in').waitFor()
    await expectAccessible(page, 'admin sign-in')
    await signIn(page, 'admin', 'admin')
    await page.getByTestId('admin-staff-list').waitFor(WAIT)
    await expectAccessible(page, 'admin staff')
    await page.getByTestId('admin-staff-add').click()
    await page.getByTestId('admin-staff-save').click()
    await page.getByTestId('admin-staff-login-error').waitFor(WAIT)
    await expectAccessible(page, 'admin staff form with errors')
    await page.getByTestId('admin-staff-cancel').click()
    await page.getByTestId('admin-staff-password-consultant-1').click()
    await page.getByTestId('admin-password-dialog').waitFor(WAIT)
    await expectAccessible(page, 'admin password dialog')
    await page.getByTestId('admin-password-cancel').click()
    await page.getByTestId('admin-tab-services').click()
    await page.getByTestId('admin-service-edit-no-criminal-record').click()
    await page.getByTestId('admin-service-prefix').fill('1')
    await page.getByTestId('admin-service-save').click()
    await page.getByTestId('admin-service-prefix-error').waitFor(WAIT)
    await expectAccessible(page, 'admin service refused by the hub')
    await page.getByTestId('admin-service-prefix').fill('A')
    await page.getByTestId('admin-service-online').uncheck()
    await page.getByTestId('admin-service-save').click()
    await page.getByTestId('admin-service-online-error').waitFor(WAIT)
    await expectAccessible(page, 'admin service online flag refused')
    await page.getByTestId('admin-service-cancel').click()
    await page.getByTestId('admin-group-add').click()
    await page.getByTestId('admin-group-save').click()
    await page.getByTestId('admin-group-id-error').waitFor(WAIT)
    await expectAccessible(page, 'admin service groups with a new group refused')
    await page.getByTestId('admin-group-cancel').click()
    await page.getByTestId('admin-group-remove-certificates').click()
    await page.getByTestId('admin-remove-confirm').click()
    await page.getByTestId('admin-remove-refused').waitFor(WAIT)
    await expectAccessible(page, 'admin group removal refused')
    await page.getByTestId('admin-remove-cancel').click()
    await page.getByTestId('admin-service-self-service-no-criminal-record').click()
    await page.getByTestId('admin-scenario-start').fill('https://phishing.example/')
    await page.getByTestId('admin-scenario-save').click()
    await page.getByTestId('admin-scenario-start-error').waitFor(WAIT)
    await expectAccessible(page, 'admin self-service scenario refused')
    await page.getByTestId('admin-scenario-cancel').click()
    await page.getByTestId('admin-tab-desks').click()
    await page.getByTestId('admin-desk-edit-desk-1').click()
    await page.getByTestId('admin-desk-form').waitFor(WAIT)
    await expectAccessible(page, 'admin window form')
    await page.getByTestId('admin-tab-devices').click()
    await page.getByTestId('admin-device-pair-kiosk-1').click()
    await page.getByTestId('admin-pairing-dialog').waitFor(WAIT)
    await expectAccessible(page, 'admin pairing code')
    await page.getByTestId('admin-pairing-done').click()
    await page.getByTestId('admin-device-zone-edit-display-zone-1').click()
    await page.getByTestId('admin-zone-title-kk').fill('')
    await page.getByTestId('admin-zone-save').click()
    await page.getByTestId('admin-zone-title-kk-error').waitFor(WAIT)
    await expectAccessible(page, 'admin display zone form with an error')
    await page.getByTestId('admin-zone-cancel').click()
    await page.getByTestId('admin-device-remove-display-2').click()
    await page.getByTestId('admin-remove-dialog').waitFor(WAIT)
    await expectAccessible(page, 'admin device removal confirmation')
    await page.getByTestId('admin-remove-cancel').click()
    // Work at the windows: the standards refused under a field, a list's form, a removal's question.
    await page.getByTestId('admin-tab-work').click()
    await page.getByTestId('admin-work-waitStandard').fill('0')
    await page.getByTestId('admin-work-rules-save').click()
    await page.getByTestId('admin-work-waitStandard-error').waitFor(WAIT)
    await expectAccessible(page, 'admin work at the windows, a standard refused')
    await page.getByTestId('admin-work-outcomes-add').click()
    await page.getByTestId('admin-work-outcomes-save').click()
    await page.getByTestId('admin-work-outcomes-id-error').waitFor(WAIT)
    await expectAccessible(page, 'admin new outcome with errors')
    await page.getByTestId('admin-work-outcomes-cancel').click()
    await page.getByTestId('admin-work-pauses-remove-lunch').click()
    await page.getByTestId('admin-remove-dialog').waitFor(WAIT)
    await expectAccessible(page, 'admin pause reason removal confirmation')
    await page.getByTestId('admin-remove-cancel').click()
    await page.getByTestId('admin-tab-categories').click()
    await page.getByTestId('admin-category-edit-disability').click()
    await page.getByTestId('admin-category-form').waitFor(WAIT)
    await expectAccessible(page, 'admin category form')
    await page.getByTestId('admin-tab-hours').click()
    await page.getByTestId('admin-hours-form').waitFor(WAIT)
    await expectAccessible(page, 'admin opening hours and holidays')
    await page.getByTestId('admin-tab-audit').click()
    await page.getByTestId('admin-audit-empty').waitFor(WAIT)
    await expectAccessible(page, 'admin changes')
    // One change saved, then its row opened to what changed.
    await page.getByTestId('admin-tab-services').click()
    await page.getByTestId('admin-service-self-service-no-criminal-record').click()
    await page.getByTestId('admin-scenario-need-eds').check()
    await page.getByTestId('admin-scenario-save').click()
    await page.getByTestId('admin-service-saved').waitFor(WAIT)
    await page.getByTestId('admin-tab-audit').click()
    await page.getByTestId('admin-audit-toggle-1').click()
    await page.getByTestId('admin-audit-diff-1').waitFor(WAIT)
    await expectAccessible(page, 'admin changes with a row opened')
  })

  it('the /pair page of a device, with a wrong code', async () => {
    const page = await open('/pair', FULL_HD)
    await page.getByTestId('pair-form').waitFor()
    await expectAccessible(page, 'pair')
    await page.getByTestId('pair-code').fill('AAAA-AAAA')
    await page.getByTestId('pair-submit').click()
    await page.getByTestId('pair-message').waitFor(WAIT)
    await expectAccessible(page, 'pair: wrong code')
  })

  it('/book, every step to the done screen', async () => {
    const page = await open('/book', { width: 360, height: 740 }, true)
    await page.locator('[data-service="id-card-passport"]').waitFor()
    await expectAccessible(page, 'book: service')
    await page.locator('[data-service="id-card-passport"]').tap()
    await page.locator('[data-day]').first().waitFor()
    await expectAccessible(page, 'book: day')
    await page.locator('[data-day]').first().tap()
    await page.locator('[data-time]').first().waitFor()
    await expectAccessible(page, 'book: time')
    await page.locator('[data-time]').first().tap()
    await page.getByTestId('book-iin').waitFor()
    await expectAccessible(page, 'book: contact')
    await page.getByTestId('book-iin').fill('871008401427')
    await page.getByTestId('book-phone').fill('8 701 234 56 78')
    // The consent to be told of the booking, ticked (the boxes /join shows too).
    await page.locator('[data-notify="sms"]').tap()
    expect(await page.locator('[data-notify="sms"]').isChecked()).toBe(true)
    await expectAccessible(page, 'book: contact, SMS ticked')
    await page.getByTestId('book-send-code').tap()
    await page.getByTestId('book-code').waitFor()
    await expectAccessible(page, 'book: code')
    const sms = hub.hub.registration.smsOutbox!.recent(1)[0]!
    await page.getByTestId('book-code').fill(/Код (\d{6})/.exec(sms.text)![1]!)
    await page.getByTestId('book-confirm').tap()
    await page.getByTestId('book-done').waitFor()
    await page.locator('.book-card-qr svg').waitFor()
    await expectAccessible(page, 'book: done')
    await page.getByTestId('book-manage-link').tap()
    await page.getByTestId('book-status').waitFor()
    await expectAccessible(page, 'book: manage')
  })

  it("the supervisor's acts and alerts, and what the consultant's screen shows of them", async () => {
    const consultant = await hub.staffClient('consultant2')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-5' }))
    const supervisorClient = await hub.staffClient('supervisor')
    const cancelled = await issue('old-age-pension')
    await issue('old-age-pension')
    expectOk(
      await supervisorClient.command('ticket:cancel', { ticketId: cancelled.id, reason: 'Left the hall' }),
    )
    expectOk(
      await supervisorClient.command('desk:message', { deskId: 'desk-5', text: 'Window 2 after lunch' }),
    )
    expectOk(await kiosk.command('device:report', { printer: 'paper-out' }))

    const page = await open('/consultant', LAPTOP)
    await signIn(page, 'consultant', 'consultant2')
    await page.getByTestId('consultant-message').waitFor()
    await expectAccessible(page, "consultant, the supervisor's message")

    const view = await open('/supervisor', FULL_HD)
    await signIn(view, 'supervisor', 'supervisor')
    await view.getByTestId('supervisor-alerts').waitFor()
    await expectAccessible(view, 'supervisor, alerts')
    await view.getByTestId('supervisor-waiting-open').click()
    await view.getByTestId('supervisor-waiting-service').selectOption('old-age-pension')
    await view.getByTestId('supervisor-waiting-act').first().click()
    await view.getByTestId('supervisor-ticket-act').waitFor()
    await expectAccessible(view, "supervisor, a ticket's acts")
    await view
      .getByTestId('supervisor-ticket-act')
      .getByRole('button', { name: /Close|Жабу|Закрыть/ })
      .click()
    await view.getByTestId('supervisor-waiting-close').click()
    await view.locator('.desk-row[data-desk="desk-5"] [data-testid="supervisor-desk-act-open"]').click()
    await view.getByTestId('supervisor-desk-act').waitFor()
    await expectAccessible(view, "supervisor, a message to a consultant's screen")
    await view.locator('[data-testid="supervisor-desk-act"] [data-choice="release"] input').check()
    await view.getByTestId('supervisor-release-note').waitFor()
    await expectAccessible(view, "supervisor, closing a consultant's window")
  })
})
