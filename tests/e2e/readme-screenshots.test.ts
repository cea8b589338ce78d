/**
 * The README's pictures, `docs/screenshots/<face>.png`, taken by `npm test` from the faces as they are
 * now: the kiosk's ticket screen, the consultant with a ticket called, the hall display after a morning
 * of calls, the phone tracker saying "go to window 1", the supervisor view, the `/book` page's done
 * screen and the `/join` page's services with their waits, at phone size.
 *
 * They are committed, so they must not change from run to run unless a face does: the morning is played
 * on a still hub clock, every page's clock stands at the hub's time, the tracker QR code carries the
 * centre's `publicUrl` instead of the test's random port, and the hub's tokens come from a seeded
 * sequence (the QR code encodes one). A file is rewritten only when its bytes differ.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Ticket } from '../../src-shared/domain'
import {
  demoConfig,
  expectOk,
  PROJECT_ROOT,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, SCREENSHOT_DIR } from './support'

// Tokens (tracker links, sessions) from a fixed sequence instead of the system's random source, so the
// QR code on the kiosk's ticket is the same picture every run. Only in this file.
vi.mock('../../src-main/hub/passwords', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src-main/hub/passwords')>()
  const { createHash } = await import('node:crypto')
  let issued = 0
  return {
    ...original,
    newToken: (bytes = 32) => {
      issued += 1
      return createHash('sha512')
        .update(`kezek-readme-${issued}`)
        .digest()
        .subarray(0, bytes)
        .toString('base64url')
    },
  }
})

const DOCS_DIR = join(PROJECT_ROOT, 'docs', 'screenshots')
const MAX_BYTES = 400_000
const KIOSK_SCREEN = { width: 1080, height: 1920 }
const PHONE = { width: 390, height: 844 }
const LAPTOP = { width: 1366, height: 768 }
const FULL_HD = { width: 1920, height: 1080 }
const MINUTE = 60_000
/** A Tuesday morning at the demo centre, 09:00 in Astana; the hub's clock moves only when told. */
const OPENING = Date.parse('2026-03-10T09:00:00+05:00')
const MORNING_MINUTES = 95
const PUBLIC_URL = 'http://192.168.1.10:8080'
const WAIT = { timeout: 10_000 }

/** Who works where during the morning. */
const WINDOWS = [
  { login: 'consultant1', deskId: 'desk-1' },
  { login: 'consultant2', deskId: 'desk-2' },
  { login: 'consultant3', deskId: 'desk-3' },
  { login: 'admin', deskId: 'desk-4' },
  { login: 'registrar', deskId: 'desk-5' },
]
/** What the morning's citizens come for, most often first. */
const DEMAND = [
  'no-criminal-record',
  'id-card-passport',
  'no-criminal-record',
  'pension-contributions',
  'id-card-passport',
  'digital-signature',
  'old-age-pension',
  'real-estate-certificate',
  'birth-registration',
  'psychiatric-certificate',
  'kindergarten-queue',
  'residence-registration',
  'clinic-attachment',
]

let hubNow = OPENING
let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []
const staff = new Map<string, TestClient>()
let kioskDevice: TestClient

const ticketsNow = (): Ticket[] => Object.values(hub.hub.engine.state.tickets)
const inHand = (deskId: string): Ticket | undefined => {
  const id = hub.hub.engine.state.desks[deskId]?.ticketId
  return id ? hub.hub.engine.state.tickets[id] : undefined
}
const waitingFor = (deskId: string): boolean => {
  const desk = hub.hub.engine.state.desks[deskId]!
  return desk.serviceIds.some((id) => (hub.hub.engine.state.queues[id]?.length ?? 0) > 0)
}

/**
 * A morning with the same arrivals, calls and service times every run: a visitor most minutes, every
 * ninth call a no-show, services of five to twelve minutes. Window 1 ends it free, ready for the kiosk's
 * citizen; the others keep the visitors they last called.
 */
async function playMorning(): Promise<void> {
  for (const { login, deskId } of WINDOWS) {
    const client = await hub.staffClient(login)
    staff.set(deskId, client)
    expectOk(await client.command('desk:open', { deskId }))
  }
  kioskDevice = await hub.deviceClient('kiosk-1')
  const plan = new Map<string, { startAt: number; finishAt: number; missed: boolean }>()
  let calls = 0
  let arrivals = 0
  for (let minute = 0; minute <= MORNING_MINUTES; minute++) {
    hubNow = OPENING + minute * MINUTE
    // About four visitors in five minutes, a few more once the morning is under way.
    const visitors = ((minute * 37) % 100 < 55 ? 1 : 0) + (minute > 30 && (minute * 53) % 100 < 30 ? 1 : 0)
    for (let i = 0; i < visitors; i++) {
      arrivals += 1
      const serviceId = DEMAND[(arrivals * 5 + Math.floor(arrivals / 4)) % DEMAND.length]!
      const categoryId = arrivals % 13 === 6 ? 'elderly-70' : null
      expectOk(await kioskDevice.command('ticket:issue', { serviceId, categoryId }))
    }
    for (const { deskId } of WINDOWS) {
      const client = staff.get(deskId)!
      const ticket = inHand(deskId)
      const step = ticket ? plan.get(ticket.id)! : undefined
      if (ticket && step) {
        if (ticket.status === 'called' && minute >= step.startAt) {
          expectOk(
            await client.command(step.missed ? 'ticket:no-show' : 'ticket:start', { ticketId: ticket.id }),
          )
        } else if (ticket.status === 'serving' && minute >= step.finishAt) {
          expectOk(await client.command('ticket:finish', { ticketId: ticket.id }))
        }
      }
      if (!inHand(deskId) && waitingFor(deskId) && (deskId !== 'desk-1' || minute < MORNING_MINUTES)) {
        const called = expectOk(await client.command('ticket:call-next', { deskId })).ticket
        calls += 1
        const missed = calls % 9 === 0
        const startAt = minute + 1 + (missed ? 2 : 0)
        plan.set(called.id, { startAt, finishAt: startAt + 5 + ((calls * 3) % 8), missed })
      }
    }
  }
  // Window 1 sees its last visitor off.
  const last = inHand('desk-1')
  if (last) {
    const client = staff.get('desk-1')!
    if (last.status === 'called') expectOk(await client.command('ticket:start', { ticketId: last.id }))
    expectOk(await client.command('ticket:finish', { ticketId: last.id }))
  }
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  const config = demoConfig()
  config.centre.publicUrl = PUBLIC_URL
  hub = await startTestHub({ config, now: () => hubNow, hubOptions: { rendererDir } })
  // Autoplay allowed, as in the Electron display window: no "tap for sound" over the board.
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
  await playMorning()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/** A page whose clock stands still at the hub's time, so every time and duration on it is the same each run. */
async function openPage(
  viewport: { width: number; height: number },
  path: string,
  options: { touch?: boolean } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    timezoneId: 'Asia/Almaty',
    ...(options.touch ? { hasTouch: true, isMobile: viewport.width < 600 } : {}),
  })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.clock.setFixedTime(hubNow)
  await page.goto(`${hub.url}${path}`)
  return { page, problems }
}

/** Writes `docs/screenshots/<face>.png` when its bytes changed, and the same picture as a test artifact. */
async function saveForReadme(page: Page, face: string): Promise<void> {
  await page.mouse.move(0, 0)
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  const png = await page.screenshot({ type: 'png', animations: 'disabled', caret: 'hide' })
  expect(png.length, `${face}.png is too large for the README`).toBeLessThan(MAX_BYTES)
  mkdirSync(DOCS_DIR, { recursive: true })
  const path = join(DOCS_DIR, `${face}.png`)
  if (!existsSync(path) || !readFileSync(path).equals(png)) writeFileSync(path, png)
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  writeFileSync(join(SCREENSHOT_DIR, `readme-${face}.png`), png)
}

/** Zod's probe for `new Function`, refused by the strict CSP as it should be (see consultant.test.ts). */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim()
const key = (deviceId: string) => encodeURIComponent(hub.credentials.deviceKeys[deviceId]!)

describe('README screenshots', () => {
  it('saves the five faces to docs/screenshots', async () => {
    // The morning left people waiting, windows busy and calls on the board.
    expect(ticketsNow().length).toBeGreaterThan(30)
    expect(ticketsNow().filter((t) => t.status === 'waiting').length).toBeGreaterThan(3)
    expect(hub.hub.engine.state.calls.length).toBeGreaterThan(7)
    expect(inHand('desk-1')).toBeUndefined()

    const display = await openPage(FULL_HD, `/display?device=display-1&key=${key('display-1')}`)
    await display.page.getByTestId('display-newest').waitFor()

    // The kiosk: a certificate, in Kazakh.
    const kiosk = await openPage(KIOSK_SCREEN, `/kiosk?device=kiosk-1&key=${key('kiosk-1')}`, {
      touch: true,
    })
    await kiosk.page.locator('[data-group="certificates"]').tap()
    await kiosk.page.locator('[data-service="no-criminal-record"]').tap()
    await kiosk.page.getByTestId('kiosk-offer-ticket').tap()
    await kiosk.page.getByTestId('kiosk-ticket-number').waitFor()
    const number = await text(kiosk.page, 'kiosk-ticket-number')
    const ticket = ticketsNow().find((t) => t.number === number)!
    expect(await kiosk.page.getByTestId('kiosk-qr').getAttribute('data-url')).toBe(
      `${PUBLIC_URL}/t/${ticket.trackToken}`,
    )
    await saveForReadme(kiosk.page, 'kiosk')

    // The consultant at window 1 (open since the morning) calls the kiosk's citizen.
    const consultant = await openPage(LAPTOP, '/consultant')
    await consultant.page.getByTestId('consultant-login').fill('consultant1')
    await consultant.page.getByTestId('consultant-password').fill(hub.credentials.passwords['consultant1']!)
    await consultant.page.getByTestId('consultant-sign-in-submit').click()
    await consultant.page.getByTestId('consultant-ticket').waitFor()
    const tracker = await openPage(PHONE, `/t/${ticket.trackToken}`, { touch: true })
    await tracker.page.getByTestId('track-ahead').waitFor()
    expectOk(await staff.get('desk-1')!.command('ticket:call', { deskId: 'desk-1', ticketId: ticket.id }))
    await expect.poll(() => text(consultant.page, 'consultant-ticket-number'), WAIT).toBe(number)
    await saveForReadme(consultant.page, 'consultant')

    // The hall display, once the voice has read the call out.
    await expect
      .poll(() => display.page.getByTestId('display-newest').getAttribute('data-number'), WAIT)
      .toBe(number)
    await expect
      .poll(
        () =>
          display.page.$$eval('[data-testid="display-announcements"] li', (items) =>
            items.every((li) => ['done', 'skipped'].includes(li.getAttribute('data-state') ?? '')),
          ),
        { timeout: 20_000 },
      )
      .toBe(true)
    expect(await display.page.locator('[data-testid="display-recent"] li').count()).toBe(6)
    await saveForReadme(display.page, 'display')

    // The phone: go to window 1.
    await tracker.page.getByTestId('track-called').waitFor()
    expect(await text(tracker.page, 'track-window')).toBe('1')
    await saveForReadme(tracker.page, 'tracker')

    // The supervisor's morning.
    const supervisor = await openPage(FULL_HD, '/supervisor')
    await supervisor.page.getByTestId('supervisor-login').fill('supervisor')
    await supervisor.page.getByTestId('supervisor-password').fill(hub.credentials.passwords['supervisor']!)
    await supervisor.page.getByTestId('supervisor-sign-in-submit').click()
    await supervisor.page.getByTestId('supervisor-headline').waitFor()
    expect(await text(supervisor.page, 'supervisor-issued')).toBe(String(ticketsNow().length))
    await saveForReadme(supervisor.page, 'supervisor')

    for (const face of [display, kiosk, consultant, tracker, supervisor])
      expect(realProblems(face.problems)).toEqual([])
  }, 120_000)

  it('saves the booking page at phone size, done: the code, its QR and the links', async () => {
    const book = await openPage({ width: 360, height: 740 }, '/book', { touch: true })
    await book.page.locator('[data-service="id-card-passport"]').tap()
    await book.page.locator('[data-day]').first().tap()
    await book.page.locator('[data-time]').first().tap()
    await book.page.getByTestId('book-iin').fill('871008401427')
    await book.page.getByTestId('book-phone').fill('8 701 234 56 78')
    await book.page.getByTestId('book-send-code').tap()
    await book.page.getByTestId('book-code').waitFor()
    // The demo SMS outbox holds the code, as the registrar's outbox page shows it.
    const sms = hub.hub.registration.smsOutbox!.recent(1)[0]!
    await book.page.getByTestId('book-code').fill(/Код (\d{6})/.exec(sms.text)![1]!)
    await book.page.getByTestId('book-confirm').tap()
    await book.page.getByTestId('book-done').waitFor()
    await book.page.locator('.book-card-qr svg').waitFor()
    await saveForReadme(book.page, 'book')
    expect(realProblems(book.problems)).toEqual([])
  })

  it('saves the join page at phone size: the services one may join from home, each with its wait now', async () => {
    const join = await openPage({ width: 360, height: 740 }, '/join', { touch: true })
    await join.page.locator('[data-service="no-criminal-record"]').waitFor()
    expect(await join.page.getByTestId('join-wait').count()).toBeGreaterThan(0)
    await saveForReadme(join.page, 'join')
    expect(realProblems(join.problems)).toEqual([])
  })
})
