/**
 * The consultant's dashboard in a real Chromium against a real hub: consultant1 signs in, opens window 1,
 * a kiosk issues tickets, and the consultant calls, serves, finishes, marks a no-show, transfers with a
 * note, pauses and resumes, with keyboard shortcuts and buttons. Every step is checked on screen and in
 * the hub's own state.
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
const DESKTOP = { width: 1920, height: 1080 }

let rendererDir: string
let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openDashboard(base: string, viewport = LAPTOP): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${base}/consultant`)
  await page.getByTestId('consultant-sign-in').waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return { page, problems }
}

async function issue(serviceId: string, categoryId: string | null = null): Promise<string> {
  const ack = expectOk(await kiosk.command('ticket:issue', { serviceId, categoryId }))
  return ack.ticket.number
}

const deskOf = (deskId: string) => hub.hub.engine.state.desks[deskId]
const ticketByNumber = (number: string): Ticket | undefined =>
  Object.values(hub.hub.engine.state.tickets).find((t) => t.number === number)
const inHand = (deskId: string): Ticket | undefined => {
  const id = deskOf(deskId)?.ticketId
  return id ? hub.hub.engine.state.tickets[id] : undefined
}
/**
 * Console errors other than zod's probe for `new Function` (it runs when src-shared/config loads, and a
 * strict CSP refuses it, as it should; every face shows it, see the report), and the 401 of a wrong password.
 */
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set") && !p.includes('401'))
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim()
/** Waits until the dashboard has the ack of its last action (one action at a time, as a consultant works). */
const settled = (page: Page) => page.locator('.actions[aria-busy="false"]').waitFor()
const press = pressShortcut
/** A button, clicked once the last action is acknowledged. */
const act = async (page: Page, action: string) => {
  await settled(page)
  await page.locator(`[data-action="${action}"]`).click()
}
const waitingCell = (page: Page, serviceId: string) =>
  page.locator(`.queue-row[data-service="${serviceId}"] [data-testid="consultant-waiting"]`)

describe('consultant dashboard (1366×768)', () => {
  it('signs in, opens window 1 and works through tickets issued at the kiosk', async () => {
    const password = hub.credentials.passwords['consultant1']!
    // Consultant 2 already works at window 2: the picker must show it as taken.
    const colleague = await hub.staffClient('consultant2')
    expectOk(await colleague.command('desk:open', { deskId: 'desk-2' }))

    const { page, problems } = await openDashboard(hub.url)
    // Kazakh by default.
    expect(await page.locator('.sign-in-title').textContent()).toBe('Қызметкердің кіруі')
    expect(await page.getAttribute('[data-language="kk"]', 'aria-pressed')).toBe('true')
    await screenshot(page, 'consultant-sign-in-kk')

    // A wrong password, in Russian.
    await page.locator('[data-language="ru"]').click()
    await signInStaff(page, 'consultant', 'consultant1', 'not-the-password')
    const error = page.getByTestId('consultant-sign-in-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('unauthenticated')
    expect((await error.textContent())!.trim()).toBe('Неверный логин или пароль.')
    await screenshot(page, 'consultant-sign-in-error-ru')

    await signInStaff(page, 'consultant', 'consultant1', password)
    await page.locator('.desk-card').first().waitFor()
    expect(await text(page, 'consultant-staff')).toBe('Айгерім Сейітова')
    const taken = page.locator('.desk-card[data-desk="desk-2"]')
    expect(await taken.getAttribute('data-occupancy')).toBe('taken')
    expect(await taken.isDisabled()).toBe(true)

    // Window 1 with its configured services ticked.
    await page.locator('.desk-card[data-desk="desk-1"]').click()
    const services = page.getByTestId('consultant-services')
    await services.waitFor()
    const ticked = await services
      .locator('input[type="checkbox"]:checked')
      .evaluateAll((inputs) => inputs.map((input) => input.getAttribute('data-service')))
    expect(ticked).toEqual(hub.config.desks.find((d) => d.id === 'desk-1')!.serviceIds)
    // ...and one more: digital signatures, for this test's transfer to come back to a served service.
    await services.locator('input[data-service="digital-signature"]').check()
    await screenshot(page, 'consultant-desk-picker-ru')
    await page.getByTestId('consultant-open-desk').click()

    await page.getByTestId('consultant-ticket').waitFor()
    expect(deskOf('desk-1')).toMatchObject({ status: 'open', staffId: 'consultant-1' })
    expect(deskOf('desk-1')!.serviceIds).toContain('digital-signature')
    expect(await text(page, 'consultant-header-desk')).toBe('Окно 1')
    // Nobody waits yet: Call next is off.
    expect(await page.locator('[data-action="call-next"]').isDisabled()).toBe(true)

    // The kiosk issues tickets; the dashboard shows the queue live.
    const first = await issue('no-criminal-record')
    const second = await issue('no-criminal-record', 'elderly-70')
    const third = await issue('pension-contributions')
    await expect.poll(() => waitingCell(page, 'no-criminal-record').textContent()).toBe('2')
    expect(await waitingCell(page, 'pension-contributions').textContent()).toBe('1')
    expect(await text(page, 'consultant-waiting-total')).toBe('3')
    expect(
      await page.locator('.queue-row[data-service="no-criminal-record"] .queue-priority').textContent(),
    ).toContain('1')
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)
    await screenshot(page, 'consultant-work-idle-ru')

    // Call next (button): the priority visitor first, as the hub decides.
    await act(page, 'call-next')
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(second)
    expect(inHand('desk-1')).toMatchObject({ number: second, status: 'called' })
    expect(await text(page, 'consultant-ticket-category')).toContain('Граждане старше 70 лет')
    expect(await page.locator('[data-action="finish"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-action="call-next"]').isDisabled()).toBe(true)
    expect(await page.locator('[data-action="start"]').getAttribute('data-expected')).toBe('true')
    await expect.poll(() => waitingCell(page, 'no-criminal-record').textContent()).toBe('1')
    await screenshot(page, 'consultant-work-called-ru')

    // Recall (R), then Start (S) with the keyboard.
    await press(page, 'r')
    await expect.poll(() => inHand('desk-1')?.recalls).toBe(1)
    await press(page, 's')
    await expect.poll(() => inHand('desk-1')?.status).toBe('serving')
    await expect.poll(() => text(page, 'consultant-ticket-status')).toBe('Обслуживается')
    // The elapsed time ticks.
    const elapsedBefore = await text(page, 'consultant-elapsed')
    await expect.poll(() => text(page, 'consultant-elapsed'), { timeout: 4_000 }).not.toBe(elapsedBefore)
    await screenshot(page, 'consultant-work-serving-ru')

    // Finish (F): it asks for the outcome, the first ("served") chosen, so Enter finishes.
    await press(page, 'f')
    await page.getByTestId('consultant-finish-dialog').waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => ticketByNumber(second)?.status).toBe('done')
    expect(ticketByNumber(second)?.outcome).toBe('served')
    await expect.poll(() => text(page, 'consultant-notice')).toBe(`Талон ${second} завершён.`)
    expect(deskOf('desk-1')!.ticketId).toBeNull()

    // Call next (Space), then no-show (X).
    await press(page, 'Space')
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(first)
    await press(page, 'x')
    await expect.poll(() => ticketByNumber(first)?.status).toBe('no_show')
    await expect.poll(() => page.getByTestId('consultant-ticket-number').count()).toBe(0)

    // Call next (N), then transfer to digital signatures with a note.
    await press(page, 'n')
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(third)
    await press(page, 't')
    const dialog = page.getByTestId('consultant-transfer-dialog')
    await dialog.waitFor()
    // Typing in the note never triggers shortcuts (n, s, f, x...).
    await page.getByTestId('consultant-transfer-service').selectOption('digital-signature')
    await page.getByTestId('consultant-transfer-note').fill('Нужна ЭЦП: справка готова, паспорт проверен')
    expect(inHand('desk-1')).toMatchObject({ number: third, status: 'called' })
    await screenshot(page, 'consultant-transfer-dialog-ru')
    await page.getByTestId('consultant-transfer-submit').click()
    await dialog.waitFor({ state: 'detached' })
    const transferred = ticketByNumber(third)!
    expect(transferred).toMatchObject({
      status: 'waiting',
      serviceId: 'digital-signature',
      note: 'Нужна ЭЦП: справка готова, паспорт проверен',
      transfers: 1,
    })
    expect(hub.hub.engine.state.queues['digital-signature']).toContain(transferred.id)
    await expect.poll(() => waitingCell(page, 'digital-signature').textContent()).toBe('1')
    expect(await text(page, 'consultant-notice')).toContain(third)

    // It reappears as waiting and the next call brings it back, with its note.
    await press(page, 'n')
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(third)
    expect(await text(page, 'consultant-ticket-note')).toContain('Нужна ЭЦП')
    await press(page, 's')
    await expect.poll(() => inHand('desk-1')?.status).toBe('serving')
    await act(page, 'finish')
    // This time another outcome, by a click.
    await page.locator('[data-testid="consultant-finish-dialog"] [data-outcome="consulted"]').click()
    await page.getByTestId('consultant-finish-submit').click()
    await expect.poll(() => text(page, 'consultant-notice')).toBe(`Талон ${third} завершён.`)
    expect(ticketByNumber(third)?.outcome).toBe('consulted')
    expect(ticketByNumber(third)?.status).toBe('done')

    // Pause (P): it asks for the reason, the first ("lunch") chosen, so Enter pauses; resume (button).
    await press(page, 'p')
    await page.getByTestId('consultant-pause-dialog').waitFor()
    await page.keyboard.press('Enter')
    await expect.poll(() => deskOf('desk-1')?.status).toBe('paused')
    expect(deskOf('desk-1')?.pauseReason).toBe('lunch')
    await expect.poll(() => text(page, 'consultant-desk-status')).toContain('Перерыв: Обед')
    expect(await page.locator('[data-action="call-next"]').isDisabled()).toBe(true)
    await issue('psychiatric-certificate')
    await expect.poll(() => text(page, 'consultant-waiting-total')).toBe('1')
    expect(await page.locator('[data-action="call-next"]').isDisabled()).toBe(true)
    await screenshot(page, 'consultant-work-paused-ru')
    await act(page, 'resume')
    await expect.poll(() => deskOf('desk-1')?.status).toBe('open')
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)

    // Nothing spills out of the laptop screen.
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }))
    expect(overflow.x).toBeLessThanOrEqual(0)
    expect(overflow.y).toBeLessThanOrEqual(0)
    // The failed sign-in is the only request that answered with an error.
    expect(realProblems(problems)).toEqual([])
    colleague.close()
    // A whole working shift of steps and twelve screenshots: on a loaded 2-core CI machine it ran past 30 s
    // (CI of stop 18). Every step inside still waits for its condition; this is only the budget of the lot.
  }, 120_000)

  it('shows the hub refusing a command, translated, and changes nothing', async () => {
    const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
    contexts.push(context)
    const page = await context.newPage()
    // Between the hub and the page: facts can be held back, as when they are still on their way.
    let holdFacts = false
    const held: string[] = []
    let release: () => void = () => undefined
    await page.routeWebSocket(/\/socket\.io\//, (ws) => {
      const server = ws.connectToServer()
      ws.onMessage((message) => server.send(message))
      server.onMessage((message) => {
        if (holdFacts && typeof message === 'string' && message.startsWith('42["ticket:')) held.push(message)
        else ws.send(message)
      })
      release = () => {
        holdFacts = false
        for (const message of held.splice(0)) ws.send(message)
      }
    })
    await page.goto(`${hub.url}/consultant`)
    await signInStaff(page, 'consultant', 'consultant3', hub.credentials.passwords['consultant3']!)
    await page.locator('.desk-card[data-desk="desk-3"]').click()
    await page.getByTestId('consultant-open-desk').click()
    await page.getByTestId('consultant-ticket').waitFor()
    const number = await issue('id-card-passport')
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)

    // Window 4 calls the only ticket; this screen has not heard of it yet when Call next is pressed.
    holdFacts = true
    const other = await hub.staffClient('consultant2')
    expectOk(await other.command('desk:open', { deskId: 'desk-4' }))
    const called = expectOk(await other.command('ticket:call-next', { deskId: 'desk-4' }))
    expect(called.ticket.number).toBe(number)
    await act(page, 'call-next')

    const error = page.getByTestId('consultant-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('queue_empty')
    expect(await error.textContent()).toContain('«Келесіні шақыру» орындалмады')
    expect(await error.textContent()).toContain('Кезекте ешкім жоқ.')
    // No ticket appeared that the hub did not give this desk.
    expect(await page.getByTestId('consultant-ticket-number').count()).toBe(0)
    expect(deskOf('desk-3')!.ticketId).toBeNull()
    await screenshot(page, 'consultant-refused-kk')

    // The error follows the language switch.
    await page.locator('[data-language="ru"]').click()
    expect(await error.textContent()).toContain('В очереди никого нет.')

    release()
    await expect.poll(() => text(page, 'consultant-waiting-total')).toBe('0')
    expect(await page.locator('[data-action="call-next"]').isDisabled()).toBe(true)
    expectOk(await other.command('ticket:no-show', { ticketId: called.ticket.id }))
    other.close()
  })

  it('tells the consultant when sign-in is locked after too many failures', async () => {
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${hub.url}/api/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: 'registrar', password: `wrong-${i}` }),
      })
      expect(response.status).toBe(401)
    }
    const { page } = await openDashboard(hub.url)
    await page.locator('[data-language="en"]').click()
    await signInStaff(page, 'consultant', 'registrar', hub.credentials.passwords['registrar']!)
    const error = page.getByTestId('consultant-sign-in-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('rate_limited')
    expect((await error.textContent())!.trim()).toBe('Too many failed attempts. Try again in 15 min.')
    await screenshot(page, 'consultant-sign-in-locked-en')
  })
})

describe('consultant dashboard (1920×1080)', () => {
  it('comes back to the open window after signing in again, in Kazakh', async () => {
    // Window 1 is still open for consultant 1 from the first test, with a ticket waiting.
    expect(deskOf('desk-1')).toMatchObject({ status: 'open', staffId: 'consultant-1' })
    const { page, problems } = await openDashboard(hub.url, DESKTOP)
    await signInStaff(page, 'consultant', 'consultant1', hub.credentials.passwords['consultant1']!)
    await page.getByTestId('consultant-ticket').waitFor()
    expect(await text(page, 'consultant-header-desk')).toBe('1-терезе')
    await issue('real-estate-certificate', 'disability')
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)
    await act(page, 'call-next')
    await page.getByTestId('consultant-ticket-number').waitFor()
    expect(inHand('desk-1')?.status).toBe('called')
    await page.locator('.scope [data-scope="all"]').click()
    await screenshot(page, 'consultant-work-called-1920-kk')
    const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(realProblems(problems)).toEqual([])
  })
})

describe('consultant dashboard when the link or the session ends', () => {
  it('turns every action off with a note while the hub is unreachable', async () => {
    const own = await startTestHub({ hubOptions: { rendererDir } })
    try {
      const { page } = await openDashboard(own.url)
      await signInStaff(page, 'consultant', 'consultant1', own.credentials.passwords['consultant1']!)
      await page.locator('.desk-card[data-desk="desk-5"]').click()
      await page.getByTestId('consultant-open-desk').click()
      await page.getByTestId('consultant-ticket').waitFor()
      const device = await own.deviceClient('kiosk-1')
      expectOk(await device.command('ticket:issue', { serviceId: 'old-age-pension' }))
      await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)

      await own.close()
      await page.locator('.connection-badge[data-state="offline"]').waitFor({ timeout: 15_000 })
      const note = page.getByTestId('consultant-offline')
      await note.waitFor()
      expect((await note.textContent())!.trim()).toBe(
        'Хабпен байланыс жоқ. Байланыс қалпына келгенше әрекеттер қолжетімсіз.',
      )
      const enabled = await page
        .locator('[data-action]')
        .evaluateAll((buttons) =>
          buttons.filter((b) => !(b as HTMLButtonElement).disabled).map((b) => b.getAttribute('data-action')),
        )
      expect(enabled).toEqual([])
      await screenshot(page, 'consultant-offline-kk')
    } finally {
      await own.close().catch(() => undefined)
    }
  })

  it('goes back to sign-in with a message when the session expires', async () => {
    const own = await startTestHub({
      hubOptions: { rendererDir, sessionTtlMs: 4_000, housekeepingIntervalMs: 250 },
    })
    try {
      const { page } = await openDashboard(own.url)
      await signInStaff(page, 'consultant', 'consultant1', own.credentials.passwords['consultant1']!)
      await page.locator('.desk-card').first().waitFor()
      const notice = page.getByTestId('consultant-sign-in-notice')
      await notice.waitFor({ timeout: 10_000 })
      expect(await notice.getAttribute('data-notice')).toBe('expired')
      expect((await notice.textContent())!.trim()).toBe('Сеанс мерзімі аяқталды. Қайта кіріңіз.')
      expect(await page.evaluate(() => sessionStorage.getItem('kezek.session'))).toBeNull()
      await screenshot(page, 'consultant-session-expired-kk')
    } finally {
      await own.close()
    }
  })
})
