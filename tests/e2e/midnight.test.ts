/**
 * Midnight in a real Chromium against a real hub: a citizen follows a ticket taken at 23:50; when the
 * centre's day turns with it still waiting, the phone says the centre closed for the day and the ticket
 * was closed (it did not vanish), and says so again after a reload. The hub's clock is the test's.
 */
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const PHONE = { width: 390, height: 844 }
// 23:50 on Tuesday 2026-11-24 in Almaty (UTC+5), and ten minutes later.
const TUESDAY_23_50 = Date.UTC(2026, 10, 24, 18, 50)
const WEDNESDAY_00_00 = Date.UTC(2026, 10, 24, 19, 0)

let clock = TUESDAY_23_50
let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({
    now: () => clock,
    hubOptions: { rendererDir, trackerIntervalMs: 50, housekeepingIntervalMs: 100 },
  })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

describe('a ticket still waiting when the centre’s day turns', () => {
  it('is closed with a reason, and the phone tracker says the centre closed for the day', async () => {
    const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true })
    contexts.push(context)
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(`${hub.url}/t/${ticket.trackToken}`)
    await expect.poll(() => page.getByTestId('track-ticket').getAttribute('data-status')).toBe('waiting')

    const closed = kiosk.waitFor('ticket:closed')
    clock = WEDNESDAY_00_00 + 60_000
    expect(await closed).toMatchObject({ ticketId: ticket.id, reason: 'day_ended' })

    await expect
      .poll(() => page.getByTestId('track-ticket').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('closed')
    expect(await page.getByTestId('track-number').textContent()).toContain(ticket.number)
    expect(await page.getByTestId('track-status').textContent()).toContain('Орталық жұмысын аяқтады')
    expect(await page.getByTestId('track-final').textContent()).toContain('талоныңыз жабылды')
    await screenshot(page, 'midnight-tracker-closed')

    // A reload (or a phone that slept through midnight) still finds its ticket, closed.
    await page.reload()
    await expect
      .poll(() => page.getByTestId('track-ticket').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('closed')
    // The new day starts its numbering again; the old ticket is not in its queue.
    const morning = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    expect(morning.ahead).toBe(0)
    expect(problems).toEqual([])
  })
})
