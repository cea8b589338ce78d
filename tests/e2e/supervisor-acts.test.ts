/**
 * Issue 16, the supervisor's acts, in a real Chromium against a real hub: the supervisor's live view
 * (1920×1080) beside a consultant's screen (1366×768). Each act is done from the supervisor's view with
 * a reason, is in the hub's state as a fact naming the supervisor, and is shown on the consultant's
 * screen: a message read there shows "read at" on the supervisor's. A notice outlives a reload of the
 * consultant's page until it is put away, and stays away after the next. Closing the window
 * (`desk:release`) returns its ticket in hand to its place in the queue and is told on the window picker.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssuedTicket } from '../../src-shared/protocol'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const LAPTOP = { width: 1366, height: 768 }
const SERVICE = 'no-criminal-record'

let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []
let supervisor: Page
let consultant: Page
const problems: string[][] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function page(viewport: { width: number; height: number }, path: string): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const opened = await context.newPage()
  problems.push(collectProblems(opened))
  await opened.goto(`${hub.url}/${path}`)
  return opened
}

const state = () => hub.hub.engine.state
const facts = () => hub.hub.engine.eventsAfter(0) ?? []
const issue = async (): Promise<IssuedTicket> =>
  expectOk(await kiosk.command('ticket:issue', { serviceId: SERVICE })).ticket

/** Opens the act dialog of a waiting ticket on the supervisor's view. */
async function actOn(number: string): Promise<void> {
  if (!(await supervisor.getByTestId('supervisor-waiting-tickets').isVisible()))
    await supervisor.getByTestId('supervisor-waiting-open').click()
  await supervisor.getByTestId('supervisor-waiting-service').selectOption(SERVICE)
  await supervisor
    .locator(`.waiting-row[data-number="${number}"] [data-testid="supervisor-waiting-act"]`)
    .click()
  await supervisor.getByTestId('supervisor-ticket-act').waitFor()
}

async function submit(reason: string): Promise<void> {
  await supervisor.getByTestId('supervisor-act-reason').fill(reason)
  await supervisor.getByTestId('supervisor-act-submit').click()
}

/** Opens the acts of window 1 on the supervisor's view and chooses one. */
async function openDeskAct(act: 'pause' | 'services' | 'message' | 'release'): Promise<void> {
  await supervisor.locator('.desk-row[data-desk="desk-1"] [data-testid="supervisor-desk-act-open"]').click()
  await supervisor.locator(`[data-testid="supervisor-desk-act"] [data-choice="${act}"] input`).check()
}

/** The act whose radio button has the focus on the supervisor's view, if any. */
const focusedChoice = () =>
  supervisor.evaluate(() => document.activeElement?.closest('[data-choice]')?.getAttribute('data-choice'))

const notice = (kind: string) =>
  consultant.locator(`[data-testid="consultant-act-notice"][data-kind="${kind}"]`)

describe("the supervisor's acts, seen on the consultant's screen", () => {
  it('opens both screens', async () => {
    consultant = await page(LAPTOP, 'consultant')
    await signInStaff(
      consultant,
      'consultant',
      'consultant1',
      hub.credentials.passwords['consultant1']!,
      'en',
    )
    await consultant.locator('.desk-card[data-desk="desk-1"]').click()
    await consultant.getByTestId('consultant-open-desk').click()
    await consultant.getByTestId('consultant-ticket').waitFor()

    supervisor = await page(DESKTOP, 'supervisor')
    await signInStaff(supervisor, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!, 'en')
    await supervisor.getByTestId('supervisor-desks').waitFor()
  }, 60_000)

  it('cancels a waiting ticket: a reason is required, and the consultant reads why', async () => {
    const first = await issue()
    const second = await issue()
    await actOn(second.number)
    // The first act has the focus; Escape leaves without acting, and the dialog opens again.
    await expect.poll(() => focusedChoice()).toBe('cancel')
    await supervisor.keyboard.press('Escape')
    await supervisor.getByTestId('supervisor-ticket-act').waitFor({ state: 'detached' })
    expect(state().tickets[second.id]?.status).toBe('waiting')
    await actOn(second.number)
    // Nothing is chosen at first: a reason and Enter do not cancel the ticket.
    const act = supervisor.getByTestId('supervisor-ticket-act')
    expect(await act.locator('[data-choice] input:checked').count()).toBe(0)
    expect(await supervisor.getByTestId('supervisor-act-submit').isDisabled()).toBe(true)
    await supervisor.getByTestId('supervisor-act-reason').fill('The citizen left the hall')
    await supervisor.getByTestId('supervisor-act-reason').press('Enter')
    expect(await supervisor.getByTestId('supervisor-act-submit').isDisabled()).toBe(true)
    expect(state().tickets[second.id]?.status).toBe('waiting')
    // Chosen, but without a reason, the button rests.
    await act.locator('[data-choice="cancel"] input').check()
    await supervisor.getByTestId('supervisor-act-reason').fill('')
    expect(await supervisor.getByTestId('supervisor-act-submit').isDisabled()).toBe(true)
    await supervisor.getByTestId('supervisor-act-reason').fill('The citizen left the hall')
    await screenshot(supervisor, 'supervisor-ticket-act')
    await submit('The citizen left the hall')
    await expect.poll(() => state().tickets[second.id]?.status).toBe('cancelled')
    expect(facts().at(-1)).toMatchObject({ type: 'ticket:cancelled', by: 'supervisor-1' })
    await notice('cancelled').waitFor()
    expect(await notice('cancelled').textContent()).toContain(
      `The supervisor cancelled ticket ${second.number}: The citizen left the hall`,
    )
    await screenshot(supervisor, 'supervisor-acts-cancelled')
    await screenshot(consultant, 'consultant-supervisor-act-cancelled')
    expect(state().tickets[first.id]?.status).toBe('waiting')
  }, 60_000)

  it('keeps the notice over a reload until the consultant puts it away, and away after the next', async () => {
    const actsAnswer = () =>
      consultant.waitForResponse((response) => new URL(response.url()).pathname === '/api/desk-acts')
    // The page forgets the facts it saw: the notice comes back from the hub's acts of the day.
    let answered = actsAnswer()
    await consultant.reload()
    expect((await (await answered).json()).acts).toEqual([
      expect.objectContaining({ kind: 'cancelled', by: 'supervisor-1', reason: 'The citizen left the hall' }),
    ])
    await notice('cancelled').waitFor()
    expect(await notice('cancelled').textContent()).toContain('The citizen left the hall')
    await screenshot(consultant, 'consultant-supervisor-act-after-reload')
    await notice('cancelled').getByTestId('consultant-act-dismiss').click()
    await notice('cancelled').waitFor({ state: 'detached' })

    // Put away, it stays away: the hub still tells the act, the page remembers it was seen.
    answered = actsAnswer()
    await consultant.reload()
    expect((await (await answered).json()).acts).toHaveLength(1)
    await consultant.getByTestId('consultant-ticket').waitFor()
    await consultant.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
    expect(await notice('cancelled').count()).toBe(0)
    await screenshot(consultant, 'consultant-supervisor-act-dismissed-after-reload')
  }, 60_000)

  it('transfers a ticket to another service, and moves another to the front', async () => {
    const [moved, later] = [await issue(), await issue()]
    await actOn(moved.number)
    await supervisor.locator('[data-choice="transfer"] input').check()
    await supervisor.getByTestId('supervisor-ticket-act-service').selectOption('pension-contributions')
    await submit('Came for the pension statement')
    await expect.poll(() => state().tickets[moved.id]?.serviceId).toBe('pension-contributions')
    await notice('transferred').waitFor()
    expect(await notice('transferred').textContent()).toContain('Came for the pension statement')

    await actOn(later.number)
    await supervisor.locator('[data-choice="front"] input').check()
    await submit('Unwell, should not wait')
    await expect.poll(() => state().queues[SERVICE]?.[0]).toBe(later.id)
    await notice('prioritised').waitFor()
  }, 60_000)

  it("sends a message to the consultant's screen and sees it read", async () => {
    await supervisor.getByTestId('supervisor-waiting-close').click()
    const row = supervisor.locator('.desk-acts-row[data-desk="desk-1"]')
    await supervisor.locator('.desk-row[data-desk="desk-1"] [data-testid="supervisor-desk-act-open"]').click()
    // The window's dialog puts the focus in its text: the reason of the act chosen first (a pause).
    await expect
      .poll(() => supervisor.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('supervisor-act-reason')
    await supervisor.locator('[data-testid="supervisor-desk-act"] [data-choice="message"] input').check()
    await supervisor.getByTestId('supervisor-message-text').fill('Please take window 4 after lunch')
    await screenshot(supervisor, 'supervisor-desk-act-message')
    await supervisor.getByTestId('supervisor-act-submit').click()
    const message = consultant.getByTestId('consultant-message')
    await message.waitFor()
    expect(await message.textContent()).toContain('Please take window 4 after lunch')
    await expect
      .poll(() => row.getByTestId('supervisor-message-state').getAttribute('data-read'))
      .toBe('false')
    await screenshot(consultant, 'consultant-supervisor-message')
    await consultant.getByTestId('consultant-message-read').click()
    await message.waitFor({ state: 'detached' })
    await expect
      .poll(() => row.getByTestId('supervisor-message-state').getAttribute('data-read'))
      .toBe('true')
    expect(await row.getByTestId('supervisor-message-state').textContent()).toMatch(/Read at \d\d:\d\d/)
    await screenshot(supervisor, 'supervisor-message-read')
  }, 60_000)

  it("pauses the consultant's window and changes its services", async () => {
    await openDeskAct('pause')
    await submit('Break due')
    await expect.poll(() => state().desks['desk-1']?.status).toBe('paused')
    await notice('paused').waitFor()
    expect(await notice('paused').textContent()).toContain('The supervisor paused your window: Break due')

    await openDeskAct('services')
    await supervisor
      .locator('[data-testid="supervisor-desk-act"] [data-service="old-age-pension"] input')
      .check()
    await submit('Pension queue is long')
    await expect.poll(() => state().desks['desk-1']?.serviceIds).toContain('old-age-pension')
    expect(state().desks['desk-1']).toMatchObject({ status: 'open', staffId: 'consultant-1' })
    await notice('restaffed').waitFor()
  }, 60_000)

  let called: IssuedTicket
  let behind: IssuedTicket
  it('calls a particular ticket to the consultant’s window', async () => {
    const ticket = await issue()
    await actOn(ticket.number)
    await supervisor.locator('[data-choice="call"] input').check()
    // The one open, free window that serves it is chosen already.
    expect(await supervisor.getByTestId('supervisor-ticket-act-window').inputValue()).toBe('desk-1')
    await screenshot(supervisor, 'supervisor-ticket-act-call')
    await submit('Booked by phone with the head of the centre')
    await expect.poll(() => state().desks['desk-1']?.ticketId).toBe(ticket.id)
    expect(facts().at(-1)).toMatchObject({
      type: 'ticket:called',
      staffId: 'consultant-1',
      by: 'supervisor-1',
    })
    await expect
      .poll(() => consultant.getByTestId('consultant-ticket').textContent())
      .toContain(ticket.number)
    await notice('called').waitFor()
    await screenshot(consultant, 'consultant-supervisor-act-called')
    called = ticket

    // With that window busy, the dialog says why nothing can take the next one.
    const next = await issue()
    behind = next
    await actOn(next.number)
    await supervisor.locator('[data-choice="call"] input').check()
    expect(await supervisor.getByTestId('supervisor-ticket-act-no-window').textContent()).toContain(
      'Every open window that serves this service has a ticket in hand',
    )
    await supervisor.getByTestId('supervisor-act-reason').fill('Booked by phone')
    expect(await supervisor.getByTestId('supervisor-act-submit').isDisabled()).toBe(true)
    await supervisor.keyboard.press('Escape')
    await supervisor.getByTestId('supervisor-ticket-act').waitFor({ state: 'detached' })
  }, 60_000)

  it("closes the consultant's window: a reason is required, and the ticket in hand waits again at its place", async () => {
    const rank = state().tickets[called.id]!.rank
    await openDeskAct('release')
    // The dialog says what becomes of the ticket in hand before anything is done.
    expect(await supervisor.getByTestId('supervisor-release-note').textContent()).toContain(
      `${called.number} goes back to the queue at its place`,
    )
    expect(await supervisor.getByTestId('supervisor-act-submit').isDisabled()).toBe(true)
    await supervisor.getByTestId('supervisor-act-reason').fill('   ')
    expect(await supervisor.getByTestId('supervisor-act-submit').isDisabled()).toBe(true)
    expect(state().desks['desk-1']?.status).toBe('open')
    await supervisor.getByTestId('supervisor-act-reason').fill('The consultant went home ill')
    await screenshot(supervisor, 'supervisor-desk-act-release')
    await supervisor.getByTestId('supervisor-act-submit').click()
    await expect.poll(() => state().desks['desk-1']?.status).toBe('closed')

    // Both facts name the supervisor and the reason; the ticket waits with its own rank, ahead of the
    // one issued after it, so the next call of the service takes it first.
    expect(facts().slice(-2)).toMatchObject([
      {
        type: 'ticket:postponed',
        ticketId: called.id,
        rank,
        by: 'supervisor-1',
        reason: 'The consultant went home ill',
      },
      { type: 'desk:closed', deskId: 'desk-1', by: 'supervisor-1', reason: 'The consultant went home ill' },
    ])
    expect(state().tickets[called.id]).toMatchObject({ status: 'waiting', rank })
    const line = state().queues[SERVICE] ?? []
    expect(line.indexOf(called.id)).toBeGreaterThanOrEqual(0)
    expect(line.indexOf(called.id)).toBeLessThan(line.indexOf(behind.id))
    const ahead = line.slice(0, line.indexOf(called.id)).map((id) => state().tickets[id]!.rank)
    expect(ahead.every((r) => r < rank)).toBe(true)

    // The supervisor's view shows the window closed and the ticket waiting again.
    await expect
      .poll(() => supervisor.locator('.desk-row[data-desk="desk-1"]').getAttribute('data-status'))
      .toBe('closed')

    // The consultant is back at the window picker, told who closed it and why.
    await consultant.getByTestId('consultant-ticket').waitFor({ state: 'detached' })
    await notice('released').waitFor()
    expect(await notice('released').textContent()).toContain(
      'The supervisor closed your window 1: The consultant went home ill',
    )
    await screenshot(consultant, 'consultant-supervisor-act-released')

    // After a reload, without a window, the hub still tells it, until it is put away.
    const answered = consultant.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/desk-acts',
    )
    await consultant.reload()
    expect((await (await answered).json()).acts).toEqual([
      expect.objectContaining({
        kind: 'released',
        by: 'supervisor-1',
        staffId: 'consultant-1',
        deskId: 'desk-1',
      }),
    ])
    await notice('released').waitFor()
    await screenshot(consultant, 'consultant-supervisor-act-released-after-reload')
    await notice('released').getByTestId('consultant-act-dismiss').click()
    await notice('released').waitFor({ state: 'detached' })
    await screenshot(supervisor, 'supervisor-desk-released')
    for (const list of problems)
      expect(list.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])
  }, 60_000)
})
