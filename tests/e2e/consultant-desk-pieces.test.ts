/**
 * The consultant's missing pieces in a real Chromium against a real hub, at 1366×768, as a consultant
 * works them in Russian and in Kazakh: call a particular waiting ticket from the queue's ticket list,
 * issue (and call) a ticket at the window for a walk-in, pause with a reason, and finish with an outcome.
 * Each step is checked on screen and in the hub's own state.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../src-shared/domain'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import {
  buildRendererOnce,
  collectProblems,
  launchChromium,
  pressShortcut,
  screenshot,
  signInStaff,
} from './support'

const LAPTOP = { width: 1366, height: 768 }

let hub: TestHub
/** The hub's clock runs ahead by this much: a break can last a quarter of an hour in no time. */
let ahead = 0
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: () => Date.now() + ahead, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

const deskOf = (deskId: string) => hub.hub.engine.state.desks[deskId]
const ticketByNumber = (number: string): Ticket | undefined =>
  Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)
const inHand = (deskId: string): Ticket | undefined => {
  const id = deskOf(deskId)?.ticketId
  return id ? hub.hub.engine.state.tickets[id] : undefined
}
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim()
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))

async function issue(serviceId: string, categoryId: string | null = null): Promise<string> {
  return expectOk(await kiosk.command('ticket:issue', { serviceId, categoryId })).ticket.number
}

/** Signs in at 1366×768 in `language` and opens `deskId` with its configured services. */
async function openDesk(login: string, deskId: string, language: 'ru' | 'kk') {
  const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/consultant`)
  await signInStaff(page, 'consultant', login, hub.credentials.passwords[login]!, language)
  await page.locator(`.desk-card[data-desk="${deskId}"]`).click()
  await page.getByTestId('consultant-open-desk').click()
  await page.getByTestId('consultant-ticket').waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return { page, problems }
}

async function expectNoSpill(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }))
  expect(overflow.x).toBeLessThanOrEqual(0)
  expect(overflow.y).toBeLessThanOrEqual(0)
}

const ticketRow = (page: Page, number: string) =>
  page.locator(`[data-testid="consultant-waiting-ticket"][data-number="${number}"]`)

describe('the consultant’s desk pieces (1366×768)', () => {
  it('in Russian: calls a particular ticket, issues and calls a walk-in, codes outcomes, pauses for a reason', async () => {
    const { page, problems } = await openDesk('consultant1', 'desk-1', 'ru')
    const first = await issue('no-criminal-record')
    const second = await issue('pension-contributions', 'veterans')
    const third = await issue('real-estate-certificate')

    // 1. The waiting tickets of this window's services, in the order "Call next" takes them (the veteran
    //    first, then the others as they came), each with its place; call the third.
    await page.locator('[data-scope="tickets"]').click()
    await expect.poll(() => page.getByTestId('consultant-waiting-ticket').count()).toBe(3)
    const numbers = await page
      .getByTestId('consultant-waiting-ticket')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-number')))
    expect(numbers).toEqual([second, first, third])
    expect(await ticketRow(page, first).getByTestId('consultant-ticket-position').textContent()).toBe('2-й')
    expect(await ticketRow(page, second).locator('[data-mark="category"]').textContent()).toBe('Ветераны')
    expect(await ticketRow(page, first).getByTestId('consultant-ticket-waited').textContent()).toBe('0 мин')
    expect(
      await ticketRow(page, third).getByText('Справка о недвижимом имуществе').count(),
    ).toBeGreaterThanOrEqual(0)
    await expect
      .poll(() => ticketRow(page, third).getByTestId('consultant-call-ticket').isEnabled())
      .toBe(true)
    await screenshot(page, 'desk-pieces-tickets-ru')
    await ticketRow(page, third).getByTestId('consultant-call-ticket').click()
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(third)
    expect(hub.hub.engine.state.tickets[inHand('desk-1')!.id]).toMatchObject({
      number: third,
      status: 'called',
    })
    // A ticket in hand: no other can be called, the hub would refuse it.
    await expect
      .poll(() => ticketRow(page, first).getByTestId('consultant-call-ticket').isDisabled())
      .toBe(true)

    // 4. Finish with an outcome: F asks, a click chooses "documents missing".
    await pressShortcut(page, 's')
    await expect.poll(() => inHand('desk-1')?.status).toBe('serving')
    await pressShortcut(page, 'f')
    const finish = page.getByTestId('consultant-finish-dialog')
    await finish.waitFor()
    expect(
      await finish.locator('[data-outcome]').evaluateAll((els) => els.map((e) => e.textContent?.trim())),
    ).toEqual([
      'Услуга оказана',
      'Не хватает документов',
      'Отказано',
      'Перенаправлен в другой орган',
      'Только консультация',
      'Не отмечать',
    ])
    await finish.locator('[data-outcome="documents-missing"]').click()
    await screenshot(page, 'desk-pieces-finish-ru')
    await page.getByTestId('consultant-finish-submit').click()
    await finish.waitFor({ state: 'detached' })
    await expect.poll(() => ticketByNumber(third)?.outcome).toBe('documents-missing')
    expect(await text(page, 'consultant-notice')).toBe(`Талон ${third} завершён.`)

    // 2. A walk-in at the window: W, a service of this window and a category, "issue and call".
    await pressShortcut(page, 'w')
    const walkIn = page.getByTestId('consultant-walk-in-dialog')
    await walkIn.waitFor()
    await page.getByTestId('consultant-walk-in-service').selectOption('psychiatric-certificate')
    await page.getByTestId('consultant-walk-in-category').selectOption('elderly-70')
    await screenshot(page, 'desk-pieces-walk-in-ru')
    await page.getByTestId('consultant-walk-in-call').click()
    await page.getByTestId('consultant-walk-in-issued').waitFor()
    const walkInNumber = (await text(page, 'consultant-walk-in-number')).replace('Талон ', '')
    expect(walkInNumber).toMatch(/^[A-Z]\d{3}$/)
    expect(await text(page, 'consultant-walk-in-issued')).toContain('Талон вызван к вашему окну.')
    expect(ticketByNumber(walkInNumber)).toMatchObject({
      serviceId: 'psychiatric-certificate',
      categoryId: 'elderly-70',
      status: 'called',
      deskId: 'desk-1',
    })
    await screenshot(page, 'desk-pieces-walk-in-issued-ru')
    // Enter on "Done" closes it; the ticket is in hand.
    await page.keyboard.press('Enter')
    await walkIn.waitFor({ state: 'detached' })
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(walkInNumber)

    // 4 again, quick: S, F, Enter takes the first outcome.
    await pressShortcut(page, 's')
    await expect.poll(() => inHand('desk-1')?.status).toBe('serving')
    await pressShortcut(page, 'f')
    await finish.waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => ticketByNumber(walkInNumber)?.outcome).toBe('served')

    // 3. Pause for a reason: P, the reasons with their limits; a technical break.
    await pressShortcut(page, 'p')
    const pause = page.getByTestId('consultant-pause-dialog')
    await pause.waitFor()
    expect(await pause.locator('[data-reason="lunch"]').textContent()).toContain('до 60 мин')
    await pause.locator('[data-reason="technical"]').click()
    await screenshot(page, 'desk-pieces-pause-ru')
    await page.getByTestId('consultant-pause-submit').click()
    await pause.waitFor({ state: 'detached' })
    await expect.poll(() => deskOf('desk-1')?.pauseReason).toBe('technical')
    await expect
      .poll(() => text(page, 'consultant-desk-status'))
      .toMatch(/^Перерыв: Технический перерыв\s*с \d\d:\d\d$/)
    // Paused: no ticket can be called from the list.
    await expect
      .poll(() => ticketRow(page, first).getByTestId('consultant-call-ticket').isDisabled())
      .toBe(true)
    await screenshot(page, 'desk-pieces-paused-ru')
    await expectNoSpill(page)
    // Twelve minutes of technical break pass (the limit is 15), then P resumes.
    ahead += 12 * 60_000
    await pressShortcut(page, 'p')
    await expect.poll(() => deskOf('desk-1')?.status).toBe('open')
    expect(deskOf('desk-1')?.pauseReason).toBeUndefined()
    expect(deskOf('desk-1')?.pausedMs).toBeGreaterThanOrEqual(12 * 60_000)
    expect(realProblems(problems)).toEqual([])
  }, 120_000)

  it('in Kazakh: issues a walk-in while a ticket is in hand, calls a particular ticket, pauses for lunch', async () => {
    const { page, problems } = await openDesk('consultant2', 'desk-2', 'kk')
    const waiting = await issue('psychiatric-certificate')
    await pressShortcut(page, 'n')
    await expect.poll(() => inHand('desk-2')?.status).toBe('called')
    const called = inHand('desk-2')!.number

    // 2. A walk-in while a ticket is in hand: it can be issued, not called here; the number to tell.
    await pressShortcut(page, 'w')
    const walkIn = page.getByTestId('consultant-walk-in-dialog')
    await walkIn.waitFor()
    expect(await page.getByTestId('consultant-walk-in-call').isDisabled()).toBe(true)
    await page.getByTestId('consultant-walk-in-issue').click()
    await page.getByTestId('consultant-walk-in-issued').waitFor()
    expect(await text(page, 'consultant-walk-in-issued')).toContain('Нөмірді азаматқа айтыңыз.')
    expect(await text(page, 'consultant-walk-in-issued')).toMatch(/Талон кезекте күтуде: алда \d\./)
    const walkInNumber = (await text(page, 'consultant-walk-in-number')).replace(' талоны', '')
    expect(ticketByNumber(walkInNumber)).toMatchObject({ status: 'waiting' })
    await screenshot(page, 'desk-pieces-walk-in-issued-kk')
    await page.getByTestId('consultant-walk-in-done').click()

    // 4. Finish with Enter: the first outcome.
    await pressShortcut(page, 's')
    await expect.poll(() => inHand('desk-2')?.status).toBe('serving')
    await pressShortcut(page, 'f')
    await page.getByTestId('consultant-finish-dialog').waitFor()
    expect(await text(page, 'consultant-finish-dialog')).toContain('Қызмет көрсетілді')
    await screenshot(page, 'desk-pieces-finish-kk')
    await page.keyboard.press('Enter')
    await expect.poll(() => ticketByNumber(called)?.outcome).toBe('served')

    // 1. Call the walk-in's ticket from the list, past the other waiting one.
    await page.locator('[data-scope="tickets"]').click()
    await expect
      .poll(() => ticketRow(page, walkInNumber).getByTestId('consultant-call-ticket').isEnabled())
      .toBe(true)
    expect(await ticketRow(page, waiting).count()).toBe(waiting === called ? 0 : 1)
    await screenshot(page, 'desk-pieces-tickets-kk')
    await ticketRow(page, walkInNumber).getByTestId('consultant-call-ticket').click()
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(walkInNumber)
    await pressShortcut(page, 'x')
    await expect.poll(() => ticketByNumber(walkInNumber)?.status).toBe('no_show')

    // 3. Pause for lunch: P, Enter takes the first reason.
    await pressShortcut(page, 'p')
    await page.getByTestId('consultant-pause-dialog').waitFor()
    await screenshot(page, 'desk-pieces-pause-kk')
    await page.keyboard.press('Enter')
    await expect.poll(() => deskOf('desk-2')?.pauseReason).toBe('lunch')
    await expect.poll(() => text(page, 'consultant-desk-status')).toContain('Үзіліс: Түскі ас')
    await screenshot(page, 'desk-pieces-paused-kk')
    await expectNoSpill(page)
    expect(realProblems(problems)).toEqual([])
  }, 120_000)

  it('shows the supervisor, in Russian, why a window is paused, the breaks of the day and the outcomes per service', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
    contexts.push(context)
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(`${hub.url}/supervisor`)
    await signInStaff(page, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!, 'ru')
    await page.getByTestId('supervisor-desks').waitFor()
    const cell = (deskId: string) => page.locator(`.desk-row[data-desk="${deskId}"] [data-cell="pause"]`)
    // Window 1 worked again after its twelve-minute technical break; window 2 is at lunch.
    await expect.poll(() => cell('desk-1').textContent()).toBe('перерывы: 12 мин')
    expect(await cell('desk-2').textContent()).toBe('Обед')
    const outcomes = (serviceId: string) =>
      page.locator(`.service-row[data-service="${serviceId}"] [data-cell="outcomes"]`).textContent()
    expect(await outcomes('real-estate-certificate')).toBe('Итоги приёма: Не хватает документов 1')
    expect(await outcomes('psychiatric-certificate')).toBe('Итоги приёма: Услуга оказана 1')
    await page.locator('.desk-row[data-desk="desk-1"]').scrollIntoViewIfNeeded()
    await screenshot(page, 'desk-pieces-supervisor-ru')
    expect(realProblems(problems)).toEqual([])
  })
})
