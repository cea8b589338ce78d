/**
 * Issue 15, item 5, in a real Chromium: the hub stops. The hall display dims its calls under a large
 * "connection lost" strip in Kazakh and Russian, and the consultant's actions are all off, saying why,
 * with the ticket and queue dimmed. When the hub starts again on the same port and data folder both faces
 * recover by themselves: the strip goes, the calls are bright and current, the actions work again.
 */
import { cpSync, rmSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  expectOk,
  makeTempDir,
  removeDataDir,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

let rendererDir: string
let dataDir: string
let hub: TestHub
let port: number
let browser: Browser
const contexts: BrowserContext[] = []

const startHub = () => startTestHub({ dataDir, ...(port ? { port } : {}), hubOptions: { rendererDir } })

beforeAll(async () => {
  // A private copy of the build: a rebuild of out/renderer meanwhile must not pull the assets from
  // under pages that stay open across the hub's restart.
  rendererDir = makeTempDir('kezek-hub-gone-renderer-')
  cpSync(await buildRendererOnce(), rendererDir, { recursive: true })
  dataDir = makeTempDir('kezek-hub-gone-')
  hub = await startHub()
  port = Number(new URL(hub.url).port)
  browser = await launchChromium(['--autoplay-policy=no-user-gesture-required'])
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
  removeDataDir(dataDir)
  rmSync(rendererDir, { recursive: true, force: true })
})

async function newPage(viewport: {
  width: number
  height: number
}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  return { page, problems: collectProblems(page) }
}

const opacity = (page: Page, selector: string) =>
  page.locator(selector).evaluate((element) => Number(getComputedStyle(element).opacity))
const newestOnBoard = async (display: Page) =>
  ((await display.getByTestId('display-newest').locator('.board-number').textContent()) ?? '').trim()
const actionButtons = (page: Page) => page.locator('.actions button[data-action]')

describe('the hub gone, and back', () => {
  it('is unmistakable on the hall display and the consultant face, and both recover by themselves', async () => {
    const kiosk: TestClient = await hub.deviceClient('kiosk-1')
    const first = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket
    const second = expectOk(await kiosk.command('ticket:issue', { serviceId: 'no-criminal-record' })).ticket

    const { page: consultant, problems: consultantProblems } = await newPage({ width: 1366, height: 768 })
    await consultant.goto(`${hub.url}/consultant`)
    await consultant.getByTestId('consultant-login').fill('consultant1')
    await consultant.getByTestId('consultant-password').fill(hub.credentials.passwords['consultant1']!)
    await consultant.getByTestId('consultant-sign-in-submit').click()
    await consultant.locator('.desk-card[data-desk="desk-1"]').click()
    await consultant.getByTestId('consultant-open-desk').click()
    await consultant.locator('[data-action="call-next"]:not([disabled])').click()
    await consultant.locator('[data-action="start"]:not([disabled])').waitFor()

    const { page: display, problems: displayProblems } = await newPage({ width: 1920, height: 1080 })
    const key = hub.credentials.deviceKeys['display-1']!
    await display.goto(`${hub.url}/display?device=display-1&key=${encodeURIComponent(key)}`)
    await expect.poll(() => newestOnBoard(display)).toBe(first.number)
    expect(await display.getByTestId('display-link-lost').count()).toBe(0)
    expect(await opacity(display, '.board')).toBe(1)

    // The hub stops.
    await hub.close()

    const lost = display.getByTestId('display-link-lost')
    await lost.waitFor({ timeout: 15_000 })
    expect(await lost.locator('[lang="kk"]').first().textContent()).toBe('Байланыс үзілді')
    expect(await lost.locator('[lang="ru"]').first().textContent()).toBe('Связь потеряна')
    expect((await lost.locator('.link-lost-body').textContent())!).toContain(
      'Показанные вызовы могут быть устаревшими',
    )
    // The old call is still there, but visibly not current.
    expect(await newestOnBoard(display)).toBe(first.number)
    expect(await display.locator('.board').getAttribute('data-stale')).toBe('true')
    await expect.poll(() => opacity(display, '.board')).toBeLessThan(0.5)
    // As large as a call's label, not a 16 px badge.
    const strip = (await lost.boundingBox())!
    expect(strip.width).toBeGreaterThan(1500)
    expect(strip.height).toBeGreaterThan(80)
    await screenshot(display, 'display-hub-gone')

    const reason = consultant.getByTestId('consultant-actions-off')
    await reason.waitFor({ timeout: 15_000 })
    expect((await reason.textContent())!.trim()).toBe('Хабпен байланыс жоқ: әрекеттер өшірулі.')
    for (const button of await actionButtons(consultant).all()) {
      expect(await button.isDisabled()).toBe(true)
      expect(await button.getAttribute('aria-describedby')).toBe('consultant-actions-off')
    }
    await expect.poll(() => opacity(consultant, '[data-testid="consultant-ticket"]')).toBeLessThan(0.7)
    await screenshot(consultant, 'consultant-hub-gone-kk')

    // The hub starts again on the same port and data: both faces come back by themselves.
    hub = await startHub()
    expect(hub.url).toContain(`:${port}`)
    await lost.waitFor({ state: 'detached', timeout: 20_000 })
    expect(await display.locator('.board').getAttribute('data-stale')).toBe('false')
    await reason.waitFor({ state: 'detached', timeout: 20_000 })
    expect(await consultant.locator('[data-action="start"]').isDisabled()).toBe(false)

    // And live: the consultant sends the citizen away and calls the next; the display shows it, bright.
    await consultant.locator('[data-action="no-show"]').click()
    await consultant.locator('[data-action="call-next"]:not([disabled])').click()
    await expect.poll(() => newestOnBoard(display), { timeout: 10_000 }).toBe(second.number)
    await expect.poll(() => opacity(display, '.board')).toBe(1)
    await screenshot(display, 'display-hub-back')
    // Only the failed reconnect attempts while the hub was down may be logged.
    const unexpected = (problems: string[]) =>
      problems.filter(
        (p) =>
          !/WebSocket connection to .* failed/.test(p) && !p.includes("'script-src' was not explicitly set"),
      )
    expect(unexpected(displayProblems)).toEqual([])
    expect(unexpected(consultantProblems)).toEqual([])
  }, 120_000)
})
