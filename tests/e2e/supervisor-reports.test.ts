/**
 * The supervisor's reports page in a real Chromium against a real hub: a day of tickets served at two
 * windows, then the page's report of that day: the summary and the tables say what the hub's
 * `/api/reports` says, the three ECharts charts are drawn (SVG with a size), in kk, ru and en, the
 * print styles leave the report alone on the page, and a range the hub refuses is shown with its words.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../src-shared/domain'
import type { Report } from '../../src-shared/reports'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const WAIT = { timeout: 15_000 }
const MIN = 60_000

let hub: TestHub
let browser: Browser
// The hub's clock runs ahead of the real one by what the day below skips (a session signed in on it must
// still be live by the browser's clock, so it cannot be a fixed day).
const clock = {
  offset: 0,
  get now() {
    return Date.now() + this.offset
  },
  set now(value: number) {
    this.offset = value - Date.now()
  },
}
const day = localDay(clock.now, 'Asia/Almaty')

/** Four visitors: three served at windows 1 and 2 after waits of 4, 12 and 20 minutes, one no-show. */
async function aDayOfTickets(): Promise<void> {
  const kiosk = await hub.deviceClient('kiosk-1')
  const one = await hub.staffClient('consultant1')
  const two = await hub.staffClient('consultant2')
  expectOk(await one.command('desk:open', { deskId: 'desk-1', serviceIds: ['no-criminal-record'] }))
  expectOk(await two.command('desk:open', { deskId: 'desk-2', serviceIds: ['no-criminal-record'] }))
  const issue = async () => expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' }))
  const serve = async (client: typeof one, deskId: string, minutes: number) => {
    const { ticket } = expectOk(await client.command('ticket:call-next', { deskId }))
    expectOk(await client.command('ticket:start', { ticketId: ticket.id }))
    clock.now += minutes * MIN
    expectOk(await client.command('ticket:finish', { ticketId: ticket.id }))
  }
  await issue()
  await issue()
  clock.now += 4 * MIN
  await serve(one, 'desk-1', 8)
  await serve(two, 'desk-2', 5)
  await issue()
  await issue()
  clock.now += 7 * MIN
  await serve(one, 'desk-1', 10)
  const { ticket } = expectOk(await two.command('ticket:call-next', { deskId: 'desk-2' }))
  expectOk(await two.command('ticket:no-show', { ticketId: ticket.id }))
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => clock.now, hubOptions: { rendererDir } })
  browser = await launchChromium()
  await aDayOfTickets()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await hub?.close()
})

async function signedIn(page: Page): Promise<void> {
  await page.goto(`${hub.url}/supervisor/reports`)
  await signInStaff(page, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!)
  await page.getByTestId('reports-from').waitFor(WAIT)
}

async function showRange(page: Page, from: string, to: string): Promise<void> {
  await page.getByTestId('reports-from').fill(from)
  await page.getByTestId('reports-to').fill(to)
  await page.getByTestId('reports-show').click()
}

/** The drawn size of a chart's SVG. */
const chartSize = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((box) => {
    const svg = box.querySelector('svg')
    const rect = svg?.getBoundingClientRect()
    return {
      width: Math.round(rect?.width ?? 0),
      height: Math.round(rect?.height ?? 0),
      shapes: svg?.querySelectorAll('path, rect').length ?? 0,
    }
  })

/** Each chart whose drawing is wider than its box, or whose box ends right of the viewport. */
const chartsOverflowing = (page: Page) =>
  page.locator('.report-chart').evaluateAll((boxes) =>
    boxes.flatMap((box) => {
      const outer = box.getBoundingClientRect()
      const svg = box.querySelector('svg')!.getBoundingClientRect()
      const id = box.getAttribute('data-testid')
      const problems: string[] = []
      if (svg.right > outer.right + 1)
        problems.push(`${id}: drawn to ${svg.right}, box ends at ${outer.right}`)
      if (outer.right > document.documentElement.clientWidth + 1)
        problems.push(
          `${id}: box ends at ${outer.right}, past the page's ${document.documentElement.clientWidth}`,
        )
      return problems
    }),
  )

/** The heat map's hour labels drawn inside its box. */
const heatmapHours = (page: Page) =>
  page.getByTestId('chart-heatmap').evaluate((box) => {
    const right = box.getBoundingClientRect().right
    return [...box.querySelectorAll('text')]
      .filter(
        (text) => /^\d\d:00$/.test(text.textContent ?? '') && text.getBoundingClientRect().right <= right + 1,
      )
      .map((text) => text.textContent)
  })

describe('the supervisor’s reports page', () => {
  it('fits its charts to the window as it changes, and to the printed page with the late hours', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
    const page = await context.newPage()
    try {
      await signedIn(page)
      await showRange(page, day, day)
      await page.getByTestId('chart-heatmap').locator('svg').waitFor(WAIT)
      // The latest hour with visitors, as the hub reports it.
      const token = await hub.signIn('supervisor')
      const api = (await (
        await fetch(`${hub.url}/api/reports?from=${day}&to=${day}`, {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json()) as Report
      const late = `${String(Math.max(...api.heatmap.map((cell) => cell.hour))).padStart(2, '0')}:00`
      expect(await heatmapHours(page)).toContain(late)
      for (const width of [1366, 1920, 1366]) {
        await page.setViewportSize({ width, height: 768 })
        await expect.poll(() => chartsOverflowing(page), WAIT).toEqual([])
      }
      await screenshot(page, 'supervisor-reports-1366-after-resize')

      // Printed on A4 (about 720 CSS px across inside the margins): every chart within the page, the
      // heat map to the last hour with visitors.
      await page.setViewportSize({ width: 720, height: 1000 })
      await page.emulateMedia({ media: 'print' })
      await expect.poll(() => chartsOverflowing(page), WAIT).toEqual([])
      expect(await heatmapHours(page)).toContain(late)
      await screenshot(page, 'supervisor-reports-print-a4')
      // And back on screen at full width: drawn across the wider boxes again.
      await page.emulateMedia({ media: 'screen' })
      await page.setViewportSize(DESKTOP)
      await expect
        .poll(async () => (await chartSize(page, 'chart-heatmap')).width, WAIT)
        .toBeGreaterThan(1500)
    } finally {
      await context.close()
    }
  }, 120_000)

  it('shows the day’s report with its charts, as the hub reports it, in kk, ru and en, and prints it', async () => {
    const token = await hub.signIn('supervisor')
    const api = (await (
      await fetch(`${hub.url}/api/reports?from=${day}&to=${day}`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json()) as Report
    expect(api.totals).toMatchObject({ visitors: 4, served: 3, noShow: 1 })

    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const problems = collectProblems(page)
    try {
      await signedIn(page)
      await showRange(page, day, day)
      const summary = (key: string) => page.locator(`[data-testid="reports-summary"] [data-key="${key}"] dd`)
      // The page opens on a default range (the same tickets): wait for the day's own report, by its heading.
      await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe(`${day} күнгі есеп`)
      expect(await summary('visitors').textContent()).toBe('4')
      expect(await summary('served').textContent()).toBe('3')
      expect(await summary('noShow').textContent()).toBe('1')
      const median = Math.round(api.totals.waits.medianMs! / 6000) / 10
      expect(await summary('waitMedian').textContent()).toBe(`${median} мин`)

      for (const chart of ['chart-arrivals', 'chart-waits', 'chart-heatmap']) {
        const size = await chartSize(page, chart)
        expect(size.width, chart).toBeGreaterThan(300)
        expect(size.height, chart).toBeGreaterThan(200)
        expect(size.shapes, chart).toBeGreaterThan(3)
      }
      const serviceRow = page.locator('[data-testid="table-service"] tr[data-key="no-criminal-record"] td')
      expect(await serviceRow.allTextContents()).toEqual(
        expect.arrayContaining([String(api.byService[0]!.visitors), String(api.byService[0]!.served)]),
      )
      expect((await serviceRow.allTextContents()).slice(0, 3)).toEqual(['4', '3', '1'])
      const desks = page.locator('[data-testid="table-desk"] tbody tr')
      expect(await desks.count()).toBe(2)
      expect(
        await page.locator('[data-testid="table-desk"] tr[data-key="desk-1"] td').first().textContent(),
      ).toBe(String(api.byDesk.find((d) => d.key === 'desk-1')!.visitors))
      await screenshot(page, 'supervisor-reports-1920-kk')

      await page.locator('[data-language="ru"]').click()
      await expect.poll(() => page.locator('h1').textContent()).toBe(`Отчёт за ${day}`)
      expect(await page.getByTestId('table-service').locator('h2').textContent()).toBe('По услугам')
      // One day, one star: the noun agrees with its number; the time in the centre's words and zone.
      const range = () => page.getByTestId('reports-range').textContent()
      const stars = () => page.locator('[data-testid="counts-ratings"] th').allTextContents()
      expect(await range()).toContain(`${day} – ${day}, 1 рабочий день ·`)
      expect(await range()).toMatch(/Сформирован: \d{1,2} [а-я]+, [а-я]+, \d\d:\d\d$/)
      expect(await stars()).toEqual(expect.arrayContaining(['1 звезда', '2 звезды', '5 звёзд']))
      await screenshot(page, 'supervisor-reports-1920-ru')
      await page.locator('[data-language="en"]').click()
      await expect.poll(() => page.locator('h1').textContent()).toBe(`Report of ${day}`)
      expect(await range()).toContain(`${day} – ${day}, 1 working day ·`)
      expect(await range()).toMatch(/Generated: [A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+, \d\d:\d\d$/)
      expect(await stars()).toEqual(expect.arrayContaining(['1 star', '2 stars', '5 stars']))
      await screenshot(page, 'supervisor-reports-1920-en')

      // Printed: the report alone, the header and the form left out, the charts still drawn.
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('.staff-header').isVisible()).toBe(false)
      expect(await page.getByTestId('reports-show').isVisible()).toBe(false)
      expect((await chartSize(page, 'chart-heatmap')).width).toBeGreaterThan(300)
      await screenshot(page, 'supervisor-reports-print-en')
      await page.emulateMedia({ media: 'screen' })

      const clean = (list: string[]) => list.filter((p) => !p.includes("'script-src' was not explicitly set"))
      expect(clean(problems)).toEqual([])

      // A range that ends before it starts: said in the page's words beside the dates, the hub not asked.
      await page.getByTestId('reports-to').fill('2026-11-01')
      await expect
        .poll(() => page.getByTestId('reports-range-error').textContent(), WAIT)
        .toContain(`The end of the range (2026-11-01) is before its start (${day})`)
      expect(await page.getByTestId('reports-show').isDisabled()).toBe(true)
      await page.getByTestId('reports-to').press('Enter')
      expect(await page.getByTestId('reports-error').count()).toBe(0)
      await screenshot(page, 'supervisor-reports-range-backwards')
      await page.getByTestId('reports-to').fill(day)
      await page.getByTestId('reports-range-error').waitFor({ state: 'detached' })
      expect(clean(problems)).toEqual([])
    } finally {
      await context.close()
    }
  }, 120_000)
})
