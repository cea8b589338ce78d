/**
 * The kiosk's layouts for those who need them, in a real Chromium at the stand's two sizes: low reach
 * puts every control in the lower half of the screen (a wheelchair user's reach), one touch away; larger
 * text keeps every word inside its card and all four service groups on the home screen; the ticket screen,
 * in every language and text size, shows the ticket, Done and the countdown whole, none under another.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoConfig, expectOk, startTestHub, withPortalStandIn, type TestHub } from '../support/hub-harness'
import { bindPhone, bookFor, mondayAt } from '../hub/fixtures/kiosk-check-in'
import { buildRendererOnce, KIOSK_PORTRAIT, launchChromium, openKioskPage, screenshot } from './support'
import { whyNotFullyVisible } from './visibility'

const SIZES = [
  ['portrait', KIOSK_PORTRAIT],
  ['landscape', { width: 1920, height: 1080 }],
] as const

/** Citizens with a phone bound to their IIN and a booking at 10:30, one for each size; one with none. */
const BOUND = { portrait: '871008401427', landscape: '800416300257' } as const
const UNBOUND_IIN = '850512400125'
const BOOKING_ONLY = 'birth-registration'

let hub: TestHub
let browser: Browser
const contexts: BrowserContext[] = []
/** Monday morning, open (the hub enforces opening hours here, so the evening refuses a ticket). */
const clock = { now: mondayAt('10:25') }

let portal: Server

/**
 * The demo centre, birth registration by booking only, tickets only in opening hours, and a guided
 * session that asks "still here?" after the shortest quiet time allowed (on a stand-in portal).
 */
function reachDemo(portalOrigin: string) {
  const config = structuredClone(demoConfig())
  const services = config.bookings!.services
  services[BOOKING_ONLY] = { ...services[BOOKING_ONLY]!, onlyBooking: true }
  config.policy.enforceOpeningHours = true
  config.selfService = { ...config.selfService!, idleSeconds: 30, warningSeconds: 15 }
  return withPortalStandIn(config, portalOrigin)
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  portal = createServer((_, response) => response.end('<!doctype html><title>egov</title>'))
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve))
  const portalOrigin = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`
  hub = await startTestHub({
    config: reachDemo(portalOrigin),
    now: () => clock.now,
    hubOptions: { rendererDir },
  })
  await bindPhone(hub, BOUND.portrait, '8 701 234 56 78')
  await bindPhone(hub, BOUND.landscape, '8 702 345 67 89')
  await bookFor(hub, BOUND.portrait, mondayAt('10:30'))
  await bookFor(hub, BOUND.landscape, mondayAt('10:30'), 'digital-signature')
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
  await new Promise((resolve) => portal?.close(resolve))
})

async function openKiosk(
  viewport: { width: number; height: number },
  prepare?: (context: BrowserContext) => Promise<void>,
) {
  const opened = await openKioskPage(browser, hub.url, { viewport, prepare })
  contexts.push(opened.context)
  return opened
}

/**
 * The buttons out of reach: any whose box starts above the middle of the screen, or that is not wholly
 * on screen without scrolling the page (one inside a list that scrolls within the lower half is in reach:
 * the list is).
 */
function outOfReach(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((within) => {
    const half = window.innerHeight / 2
    const scroller = (element: Element): Element | null => {
      for (let at = element.parentElement; at && !at.matches('.kiosk-main'); at = at.parentElement) {
        const style = getComputedStyle(at)
        if (/(auto|scroll)/.test(style.overflowY) && at.scrollHeight > at.clientHeight) return at
      }
      return null
    }
    const problems: string[] = []
    for (const button of document.querySelector(within)!.querySelectorAll('button')) {
      const box = button.getBoundingClientRect()
      if (box.width === 0 && box.height === 0) continue
      const name = (button.textContent ?? '').replace(/\s+/g, ' ').trim()
      const list = scroller(button)
      const area = list ? list.getBoundingClientRect() : box
      if (box.top < half - 1 || area.top < half - 1) problems.push(`${name}: top ${Math.round(box.top)}`)
      if (area.bottom > window.innerHeight + 1) problems.push(`${name}: bottom ${Math.round(area.bottom)}`)
    }
    return problems
  }, within)
}

/**
 * How far above the bottom of the room it has `selector` ends, as a share of the screen's height: the
 * room ends at the footer's top for a screen, at the screen's edge for what lies over it (`over`).
 */
function gapBelow(page: Page, selector: string, over = false): Promise<number> {
  return page.evaluate(
    ([s, over]) => {
      const bottom = document.querySelector(s)!.getBoundingClientRect().bottom
      const room = over ? innerHeight : document.querySelector('.kiosk-footer')!.getBoundingClientRect().top
      return (room - bottom) / innerHeight
    },
    [selector, over] as const,
  )
}

describe('low reach', () => {
  for (const [name, viewport] of SIZES) {
    it(`puts every control in the lower half at ${viewport.width}×${viewport.height}, on each screen to a ticket`, async () => {
      const { page, problems } = await openKiosk(viewport)
      // Without it, the languages and the first groups are in the upper half.
      expect(await outOfReach(page)).not.toEqual([])
      await page.getByTestId('kiosk-low-reach').tap()
      expect(await page.getByTestId('kiosk-low-reach').getAttribute('aria-pressed')).toBe('true')

      expect(await outOfReach(page)).toEqual([])
      await screenshot(page, `kiosk-low-reach-home-${name}`)

      await page.locator('[data-group="certificates"]').tap()
      await page.locator('[data-service]').first().waitFor()
      expect(await outOfReach(page)).toEqual([])
      await screenshot(page, `kiosk-low-reach-services-${name}`)

      await page.locator('[data-service="no-criminal-record"]').tap()
      await page.getByTestId('kiosk-offer-ticket').waitFor()
      expect(await outOfReach(page)).toEqual([])
      await screenshot(page, `kiosk-low-reach-offer-${name}`)

      await page.getByTestId('kiosk-offer-ticket').tap()
      await page.getByTestId('kiosk-ticket-number').waitFor()
      expect(await outOfReach(page)).toEqual([])
      await screenshot(page, `kiosk-low-reach-ticket-${name}`)
      expect(problems).toEqual([])
    })
  }

  for (const [name, viewport] of SIZES) {
    it(`puts every control in the lower half at ${viewport.width}×${viewport.height} on the check-in, booking-only and error screens`, async () => {
      const { page, problems } = await openKiosk(viewport)
      await page.getByTestId('kiosk-low-reach').tap()
      const inReach = async (shot: string, within?: string) => {
        await screenshot(page, `kiosk-low-reach-${shot}-${name}`)
        expect(await outOfReach(page, within), shot).toEqual([])
      }

      // The booking code's keys; a code with no booking: the dialog's choices rise from the bottom.
      await page.getByTestId('kiosk-booking').tap()
      await page.getByTestId('kiosk-booking-entry').waitFor()
      await inReach('booking')
      for (let i = 0; i < 6; i++) await page.locator('[data-key]').nth(i).tap()
      await page.getByTestId('kiosk-booking-check-in').tap()
      const outcome = page.getByTestId('kiosk-booking-outcome')
      await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('unknown')
      await inReach('booking-outcome', '[data-testid="kiosk-booking-outcome"]')
      await page.getByTestId('kiosk-booking-edit').tap()

      // Check-in by IIN: the keypad, an IIN with no phone bound (what to do instead), then the SMS code.
      await page.getByTestId('kiosk-booking-no-code').tap()
      await page.getByTestId('kiosk-iin-check-in').waitFor()
      await inReach('iin')
      for (const digit of UNBOUND_IIN) await page.locator(`[data-digit="${digit}"]`).tap()
      await page.getByTestId('kiosk-iin-submit').tap()
      const problem = page.getByTestId('kiosk-iin-problem')
      await expect.poll(() => problem.getAttribute('data-code')).toBe('no_phone_bound')
      await inReach('iin-problem')
      const typed = page.getByTestId('kiosk-iin-value')
      while ((await typed.getAttribute('data-length')) !== '0')
        await page.getByTestId('kiosk-digit-erase').tap()
      for (const digit of BOUND[name]) await page.locator(`[data-digit="${digit}"]`).tap()
      await page.getByTestId('kiosk-iin-submit').tap()
      await page.getByTestId('kiosk-iin-code-sent').waitFor()
      await inReach('iin-code')
      await page.getByTestId('kiosk-iin-back').tap()
      await page.getByTestId('kiosk-booking-back').tap()

      // A service by appointment only: its next free time and "take this time".
      await page.locator('[data-group="documents"]').tap()
      await page.locator(`[data-service="${BOOKING_ONLY}"]`).tap()
      await page.getByTestId('kiosk-booking-only-take').waitFor()
      await inReach('booking-only')
      await page.getByTestId('kiosk-booking-only-back').tap()
      await page.getByTestId('kiosk-back').tap()

      // No ticket (the centre has closed meanwhile): "try again" and "home" at the bottom.
      clock.now = mondayAt('21:00')
      try {
        await page.locator('[data-group="certificates"]').tap()
        await page.locator('[data-service="no-criminal-record"]').tap()
        await page.getByTestId('kiosk-offer-ticket').tap()
        await expect
          .poll(() => page.getByTestId('kiosk-error').getAttribute('data-code'))
          .toBe('centre_closed')
        await inReach('error')
        // Already in the lower half when centred; low reach puts it on the footer, nearer still.
        expect(await gapBelow(page, '[data-testid="kiosk-error"]')).toBeLessThan(0.05)
      } finally {
        clock.now = mondayAt('10:25')
      }
      expect(problems).toEqual([])
    })
  }

  for (const [name, viewport] of SIZES) {
    it(`raises "still here?" of a guided session into the lower half at ${viewport.width}×${viewport.height}`, async () => {
      const { page } = await openKiosk(viewport)
      await page.getByTestId('kiosk-low-reach').tap()
      await page.locator('[data-group="certificates"]').tap()
      await page.locator('[data-service="no-criminal-record"]').tap()
      await page.getByTestId('kiosk-offer-start').tap()
      await page.getByTestId('kiosk-step-panel').waitFor()
      // The shortest quiet time a centre can set is 30 s; then 15 s to answer.
      await page.getByTestId('kiosk-idle-warning').waitFor({ timeout: 45_000 })
      await screenshot(page, `kiosk-low-reach-idle-${name}`)
      expect(await outOfReach(page, '[data-testid="kiosk-idle-warning"]')).toEqual([])
      // Not in the middle (which was in the lower half too): it rises from the bottom edge, as dialogs do.
      expect(await gapBelow(page, '.guided-idle-box', true)).toBeLessThan(0.05)
      // Unanswered, the session ends and the kiosk is home again for the next test.
      await page.locator('[data-group="certificates"]').waitFor({ timeout: 45_000 })
    }, 120_000)
  }

  it('holds with larger text too, and in Russian', async () => {
    for (const [, viewport] of SIZES) {
      const { page } = await openKiosk(viewport)
      await page.locator('[data-language="ru"]').tap()
      await page.getByTestId('kiosk-large-text').tap()
      await page.getByTestId('kiosk-low-reach').tap()
      await screenshot(page, `kiosk-low-reach-large-home-${viewport.width}x${viewport.height}-ru`)
      expect(await outOfReach(page)).toEqual([])
      await page.locator('[data-group="registration-social"]').tap()
      await page.locator('[data-service]').first().waitFor()
      expect(await outOfReach(page)).toEqual([])
    }
  })
})

/** Cards whose words run past their edge: content wider than the box (`scrollWidth > clientWidth`). */
function spilling(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (cards) =>
      [...document.querySelectorAll<HTMLElement>(cards)]
        .filter((card) => card.scrollWidth > card.clientWidth + 1)
        .map(
          (card) =>
            `${(card.textContent ?? '').replace(/\s+/g, ' ').trim()}: ${card.scrollWidth} > ${card.clientWidth}`,
        ),
    selector,
  )
}

/** What hides each element `selector` matches, in words (see visibility.ts); `[]` when all are seen whole. */
async function hidden(page: Page, selector: string): Promise<string[]> {
  const all = await page.locator(selector).all()
  expect(all.length, `no ${selector} on the page`).toBeGreaterThan(0)
  const found: string[] = []
  for (const [index, element] of all.entries()) {
    const why = await whyNotFullyVisible(element)
    if (why !== 'visible') found.push(`${selector} #${index + 1}: ${why}`)
  }
  return found
}

describe('larger text', () => {
  for (const [name, viewport] of SIZES) {
    for (const language of ['kk', 'ru'] as const) {
      it(`keeps words in their cards and all four groups on screen at ${viewport.width}×${viewport.height} (${language})`, async () => {
        const { page } = await openKiosk(viewport)
        if (language !== 'kk') await page.locator(`[data-language="${language}"]`).tap()
        await page.getByTestId('kiosk-large-text').tap()
        await expect
          .poll(() => page.evaluate(() => document.documentElement.classList.contains('kiosk-large')))
          .toBe(true)

        // Home: the four groups, each wholly visible, none under another element; no word past its card.
        await screenshot(page, `kiosk-large-text-home-${name}-${language}`)
        expect(await page.locator('.home-group').count()).toBe(4)
        expect(await hidden(page, '.home-group')).toEqual([])
        expect(await spilling(page, '.home-group, .home-booking, .k-button')).toEqual([])

        // Services: the longest Kazakh word (Психоневрологиялық) stays inside its card.
        await page.locator('[data-group="certificates"]').tap()
        await page.locator('[data-service]').first().waitFor()
        expect(await spilling(page, '.services-item, .services-ticket')).toEqual([])
        await screenshot(page, `kiosk-large-text-services-${name}-${language}`)

        // The ticket: no word past its card (the whole screen is the next describe's).
        await page.locator('[data-service="no-criminal-record"]').tap()
        await page.getByTestId('kiosk-offer-ticket').tap()
        await page.getByTestId('kiosk-ticket-number').waitFor()
        expect(await spilling(page, '.ticket-card, .ticket-stat, .ticket-follow, .k-button')).toEqual([])
      })
    }
  }
})

/**
 * A kiosk shell whose ticket printer is out of paper (its bridge, as the preload gives it): no Print
 * button, and the ticket on screen says so in a line of its own, the longest one the ticket shows.
 */
async function inShellOutOfPaper(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.kezek = {
      appInfo: async () => ({
        role: 'kiosk',
        hubUrl: '',
        deviceId: null,
        deviceKey: null,
        version: 'test',
        electron: '',
        shell: 'chromium',
      }),
      printTicket: async () => ({ ok: false, reason: 'not asked' }),
      printerState: async () => 'paper-out',
      onPrinterState: () => () => undefined,
    }
  })
}

/**
 * The ticket screen, in each language at both sizes with normal and larger text, in a browser and in a
 * shell whose printer is out of paper: the card, the QR card, Print (or the printer's line), Done and
 * "returns in … s" each on screen without scrolling, inside the main area and under nothing (not the
 * footer's Listen button, not the connection badge).
 */
describe('the ticket screen', () => {
  for (const [name, viewport] of SIZES) {
    for (const large of [false, true]) {
      const text = large ? 'larger' : 'normal'
      it(`shows the ticket, Print, Done and the countdown whole at ${viewport.width}×${viewport.height}, ${text} text (kk, ru, en; browser and shell)`, async () => {
        for (const shell of [false, true]) {
          for (const language of ['kk', 'ru', 'en'] as const) {
            const where = `${language}${shell ? ', in a shell out of paper' : ''}`
            const { page, context } = await openKiosk(viewport, shell ? inShellOutOfPaper : undefined)
            if (language !== 'kk') await page.locator(`[data-language="${language}"]`).tap()
            if (large) await page.getByTestId('kiosk-large-text').tap()
            await page.locator('[data-group="certificates"]').tap()
            await page.locator('[data-service="no-criminal-record"]').tap()
            await page.getByTestId('kiosk-offer-ticket').tap()
            await page.getByTestId('kiosk-ticket-number').waitFor()
            if (shell) await page.getByTestId('kiosk-unprinted').waitFor()
            await screenshot(page, `kiosk-ticket-${name}-${text}-${language}${shell ? '-paper-out' : ''}`)
            const parts = [
              '.ticket-card',
              '.ticket-follow',
              shell ? '[data-testid="kiosk-unprinted"]' : '[data-testid="kiosk-print"]',
              '[data-testid="kiosk-done"]',
              '.ticket-countdown',
            ]
            for (const part of parts) expect(await hidden(page, part), where).toEqual([])
            // Not even a corner of Done under the connection badge.
            const done = (await page.getByTestId('kiosk-done').boundingBox())!
            const badge = (await page.locator('.connection-badge').boundingBox())!
            const overlap =
              Math.min(done.x + done.width, badge.x + badge.width) > Math.max(done.x, badge.x) &&
              Math.min(done.y + done.height, badge.y + badge.height) > Math.max(done.y, badge.y)
            expect(overlap, where).toBe(false)
            await context.close()
          }
        }
      })
    }
  }
})
