/**
 * Zone displays in a real Chromium against a real hub: the whole hall's display and the screen over
 * windows 1–3 (the demo's `display-zone-1`, its own title) side by side. Calls at windows 1, 3 and 5:
 * the hall shows all three, the zone display only windows 1 and 3 and announces only those; no number
 * of window 5 ever reaches its page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const HALL_SCREEN = { width: 1920, height: 1080 }
const LOG = '[data-testid="display-announcements"] li'

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  // As the display shells run it: sound allowed without a tap.
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openDisplay(deviceId: string): Promise<{ page: Page; problems: string[]; sockets: string[] }> {
  const context = await browser.newContext({ viewport: HALL_SCREEN, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  // Everything the hub sends this page, to prove what never reached it.
  const sockets: string[] = []
  page.on('websocket', (ws) => ws.on('framereceived', (frame) => sockets.push(String(frame.payload))))
  const key = hub.credentials.deviceKeys[deviceId]!
  await page.goto(`${hub.url}/display?device=${deviceId}&key=${encodeURIComponent(key)}`)
  await page.locator('.board').waitFor({ timeout: 20_000 })
  return { page, problems, sockets }
}

const onBoard = (page: Page) =>
  page.$$eval('[data-testid="display-newest"], [data-testid="display-recent"] li', (items) =>
    items.map((el) => `${el.getAttribute('data-number')}>${el.getAttribute('data-desk')}`).sort(),
  )
const announced = (page: Page) =>
  page.$$eval(LOG, (items) =>
    items.map((li) => `${li.getAttribute('data-number')}>${li.getAttribute('data-desk')}`),
  )

describe('zone displays (1920×1080)', () => {
  it('each display shows and announces only its own calls, the zone one under its title', async () => {
    const hall = await openDisplay('display-1')
    const zone = await openDisplay('display-zone-1')
    const title = zone.page.getByTestId('display-zone-title')
    expect(await title.locator('[lang="kk"]').textContent()).toBe('1–3 терезелер')
    expect(await title.locator('[lang="ru"]').textContent()).toContain('Окна 1–3')

    const kiosk = await hub.deviceClient('kiosk-1')
    const calls: { login: string; deskId: string; serviceId: string; label: string }[] = [
      { login: 'consultant1', deskId: 'desk-1', serviceId: 'no-criminal-record', label: '1' },
      { login: 'consultant2', deskId: 'desk-3', serviceId: 'id-card-passport', label: '3' },
      { login: 'consultant3', deskId: 'desk-5', serviceId: 'old-age-pension', label: '5' },
    ]
    const called: string[] = []
    for (const call of calls) {
      const ticket = expectOk(await kiosk.command('ticket:issue', { serviceId: call.serviceId })).ticket
      const consultant = await hub.staffClient(call.login)
      expectOk(await consultant.command('desk:open', { deskId: call.deskId }))
      expect(expectOk(await consultant.command('ticket:call-next', { deskId: call.deskId })).ticket.id).toBe(
        ticket.id,
      )
      called.push(`${ticket.number}>${call.label}`)
    }
    const [atOne, atThree, atFive] = called

    await expect.poll(() => onBoard(hall.page), { timeout: 15_000 }).toEqual([...called].sort())
    await expect.poll(() => onBoard(zone.page), { timeout: 15_000 }).toEqual([atOne, atThree].sort())
    expect(await zone.page.getByTestId('display-newest').getAttribute('data-number')).toBe(
      atThree!.split('>')[0],
    )
    await expect.poll(() => announced(zone.page), { timeout: 30_000 }).toEqual([atOne, atThree])
    await expect.poll(() => announced(hall.page), { timeout: 30_000 }).toEqual(called)

    // Window 5's number never reached the zone display's page at all.
    const fiveNumber = atFive!.split('>')[0]!
    expect(zone.sockets.some((frame) => frame.includes(`"${fiveNumber}"`))).toBe(false)
    expect(hall.sockets.some((frame) => frame.includes(`"${fiveNumber}"`))).toBe(true)

    await screenshot(hall.page, 'zone-display-hall-1920')
    await screenshot(zone.page, 'zone-display-windows-1-3-1920')
    expect(hall.problems).toEqual([])
    expect(zone.problems).toEqual([])
  }, 120_000)
})
