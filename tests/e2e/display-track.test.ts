/**
 * The hall display and the phone tracker in a real Chromium against a real hub: a burst of five calls
 * all reach the board and are announced one after another, a recall is announced again, the display
 * catches up by itself after the hub restarts on the same data and port, and a citizen's phone follows
 * its ticket from "people ahead" to "go to window N" and a final state.
 */
import { cpSync, rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssuedTicket, PublicTicket } from '../../src-shared/protocol'
import {
  expectOk,
  extendDemoConfig,
  makeTempDir,
  startTestHub,
  type Credentials,
  type TestClient,
  type TestHub,
  removeDataDir,
} from '../support/hub-harness'
import type { CentreConfig } from '../../src-shared/config'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const HALL_SCREEN = { width: 1920, height: 1080 }
const PHONE = { width: 390, height: 844 }
const LOG = '[data-testid="display-announcements"] li'

let rendererDir: string
let dataDir: string
let config: CentreConfig
let credentials: Credentials
let hub: TestHub
let port: number
/** The hall display's browser: autoplay allowed, as in the Electron display window. */
let hallBrowser: Browser
/** An ordinary browser: phones, and a display whose sound must first be enabled by a tap. */
let plainBrowser: Browser
const contexts: BrowserContext[] = []

let kiosk: TestClient
const consultants: TestClient[] = []
let display: Page
let displayProblems: string[]
/** Tickets issued for the tracker test: the tracked one is the third of its service. */
let waitingTickets: IssuedTicket[] = []

async function startHub(): Promise<TestHub> {
  return startTestHub({
    config,
    credentials,
    dataDir,
    ...(port ? { port } : {}),
    hubOptions: { rendererDir, trackerIntervalMs: 50 },
  })
}

async function connectStaff(): Promise<void> {
  consultants.length = 0
  for (let n = 1; n <= 5; n++) consultants.push(await hub.staffClient(`consultant${n}`))
  kiosk = await hub.deviceClient('kiosk-1')
}

async function openDisplay(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: HALL_SCREEN, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  const key = credentials.deviceKeys['display-1']!
  await page.goto(`${hub.url}/display?device=display-1&key=${encodeURIComponent(key)}`)
  await page.locator('.board').waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return { page, problems }
}

async function openPhone(path: string): Promise<{ page: Page; problems: string[] }> {
  const context = await plainBrowser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}${path}`)
  return { page, problems }
}

/** The log entries of the display: number, desk, recall and state, oldest first. */
function announcements(page: Page) {
  return page.$$eval(LOG, (items) =>
    items.map((li) => ({
      number: li.getAttribute('data-number'),
      desk: li.getAttribute('data-desk'),
      recall: li.getAttribute('data-recall') === 'true',
      state: li.getAttribute('data-state'),
    })),
  )
}

function recentOnBoard(page: Page) {
  return page.$$eval('[data-testid="display-recent"] li', (items) =>
    items.map((li) => `${li.getAttribute('data-number')}>${li.getAttribute('data-desk')}`),
  )
}

function newestOnBoard(page: Page) {
  return page
    .getByTestId('display-newest')
    .evaluate((el) => `${el.getAttribute('data-number')}>${el.getAttribute('data-desk')}`)
}

/**
 * Watches the log from inside the page: which entries ever played, in which order, and the most that
 * played at once (must be one: no announcement cuts another off).
 */
async function watchPlayback(page: Page): Promise<void> {
  await page.evaluate((selector) => {
    const seen: string[] = []
    let most = 0
    const check = () => {
      const playing = [...document.querySelectorAll(`${selector}[data-state="playing"]`)]
      most = Math.max(most, playing.length)
      for (const li of playing) {
        const id = li.getAttribute('data-id')!
        if (!seen.includes(id)) seen.push(id)
      }
      ;(window as unknown as { playback: object }).playback = { seen, most }
    }
    check()
    new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true })
  }, LOG)
}

function playback(page: Page): Promise<{ seen: string[]; most: number }> {
  return page.evaluate(() => (window as unknown as { playback: { seen: string[]; most: number } }).playback)
}

const deskLabel = (deskId: string) => config.desks.find((d) => d.id === deskId)!.label

/** The ticket a desk has in hand now, as the hub knows it. */
function ticketAt(deskId: string) {
  const ticket = Object.values(hub.hub.engine.state.tickets).find(
    (t) => t.deskId === deskId && (t.status === 'called' || t.status === 'serving'),
  )
  if (!ticket) throw new Error(`desk ${deskId} has no ticket in hand`)
  return ticket
}

beforeAll(async () => {
  // A private copy of the build: another test file (or a developer) rebuilding out/renderer meanwhile
  // must not pull the assets from under pages that stay open across a hub restart.
  rendererDir = makeTempDir('kezek-display-renderer-')
  cpSync(await buildRendererOnce(), rendererDir, { recursive: true })
  // Five consultants at windows 1–5, so five calls can be made at the same moment.
  ;({ config, credentials } = await extendDemoConfig({
    staff: [
      { id: 'consultant-4', login: 'consultant4', password: 'kezek-test-consultant', roles: ['consultant'] },
      { id: 'consultant-5', login: 'consultant5', password: 'kezek-test-consultant', roles: ['consultant'] },
    ],
  }))
  dataDir = makeTempDir('kezek-display-e2e-')
  hub = await startHub()
  port = Number(new URL(hub.url).port)
  hallBrowser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
  plainBrowser = await launchChromium()
  await connectStaff()
  for (let n = 1; n <= 5; n++)
    expectOk(await consultants[n - 1]!.command('desk:open', { deskId: `desk-${n}` }))
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await hallBrowser?.close()
  await plainBrowser?.close()
  await hub?.close()
  if (dataDir) removeDataDir(dataDir)
  if (rendererDir) rmSync(rendererDir, { recursive: true, force: true })
})

describe('hall display (1920×1080)', () => {
  it('shows a burst of five calls and announces all five, in order, one after the other', async () => {
    ;({ page: display, problems: displayProblems } = await openDisplay(hallBrowser))
    expect(new URL(display.url()).search).toBe('')
    await display.getByTestId('display-empty').waitFor()
    await expect.poll(() => display.locator('.connection-badge').getAttribute('data-state')).toBe('online')
    // Electron-like autoplay: no tap needed.
    expect(await display.getByTestId('display-sound-gate').count()).toBe(0)
    await screenshot(display, 'display-empty')
    await watchPlayback(display)

    // Windows 1 and 2 serve certificates, 3 and 4 ID cards, 5 pensions: each desk has exactly one to call.
    for (const serviceId of [
      'no-criminal-record',
      'no-criminal-record',
      'id-card-passport',
      'id-card-passport',
      'old-age-pension',
    ]) {
      expectOk(await kiosk.command('ticket:issue', { serviceId }))
    }
    const calls = (
      await Promise.all(consultants.map((c, i) => c.command('ticket:call-next', { deskId: `desk-${i + 1}` })))
    )
      .map((ack) => expectOk(ack))
      .sort((a, b) => a.seq - b.seq)
      .map((ack) => ack.ticket as PublicTicket)
    const shown = calls.map((t) => `${t.number}>${deskLabel(t.deskId!)}`)

    await expect.poll(() => newestOnBoard(display)).toBe(shown[4])
    expect(await recentOnBoard(display)).toEqual([shown[3], shown[2], shown[1], shown[0]])
    await screenshot(display, 'display-burst')

    // Five announcements queued in the order the hub made the calls; none lost, none cut off.
    await expect
      .poll(async () => (await announcements(display)).map((a) => `${a.number}>${a.desk}:${a.state}`), {
        timeout: 30_000,
      })
      .toEqual(shown.map((s) => `${s}:done`))
    const played = await playback(display)
    expect(played.most).toBe(1)
    expect(played.seen).toHaveLength(5)
    const ids = await display.$$eval(LOG, (items) => items.map((li) => li.getAttribute('data-id')))
    expect(played.seen).toEqual(ids)

    // A recall is announced again and moves to the top.
    const recalled = calls[0]!
    expectOk(
      await consultants[Number(recalled.deskId!.slice(-1)) - 1]!.command('ticket:recall', {
        ticketId: recalled.id,
      }),
    )
    await expect.poll(() => newestOnBoard(display)).toBe(shown[0])
    expect(await display.getByTestId('display-newest').getAttribute('data-recall')).toBe('true')
    await expect
      .poll(async () => (await announcements(display)).at(-1), { timeout: 15_000 })
      .toEqual({ number: recalled.number, desk: deskLabel(recalled.deskId!), recall: true, state: 'done' })
    expect(await announcements(display)).toHaveLength(6)
    expect(await recentOnBoard(display)).toEqual([shown[4], shown[3], shown[2], shown[1]])
    await screenshot(display, 'display-recall')
    expect(displayProblems).toEqual([])
  }, 90_000)

  it('asks for one tap to enable sound where the browser blocks autoplay, in a strip that never covers a call', async () => {
    const { page, problems } = await openDisplay(plainBrowser)
    const gate = page.getByTestId('display-sound-gate')
    await gate.waitFor()
    expect(await gate.textContent()).toContain('Дыбысты қосу үшін түртіңіз')
    expect(await gate.textContent()).toContain('Нажмите, чтобы включить звук')
    // The newest call and the recent ones stay in view: the strip is below the board, not over it.
    const newest = page.getByTestId('display-newest')
    await newest.waitFor()
    const strip = (await gate.boundingBox())!
    for (const shown of [newest, page.getByTestId('display-recent')]) {
      const box = (await shown.boundingBox())!
      expect(box.y + box.height).toBeLessThanOrEqual(strip.y)
    }
    expect(strip.height).toBeLessThan(HALL_SCREEN.height / 10)
    const centre = await newest.evaluate((element) => {
      const { x, y, width, height } = element.getBoundingClientRect()
      return element.contains(document.elementFromPoint(x + width / 2, y + height / 2))
    })
    expect(centre).toBe(true)
    await screenshot(page, 'display-sound-gate')
    await gate.click()
    await gate.waitFor({ state: 'detached' })
    expect(problems).toEqual([])
    await page.context().close()
  }, 60_000)
})

describe('phone tracker (390×844)', () => {
  it('shows people ahead, then "go to window N" when a consultant calls the ticket, then a final state', async () => {
    waitingTickets = []
    for (let i = 0; i < 3; i++) {
      waitingTickets.push(
        expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket,
      )
    }
    const tracked = waitingTickets[2]!
    expect(tracked.ahead).toBe(2)
    // Windows 1 and 2 serve certificates, both busy with the burst's citizens: a wait with its range.
    expect(tracked.windows).toBe(2)
    expect(tracked.estimateLow).toBeLessThan(tracked.estimateHigh!)

    const { page, problems } = await openPhone(`/t/${tracked.trackToken}`)
    await page.getByTestId('track-number').waitFor()
    expect(await page.getByTestId('track-number').textContent()).toContain(tracked.number)
    expect(await page.getByTestId('track-ahead').textContent()).toBe('2 адам')
    // "≈ 12 мин (8–18 мин)", or from nothing "≈ 3 мин (10 минутқа дейін)".
    const range = /^≈ (\d+) мин \((?:(\d+)–(\d+) мин|(\d+) минутқа дейін)\)$/
    const wait = (await page.getByTestId('track-wait').textContent())!.trim()
    expect(wait).toMatch(range)
    const parts = range.exec(wait)!
    const [n, low, high] = [Number(parts[1]), Number(parts[2] ?? 0), Number(parts[3] ?? parts[4])]
    expect(low).toBeLessThanOrEqual(n)
    expect(n).toBeLessThanOrEqual(high)
    expect(low).toBeLessThan(high)
    expect(await page.getByTestId('track-status').textContent()).toContain('Кезекте')
    expect(await page.locator('.ticket-service').textContent()).toBe(
      'Соттылықтың болуы немесе болмауы туралы анықтама',
    )
    // Nothing about the other tickets: not their numbers, not their tokens.
    const body = (await page.locator('body').textContent()) ?? ''
    for (const other of waitingTickets.slice(0, 2)) expect(body).not.toContain(other.number)
    await screenshot(page, 'track-waiting-kk')

    // Window 1 lets its citizen from the burst go and calls the first of the two ahead: the phone follows.
    const desk1 = consultants[0]!
    expectOk(await desk1.command('ticket:no-show', { ticketId: ticketAt('desk-1').id }))
    expectOk(await desk1.command('ticket:call', { deskId: 'desk-1', ticketId: waitingTickets[0]!.id }))
    await expect.poll(() => page.getByTestId('track-ahead').textContent()).toBe('1 адам')

    await page.locator('[data-language="ru"]').tap()
    expect(await page.getByTestId('track-ahead').textContent()).toBe('1 чел.')
    await screenshot(page, 'track-waiting-ru')
    await page.locator('[data-language="kk"]').tap()

    // Window 1 finishes its citizen and calls the tracked ticket directly.
    expectOk(await desk1.command('ticket:start', { ticketId: waitingTickets[0]!.id }))
    expectOk(await desk1.command('ticket:finish', { ticketId: waitingTickets[0]!.id }))
    expectOk(await desk1.command('ticket:call', { deskId: 'desk-1', ticketId: tracked.id }))
    const called = page.getByTestId('track-called')
    await called.waitFor()
    expect(await page.getByTestId('track-window').textContent()).toBe('1')
    expect(await called.locator('[lang="kk"]').textContent()).toContain('1-терезеге өтіңіз')
    expect(await called.locator('[lang="ru"]').textContent()).toContain('Пройдите к окну 1')
    expect(await page.title()).toContain(tracked.number)
    await screenshot(page, 'track-called-kk')

    await page.locator('[data-language="en"]').tap()
    expect(await called.locator('[lang="en"]').textContent()).toContain('Please go to window 1')
    await screenshot(page, 'track-called-en')
    await page.locator('[data-language="kk"]').tap()

    // The display shows the same call.
    await expect.poll(() => newestOnBoard(display)).toBe(`${tracked.number}>1`)

    expectOk(await desk1.command('ticket:start', { ticketId: tracked.id }))
    await page.getByTestId('track-serving').waitFor()
    expectOk(await desk1.command('ticket:finish', { ticketId: tracked.id }))
    await page.getByTestId('track-final').waitFor()
    expect(await page.getByTestId('track-status').textContent()).toContain('Қызмет көрсетілді')
    await screenshot(page, 'track-done')
    expect(problems).toEqual([])
  }, 60_000)

  it('says clearly that an unknown ticket link leads nowhere', async () => {
    const { page } = await openPhone('/t/NoSuchTicketToken_0000000')
    await page.getByTestId('track-unknown').waitFor()
    expect(await page.locator('[data-testid="track-unknown"] h1').textContent()).toBe('Талон табылмады')
    await screenshot(page, 'track-unknown')
  }, 30_000)
})

describe('display after a hub restart', () => {
  it('reconnects by itself to the hub restarted on the same data and port, and shows calls made since', async () => {
    const before = await newestOnBoard(display)
    await hub.close()
    await display.locator('.connection-badge[data-state="offline"]').waitFor({ timeout: 15_000 })
    await screenshot(display, 'display-offline')

    hub = await startHub()
    expect(hub.url).toContain(`:${port}`)
    await connectStaff()
    // Window 2 sends its citizen away and calls the next certificate, maybe before the display is back.
    const desk2 = consultants[1]!
    expectOk(await desk2.command('ticket:no-show', { ticketId: ticketAt('desk-2').id }))
    const first = expectOk(await desk2.command('ticket:call-next', { deskId: 'desk-2' })).ticket
    expect(first.number).toBe(waitingTickets[1]!.number)

    await display.locator('.connection-badge[data-state="online"]').waitFor({ timeout: 20_000 })
    await expect.poll(() => newestOnBoard(display), { timeout: 10_000 }).toBe(`${first.number}>2`)
    expect(await recentOnBoard(display)).toContain(before)

    // And live again afterwards.
    const issued = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    expectOk(await desk2.command('ticket:no-show', { ticketId: first.id }))
    expectOk(await desk2.command('ticket:call-next', { deskId: 'desk-2' }))
    await expect.poll(() => newestOnBoard(display), { timeout: 10_000 }).toBe(`${issued.number}>2`)
    expect((await recentOnBoard(display))[0]).toBe(`${first.number}>2`)
    await expect
      .poll(async () => (await announcements(display)).at(-1), { timeout: 15_000 })
      .toEqual({ number: issued.number, desk: '2', recall: false, state: 'done' })
    await screenshot(display, 'display-after-restart')
    // Only the failed reconnect attempts while the hub was down may be logged.
    expect(displayProblems.filter((p) => !/WebSocket connection to .* failed/.test(p))).toEqual([])
  }, 90_000)
})
