/**
 * The mobile-citizen registration desk in a real Chromium against a real hub: a kiosk issues a ticket
 * for the mobile-registration service, the registrar signs in at window 6, calls it, enters the IIN and
 * phone with live checks, records the document and the consent, sends the code, reads it from the demo
 * SMS outbox, gets one wrong, reloads mid-flow, confirms, and sees the binding delivered. Then a second
 * visit finds the binding, moves it to a new number and revokes it. Every step is screenshotted.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../src-shared/domain/time'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { buildRendererOnce, collectProblems, launchChromium, screenshot } from './support'

const LAPTOP = { width: 1366, height: 768 }
const DESKTOP = { width: 1920, height: 1080 }
const IIN = '871008401427'
const PHONE = '8 701 234 56 78'
const NEW_PHONE = '8 777 123 45 67'

let hub: TestHub
let browser: Browser
let kiosk: TestClient
const contexts: BrowserContext[] = []

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

async function openDashboard(viewport: {
  width: number
  height: number
}): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/consultant`)
  await page.getByTestId('consultant-sign-in').waitFor()
  return { page, problems }
}

async function signInAsRegistrar(page: Page): Promise<void> {
  await page.getByTestId('consultant-login').fill('registrar')
  await page.getByTestId('consultant-password').fill(hub.credentials.passwords['registrar']!)
  await page.getByTestId('consultant-sign-in-submit').click()
}

async function issueRegistrationTicket(): Promise<string> {
  const ack = expectOk(
    await kiosk.command('ticket:issue', { serviceId: 'mobile-registration', categoryId: null }),
  )
  return ack.ticket.number
}

/** The newest code the demo SMS gateway "sent", read with the page's own staff token. */
async function codeFromOutbox(page: Page): Promise<string> {
  const token = await page.evaluate(
    () => (JSON.parse(sessionStorage.getItem('kezek.session')!) as { token: string }).token,
  )
  const response = await fetch(`${hub.url}/api/sms-outbox?limit=1`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(response.status).toBe(200)
  const body = (await response.json()) as { messages: Array<{ text: string; to: string }> }
  const match = /Код (\d{6})/.exec(body.messages[0]?.text ?? '')
  if (!match) throw new Error(`no code in the outbox: ${JSON.stringify(body)}`)
  return match[1]!
}

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').trim()
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set") && !p.includes('401'))
const todayFigures = async () =>
  (await hub.hub.registration.stats(localDay(Date.now(), hub.config.centre.timeZone))).totals
/** Waits until the registration panel has the answer to its last request. */
const idle = (page: Page) => page.locator('.desk-tab:not([disabled])').first().waitFor()

describe('mobile-citizen registration desk (1366×768, Russian)', () => {
  it('binds an IIN to a phone with the code from the SMS outbox', { timeout: 90_000 }, async () => {
    const number = await issueRegistrationTicket()
    const { page, problems } = await openDashboard(LAPTOP)
    await page.locator('[data-language="ru"]').click()
    await signInAsRegistrar(page)

    // Window 6 serves the mobile-registration service by default.
    await page.locator('.desk-card[data-desk="desk-6"]').click()
    const services = page.getByTestId('consultant-services')
    await services.waitFor()
    expect(
      await services
        .locator('input[type="checkbox"]:checked')
        .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('data-service'))),
    ).toEqual(['mobile-registration'])
    await page.getByTestId('consultant-open-desk').click()
    await page.getByTestId('consultant-ticket').waitFor()
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)

    // Call the ticket and start serving: the registration panel takes the main column.
    await page.locator('[data-action="call-next"]').click()
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(number)
    await page.keyboard.press('s')
    await expect.poll(() => text(page, 'consultant-ticket-status')).toBe('Обслуживается')
    const panel = page.getByTestId('desk-registration')
    await panel.waitFor()
    await page.getByTestId('desk-consent-text').waitFor()
    expect(await page.getByTestId('desk-send').isDisabled()).toBe(true)
    await screenshot(page, 'registration-01-called')

    // A mistyped IIN says why; the right one is checked and, once left, masked.
    const iin = page.getByTestId('desk-iin')
    await iin.fill('871008401428')
    await expect
      .poll(() => text(page, 'desk-iin-message'))
      .toBe('Контрольная цифра не сходится: вероятно, одна цифра введена с ошибкой.')
    await screenshot(page, 'registration-02-iin-mistyped')
    await iin.fill(IIN)
    await expect.poll(() => text(page, 'desk-iin-message')).toContain('08.10.1987')
    // A landline is refused with its reason, then the mobile number is accepted and read back.
    const phone = page.getByTestId('desk-phone')
    await phone.fill('8 712 234 56 78')
    await expect.poll(() => text(page, 'desk-phone-message')).toContain('городской')
    await phone.fill(PHONE)
    await page.getByTestId('desk-document').check()
    expect(await iin.inputValue()).toBe('8710******27')
    expect(await phone.inputValue()).toBe('+7 (701) 234-56-78')
    expect(await text(page, 'desk-phone-message')).toBe('✓ Код будет отправлен на +7 (701) 234-56-78')
    // Everything but the consent: still no code.
    expect(await page.getByTestId('desk-send').isDisabled()).toBe(true)
    expect(await text(page, 'desk-missing')).toBe('Ещё нужно: согласие')

    // The consent text, large, for the citizen; they agree in Kazakh.
    await page.getByTestId('desk-consent-show').click()
    await page.getByTestId('desk-consent-view').waitFor()
    await screenshot(page, 'registration-03-consent-view')
    await page.getByTestId('desk-consent-agree-kk').click()
    await page.getByTestId('desk-consent-view').waitFor({ state: 'detached' })
    expect(await page.getByTestId('desk-consent-accepted').isChecked()).toBe(true)
    expect(await page.getByTestId('desk-consent-language-kk').isChecked()).toBe(true)
    await expect.poll(() => page.getByTestId('desk-send').isEnabled()).toBe(true)
    // "Show" reveals the IIN for a second look.
    await page.getByTestId('desk-iin-reveal').click()
    expect(await iin.inputValue()).toBe(IIN)
    await page.getByTestId('desk-iin-reveal').click()
    expect(await iin.inputValue()).toBe('8710******27')
    await screenshot(page, 'registration-04-ready')

    // Send the code.
    await page.getByTestId('desk-send').click()
    await page.getByTestId('desk-code-step').waitFor()
    expect(await text(page, 'desk-code-sent')).toBe('Код отправлен на +7 (701) ***-**-78')
    expect(await text(page, 'desk-code-iin')).toBe('ИИН 8710******27')
    expect(await text(page, 'desk-attempts')).toContain('3')
    expect(await text(page, 'desk-countdown')).toMatch(/[45]:\d\d/)
    expect(await page.getByTestId('desk-resend').isDisabled()).toBe(true)
    expect(await text(page, 'desk-resend')).toMatch(/Новый код через 0:[0-5]\d|Новый код через 1:00/)
    expect(await todayFigures()).toMatchObject({ started: 1, pending: 1 })
    await screenshot(page, 'registration-05-code-sent')

    // The demo outbox shows what the citizen's phone got.
    const code = await codeFromOutbox(page)
    await page.getByTestId('desk-outbox-open').click()
    await expect.poll(() => text(page, 'desk-sms-code')).toBe(code)
    expect(await page.locator('[data-testid="desk-sms"][data-current="true"]').count()).toBe(1)
    await screenshot(page, 'registration-06-outbox')
    await page.getByTestId('desk-outbox-close').click()

    // A wrong code once: the reason and the attempts left.
    await page.getByTestId('desk-code').fill(wrong(code))
    await page.getByTestId('desk-confirm').click()
    const error = page.getByTestId('desk-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('otp_wrong')
    expect(await text(page, 'desk-error-text')).toBe('Неверный код. Осталось попыток: 2.')
    await expect.poll(() => text(page, 'desk-attempts')).toContain('2')
    expect(await page.getByTestId('desk-code').inputValue()).toBe('')
    await screenshot(page, 'registration-07-wrong-code')

    // A reload mid-flow picks the code step up again, from the hub's status (masked values only).
    await page.reload()
    await page.getByTestId('desk-code-step').waitFor()
    expect(await text(page, 'desk-code-sent')).toBe('Код отправлен на +7 (701) ***-**-78')
    await expect.poll(() => text(page, 'desk-attempts')).toContain('2')

    // The right code: the binding is confirmed, attached to the ticket and delivered.
    await page.getByTestId('desk-code').fill(code)
    await page.getByTestId('desk-confirm').click()
    await page.getByTestId('desk-confirmed').waitFor()
    expect(await text(page, 'desk-done-iin')).toBe('8710******27')
    expect(await text(page, 'desk-done-phone')).toBe('+7 (701) ***-**-78')
    expect(await text(page, 'desk-done-ticket')).toBe(number)
    await expect.poll(() => page.getByTestId('desk-delivery').getAttribute('data-status')).toBe('delivered')
    expect(await text(page, 'desk-delivery')).toMatch(/^Передано в \d\d:\d\d$/)
    expect(await todayFigures()).toMatchObject({ started: 1, confirmed: 1, pending: 0 })
    // The full IIN and phone have left the screen and the page's storage.
    const html = await page.content()
    expect(html).not.toContain(IIN)
    expect(html).not.toContain('234-56-78')
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(IIN)
    await screenshot(page, 'registration-08-confirmed')

    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }))
    expect(overflow.x).toBeLessThanOrEqual(0)
    expect(overflow.y).toBeLessThanOrEqual(0)

    // Finish the ticket (F, Enter takes the first outcome): the panel goes with it, and what it kept.
    await page.keyboard.press('f')
    await page.getByTestId('consultant-finish-dialog').waitFor()
    await page.keyboard.press('Enter')
    await page.getByTestId('desk-registration').waitFor({ state: 'detached' })
    expect(await page.evaluate(() => sessionStorage.getItem('kezek.registration'))).toBeNull()
    expect(realProblems(problems)).toEqual([])
  })
})

describe('mobile-citizen registration desk (1920×1080, Kazakh)', () => {
  it('finds the binding, moves it to a new number and revokes it', { timeout: 90_000 }, async () => {
    const number = await issueRegistrationTicket()
    const { page, problems } = await openDashboard(DESKTOP)
    await signInAsRegistrar(page)
    // Window 6 is still open for the registrar.
    await expect.poll(() => page.locator('[data-action="call-next"]').isEnabled()).toBe(true)
    await page.locator('[data-action="call-next"]').click()
    await expect.poll(() => text(page, 'consultant-ticket-number')).toBe(number)

    // Registering the same IIN again is refused: it already has an active binding.
    await page.getByTestId('desk-iin').fill(IIN)
    await page.getByTestId('desk-phone').fill(NEW_PHONE)
    await page.getByTestId('desk-document').check()
    await page.getByTestId('desk-consent-accepted').check()
    await page.getByTestId('desk-send').click()
    const error = page.getByTestId('desk-error')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('binding_exists')
    expect(await text(page, 'desk-error-text')).toBe('Бұл ЖСН-нің белсенді нөмірі бар. Нөмірді ауыстырыңыз.')
    await screenshot(page, 'registration-09-binding-exists-kk')

    // ...and offers the lookup, which shows the active binding, masked.
    await page.getByTestId('desk-find-existing').click()
    await page.getByTestId('desk-binding').first().waitFor()
    expect(await page.getByTestId('desk-binding').count()).toBe(1)
    expect(await text(page, 'desk-binding-status')).toBe('Белсенді')
    expect(await text(page, 'desk-binding-phone')).toBe('+7 (701) ***-**-78')
    await screenshot(page, 'registration-10-find-kk')

    // Change its number: the same code flow, to the new phone.
    await page.getByTestId('desk-binding-change').click()
    await page.getByTestId('desk-change').waitFor()
    expect(await page.getByTestId('desk-iin').count()).toBe(0)
    await page.getByTestId('desk-phone').fill(NEW_PHONE)
    await page.getByTestId('desk-document').check()
    await page.getByTestId('desk-consent-language-ru').check()
    await page.getByTestId('desk-consent-accepted').check()
    await screenshot(page, 'registration-11-change-kk')

    // A second screen plays the citizen's phone: the staff-only outbox page, signed in on its own.
    const phone = await page.context().newPage()
    await phone.setViewportSize({ width: 900, height: 700 })
    await phone.goto(`${hub.url}/desk/sms-outbox`)
    await phone.getByTestId('consultant-login').fill('registrar')
    await phone.getByTestId('consultant-password').fill(hub.credentials.passwords['registrar']!)
    await phone.getByTestId('consultant-sign-in-submit').click()
    await phone.getByTestId('desk-outbox').waitFor()
    await expect.poll(() => phone.getByTestId('desk-sms').count()).toBe(1)

    await page.getByTestId('desk-send').click()
    await page.getByTestId('desk-code-step').waitFor()
    expect(await text(page, 'desk-code-sent')).toBe('Код +7 (777) ***-**-67 нөміріне жіберілді')
    const code = await codeFromOutbox(page)
    // The page shows the new code as soon as it is sent, without a reload.
    await expect.poll(() => text(phone, 'desk-sms-code')).toBe(code)
    expect(await text(phone, 'desk-sms')).toContain('+7 (777) ***-**-67')
    await screenshot(phone, 'registration-outbox-page-kk')
    await phone.close()
    await page.getByTestId('desk-code').fill(code)
    await page.getByTestId('desk-confirm').click()
    await page.getByTestId('desk-confirmed').waitFor()
    expect(await text(page, 'desk-done-phone')).toBe('+7 (777) ***-**-67')
    expect(await text(page, 'desk-done-replaced')).toContain('+7 (701) ***-**-78')
    await expect.poll(() => page.getByTestId('desk-delivery').getAttribute('data-status')).toBe('delivered')
    await screenshot(page, 'registration-12-changed-kk')

    // The history: the new binding active, the old one replaced. Revoke the new one, with a reason.
    await page.getByTestId('desk-tab-find').click()
    await page.getByTestId('desk-binding').nth(1).waitFor()
    expect(
      await page
        .getByTestId('desk-binding')
        .evaluateAll((items) => items.map((i) => i.getAttribute('data-status'))),
    ).toEqual(['active', 'replaced'])
    await page.getByTestId('desk-binding-revoke').click()
    await page.getByTestId('desk-revoke-dialog').waitFor()
    expect(await page.getByTestId('desk-revoke-confirm').isDisabled()).toBe(true)
    // Typing the reason never triggers the dashboard's shortcuts (f would finish the ticket).
    await page.getByTestId('desk-revoke-reason').fill('Азаматтың өтініші бойынша, SIM-карта жоғалды')
    await screenshot(page, 'registration-13-revoke-dialog-kk')
    await page.getByTestId('desk-revoke-confirm').click()
    await page.getByTestId('desk-revoke-dialog').waitFor({ state: 'detached' })
    await expect
      .poll(() => page.getByTestId('desk-binding').first().getAttribute('data-status'))
      .toBe('revoked')
    expect(await text(page, 'desk-notice')).toBe('Байланыстың күші жойылды.')
    expect(hub.hub.engine.state.tickets[hub.hub.engine.state.desks['desk-6']!.ticketId!]?.number).toBe(number)
    await idle(page)
    await screenshot(page, 'registration-14-revoked-kk')

    const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)
    expect(overflow).toBeLessThanOrEqual(0)
    expect(realProblems(problems)).toEqual([])
  })
})
