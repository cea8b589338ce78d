/**
 * The consultant's face and the phone tracker as a new user found them (issue 16 review), in a real
 * Chromium against a real hub: the queue box says how many rows lie below it at 1366×768 and 1920×1080;
 * the Tickets tab lists every ticket in the order "Call next" takes them, with its place, so a ticket
 * given a priority category comes first; a window the supervisor paused is told to resume, not to add its
 * own services; the walk-in dialog says why "Issue and call" is off; a priority category given by the
 * supervisor is named; the tracker shows the centre's time on a phone set to another zone.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssuedTicket } from '../../src-shared/protocol'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, launchChromium, screenshot, signInStaff } from './support'
import { whyNotFullyVisible } from './visibility'

const LAPTOP = { width: 1366, height: 768 }
const FULL_HD = { width: 1920, height: 1080 }
/** Window 1's own five, and two the supervisor adds. */
const WINDOW_1 = [
  'no-criminal-record',
  'psychiatric-certificate',
  'narcological-certificate',
  'pension-contributions',
  'real-estate-certificate',
]
const ADDED = ['id-card-passport', 'digital-signature']

let hub: TestHub
let browser: Browser
let kiosk: TestClient
let supervisor: TestClient
let consultant: Page
const contexts: BrowserContext[] = []
const issued: IssuedTicket[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  supervisor = await hub.staffClient('supervisor')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openConsultant(login: string, deskId: string, viewport: typeof LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  await page.goto(`${hub.url}/consultant`)
  await signInStaff(page, 'consultant', login, hub.credentials.passwords[login]!, 'en')
  await page.locator(`.desk-card[data-desk="${deskId}"]`).click()
  await page.getByTestId('consultant-open-desk').click()
  await page.getByTestId('consultant-ticket').waitFor()
  return page
}

const state = () => hub.hub.engine.state
const issue = async (serviceId: string) => {
  const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId })).ticket
  issued.push(ticket)
  return ticket
}

/** How many of the rows a person cannot see whole. */
async function notSeen(rows: Locator): Promise<number> {
  let count = 0
  for (const row of await rows.all()) if ((await whyNotFullyVisible(row)) !== 'visible') count++
  return count
}

/**
 * Every row is seen whole, or the queue box says how many are not ("n more below"); pressing the cue
 * until it goes brings the last row into view.
 */
async function expectOverflowTold(page: Page, rows: Locator, expectedRows: number): Promise<number> {
  await expect.poll(() => rows.count()).toBe(expectedRows)
  const cue = page.getByTestId('consultant-more-below')
  const hidden = await notSeen(rows)
  if (hidden === 0) {
    expect(await cue.count()).toBe(0)
    return 0
  }
  await expect.poll(() => cue.getAttribute('data-hidden'), { timeout: 5000 }).toBe(String(hidden))
  expect(await whyNotFullyVisible(cue)).toBe('visible')
  expect(await cue.textContent()).toContain(`${hidden} more below`)
  for (let press = 0; press < expectedRows && (await cue.count()) > 0; press++) await cue.click()
  await expect.poll(() => cue.count()).toBe(0)
  expect(await whyNotFullyVisible(rows.last())).toBe('visible')
  return hidden
}

describe("the consultant's desk, as a new user found it", { timeout: 120_000 }, () => {
  it('1366×768: the services the supervisor added are told below the queue box, not silently hidden', async () => {
    consultant = await openConsultant('consultant1', 'desk-1', LAPTOP)
    expectOk(
      await supervisor.command('desk:open', {
        deskId: 'desk-1',
        serviceIds: [...WINDOW_1, ...ADDED],
        staffId: 'consultant-1',
        reason: 'Help with passports',
      }),
    )
    for (const serviceId of [...WINDOW_1, ...ADDED]) await issue(serviceId)
    const rows = consultant.locator('.queue-row')
    const hidden = await expectOverflowTold(consultant, rows, 7)
    await screenshot(consultant, 'consultant-queue-more-1366')
    // Seven services do not fit this box at 1366×768: the cue is what shows them.
    expect(hidden).toBeGreaterThan(0)
    expect(await rows.last().getAttribute('data-service')).toBe('digital-signature')
  })

  it('1920×1080: every service of the centre in "All services", or told how many more', async () => {
    const page = await openConsultant('consultant3', 'desk-3', FULL_HD)
    await page.locator('.scope [data-scope="all"]').click()
    await expectOverflowTold(page, page.locator('.queue-row'), hub.config.services.length)
    await screenshot(page, 'consultant-queue-all-1920')
  })

  it('a priority category given by the supervisor is named, and its ticket heads the Tickets tab', async () => {
    const last = issued.at(-1)!
    expectOk(
      await supervisor.command('ticket:prioritise', {
        ticketId: last.id,
        categoryId: 'veterans',
        reason: 'Veteran card shown',
      }),
    )
    const notice = consultant.locator('[data-testid="consultant-act-notice"][data-kind="prioritised"]')
    await notice.waitFor()
    expect(await notice.textContent()).toContain(
      `The supervisor gave ticket ${last.number} the priority category “Veterans”: Veteran card shown`,
    )

    await consultant.locator('.scope [data-scope="tickets"]').click()
    const rows = consultant.getByTestId('consultant-waiting-ticket')
    await expect.poll(() => rows.first().getAttribute('data-number')).toBe(last.number)
    expect(await rows.first().getByTestId('consultant-ticket-position').textContent()).toBe('No. 1')
    // Then the others in the order they came, each numbered.
    const numbers = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-number')))
    expect(numbers).toEqual([last.number, ...issued.slice(0, -1).map((t) => t.number)])
    await screenshot(consultant, 'consultant-tickets-call-order')
    await expectOverflowTold(consultant, rows, 7)
  })

  it('the walk-in dialog says why "Issue and call" is off for a service this window does not serve', async () => {
    await consultant.locator('[data-action="walk-in"]').click()
    const dialog = consultant.getByTestId('consultant-walk-in-dialog')
    await dialog.waitFor()
    expect(await consultant.getByTestId('consultant-walk-in-why').count()).toBe(0)
    expect(await consultant.getByTestId('consultant-walk-in-call').isEnabled()).toBe(true)
    await consultant.getByTestId('consultant-walk-in-service').selectOption('old-age-pension')
    const why = consultant.getByTestId('consultant-walk-in-why')
    await why.waitFor()
    expect(await why.textContent()).toContain('Your window does not serve this service')
    expect(await consultant.getByTestId('consultant-walk-in-call').isDisabled()).toBe(true)
    expect(await consultant.getByTestId('consultant-walk-in-issue').isEnabled()).toBe(true)
    await screenshot(consultant, 'consultant-walk-in-why')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  it('a window the supervisor paused is told to resume for its own services, not to add them', async () => {
    expectOk(await supervisor.command('desk:pause', { deskId: 'desk-1', reason: 'Cover at reception' }))
    const box = consultant.getByTestId('consultant-unserved')
    const own = box.getByTestId('consultant-unserved-own')
    await own.waitFor()
    // Its own services are one line that says to resume, never "Serve here too" for each.
    expect(await box.locator('h2').textContent()).toContain('Nobody will call these tickets')
    expect(await own.getByTestId('consultant-unserved-paused').textContent()).toBe(
      'Your window is paused: resume to serve them',
    )
    // Window 3 (open since the 1920×1080 test) serves the two added: those wait for it.
    expect((await own.getAttribute('data-services'))?.split(' ').sort()).toEqual([...WINDOW_1].sort())
    expect(await box.getByTestId('consultant-serve-here').count()).toBe(0)
    expect(await box.getByTestId('consultant-unserved-resume').count()).toBe(1)
    expect(await whyNotFullyVisible(box.getByTestId('consultant-unserved-resume'))).toBe('visible')
    await screenshot(consultant, 'consultant-paused-unserved')
    await box.getByTestId('consultant-unserved-resume').first().click()
    await expect.poll(() => state().desks['desk-1']?.status).toBe('open')
    await box.waitFor({ state: 'detached' })
  })

  it('calls next the ticket the Tickets tab put first', async () => {
    const first = await consultant
      .getByTestId('consultant-waiting-ticket')
      .first()
      .getAttribute('data-number')
    await consultant.locator('[data-action="call-next"]').click()
    await expect.poll(() => state().tickets[state().desks['desk-1']!.ticketId ?? '']?.number).toBe(first)
  })

  it('the walk-in dialog in Russian and Kazakh says the window is busy', async () => {
    for (const [language, text] of [
      ['ru', 'У вас талон в работе'],
      ['kk', 'Қолыңызда талон бар'],
    ] as const) {
      await consultant.locator(`[data-language="${language}"]`).click()
      await consultant.locator('[data-action="walk-in"]').click()
      await consultant.getByTestId('consultant-walk-in-dialog').waitFor()
      const why = consultant.getByTestId('consultant-walk-in-why')
      await why.waitFor()
      expect(await why.textContent()).toContain(text)
      await consultant.keyboard.press('Escape')
      await consultant.getByTestId('consultant-walk-in-dialog').waitFor({ state: 'detached' })
    }
  })
})

describe('the phone tracker on a phone set to another time zone', { timeout: 60_000 }, () => {
  it('shows "Updated" on the centre’s clock (Asia/Almaty), like every other face', async () => {
    const ticket = await issue('old-age-pension')
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      timezoneId: 'America/New_York',
    })
    contexts.push(context)
    const phone = await context.newPage()
    const before = Date.now()
    await phone.goto(`${hub.url}/t/${ticket.trackToken}`)
    const updated = phone.locator('.track-updated')
    await updated.waitFor()
    const text = (await updated.textContent()) ?? ''
    const after = Date.now()
    const clock = (at: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', {
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }).format(at)
    const shown = /(\d\d:\d\d):\d\d/.exec(text)?.[1]
    expect([clock(before, 'Asia/Almaty'), clock(after, 'Asia/Almaty')]).toContain(shown)
    // The phone's own zone is 10 or 11 hours off: its time is not what is shown.
    expect([clock(before, 'America/New_York'), clock(after, 'America/New_York')]).not.toContain(shown)
  })
})
