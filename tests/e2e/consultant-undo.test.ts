/**
 * Issue 15, item 4, in a real Chromium against a real hub: a no-show is shown as a warning, not a green
 * success, and a no-show or a postpone (one key each, X and D) can be undone for 10 seconds from the
 * notice: the ticket is in hand at the window again, in the hub's state and on screen. After the 10
 * seconds the offer is gone and the hub refuses the undo with `undo_expired`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IssuedTicket } from '../../src-shared/protocol'
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
let browser: Browser
let kiosk: TestClient
let context: BrowserContext

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
}, 240_000)

afterAll(async () => {
  await context?.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

const inHandAtDesk1 = () => {
  const id = hub.hub.engine.state.desks['desk-1']?.ticketId
  return id ? hub.hub.engine.state.tickets[id] : undefined
}
const press = pressShortcut
const notice = (page: Page) => page.getByTestId('consultant-notice')
const undoButton = (page: Page) => page.getByTestId('consultant-undo')
/** The notice's left border, the colour that tells a success from a warning at a glance. */
const noticeEdge = (page: Page) =>
  notice(page).evaluate((element) => getComputedStyle(element).borderLeftColor)

describe('no-show and postpone at the window', () => {
  it('shows a no-show as a warning and undoes it, and a postpone, within 10 seconds', async () => {
    const issued: IssuedTicket[] = []
    for (let n = 0; n < 3; n++)
      issued.push(expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket)

    context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
    const page = await context.newPage()
    const problems = collectProblems(page)
    await page.goto(`${hub.url}/consultant`)
    await signInStaff(page, 'consultant', 'consultant1', hub.credentials.passwords['consultant1']!, 'ru')
    await page.locator('.desk-card[data-desk="desk-1"]').click()
    await page.getByTestId('consultant-open-desk').click()
    await page.getByTestId('consultant-ticket').waitFor()

    // Call the first visitor; they do not come: X.
    await press(page, 'n')
    await expect.poll(() => inHandAtDesk1()?.number).toBe(issued[0]!.number)
    await press(page, 'x')
    await notice(page).waitFor()
    expect(await notice(page).getAttribute('data-kind')).toBe('noShow')
    expect(await notice(page).getAttribute('data-tone')).toBe('warn')
    // Amber (--c-warn), not the green of a finished ticket.
    expect(await noticeEdge(page)).toBe('rgb(138, 83, 0)')
    await expect.poll(() => hub.hub.engine.state.tickets[issued[0]!.id]?.status).toBe('no_show')
    expect(await undoButton(page).textContent()).toMatch(/^\s*Отменить \((10|9|8|7|6|5) с\)\s*$/)
    await screenshot(page, 'consultant-no-show-undo-ru')

    // The visitor turns up after all: Undo puts the ticket back in hand, as it was.
    await undoButton(page).click()
    await expect.poll(() => inHandAtDesk1()?.id).toBe(issued[0]!.id)
    expect(hub.hub.engine.state.tickets[issued[0]!.id]).toMatchObject({ status: 'called', deskId: 'desk-1' })
    await expect.poll(() => notice(page).getAttribute('data-kind')).toBe('undo')
    expect((await notice(page).textContent())!.trim()).toBe(`Талон ${issued[0]!.number} снова у вашего окна.`)
    expect(await undoButton(page).count()).toBe(0)
    expect(await page.getByTestId('consultant-ticket').textContent()).toContain(issued[0]!.number)

    // D postpones the ticket in hand: not a warning, and undone the same way.
    await press(page, 'd')
    await expect.poll(() => notice(page).getAttribute('data-kind')).toBe('postpone')
    expect(await notice(page).getAttribute('data-tone')).toBe('info')
    await expect.poll(() => hub.hub.engine.state.tickets[issued[0]!.id]?.status).toBe('waiting')
    await undoButton(page).click()
    await expect.poll(() => inHandAtDesk1()?.id).toBe(issued[0]!.id)
    expect(hub.hub.engine.state.queues['no-criminal-record']).not.toContain(issued[0]!.id)

    // Postponed again and left alone: after 10 seconds the offer is gone, and the hub would refuse it.
    await press(page, 'd')
    await undoButton(page).waitFor()
    await expect.poll(() => undoButton(page).count(), { timeout: 15_000 }).toBe(0)
    const colleague = await hub.staffClient('consultant1')
    const late = await colleague.command('ticket:undo', { ticketId: issued[0]!.id })
    expect(late).toMatchObject({ ok: false, error: { code: 'undo_expired' } })
    expect(hub.hub.engine.state.tickets[issued[0]!.id]!.status).toBe('waiting')
    expect(problems.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])
  }, 90_000)
})
