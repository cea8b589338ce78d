/**
 * The citizen's rating after service, in a real Chromium against a real hub: a phone follows its ticket
 * to the end of its service, is asked "How was it?", picks a score and a reason with large buttons and
 * sends it; the supervisor's live view shows the vote under the service, the window and the consultant.
 * A second vote from another phone of the same ticket is refused kindly.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1920, height: 1080 }

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir, trackerIntervalMs: 50 } })
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openPhone(
  token: string,
  language: string,
  before?: (page: Page) => Promise<void>,
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await before?.(page)
  await page.goto(`${hub.url}/t/${token}?lang=${language}`)
  await page.getByTestId('track-ticket').waitFor()
  return { page, problems }
}

async function openSupervisor(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  await page.goto(`${hub.url}/supervisor`)
  await page.getByTestId('supervisor-login').fill('supervisor')
  await page.getByTestId('supervisor-password').fill(hub.credentials.passwords.supervisor!)
  await page.getByTestId('supervisor-sign-in-submit').click()
  await page.getByTestId('supervisor-ratings').waitFor({ timeout: 20_000 })
  return page
}

describe('rating after service (phone 390×844)', () => {
  it('asks once the ticket is finished, takes a score and reason, and the supervisor sees it', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const consultant = await hub.staffClient('consultant1')
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    const { page, problems } = await openPhone(ticket.trackToken, 'kk')
    // Not asked while waiting.
    expect(await page.getByTestId('track-rating').count()).toBe(0)

    const supervisor = await openSupervisor()
    expect(await supervisor.getByTestId('supervisor-ratings').getAttribute('data-count')).toBe('0')

    expectOk(await consultant.command('desk:open', { deskId: 'desk-2' }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-2' }))
    expectOk(await consultant.command('ticket:start', { ticketId: ticket.id }))
    expectOk(await consultant.command('ticket:finish', { ticketId: ticket.id }))

    const rating = page.getByTestId('track-rating')
    await rating.waitFor({ timeout: 15_000 })
    expect(await rating.getAttribute('data-state')).toBe('open')
    expect(await rating.getByRole('heading', { level: 2 }).textContent()).toContain(
      'Қызмет көрсету қалай болды?',
    )
    // Large touch targets: every score at least 48 px each way.
    for (const box of await Promise.all(
      [1, 2, 3, 4, 5].map((n) => page.locator(`.rating-score[data-score="${n}"]`).boundingBox()),
    )) {
      expect(box!.width).toBeGreaterThanOrEqual(48)
      expect(box!.height).toBeGreaterThanOrEqual(48)
    }
    await screenshot(page, 'rating-ask-390-kk')

    // A low score offers what went wrong; a high one what went well.
    await page.locator('.rating-score[data-score="2"]').tap()
    await page.locator('.rating-reason[data-reason="long-wait"]').waitFor()
    expect(await page.locator('.rating-reason[data-reason="polite"]').count()).toBe(0)
    await page.locator('.rating-score[data-score="5"]').tap()
    await page.locator('.rating-reason[data-reason="polite"]').tap()
    expect(await page.locator('.rating-reason[data-reason="polite"]').getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(await page.locator('.rating-reason[data-reason="long-wait"]').count()).toBe(0)
    await screenshot(page, 'rating-chosen-390-kk')
    await page.getByTestId('rating-send').tap()

    await expect.poll(() => rating.getAttribute('data-state'), { timeout: 10_000 }).toMatch(/thanks|given/)
    await page.getByTestId('rating-given').waitFor()
    expect(await page.getByTestId('rating-given').getAttribute('data-score')).toBe('5')
    await screenshot(page, 'rating-thanks-390-kk')
    expect(hub.hub.engine.state.tickets[ticket.id]!.rating).toMatchObject({ score: 5, reason: 'polite' })

    // The supervisor's live view: one vote of 5 for the service, window 2 and consultant 1.
    const panel = supervisor.getByTestId('supervisor-ratings')
    await expect.poll(() => panel.getAttribute('data-count'), { timeout: 10_000 }).toBe('1')
    const row = (table: string, id: string) =>
      supervisor.getByTestId(`ratings-by-${table}`).locator(`tr[data-id="${id}"]`)
    expect(await row('service', 'no-criminal-record').getAttribute('data-average')).toBe('5')
    expect(await row('window', 'desk-2').locator('td').first().textContent()).toContain('2')
    expect(await row('consultant', 'consultant-1').getAttribute('data-average')).toBe('5')
    await panel.scrollIntoViewIfNeeded()
    await screenshot(supervisor, 'rating-supervisor-1920-kk')

    // The same ticket's link opened on another phone, in Russian: already rated, said kindly.
    const second = await openPhone(ticket.trackToken, 'ru')
    const again = second.page.getByTestId('track-rating')
    await again.waitFor()
    expect(await again.getAttribute('data-state')).toBe('given')
    expect(await again.textContent()).toContain('Ваша оценка: 5 из 5')
    expect(problems).toEqual([])
    expect(second.problems).toEqual([])
  }, 120_000)

  it('says kindly that a ticket was already rated when a second vote is sent before the page knew', async () => {
    const kiosk = await hub.deviceClient('kiosk-1')
    const consultant = await hub.staffClient('consultant2')
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'id-card-passport' })).ticket
    expectOk(await consultant.command('desk:open', { deskId: 'desk-3' }))
    expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-3' }))
    expectOk(await consultant.command('ticket:start', { ticketId: ticket.id }))
    expectOk(await consultant.command('ticket:finish', { ticketId: ticket.id }))
    // The hub's updates to this phone are held back from a moment on (a phone in a lift), so the page
    // still asks when the ticket is rated from elsewhere.
    let holding = false
    const { page } = await openPhone(ticket.trackToken, 'en', (phone) =>
      phone.routeWebSocket(/socket\.io/, (ws) => {
        const server = ws.connectToServer()
        server.onMessage((message) => {
          if (!holding) ws.send(message)
        })
      }),
    )
    await page.getByTestId('track-rating').waitFor({ timeout: 15_000 })
    holding = true
    const answer = await fetch(`${hub.url}/api/track/${ticket.trackToken}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: 'rate-from-elsewhere-1', score: 3 }),
    })
    expect(answer.status).toBe(201)
    await page.locator('.rating-score[data-score="1"]').tap()
    await page.getByTestId('rating-send').tap()
    const rating = page.getByTestId('track-rating')
    await expect.poll(() => rating.getAttribute('data-state'), { timeout: 10_000 }).toBe('alreadyRated')
    expect(await rating.textContent()).toContain('This ticket has already been rated. Thank you!')
    // The score this page picked was not taken: it is not shown as the ticket's.
    expect(await page.getByTestId('rating-given').count()).toBe(0)
    await screenshot(page, 'rating-already-390-en')
  }, 120_000)
})
