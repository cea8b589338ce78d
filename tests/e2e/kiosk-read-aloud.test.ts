/**
 * The kiosk for a citizen who cannot see it, in a real Chromium against a real hub: keyboard only (the
 * kiosk's keypad) from the home screen to a printed ticket, every screen and focused choice said in the
 * kiosk's language, the ticket's number, people ahead and wait said at the end. The voice is a stub of
 * `speechSynthesis` installed before the page loads, which records what is said; the shell's printer is
 * a stub of `window.kezek` that records what is printed.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spokenTicketNumber } from '../../src-renderer/display/display-phrase'
import { demoCredentials, expectOk, startTestHub, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, launchChromium, openKioskPage, screenshot } from './support'

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []

interface Said {
  text: string
  lang: string
}

/** `speechSynthesis` with the given voices: each sentence is recorded and "ends" soon after. */
function stubSpeech(voices: string[]) {
  const w = window as unknown as Record<string, unknown>
  const said: { text: string; lang: string }[] = []
  w.__said = said
  let current: { onend: (() => void) | null } | null = null
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
      voices.map((lang) => ({ lang, name: `stub ${lang}`, localService: true, default: false })),
    speak(utterance: Utterance) {
      said.push({ text: utterance.text, lang: utterance.lang })
      current = utterance
      setTimeout(() => {
        if (current !== utterance) return
        current = null
        utterance.onend?.()
      }, 20)
    },
    cancel() {
      const speaking = current
      current = null
      speaking?.onend?.()
    },
    addEventListener() {},
    removeEventListener() {},
  }
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true })
  w.SpeechSynthesisUtterance = Utterance
  // Clips: `play` is recorded and "ends" at once (no sound card in a test).
  const played: string[] = []
  w.__played = played
  HTMLMediaElement.prototype.play = function play(this: HTMLMediaElement) {
    played.push(new URL(this.src).pathname)
    setTimeout(() => this.dispatchEvent(new Event('ended')), 10)
    return Promise.resolve()
  }
}

/** The kiosk shell's bridge as the Chromium shell gives it: who this kiosk is, and a printer. */
function stubShell(device: { id: string; key: string }) {
  const w = window as unknown as Record<string, unknown>
  const printed: unknown[] = []
  w.__printed = printed
  w.kezek = {
    appInfo: async () => ({
      role: 'kiosk',
      hubUrl: location.origin,
      deviceId: device.id,
      deviceKey: device.key,
      version: 'test',
      electron: '',
      shell: 'chromium',
    }),
    printTicket: async (ticket: unknown) => {
      printed.push(ticket)
      return { ok: true }
    },
  }
}

async function openKiosk(voices: string[], options: { shell?: boolean; clips?: object } = {}) {
  const key = demoCredentials().deviceKeys['kiosk-1']!
  const opened = await openKioskPage(browser, hub.url, {
    prepare: async (context) => {
      await context.addInitScript(stubSpeech, voices)
      if (options.shell) await context.addInitScript(stubShell, { id: 'kiosk-1', key })
      if (options.clips) {
        const body = JSON.stringify(options.clips)
        await context.route('**/speech/manifest.json', (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', body }),
        )
      }
    },
  })
  contexts.push(opened.context)
  return opened
}

const said = (page: Page) => page.evaluate(() => (window as unknown as { __said: Said[] }).__said)
const lastSaid = async (page: Page) => (await said(page)).at(-1) ?? { text: '', lang: '' }

/** Presses the arrow key until the focus is on `selector` (at most 30 presses). */
async function arrowTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`the arrow keys never reached ${selector}`)
}

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

describe('kiosk read-aloud, keyboard only', () => {
  it('takes a blind citizen from the home screen to a printed ticket, saying each screen and choice in Kazakh', async () => {
    const { page, problems } = await openKiosk(['kk-KZ', 'ru-RU', 'en-US'], { shell: true })
    const listen = page.getByTestId('kiosk-listen')
    expect(await listen.getAttribute('aria-pressed')).toBe('false')
    expect(await listen.textContent()).toContain('Тыңдау')

    // The first key wakes the voice: where the citizen is and how to move, then the choice it reached.
    await page.keyboard.press('Tab')
    await expect.poll(() => listen.getAttribute('aria-pressed')).toBe('true')
    await expect
      .poll(() => said(page))
      .toEqual([
        {
          text: 'Қош келдіңіз! Қызмет түрін таңдаңыз. Көрсеткі пернелермен таңдаулар арасында жүріңіз, Enter пернесімен таңдаңыз.',
          lang: 'kk-KZ',
        },
        { text: 'Қазақша', lang: 'kk-KZ' },
      ])

    // Each choice is said as the arrows reach it.
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => lastSaid(page)).toEqual({ text: 'Русский', lang: 'ru-RU' }) // in its own language
    await arrowTo(page, '[data-group="certificates"]')
    await expect.poll(async () => (await lastSaid(page)).text).toMatch(/^Анықтамалар\. Кезекте: \d+$/)

    await page.keyboard.press('Enter')
    await page.locator('[data-service]').first().waitFor()
    await expect
      .poll(async () => (await lastSaid(page)).text)
      .toBe(
        'Анықтамалар. Қызметті таңдаңыз. Көрсеткі пернелермен таңдаулар арасында жүріңіз, Enter пернесімен таңдаңыз.',
      )
    await arrowTo(page, '[data-service="no-criminal-record"]')
    await expect
      .poll(async () => (await lastSaid(page)).text)
      .toContain('Соттылықтың болуы немесе болмауы туралы анықтама')

    await page.keyboard.press('Enter')
    await page.getByTestId('kiosk-offer-ticket').waitFor()
    await expect
      .poll(async () => (await lastSaid(page)).text)
      .toContain('Бұл қызметті қазір өзіңіз ала аласыз')
    await arrowTo(page, '[data-testid="kiosk-offer-ticket"]')
    await expect.poll(async () => (await lastSaid(page)).text).toBe('Бәрібір талон алу')
    await page.keyboard.press('Space')

    const numberBox = page.getByTestId('kiosk-ticket-number')
    await numberBox.waitFor()
    const number = (await numberBox.textContent())!.trim()
    const ahead = (await page.getByTestId('kiosk-ticket-ahead').textContent())!.trim()
    const wait = (await page.getByTestId('kiosk-ticket-wait').textContent())!.replace(/\s+/g, ' ').trim()
    await expect
      .poll(async () => (await lastSaid(page)).text)
      .toContain(`Сіздің талоныңыз. ${spokenTicketNumber(number, 'kk')}.`)
    const ticketSaid = await lastSaid(page)
    expect(ticketSaid.lang).toBe('kk-KZ')
    expect(ticketSaid.text).toContain(`Алдыңыздағы адамдар. ${ahead}. Болжамды күту уақыты. ${wait}.`)
    // Printed by the shell, the ticket the hub issued.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __printed: { number: string }[] }).__printed))
      .toEqual([expect.objectContaining({ number })])
    expect(Object.values(hub.hub.engine.state.tickets).filter((t) => t.number === number)).toHaveLength(1)
    await screenshot(page, 'kiosk-read-aloud-ticket-portrait-kk')

    // Nothing but the other languages' own buttons was said in another language than Kazakh.
    expect((await said(page)).filter((s) => s.lang !== 'kk-KZ')).toEqual([
      { text: 'Русский', lang: 'ru-RU' },
      { text: 'English', lang: 'en-US' },
    ])
    expect(problems).toEqual([])
  })

  it('says the screen again in Russian when the citizen chooses Russian by keyboard; the listen control turns it off', async () => {
    const { page } = await openKiosk(['kk-KZ', 'ru-RU'])
    await page.getByTestId('kiosk-listen').tap()
    await expect.poll(async () => (await lastSaid(page)).text).toContain('Қызмет түрін таңдаңыз')
    await arrowTo(page, '[data-language="ru"]')
    await page.keyboard.press('Enter')
    await expect
      .poll(() => lastSaid(page))
      .toEqual({
        text: 'Добро пожаловать! Выберите вид услуги. Переходите между вариантами клавишами со стрелками, выбирайте клавишей Enter.',
        lang: 'ru-RU',
      })
    expect(await page.getByTestId('kiosk-listen').textContent()).toContain('Слушать')
    await page.getByTestId('kiosk-listen').tap()
    await expect.poll(() => page.getByTestId('kiosk-listen').getAttribute('aria-pressed')).toBe('false')
    const count = (await said(page)).length
    // Off: moving says nothing; the next arrow key wakes the voice again, which says the screen first.
    await page.locator('[data-language="ru"]').focus()
    expect((await said(page)).length).toBe(count)
    await page.keyboard.press('ArrowDown')
    await expect
      .poll(async () => (await lastSaid(page)).text)
      .toMatch(/^Добро пожаловать! Выберите вид услуги\./)
  })

  it('without a Kazakh voice or recordings, says so in Russian and reads in Russian', async () => {
    const { page } = await openKiosk(['ru-RU'])
    await page.keyboard.press('Tab')
    const notice = page.getByTestId('kiosk-voice-notice')
    await notice.waitFor()
    await expect.poll(() => page.getAttribute('[data-language="ru"]', 'aria-pressed')).toBe('true')
    expect(await notice.textContent()).toContain('нет голоса на казахском языке')
    await expect
      .poll(async () => (await said(page))[0])
      .toEqual({
        text: 'На этом киоске нет голоса на казахском языке: киоск читает на русском языке. Добро пожаловать! Выберите вид услуги. Переходите между вариантами клавишами со стрелками, выбирайте клавишей Enter.',
        lang: 'ru-RU',
      })
    // Nothing is said in Kazakh words by a Russian voice: the page itself is Russian now.
    expect((await said(page)).every((s) => s.lang === 'ru-RU')).toBe(true)
    await screenshot(page, 'kiosk-read-aloud-no-kazakh-voice')
  })

  it("plays the centre's recorded Kazakh clips in order where the computer has no Kazakh voice", async () => {
    const clips = {
      kk: {
        phrases: {
          'Қош келдіңіз!': 'kk/welcome.ogg',
          'Қызмет түрін таңдаңыз': 'kk/choose-service.ogg',
          'Көрсеткі пернелермен таңдаулар арасында жүріңіз, Enter пернесімен таңдаңыз.': 'kk/keys-hint.ogg',
          Қазақша: 'kk/kazakh.ogg',
        },
      },
    }
    const { page } = await openKiosk(['ru-RU'], { clips })
    await page.keyboard.press('Tab')
    const played = () => page.evaluate(() => (window as unknown as { __played: string[] }).__played)
    // The screen, then the choice the key reached (Қазақша), each from its clip, in order.
    await expect
      .poll(played)
      .toEqual([
        '/speech/kk/welcome.ogg',
        '/speech/kk/choose-service.ogg',
        '/speech/kk/keys-hint.ogg',
        '/speech/kk/kazakh.ogg',
      ])
    // Kazakh stays: no notice, no Russian voice.
    expect(await page.getAttribute('[data-language="kk"]', 'aria-pressed')).toBe('true')
    expect(await page.getByTestId('kiosk-voice-notice').count()).toBe(0)
    expect(await said(page)).toEqual([])
  })
})
