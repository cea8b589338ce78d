/**
 * The supervisor view in a real Chromium against a real hub. A morning of the demo centre is played
 * first, on the hub's clock: a kiosk issues tickets, four windows call, serve, mark no-shows, transfer
 * and cancel. Then the supervisor signs in and the figures on screen must be the hub's own; they follow
 * new tickets and calls live, and the export downloads the day's tables. A consultant who opens the view
 * is told kindly that it is for supervisors.
 */
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localTime, type Ticket } from '../../src-shared/domain'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { parseCsv } from '../support/csv'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const MINUTE = 60_000
const STANDARD_MS = 15 * MINUTE
/** The demo supervisor (docs/demo-accounts.md). */
const SUPERVISOR_NAME = 'Гүлнар Оспанова'

/**
 * The hub's clock: still while the morning is played (each step moves it on), then running with real
 * time. The morning ends now and begins at most 2½ hours ago, never before the centre's midnight.
 */
function morningClock() {
  const end = Date.now()
  const local = localTime(end, 'Asia/Almaty').clock
  const sinceMidnight = (Number(local.slice(0, 2)) * 60 + Number(local.slice(3))) * MINUTE
  const span = Math.max(10 * MINUTE, Math.min(150 * MINUTE, sinceMidnight - 2 * MINUTE))
  let simulated = end - span
  let runningFrom: { real: number; hub: number } | null = null
  return {
    /** One simulated minute, scaled to the span. */
    unit: span / 150,
    now: () => (runningFrom ? runningFrom.hub + (Date.now() - runningFrom.real) : simulated),
    set(minute: number) {
      simulated = Math.min(end - span + minute * (span / 150), Date.now())
    },
    run() {
      runningFrom = { real: Date.now(), hub: simulated }
    },
  }
}

/** A small deterministic generator, so every run plays the same morning. */
function lcg(seed: number) {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648
    return state / 2_147_483_648
  }
}

interface Window {
  login: string
  deskId: string
  client?: TestClient
  /** Minute the ticket in hand is started, and finished. */
  startAt?: number
  finishAt?: number
  missed?: boolean
}

const WINDOWS: Window[] = [
  { login: 'consultant1', deskId: 'desk-1' },
  { login: 'consultant2', deskId: 'desk-3' },
  { login: 'admin', deskId: 'desk-4' },
  { login: 'consultant3', deskId: 'desk-5' },
]

/** Services the citizens of the morning come for, most often first. */
const DEMAND = [
  'no-criminal-record',
  'no-criminal-record',
  'id-card-passport',
  'id-card-passport',
  'pension-contributions',
  'digital-signature',
  'old-age-pension',
  'real-estate-certificate',
  'birth-registration',
  'psychiatric-certificate',
  'kindergarten-queue',
  'clinic-attachment',
]

let rendererDir: string
let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []
const clock = morningClock()

const tickets = (): Ticket[] => Object.values(hub.hub.engine.state.tickets)
const count = (status: Ticket['status']) => tickets().filter((t) => t.status === status).length
const queued = (serviceId: string) => hub.hub.engine.state.queues[serviceId]?.length ?? 0
const inHand = (deskId: string): Ticket | undefined => {
  const id = hub.hub.engine.state.desks[deskId]?.ticketId
  return id ? hub.hub.engine.state.tickets[id] : undefined
}

/** Plays the morning: arrivals, calls, starts, finishes, no-shows, one transfer, one cancellation. */
async function playMorning(): Promise<void> {
  const random = lcg(20_260_310)
  let calls = 0
  for (const window of WINDOWS) {
    window.client = await hub.staffClient(window.login)
    expectOk(await window.client.command('desk:open', { deskId: window.deskId }))
  }
  for (let minute = 0; minute <= 150; minute++) {
    clock.set(minute)
    // A visitor every two or three minutes, a few more mid-morning: the queue grows a little then.
    const arrivals = random() < (minute > 60 && minute < 120 ? 0.55 : 0.38) ? 1 : 0
    for (let i = 0; i < arrivals; i++) {
      const serviceId = DEMAND[Math.floor(random() * DEMAND.length)]!
      const categoryId = random() < 0.1 ? 'elderly-70' : null
      expectOk(await kiosk.command('ticket:issue', { serviceId, categoryId }))
    }
    if (minute === 70) {
      // A visitor gives up and leaves: the consultant cancels the ticket.
      const waiting = tickets().find((t) => t.status === 'waiting' && t.serviceId === 'no-criminal-record')
      if (waiting) expectOk(await WINDOWS[0]!.client!.command('ticket:cancel', { ticketId: waiting.id }))
    }
    for (const window of WINDOWS) {
      const client = window.client!
      const ticket = inHand(window.deskId)
      if (ticket?.status === 'serving' && minute >= window.finishAt!) {
        // One certificate turns out to need a digital signature first: sent on, keeping its arrival.
        if (ticket.serviceId === 'pension-contributions' && !tickets().some((t) => t.transfers > 0)) {
          expectOk(
            await client.command('ticket:transfer', {
              ticketId: ticket.id,
              serviceId: 'digital-signature',
              note: 'Нужна ЭЦП',
            }),
          )
        } else {
          expectOk(await client.command('ticket:finish', { ticketId: ticket.id }))
        }
      } else if (ticket?.status === 'called' && minute >= window.startAt!) {
        if (window.missed) expectOk(await client.command('ticket:no-show', { ticketId: ticket.id }))
        else expectOk(await client.command('ticket:start', { ticketId: ticket.id }))
      }
      const desk = hub.hub.engine.state.desks[window.deskId]!
      // Window 4 goes on a break late in the morning, once its visitor has left.
      if (window.deskId === 'desk-4' && minute >= 130 && desk.status === 'open' && desk.ticketId === null) {
        expectOk(await client.command('desk:pause', { deskId: 'desk-4' }))
      }
      const ready = desk.status === 'open' && desk.ticketId === null
      if (ready && desk.serviceIds.some((id) => queued(id) > 0)) {
        expectOk(await client.command('ticket:call-next', { deskId: window.deskId }))
        calls++
        window.missed = calls % 9 === 0
        window.startAt = minute + 1 + (window.missed ? 2 : 0)
        window.finishAt = window.startAt + 4 + Math.floor(random() * 11)
      }
    }
  }
  clock.run()
}

beforeAll(async () => {
  rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: clock.now, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  await playMorning()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** Zod's probe for `new Function`, refused by the strict CSP as it should be (see consultant.test.ts). */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim()
const serviceCell = (page: Page, serviceId: string, cell: string) =>
  page.locator(`.service-row[data-service="${serviceId}"] [data-cell="${cell}"]`)
const deskCell = (page: Page, deskId: string, cell: string) =>
  page.locator(`.desk-row[data-desk="${deskId}"] [data-cell="${cell}"]`)

async function openView(login: string): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, acceptDownloads: true })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/supervisor`)
  await page.getByTestId('supervisor-sign-in').waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  await signInStaff(page, 'supervisor', login, hub.credentials.passwords[login]!)
  return { page, problems }
}

/** The share of today's measured calls within 15 minutes of issue, from the hub's own tickets. */
function hubStandardShare(): string {
  const waits = tickets()
    .filter((t) => t.calledAt !== null && t.transfers === 0)
    .map((t) => t.calledAt! - t.issuedAt)
  const within = waits.filter((ms) => ms <= STANDARD_MS).length
  return `${Math.round((within / waits.length) * 100)}%`
}

describe('supervisor view (1920×1080)', () => {
  it('shows the figures of the hub, live, and exports them', async () => {
    // The morning left something in every state.
    expect(count('done')).toBeGreaterThan(10)
    expect(count('waiting')).toBeGreaterThan(0)
    expect(count('no_show')).toBeGreaterThan(0)
    expect(count('cancelled')).toBe(1)
    expect(tickets().filter((t) => t.transfers > 0)).toHaveLength(1)

    const { page, problems } = await openView('supervisor')
    await page.getByTestId('supervisor-headline').waitFor()
    expect(await text(page, 'supervisor-staff')).toBe(SUPERVISOR_NAME)
    expect(await text(page, 'supervisor-issued')).toBe(String(tickets().length))
    expect(await text(page, 'supervisor-waiting')).toBe(String(count('waiting')))
    expect(await text(page, 'supervisor-serving')).toBe(String(count('serving')))
    expect(await text(page, 'supervisor-done')).toBe(String(count('done')))
    expect(await text(page, 'supervisor-no-show')).toBe(String(count('no_show')))
    expect(await text(page, 'supervisor-cancelled')).toBe(String(count('cancelled')))
    expect(await text(page, 'supervisor-within-standard')).toBe(hubStandardShare())
    const waitingByService = Object.fromEntries(hub.config.services.map((s) => [s.id, queued(s.id)] as const))
    for (const [serviceId, waiting] of Object.entries(waitingByService)) {
      expect(await serviceCell(page, serviceId, 'waiting').textContent(), serviceId).toBe(String(waiting))
    }
    expect(await text(page, 'supervisor-services-waiting')).toBe(String(count('waiting')))
    // Windows: who works where (by name, not staff id), and the ticket in hand.
    expect(await deskCell(page, 'desk-1', 'staff').textContent()).toBe('Айгерім Сейітова')
    expect(await deskCell(page, 'desk-4', 'status').textContent()).toContain('Үзілісте')
    expect(await deskCell(page, 'desk-2', 'status').textContent()).toContain('Жабық')
    const atDesk1 = inHand('desk-1')
    if (atDesk1) expect(await deskCell(page, 'desk-1', 'ticket').textContent()).toContain(atDesk1.number)
    expect(await page.getByTestId('supervisor-day').getAttribute('data-day')).toBe(hub.hub.engine.state.day)
    await screenshot(page, 'supervisor-overview-1920-kk')

    // Live: a new ticket and a call reach the view within a second or two.
    const issued = expectOk(
      await kiosk.command('ticket:issue', { serviceId: 'narcological-certificate' }),
    ).ticket
    await expect
      .poll(() => text(page, 'supervisor-issued'), { timeout: 5_000 })
      .toBe(String(tickets().length))
    await expect
      .poll(() => serviceCell(page, 'narcological-certificate', 'waiting').textContent())
      .toBe(String(queued('narcological-certificate')))
    const desk2 = await hub.staffClient('registrar')
    expectOk(await desk2.command('desk:open', { deskId: 'desk-2', serviceIds: ['narcological-certificate'] }))
    const called = expectOk(await desk2.command('ticket:call-next', { deskId: 'desk-2' })).ticket
    expect(called.number).toBe(issued.number)
    await expect.poll(() => page.locator('.call-row').first().getAttribute('data-ticket')).toBe(issued.number)
    await expect.poll(() => deskCell(page, 'desk-2', 'ticket').textContent()).toContain(issued.number)
    await expect.poll(() => deskCell(page, 'desk-2', 'staff').textContent()).toBe('Ерлан Жақсылықов')
    // The time in hand ticks.
    const inHandBefore = await deskCell(page, 'desk-2', 'in-hand').textContent()
    await expect
      .poll(() => deskCell(page, 'desk-2', 'in-hand').textContent(), { timeout: 4_000 })
      .not.toBe(inHandBefore)

    // Russian, then the export.
    await page.locator('[data-language="ru"]').click()
    await expect.poll(() => text(page, 'supervisor-day')).toMatch(/^Сегодня, /)
    await screenshot(page, 'supervisor-overview-1920-ru')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('supervisor-export').click(),
    ])
    const day = hub.hub.engine.state.day
    expect(download.suggestedFilename()).toBe(`kezek-astana-1-figures-${day}.csv`)
    // Written by the hub in the one CSV format (BOM, RFC 4180 commas), headers in Russian, the local
    // time with its zone named; and audited.
    const raw = readFileSync((await download.path())!, 'utf8')
    expect(raw.startsWith('\uFEFF')).toBe(true)
    const rows = parseCsv(raw.slice(1))
    expect(rows[0]!.slice(0, 3)).toEqual([
      'Астана, ЦОН № 1',
      `День: ${day}`,
      'Время формирования (Asia/Almaty)',
    ])
    expect(rows[0]![3]).toMatch(new RegExp(`^${day} \\d\\d:\\d\\d:\\d\\d$`))
    const row = rows.find((cells) => cells[0] === 'A')!
    expect(row.slice(0, 3)).toEqual([
      'A',
      'Справка о наличии либо отсутствии судимости',
      String(queued('no-criminal-record')),
    ])
    expect(rows.find((cells) => cells[0] === '2')!.slice(0, 3)).toEqual(['2', 'Открыто', 'Ерлан Жақсылықов'])
    const audited = await fetch(`${hub.url}/api/audit.csv?from=${day}&to=${day}&lang=en`, {
      headers: { Authorization: `Bearer ${await hub.signIn('supervisor')}` },
    })
    expect(await audited.text()).toContain(`figures.csv for ${day}`)

    await page.locator('[data-language="en"]').click()
    await screenshot(page, 'supervisor-overview-1920-en')

    // The whole day fits the screen.
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }))
    expect(overflow.x).toBeLessThanOrEqual(0)
    expect(overflow.y).toBeLessThanOrEqual(0)
    expect(realProblems(problems)).toEqual([])
    desk2.close()
  })

  it('tells a consultant kindly that the view is for supervisors, and shows no figures', async () => {
    const { page, problems } = await openView('consultant3')
    const notice = page.getByTestId('supervisor-not-permitted')
    await notice.waitFor()
    await page.locator('[data-language="ru"]').click()
    expect(await notice.locator('h1').textContent()).toBe('Этот раздел — для супервайзеров')
    expect(await page.getByTestId('supervisor-headline').count()).toBe(0)
    await screenshot(page, 'supervisor-not-permitted-ru')
    await page.getByTestId('supervisor-to-consultant').click()
    await page.waitForURL(/\/consultant$/)
    // Still signed in there: the consultant's own window comes back.
    await page.getByTestId('consultant-ticket').waitFor()
    expect(realProblems(problems)).toEqual([])
  })

  it('starts at the sign-in form, in Kazakh', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 })
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`${hub.url}/supervisor`)
    await page.getByTestId('supervisor-sign-in').waitFor()
    expect(await page.locator('.sign-in-title').textContent()).toBe('Қызметкердің кіруі')
    expect(await page.title()).toBe('Kezek · Супервайзер')
    await screenshot(page, 'supervisor-sign-in-kk')
  })
})
