/**
 * The kiosk tells a citizen before they take a ticket that its printer cannot print: in a real Chromium,
 * in a kiosk shell (a stub of its bridge) whose printer CUPS turns out of paper and back, the home and
 * service screens show the notice at both stand sizes, with normal and larger text and low reach, with
 * every control and the notice itself whole and under nothing; "listen" says it with the screen; it goes
 * when the printer is ok again.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ShellPrinterState } from '../../src-shared/bridge'
import { catalogues } from '../../src-shared/i18n'
import { expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, KIOSK_PORTRAIT, launchChromium, openKioskPage, screenshot } from './support'
import { whyNotFullyVisible } from './visibility'

const SIZES = [
  ['portrait', KIOSK_PORTRAIT],
  ['landscape', { width: 1920, height: 1080 }],
] as const

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ hubOptions: { rendererDir } })
  for (const n of [1, 2, 3]) {
    const consultant = await hub.staffClient(`consultant${n}`)
    expectOk(await consultant.command('desk:open', { deskId: `desk-${n}` }))
  }
  browser = await launchChromium()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

/**
 * A kiosk shell's bridge (as the preload gives it) whose printer starts ok; `window.__turnPrinter(state)`
 * is CUPS changing its mind. The voice is a stub of `speechSynthesis` that records what is said.
 */
function stubShellAndVoice() {
  const w = window as unknown as Record<string, unknown>
  let listener: ((state: string) => void) | null = null
  w.__turnPrinter = (state: string) => listener?.(state)
  w.kezek = {
    appInfo: async () => ({
      role: 'kiosk',
      hubUrl: '',
      deviceId: null,
      deviceKey: null,
      version: 'test',
      electron: '',
      shell: 'chromium',
    }),
    printTicket: async () => ({ ok: true }),
    printerState: async () => 'ok',
    onPrinterState: (callback: (state: string) => void) => {
      listener = callback
      return () => (listener = null)
    },
  }
  const said: string[] = []
  w.__said = said
  class Utterance {
    lang = ''
    voice: unknown = null
    rate = 1
    onend: (() => void) | null = null
    onerror: (() => void) | null = null
    constructor(readonly text: string) {}
  }
  const synth = {
    getVoices: () =>
      ['kk-KZ', 'ru-RU', 'en-US'].map((lang) => ({ lang, name: lang, localService: true, default: false })),
    speak(utterance: Utterance) {
      said.push(utterance.text)
      setTimeout(() => utterance.onend?.(), 10)
    },
    cancel() {},
    addEventListener() {},
    removeEventListener() {},
  }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
  w.SpeechSynthesisUtterance = Utterance
}

async function openShellKiosk(viewport: { width: number; height: number }) {
  const opened = await openKioskPage(browser, hub.url, {
    viewport,
    prepare: async (context) => {
      await context.addInitScript(stubShellAndVoice)
    },
  })
  contexts.push(opened.context)
  return opened
}

const turnPrinter = (page: Page, state: ShellPrinterState) =>
  page.evaluate((s) => (window as unknown as { __turnPrinter: (s: string) => void }).__turnPrinter(s), state)

const notice = (page: Page) => page.getByTestId('kiosk-printer-notice')

/**
 * What is not wholly seen, with why: the notice, every button (the home screen's four groups among them:
 * all on screen, none scrolled away), and every other list that scrolls within the screen (the services
 * in low reach: its buttons are in reach by scrolling it; the list itself must be whole, under nothing).
 */
async function hidden(page: Page): Promise<string[]> {
  const problems: string[] = []
  const why = await whyNotFullyVisible(notice(page))
  if (why !== 'visible') problems.push(`the notice: ${why}`)
  await page.evaluate(() => {
    for (const list of document.querySelectorAll('.kiosk-main ul:not(.home-groups)')) {
      const scrolls =
        list.scrollHeight > list.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(list).overflowY)
      list.toggleAttribute('data-scrolls', scrolls)
    }
  })
  const parts = [
    ...(await page.locator('.kiosk-main ul[data-scrolls]').all()),
    ...(await page.locator('.kiosk button:not(ul[data-scrolls] button)').all()),
  ]
  for (const part of parts) {
    const seen = await whyNotFullyVisible(part)
    if (seen !== 'visible')
      problems.push(`${((await part.textContent()) ?? '').trim().slice(0, 60)}: ${seen}`)
  }
  return problems
}

describe('the printer notice before a ticket', () => {
  for (const [name, viewport] of SIZES) {
    it(`appears while the printer is out of paper, covers nothing and goes when it is ok (${name}, kk/ru/en, larger text, low reach)`, async () => {
      const { page } = await openShellKiosk(viewport)
      expect(await notice(page).count()).toBe(0)

      await turnPrinter(page, 'paper-out')
      await notice(page).waitFor()
      expect(await notice(page).textContent()).toContain(catalogues.kk.kiosk.noPaperAhead)
      for (const language of ['ru', 'en', 'kk'] as const) {
        await page.locator(`[data-language="${language}"]`).tap()
        await expect.poll(() => notice(page).textContent()).toContain(catalogues[language].kiosk.noPaperAhead)
        expect(await hidden(page), language).toEqual([])
      }
      await screenshot(page, `kiosk-printer-notice-${name}-home`)

      // Larger text, then low reach too: the groups and every aid still whole beside it.
      await page.getByTestId('kiosk-large-text').tap()
      await expect.poll(() => hidden(page), { message: 'larger text' }).toEqual([])
      await screenshot(page, `kiosk-printer-notice-${name}-home-large`)
      await page.getByTestId('kiosk-low-reach').tap()
      await expect.poll(() => hidden(page), { message: 'larger text, low reach' }).toEqual([])
      await screenshot(page, `kiosk-printer-notice-${name}-home-large-low`)
      await page.getByTestId('kiosk-large-text').tap()
      await expect.poll(() => hidden(page), { message: 'low reach' }).toEqual([])

      // The services screen says it too; a printer offline has its own words.
      await turnPrinter(page, 'offline')
      await expect.poll(() => notice(page).getAttribute('data-printer')).toBe('offline')
      await page.locator('[data-group="certificates"]').tap()
      await page.locator('[data-service]').first().waitFor()
      expect(await notice(page).textContent()).toContain(catalogues.kk.kiosk.noPrinterAhead)
      expect(await hidden(page), 'services').toEqual([])
      await screenshot(page, `kiosk-printer-notice-${name}-services-low`)

      // CUPS says it is ok again: gone, and the screen has its room back.
      await turnPrinter(page, 'ok')
      await notice(page).waitFor({ state: 'detached' })
      await page.getByTestId('kiosk-back').tap()
      await page.locator('.home-group').first().waitFor()
      expect(await notice(page).count()).toBe(0)
    })
  }

  it('is said with the screen in "listen" mode', async () => {
    const { page } = await openShellKiosk(KIOSK_PORTRAIT)
    await turnPrinter(page, 'paper-out')
    await notice(page).waitFor()
    await page.keyboard.press('Tab')
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __said: string[] }).__said[0] ?? ''))
      .toContain(catalogues.kk.kiosk.noPaperAhead)
    // Not said once the printer is ok: the next screen's summary has no word of it.
    await turnPrinter(page, 'ok')
    await notice(page).waitFor({ state: 'detached' })
    const before = await page.evaluate(() => (window as unknown as { __said: string[] }).__said.length)
    await page.locator('[data-group="certificates"]').tap()
    await expect
      .poll(() => page.evaluate((n) => (window as unknown as { __said: string[] }).__said.length > n, before))
      .toBe(true)
    const after = await page.evaluate(
      (n) => (window as unknown as { __said: string[] }).__said.slice(n),
      before,
    )
    expect(after.join(' ')).not.toContain(catalogues.kk.kiosk.noPaperAhead)
  })
})
