/**
 * Issue 15, item 3, in a real Chromium against a real hub: tickets wait for a service that no open
 * window serves. The consultant's face flags the queue and the consultant takes it on at their window;
 * the supervisor's face flags another and opens a window for it: a consultant's open window given the
 * service, and a closed window opened for a free consultant. The hub records the supervisor as `by`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../src-shared/domain'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

let hub: TestHub
let browser: Browser
let kiosk: TestClient
let watcher: TestClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  watcher = await hub.deviceClient('display-1')
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openFace(
  path: 'consultant' | 'supervisor',
  login: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/${path}`)
  await page.getByTestId(`${path}-login`).fill(login)
  await page.getByTestId(`${path}-password`).fill(hub.credentials.passwords[login]!)
  await page.getByTestId(`${path}-sign-in-submit`).click()
  return { page, problems }
}

const issue = async (serviceId: string) => expectOk(await kiosk.command('ticket:issue', { serviceId })).ticket
const desk = (deskId: string) => hub.hub.engine.state.desks[deskId]
const flagged = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .locator('li')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-service')))
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))

describe('queues nobody will serve', () => {
  it('are flagged to the consultant, who takes one on at their window', async () => {
    const { page, problems } = await openFace('consultant', 'consultant1', { width: 1366, height: 768 })
    await page.locator('.desk-card[data-desk="desk-1"]').click()
    await page.getByTestId('consultant-open-desk').click()
    await page.getByTestId('consultant-ticket').waitFor()
    // Window 1 serves certificates; nobody serves the ID card now.
    expect(await page.getByTestId('consultant-unserved').count()).toBe(0)
    const ticket = await issue('id-card-passport')
    await expect.poll(() => flagged(page, 'consultant-unserved')).toEqual(['id-card-passport'])
    expect(await page.getByTestId('consultant-unserved').locator('h2').textContent()).toBe(
      'Бұл талондарды ешкім шақырмайды: оларға ашық терезе қызмет көрсетпейді',
    )
    await screenshot(page, 'consultant-unserved-kk')

    await page.getByTestId('consultant-serve-here').click()
    await expect.poll(() => desk('desk-1')?.serviceIds.includes('id-card-passport')).toBe(true)
    expect(desk('desk-1')!.staffId).toBe('consultant-1')
    await page.getByTestId('consultant-unserved').waitFor({ state: 'detached' })
    // And the ticket is now one that window 1 calls.
    await page.locator('[data-action="call-next"]').click()
    await expect.poll(() => desk('desk-1')?.ticketId).toBe(ticket.id)
    expect(realProblems(problems)).toEqual([])
  }, 60_000)

  it('are flagged to the supervisor, who opens a window for each', async () => {
    const pension = await issue('old-age-pension')
    const kindergarten = await issue('kindergarten-queue')
    const { page, problems } = await openFace('supervisor', 'supervisor', { width: 1920, height: 1080 })
    await page.locator('[data-language="ru"]').click()
    await expect
      .poll(() => flagged(page, 'supervisor-unserved'))
      .toEqual(['old-age-pension', 'kindergarten-queue'])
    await screenshot(page, 'supervisor-unserved-ru')

    // Pensions: window 1, open for Aigerim, takes the service on; she stays at it.
    const rows = page.getByTestId('supervisor-unserved').locator('li')
    await rows.nth(0).getByTestId('supervisor-unserved-open').click()
    const dialog = page.getByTestId('supervisor-open-window')
    await dialog.waitFor()
    expect(await dialog.locator('.dialog-window[data-desk="desk-1"]').textContent()).toContain(
      'Окно 1 · Айгерім',
    )
    await dialog.locator('.dialog-window[data-desk="desk-1"]').click()
    // Window 1 has the ID card in hand from the first test: the hub gives it the service all the same.
    await dialog.getByTestId('supervisor-open-window-submit').click()
    await dialog.waitFor({ state: 'detached' })
    expect(desk('desk-1')).toMatchObject({ status: 'open', staffId: 'consultant-1' })
    expect(desk('desk-1')!.serviceIds).toContain('old-age-pension')
    expect((await page.getByTestId('supervisor-unserved-done').textContent())!.trim()).toBe(
      'Окно 1 теперь обслуживает «Назначение пенсии».',
    )

    // Kindergarten: window 5 is closed; the supervisor opens it for a free consultant.
    await expect.poll(() => flagged(page, 'supervisor-unserved')).toEqual(['kindergarten-queue'])
    await page.getByTestId('supervisor-unserved-open').click()
    await dialog.locator('.dialog-window[data-desk="desk-5"]').click()
    const staff = dialog.getByTestId('supervisor-open-window-staff')
    const choices = await staff
      .locator('option:not([disabled])')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))
    // Aigerim is at window 1: only those free are offered.
    expect(choices).not.toContain('consultant-1')
    expect(choices).toContain('consultant-2')
    await staff.selectOption('consultant-2')
    await screenshot(page, 'supervisor-open-window-ru')
    await dialog.getByTestId('supervisor-open-window-submit').click()
    await dialog.waitFor({ state: 'detached' })
    expect(desk('desk-5')).toMatchObject({ status: 'open', staffId: 'consultant-2' })
    expect(desk('desk-5')!.serviceIds).toContain('kindergarten-queue')
    await page.getByTestId('supervisor-unserved').waitFor({ state: 'detached' })

    // The log names the supervisor as the one who opened them.
    const opened = watcher
      .facts()
      .filter((f): f is EventEnvelope & { type: 'desk:opened' } => f.type === 'desk:opened')
      .map((f) => [f.deskId, f.staffId, f.by])
    expect(opened).toContainEqual(['desk-1', 'consultant-1', 'supervisor-1'])
    expect(opened).toContainEqual(['desk-5', 'consultant-2', 'supervisor-1'])
    expect([pension.id, kindergarten.id].map((id) => hub.hub.engine.state.tickets[id]!.status)).toEqual([
      'waiting',
      'waiting',
    ])
    expect(realProblems(problems)).toEqual([])
  }, 60_000)
})
