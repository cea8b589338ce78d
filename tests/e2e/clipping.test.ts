/**
 * Nothing cut off on the staff faces at the screens centres use, after a busy morning: the consultant at
 * 1366×768 sees every queue row of the window, the registrar's form at 1366×768 shows every checkbox
 * whole (no footer over it), the supervisor at 1920×1080 sees every window and the recent calls, and the
 * admin at 1366×768 sees a staff form's every field, error and button, and each row's actions.
 * Each element must lie inside the viewport and every box around it, and be what is at its centre.
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
import { buildRendererOnce, launchChromium, screenshot } from './support'
import { whyNotFullyVisible } from './visibility'

const LAPTOP = { width: 1366, height: 768 }
const FULL_HD = { width: 1920, height: 1080 }
const WAIT = { timeout: 15_000 }
/** Who works where this morning; window 5 stays closed, window 6 is the registrar's. */
const WINDOWS = [
  { login: 'consultant1', deskId: 'desk-1' },
  { login: 'consultant2', deskId: 'desk-2' },
  { login: 'consultant3', deskId: 'desk-3' },
  { login: 'admin', deskId: 'desk-4' },
  { login: 'registrar', deskId: 'desk-6' },
]
/** Every service of window 1 has people waiting, and the other windows' services too. */
const DEMAND = [
  'no-criminal-record',
  'psychiatric-certificate',
  'narcological-certificate',
  'pension-contributions',
  'real-estate-certificate',
  'id-card-passport',
  'digital-signature',
  'birth-registration',
  'residence-registration',
  'clinic-attachment',
  'kindergarten-queue',
  'old-age-pension',
]

let hub: TestHub
let browser: Browser
let kiosk: TestClient
const staff = new Map<string, TestClient>()
const contexts: BrowserContext[] = []

async function issue(serviceId: string): Promise<IssuedTicket> {
  return expectOk(await kiosk.command('ticket:issue', { serviceId, categoryId: null })).ticket
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => TUESDAY_MORNING, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  for (const { login, deskId } of WINDOWS) {
    const client = await hub.staffClient(login)
    staff.set(deskId, client)
    expectOk(await client.command('desk:open', { deskId }))
  }
  // A morning's queue: three rounds of every service, then windows 2 to 4 call, serve and call again,
  // so the recent calls fill up and each of them has someone in hand.
  for (let round = 0; round < 3; round++) for (const serviceId of DEMAND) await issue(serviceId)
  for (let round = 0; round < 3; round++) {
    for (const deskId of ['desk-2', 'desk-3', 'desk-4']) {
      const client = staff.get(deskId)!
      const called = expectOk(await client.command('ticket:call-next', { deskId })).ticket
      expectOk(await client.command('ticket:start', { ticketId: called.id }))
      if (round < 2) expectOk(await client.command('ticket:finish', { ticketId: called.id }))
    }
  }
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function signedIn(face: 'consultant' | 'supervisor' | 'admin', login: string, viewport: typeof LAPTOP) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, timezoneId: 'Asia/Almaty' })
  contexts.push(context)
  const page = await context.newPage()
  await page.clock.setFixedTime(TUESDAY_MORNING)
  await page.goto(`${hub.url}/${face}`)
  await page.getByTestId(`${face}-login`).fill(login)
  await page.getByTestId(`${face}-password`).fill(hub.credentials.passwords[login]!)
  await page.getByTestId(`${face}-sign-in-submit`).click()
  return page
}

/** Every element the locator matches, with what hides it; `[]` when all are fully visible. */
async function hidden(page: Page, selector: string): Promise<string[]> {
  const all = await page.locator(selector).all()
  expect(all.length, `no ${selector} on the page`).toBeGreaterThan(0)
  const found: string[] = []
  for (const [index, element] of all.entries()) {
    const why = await whyNotFullyVisible(element)
    if (why !== 'visible') found.push(`${selector} #${index + 1}: ${why}`)
  }
  return found
}

describe('staff faces show every row and control whole', { timeout: 120_000 }, () => {
  it('consultant at 1366×768: every queue row of window 1 with a ticket called', async () => {
    const page = await signedIn('consultant', 'consultant1', LAPTOP)
    await page.getByTestId('consultant-ticket').waitFor()
    await page.locator('[data-action="call-next"]').click()
    await page.getByTestId('consultant-ticket-number').filter({ hasText: /\S/ }).waitFor()
    await page.locator('.actions[aria-busy="false"]').waitFor()
    await expect.poll(() => page.locator('.queue-row').count(), WAIT).toBe(5)
    await screenshot(page, 'clipping-consultant-1366')
    expect(await hidden(page, '.queue-row')).toEqual([])
    expect(await hidden(page, '[data-testid="consultant-waiting-total"]')).toEqual([])
  })

  it("registrar at 1366×768: the form's checkboxes and its send button, none under the footer", async () => {
    const client = staff.get('desk-6')!
    await issue('mobile-registration')
    const called = expectOk(await client.command('ticket:call-next', { deskId: 'desk-6' })).ticket
    expectOk(await client.command('ticket:start', { ticketId: called.id }))
    const page = await signedIn('consultant', 'registrar', LAPTOP)
    await page.getByTestId('desk-registration').waitFor()
    await page.getByTestId('desk-consent-text').waitFor()
    // In Russian, with a mistyped IIN and a landline: each field's message takes two lines under it.
    await page.locator('[data-language="ru"]').click()
    await page.getByTestId('desk-iin').fill('871008401428')
    await page.getByTestId('desk-phone').fill('8 712 234 56 78')
    await expect.poll(() => page.getByTestId('desk-phone-message').textContent(), WAIT).toContain('городской')
    await expect.poll(() => page.getByTestId('desk-iin-message').textContent(), WAIT).toContain('Контрольная')
    await screenshot(page, 'clipping-registration-1366')
    // Each checkbox row whole: the box, its words and the hint under them.
    expect(await hidden(page, '[data-testid="desk-registration"] .desk-check')).toEqual([])
    expect(await hidden(page, '[data-testid="desk-send"]')).toEqual([])
    // ...and the form does not scroll in a box at this size.
    expect(
      await page.locator('.entry-grid').evaluate((grid) => grid.scrollHeight - grid.clientHeight),
    ).toBeLessThanOrEqual(1)
  })

  it('supervisor at 1920×1080: every window, window 6 included, and the recent calls', async () => {
    const page = await signedIn('supervisor', 'supervisor', FULL_HD)
    await page.getByTestId('supervisor-headline').waitFor()
    await expect.poll(() => page.locator('.call-row').count(), WAIT).toBeGreaterThanOrEqual(9)
    await screenshot(page, 'clipping-supervisor-1920')
    expect(await hidden(page, '[data-testid="supervisor-desks"] tr[data-desk]')).toEqual([])
    expect(await hidden(page, '[data-testid="supervisor-calls"]')).toEqual([])
    expect(await hidden(page, '.call-row:first-child')).toEqual([])
  })

  it('admin at 1366×768, in Russian: a staff form with its errors whole, and every row’s actions', async () => {
    const page = await signedIn('admin', 'admin', LAPTOP)
    await page.getByTestId('admin-staff-list').waitFor(WAIT)
    await page.locator('[data-language="ru"]').click()
    await page.getByTestId('admin-staff-add').click()
    await page.getByTestId('admin-staff-save').click()
    await page.getByTestId('admin-staff-roles-error').waitFor(WAIT)
    await screenshot(page, 'clipping-admin-staff-form-1366')
    const form = '[data-testid="admin-staff-form"]'
    expect(await hidden(page, `${form} .adm-field`)).toEqual([])
    expect(await hidden(page, `${form} .adm-error`)).toEqual([])
    expect(await hidden(page, `${form} .adm-choice`)).toEqual([])
    expect(await hidden(page, '[data-testid="admin-staff-save"]')).toEqual([])
    await page.getByTestId('admin-staff-cancel').click()
    // Each row's three buttons whole, once the row is scrolled to (the list scrolls with the page).
    const buttons = await page.locator('[data-testid^="admin-staff-row-"] .adm-actions button').all()
    expect(buttons.length).toBe(hub.config.staff.length * 3)
    for (const button of buttons) {
      await button.scrollIntoViewIfNeeded()
      expect(await whyNotFullyVisible(button)).toBe('visible')
    }
    await page.getByTestId('admin-tab-services').click()
    await page.getByTestId('admin-service-edit-no-criminal-record').click()
    await page.getByTestId('admin-service-form').waitFor(WAIT)
    await screenshot(page, 'clipping-admin-service-form-1366')
    expect(await hidden(page, '[data-testid="admin-service-form"] .adm-field')).toEqual([])
    expect(await hidden(page, '[data-testid="admin-service-save"]')).toEqual([])
    await page.getByTestId('admin-service-cancel').click()
    // Each service row's two buttons whole (the self-service column made the table wider), and the
    // scenario form with its steps.
    const serviceButtons = await page.locator('[data-testid^="admin-service-row-"] .adm-actions button').all()
    expect(serviceButtons.length).toBe(hub.config.services.length * 2)
    for (const button of serviceButtons) {
      await button.scrollIntoViewIfNeeded()
      expect(await whyNotFullyVisible(button)).toBe('visible')
    }
    await page.getByTestId('admin-service-self-service-no-criminal-record').click()
    await page.getByTestId('admin-scenario-form').waitFor(WAIT)
    await screenshot(page, 'clipping-admin-scenario-form-1366')
    // A long form: each field, tick and button whole once scrolled to.
    const parts = await page
      .locator('[data-testid="admin-scenario-form"] :is(.adm-field, .adm-choice, button)')
      .all()
    expect(parts.length).toBeGreaterThan(20)
    for (const part of parts) {
      await part.scrollIntoViewIfNeeded()
      expect(await whyNotFullyVisible(part)).toBe('visible')
    }
    await page.getByTestId('admin-scenario-cancel').click()

    // The devices tab: every row's actions, and a display's zone form whole.
    await page.getByTestId('admin-tab-devices').click()
    await page.getByTestId('admin-device-row-display-zone-1').waitFor(WAIT)
    const deviceButtons = await page.locator('[data-testid^="admin-device-row-"] .adm-actions button').all()
    // Pairing and removing on each of the five devices, a zone on each of the three displays.
    expect(deviceButtons.length).toBe(5 * 2 + 3)
    for (const button of deviceButtons) {
      await button.scrollIntoViewIfNeeded()
      expect(await whyNotFullyVisible(button)).toBe('visible')
    }
    await page.getByTestId('admin-device-zone-edit-display-zone-1').click()
    await page.getByTestId('admin-zone-form').waitFor(WAIT)
    await screenshot(page, 'clipping-admin-zone-form-1366')
    expect(await hidden(page, '[data-testid="admin-zone-form"] .adm-field')).toEqual([])
    expect(await hidden(page, '[data-testid="admin-zone-form"] .adm-choice')).toEqual([])
    // A tall form: its buttons are reached by scrolling the page, and are whole there.
    const zoneSave = page.getByTestId('admin-zone-save')
    await zoneSave.scrollIntoViewIfNeeded()
    expect(await whyNotFullyVisible(zoneSave)).toBe('visible')

    // Work at the windows: the standards form and each list's rows with their two buttons whole, and a
    // rating reason's form with its choice of scores.
    await page.getByTestId('admin-tab-work').click()
    await page.getByTestId('admin-work-rules-form').waitFor(WAIT)
    await screenshot(page, 'clipping-admin-work-1366')
    expect(await hidden(page, '[data-testid="admin-work-rules-form"] :is(.adm-field, .adm-choice)')).toEqual(
      [],
    )
    const workButtons = await page.locator('[data-testid^="admin-work-"] .adm-actions button').all()
    const items =
      hub.config.pauseReasons.length + hub.config.outcomes.length + hub.config.ratings.reasons.length
    expect(workButtons.length).toBe(items * 2)
    for (const button of workButtons) {
      await button.scrollIntoViewIfNeeded()
      expect(await whyNotFullyVisible(button)).toBe('visible')
    }
    await page.getByTestId('admin-work-ratingReasons-add').click()
    await page.getByTestId('admin-work-ratingReasons-form').waitFor(WAIT)
    for (const part of await page
      .locator('[data-testid="admin-work-ratingReasons-form"] :is(.adm-field, button)')
      .all()) {
      await part.scrollIntoViewIfNeeded()
      expect(await whyNotFullyVisible(part)).toBe('visible')
    }
    await screenshot(page, 'clipping-admin-work-rating-form-1366')
  })
})
