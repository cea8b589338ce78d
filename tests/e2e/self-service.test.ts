/**
 * A guided self-service session at the kiosk in a real Chromium against a real hub, in browser mode (no
 * Electron shell): the portal is a stand-in served by this test on loopback, a few pages that set a
 * cookie and storage and link through the steps of the no-criminal-record scenario. The citizen gets
 * the offer, starts the session (a new tab opens on the stand-in), marks the steps as the stand-in pages
 * are visited, calls a consultant who accepts and resolves, and finishes; the kiosk is home again with
 * the tab closed. A second session starts clean on the kiosk's side; what a plain browser cannot wipe
 * (the portal's own cookies in the shared profile) is asserted as such, see the last test.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CentreConfig } from '../../src-shared/config'
import {
  demoConfig,
  demoCredentials,
  expectOk,
  startTestHub,
  withPortalStandIn,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const KIOSK_SCREEN = { width: 1080, height: 1920 }
const LAPTOP = { width: 1366, height: 768 }
const SERVICE = 'no-criminal-record'
const WAIT = { timeout: 10_000 }

let hub: TestHub
let browser: Browser
let portal: Server
let portalOrigin: string
let config: CentreConfig
let sessionCounter = 0
const contexts: BrowserContext[] = []
const clients: TestClient[] = []

/** The stand-in portal: each page says what it saw of earlier visitors, and leaves its own marks. */
function startPortal(): Promise<Server> {
  const page = (title: string, next: string | null, mark: boolean) => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>
<p id="seen-cookie"></p><p id="seen-storage"></p>
<script>
  document.getElementById('seen-cookie').textContent = document.cookie
  document.getElementById('seen-storage').textContent = localStorage.getItem('citizen') || ''
  ${mark ? "localStorage.setItem('citizen', 'IIN-900101300001')" : ''}
</script>
${next ? `<a id="next" href="${next}">Next</a>` : ''}
</body></html>`
  const pages: Record<string, { title: string; next: string | null; mark: boolean }> = {
    '/cms/ru/services/pass001_mvd': { title: 'Service P30.11', next: '/idp/login', mark: false },
    '/idp/login': { title: 'Sign in', next: '/services/P30.11/request/', mark: true },
    '/services/P30.11/request/': { title: 'Request', next: '/services/P30.11/sign/', mark: false },
    '/services/P30.11/sign/': { title: 'Sign', next: '/services/P30.11/result/', mark: false },
    '/services/P30.11/result/': { title: 'Certificate', next: null, mark: false },
    '/whoami': { title: 'Who am I', next: null, mark: false },
  }
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname
    const found = pages[path]
    if (!found) {
      response.writeHead(404).end()
      return
    }
    const headers: Record<string, string | string[]> = { 'Content-Type': 'text/html; charset=utf-8' }
    if (path === '/idp/login') {
      sessionCounter += 1
      headers['Set-Cookie'] = `portal_session=citizen-${sessionCounter}; Path=/; SameSite=Lax`
    }
    response.writeHead(200, headers).end(page(found.title, found.next, found.mark))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  portal = await startPortal()
  portalOrigin = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`
  config = withPortalStandIn(demoConfig(), portalOrigin)
  hub = await startTestHub({ config, credentials: demoCredentials(), hubOptions: { rendererDir } })
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const client of clients) client.close()
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
  await new Promise((resolve) => portal?.close(resolve))
})

const sessions = () => Object.values(hub.hub.engine.state.selfServiceSessions)
const helps = () => Object.values(hub.hub.engine.state.helpRequests)

async function openKiosk(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: KIOSK_SCREEN, hasTouch: true, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  const key = demoCredentials().deviceKeys['kiosk-1']!
  await page.goto(`${hub.url}/kiosk?device=kiosk-1&key=${encodeURIComponent(key)}`)
  await page.locator('.home-group').first().waitFor()
  await page.evaluate(() => document.fonts.ready.then(() => undefined))
  return { context, page, problems }
}

async function openConsultant(login: string): Promise<Page> {
  const context = await browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  await page.goto(`${hub.url}/consultant`)
  await page.getByTestId('consultant-sign-in').waitFor()
  await page.getByTestId('consultant-login').fill(login)
  await page.getByTestId('consultant-password').fill(hub.credentials.passwords[login]!)
  await page.getByTestId('consultant-sign-in-submit').click()
  await page.locator('.desk-card[data-desk="desk-1"]').click()
  await page.getByTestId('consultant-open-desk').click()
  await page.getByTestId('consultant-help-requests').waitFor()
  return page
}

/** Follows the stand-in's "Next" link in the portal tab and waits for the page. */
async function nextPortalPage(tab: Page, path: string): Promise<void> {
  await tab.locator('#next').click()
  await tab.waitForURL(`${portalOrigin}${path}`)
}

const textOf = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim()

describe('guided self-service at the kiosk (browser mode, stand-in portal)', () => {
  it('offers self-service, guides the steps, brings a consultant, and finishes clean', async () => {
    const { context, page, problems } = await openKiosk()
    const consultant = await openConsultant('consultant1')

    // Russian, an online service: the offer, with the phone channels for next time. Group + service.
    await page.locator('[data-language="ru"]').tap()
    await page.locator('[data-group="certificates"]').tap()
    await page.locator(`[data-service="${SERVICE}"]`).tap()
    const offer = page.getByTestId('kiosk-offer')
    await offer.waitFor()
    expect(await offer.locator('.offer-title').textContent()).toBe(
      'Эту услугу можно получить самостоятельно прямо сейчас',
    )
    expect(await textOf(page, 'kiosk-offer-ticket')).toBe('Всё же взять талон')
    expect(await page.locator('[data-channel="egov-mobile"] svg').count()).toBe(1)
    expect(await page.locator('[data-channel="telegram-bot"]').getAttribute('data-url')).toBe(
      config.selfService!.qr.telegramBot,
    )
    // The scenario needs a phone binding: a ticket to the mobile-citizen desk is on offer too.
    expect(await page.getByTestId('kiosk-offer-phone').textContent()).toContain('регистрацию')
    await screenshot(page, 'selfservice-offer-portrait-ru')

    // Start: a session at the hub, and a new tab on the stand-in's start page.
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      page.getByTestId('kiosk-offer-start').tap(),
    ])
    await tab.waitForURL(`${portalOrigin}/cms/ru/services/pass001_mvd`)
    await page.getByTestId('kiosk-step-panel').waitFor()
    await expect.poll(() => sessions().filter((s) => s.status === 'active').length).toBe(1)
    const session = sessions().find((s) => s.status === 'active')!
    expect(session).toMatchObject({ serviceId: SERVICE, kioskId: 'kiosk-1', step: null })
    const steps = page.locator('.guided-step')
    expect(await steps.count()).toBe(4)
    expect(await steps.nth(0).getAttribute('data-state')).toBe('current')
    expect(await steps.nth(0).textContent()).toContain('Вход на портал egov.kz')

    // The citizen signs in on the stand-in (it sets its cookie), then marks the step done at the kiosk.
    await nextPortalPage(tab, '/idp/login')
    await page.getByTestId('kiosk-step-done').tap()
    await expect.poll(() => hub.hub.engine.state.selfServiceSessions[session.id]!.step).toBe(0)
    expect(await steps.nth(0).getAttribute('data-state')).toBe('done')
    expect(await steps.nth(1).getAttribute('data-state')).toBe('current')
    await nextPortalPage(tab, '/services/P30.11/request/')
    await page.getByTestId('kiosk-step-done').tap()
    await expect.poll(() => hub.hub.engine.state.selfServiceSessions[session.id]!.step).toBe(1)
    await screenshot(page, 'selfservice-steps-portrait-ru')

    // Stuck at signing: "call a consultant" reaches the dashboard with kiosk, service and step.
    await nextPortalPage(tab, '/services/P30.11/sign/')
    await page.getByTestId('kiosk-call-consultant').tap()
    await expect
      .poll(() => textOf(page, 'kiosk-help-status'))
      .toBe('Консультант вызван. Пожалуйста, подождите здесь.')
    const row = consultant.locator('.help-row').first()
    await row.waitFor(WAIT)
    expect(await row.getAttribute('data-status')).toBe('open')
    const rowText = (await row.textContent()) ?? ''
    // The kiosk by its name in the config, not its id.
    expect(rowText).toContain('Kiosk at the entrance')
    expect(rowText).not.toContain('kiosk-1')
    expect(rowText).toContain('Соттылықтың болуы немесе болмауы туралы анықтама')
    expect(rowText).toContain('2') // step 2 (index 1): the last the citizen reached
    const help = helps()[0]!
    expect(help).toMatchObject({ kioskId: 'kiosk-1', serviceId: SERVICE, sessionId: session.id, step: 1 })
    await screenshot(consultant, 'selfservice-consultant-help-open')

    // Consultant 1 accepts: the kiosk names who is coming; a colleague who tries next is refused.
    await row.locator('[data-action="help-accept"]').click()
    await expect.poll(() => textOf(page, 'kiosk-help-status'), WAIT).toBe('К вам идёт: Айгерім')
    const colleague = await hub.staffClient('consultant2')
    clients.push(colleague)
    const refused = await colleague.command('help:accept', { helpId: help.id })
    expect(refused.ok).toBe(false)
    expect(!refused.ok && refused.error.code).toBe('help_taken')
    await screenshot(page, 'selfservice-help-coming-portrait-ru')
    await screenshot(consultant, 'selfservice-consultant-help-accepted')

    await consultant.locator('.help-row [data-action="help-resolve"]').click()
    await expect.poll(() => hub.hub.engine.state.helpRequests[help.id]!.status, WAIT).toBe('resolved')
    await consultant.locator('.help-row').waitFor({ state: 'detached' })

    // The rest of the steps, then "finish": completed at the hub, the tab closed, the kiosk home in Kazakh.
    await page.getByTestId('kiosk-step-done').tap()
    await nextPortalPage(tab, '/services/P30.11/result/')
    await page.getByTestId('kiosk-step-done').tap()
    await page.getByTestId('kiosk-steps-done').waitFor()
    await expect.poll(() => hub.hub.engine.state.selfServiceSessions[session.id]!.step).toBe(3)
    await page.getByTestId('kiosk-finish').tap()
    await page.locator('.home-group').first().waitFor()
    await expect.poll(() => hub.hub.engine.state.selfServiceSessions[session.id]!.status).toBe('completed')
    await expect.poll(() => tab.isClosed()).toBe(true)
    expect(await page.getAttribute('[data-language="kk"]', 'aria-pressed')).toBe('true')
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['kezek.device'])
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
    expect(await page.locator('[data-testid="kiosk-self-service"]').count()).toBe(0)

    // The session record carries no personal data: no page address, no IIN.
    const recorded = JSON.stringify(hub.hub.engine.state.selfServiceSessions[session.id])
    expect(recorded).not.toContain('127.0.0.1')
    expect(recorded).not.toContain('900101300001')

    // The supervisor's card counts it.
    const supervisor = await browser.newContext({
      viewport: { width: 1600, height: 1000 },
      deviceScaleFactor: 1,
    })
    contexts.push(supervisor)
    const sv = await supervisor.newPage()
    await sv.goto(`${hub.url}/supervisor`)
    await sv.getByTestId('supervisor-login').fill('supervisor')
    await sv.getByTestId('supervisor-password').fill(hub.credentials.passwords['supervisor']!)
    await sv.getByTestId('supervisor-sign-in-submit').click()
    const card = sv.getByTestId('supervisor-self-service')
    await card.waitFor(WAIT)
    expect(await textOf(sv, 'supervisor-ss-sessions')).toBe('1')
    expect(await textOf(sv, 'supervisor-ss-completion')).toBe('100%')
    expect(await textOf(sv, 'supervisor-ss-help')).toBe('1')
    expect(await textOf(sv, 'supervisor-ss-shift')).toBe('100%')
    await card.scrollIntoViewIfNeeded()
    await screenshot(sv, 'selfservice-supervisor')

    expect(problems.filter((p) => !p.includes("'script-src' was not explicitly set"))).toEqual([])
  }, 90_000)

  it('a second session starts clean at the kiosk; the portal tab of a plain browser is closed, not wiped', async () => {
    const { context, page } = await openKiosk()
    const first = await startSession(context, page)
    await nextPortalPage(first, '/idp/login')
    expect(await first.evaluate(() => document.cookie)).toContain('portal_session=')
    await page.getByTestId('kiosk-step-done').tap()
    await page.getByTestId('kiosk-call-consultant').tap()
    await page.getByTestId('kiosk-help-status').waitFor()
    // Walks away: "stop and leave" ends the session as abandoned, and its open help request with it.
    await page.getByTestId('kiosk-abandon').tap()
    await page.locator('.home-group').first().waitFor()
    await expect.poll(() => first.isClosed()).toBe(true)
    const abandoned = sessions().find((s) => s.status === 'abandoned')
    expect(abandoned).toBeDefined()
    expect(helps().find((h) => h.sessionId === abandoned!.id)?.status).toBe('cancelled')

    // The next citizen: step panel at step 1, no help status, nothing carried over on the kiosk page.
    const second = await startSession(context, page)
    expect(await page.locator('.guided-step[data-state="done"]').count()).toBe(0)
    expect(await page.getByTestId('kiosk-help-status').count()).toBe(0)
    await screenshot(page, 'selfservice-second-session-portrait-kk')

    // What the new tab sees on the portal. A plain browser shares one profile between tabs: the kiosk
    // page cannot clear another site's cookies or storage. Only the Electron shell's in-memory partition
    // (tests/main/self-service.test.ts) guarantees a clean portal; here we record what a browser keeps.
    await second.goto(`${portalOrigin}/whoami`)
    const seen = {
      cookie: await second.locator('#seen-cookie').textContent(),
      storage: await second.locator('#seen-storage').textContent(),
    }
    expect(seen.cookie).toContain('portal_session=citizen-')
    expect(seen.storage).toBe('IIN-900101300001')
    await page.getByTestId('kiosk-finish').tap()
    await page.locator('.home-group').first().waitFor()
  })

  it('an online service still gives a ticket in three touches from home: group, service, take a ticket', async () => {
    // Window 2 serves the certificate, so the ticket comes with no warning.
    const window2 = await hub.staffClient('consultant2')
    expectOk(await window2.command('desk:open', { deskId: 'desk-2' }))
    const { page } = await openKiosk()
    let touches = 0
    const tap = async (selector: string) => {
      await page.locator(selector).tap()
      touches += 1
    }
    await tap('[data-group="certificates"]')
    await tap(`[data-service="${SERVICE}"]`)
    await tap('[data-testid="kiosk-offer-ticket"]')
    await page.getByTestId('kiosk-ticket-number').waitFor()
    expect(touches).toBeLessThanOrEqual(3)
  })
})

async function startSession(context: BrowserContext, page: Page): Promise<Page> {
  await page.locator('[data-group="certificates"]').tap()
  await page.locator(`[data-service="${SERVICE}"]`).tap()
  const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('kiosk-offer-start').tap()])
  await tab.waitForURL(`${portalOrigin}/cms/ru/services/pass001_mvd`)
  await page.getByTestId('kiosk-step-panel').waitFor()
  return tab
}
