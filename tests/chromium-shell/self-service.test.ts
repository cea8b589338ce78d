/**
 * The Chromium shell's self-service sessions (PortalSessions before the shared session core) on their
 * own in a real Chromium, with a kiosk page that is only a page and a catalogue the test hands in: what
 * happens while a session opens, and the portal's dialogs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PortalEvent, PortalNavigation } from '../../src-shared/bridge'
import { selfServiceCatalogue } from '../../src-shared/config'
import { chromiumSelfServiceSessions } from '../../src-main/chromium-shell/self-service'
import { DEFAULT_CHROMIUM } from '../../src-main/chromium-shell/shell'
import { demoConfig, withPortalStandIn } from '../support/hub-harness'
import { startPortalStandIn, type PortalStandIn } from './portal-stand-in'
import { CHROMIUM_TEST_ARGS } from '../e2e/support'

const SERVICE = 'no-criminal-record'
const BOUNDS = { x: 0, y: 0, width: 800, height: 600 }
const ARGS = [...CHROMIUM_TEST_ARGS]

let portal: PortalStandIn
let browser: Browser
let kiosk: Page
let tempRoot: string
let catalogue: unknown

beforeAll(async () => {
  portal = await startPortalStandIn()
  catalogue = selfServiceCatalogue(withPortalStandIn(demoConfig(), portal.origin))
  browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, headless: true, args: ARGS })
  kiosk = await (await browser.newContext()).newPage()
  await kiosk.goto(`${portal.origin}/whoami`) // any page: these tests use no bridge
  tempRoot = mkdtempSync(join(tmpdir(), 'kezek-self-service-test-'))
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await portal?.close()
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true })
})

function sessions(loadCatalogue: () => Promise<unknown> = () => Promise.resolve(catalogue)) {
  const delivered: [string, PortalNavigation | PortalEvent][] = []
  const portalSessions = chromiumSelfServiceSessions({
    browser,
    kioskPage: () => kiosk,
    deliver: (kind, payload) => delivered.push([kind, payload]),
    loadCatalogue,
    tempRoot,
    printer: null,
    placeWindows: false,
  })
  return { portalSessions, delivered }
}

describe('PortalSessions', () => {
  it('opens no session for a kiosk page that reloaded while the session was opening', async () => {
    let answer: (value: unknown) => void = () => undefined
    const slow = new Promise<unknown>((resolve) => (answer = resolve))
    const { portalSessions } = sessions(() => slow)
    const contexts = browser.contexts().length
    const started = portalSessions.start({ serviceId: SERVICE, bounds: BOUNDS })
    await kiosk.reload() // the citizen's page is gone before the hub answers
    answer(catalogue)
    expect(await started).toMatchObject({ ok: false, reason: 'not_available' })
    expect(portalSessions.isOpen).toBe(false)
    expect(browser.contexts().length).toBe(contexts)

    // The same kiosk page, still there, opens a session; its next reload ends it.
    expect(await portalSessions.start({ serviceId: SERVICE, bounds: BOUNDS })).toEqual({ ok: true })
    expect(browser.contexts().length).toBe(contexts + 1)
    await kiosk.reload()
    await expect.poll(() => portalSessions.isOpen).toBe(false)
    // The session is marked closed first; its context closes a moment later.
    await expect.poll(() => browser.contexts().length).toBe(contexts)
  })

  it("answers the portal's confirm() with OK and its prompt() with Cancel", async () => {
    const { portalSessions } = sessions()
    expect(await portalSessions.start({ serviceId: SERVICE, bounds: BOUNDS })).toEqual({ ok: true })
    const page = portalSessions.current!.view!.page
    await page.goto(`${portal.origin}/confirm`)
    await page.locator('#ask').click()
    await expect.poll(() => page.locator('#answer').textContent()).toBe('true')
    expect(await page.evaluate(() => prompt('Your IIN?', '900101300001'))).toBeNull()
    expect(await page.evaluate(() => alert('Saved'))).toBeUndefined()
    expect(await portalSessions.end()).toEqual({ ok: true })
  })
})
