/**
 * The supervisor's services and windows tables read whole at the screens centres use (1366×768 and
 * 1920×1080) in each staff language: every header word, every service's name and every consultant's
 * name shown in full (wrapping over lines, never cut to "Айге…" or to a 14 px column), the windows'
 * cells under their own headers, and each row inside the viewport once scrolled to.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOk, startTestHub, TUESDAY_MORNING, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, launchChromium, screenshot, signInStaff } from './support'
import { whyNotFullyVisible } from './visibility'

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
]
const LANGUAGES = ['kk', 'ru', 'en'] as const
const WINDOWS = [
  { login: 'consultant1', deskId: 'desk-1' },
  { login: 'consultant2', deskId: 'desk-2' },
  { login: 'consultant3', deskId: 'desk-3' },
]

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => TUESDAY_MORNING, hubOptions: { rendererDir } })
  browser = await launchChromium()
  const kiosk = await hub.deviceClient('kiosk-1')
  for (const { login, deskId } of WINDOWS) {
    const client = await hub.staffClient(login)
    expectOk(await client.command('desk:open', { deskId }))
    for (const serviceId of hub.config.desks.find((d) => d.id === deskId)!.serviceIds)
      expectOk(await kiosk.command('ticket:issue', { serviceId, categoryId: null }))
    // A ticket in hand: its number, state and time in the "ticket in hand" column.
    expectOk(await client.command('ticket:call-next', { deskId }))
  }
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** Each element's text cut short (wider than its box, so hidden or ellipsed), as "text: why". */
function cut(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((elements) =>
    elements
      .filter((element) => element.scrollWidth > element.clientWidth + 1)
      .map(
        (element) => `${element.textContent?.trim()}: ${element.scrollWidth}px in ${element.clientWidth}px`,
      ),
  )
}

/** Each element, scrolled to, that a person does not see whole. */
async function unseen(locator: Locator): Promise<string[]> {
  const found: string[] = []
  for (const element of await locator.all()) {
    await element.scrollIntoViewIfNeeded()
    const why = await whyNotFullyVisible(element)
    if (why !== 'visible') found.push(`${(await element.textContent())?.trim()}: ${why}`)
  }
  return found
}

async function supervisorAt(viewport: (typeof SIZES)[number], language: (typeof LANGUAGES)[number]) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, timezoneId: 'Asia/Almaty' })
  contexts.push(context)
  const page: Page = await context.newPage()
  await page.clock.setFixedTime(TUESDAY_MORNING)
  await page.goto(`${hub.url}/supervisor`)
  await signInStaff(page, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!, language)
  await page.locator('[data-testid="supervisor-desks"] .ticket-number').first().waitFor()
  return page
}

describe("the supervisor's services and windows tables", { timeout: 120_000 }, () => {
  for (const viewport of SIZES) {
    for (const language of LANGUAGES) {
      it(`read whole at ${viewport.width}×${viewport.height} in ${language}`, async () => {
        const page = await supervisorAt(viewport, language)
        const services = page.getByTestId('supervisor-services')
        const desks = page.getByTestId('supervisor-desks')
        await screenshot(page, `supervisor-tables-${viewport.width}-${language}`)

        // Services: each name whole and a readable width (not a column of prefix letters).
        const names = services.locator('.service-row .service-name')
        expect(await names.count()).toBe(hub.config.services.length)
        expect(await cut(services.locator('th, .service-row td, .service-name'))).toEqual([])
        expect(await unseen(names)).toEqual([])
        const column = services.locator('.service-row td:first-child').first()
        expect(await column.evaluate((cell) => cell.clientWidth)).toBeGreaterThanOrEqual(200)

        // Windows: headers, labels, staff names and tickets whole; each cell under its own header.
        expect(await cut(desks.locator('th, tr[data-desk] td, .desk-label-button'))).toEqual([])
        const staffNames = desks.locator('tr[data-desk] [data-cell="staff"]')
        expect(await unseen(staffNames)).toEqual([])
        for (const { login } of WINDOWS) {
          const { firstName } = hub.config.staff.find((s) => s.login === login)!
          expect(await staffNames.allTextContents()).toEqual(
            expect.arrayContaining([expect.stringContaining(firstName)]),
          )
        }
        expect(await unseen(desks.locator('tr[data-desk] [data-cell="ticket"] .ticket-cell'))).toEqual([])
        const columns = await desks.locator('table').evaluate((table) => {
          const right = (cell: Element) => Math.round(cell.getBoundingClientRect().right)
          const heads = [...table.querySelectorAll('thead th')].map(right)
          const rows = [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map(right))
          return { heads, rows, tableRight: right(table), boxRight: right(table.parentElement!) }
        })
        for (const row of columns.rows) expect(row.at(-1)).toBe(columns.heads.at(-1))
        for (const row of columns.rows.filter((r) => r.length === columns.heads.length))
          expect(row).toEqual(columns.heads)
        expect(columns.tableRight).toBeLessThanOrEqual(columns.boxRight)
      })
    }
  }
})
