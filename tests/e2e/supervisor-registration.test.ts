/**
 * The supervisor's mobile-citizen registration panel in a real Chromium against a real hub. Registrations
 * are driven through sockets as the registrar's desk drives them, with the code read from the demo SMS
 * outbox: one code runs out, one registration fails after three wrong codes (the administrator's), and
 * while the supervisor watches, the registrar confirms a binding for the ticket at window 6. The panel
 * must show the hub's own figures, live; the daily export and the audit log download with the session's
 * token, and the audit log holds the IIN and phone masked only.
 */
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localDay } from '../../src-shared/domain/time'
import {
  CITIZEN,
  codeFromOutbox,
  OTHER_CITIZEN,
  register,
  REGISTRAR_DESK,
  startPayload,
  wrongCode,
} from '../hub/fixtures/registration'
import { expectOk, startTestHub, type TestClient, type TestHub } from '../support/hub-harness'
import { parseCsv } from '../support/csv'
import { buildRendererOnce, collectProblems, launchChromium, screenshot, signInStaff } from './support'

const DESKTOP = { width: 1920, height: 1080 }
const MINUTE = 60_000
/** The demo registrar and administrator (docs/demo-accounts.md). */
const REGISTRAR = { id: 'registrar-1', name: 'Ерлан Жақсылықов' }
const ADMIN = { id: 'admin-1', name: 'Тимур Бекенов' }

/** The hub's clock: real time, shifted when a test needs a code to have run out. */
let shiftMs = 0
const hubNow = () => Date.now() + shiftMs

let hub: TestHub
let browser: Browser
let kiosk: TestClient
let registrar: TestClient
let admin: TestClient
const contexts: BrowserContext[] = []
/** Whether the registration whose code ran out was started on the centre's today (not before midnight). */
let expiredToday = false

const today = () => localDay(hubNow(), hub.config.centre.timeZone)
const hubTotals = async () => (await hub.hub.registration.stats(today())).totals
const realProblems = (problems: string[]) =>
  problems.filter((p) => !p.includes("'script-src' was not explicitly set"))
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim()
const registrarCell = (page: Page, staffId: string, cell: string) =>
  page.locator(`.registrar-row[data-staff="${staffId}"] [data-cell="${cell}"]`)
const saved = async (download: Download) => readFileSync((await download.path())!, 'utf8')

/** Before the supervisor looks: a code that ran out, and a registration closed by three wrong codes. */
async function playEarlierRegistrations(): Promise<void> {
  shiftMs = -6 * MINUTE
  expectOk(await registrar.command('desk:open', { deskId: REGISTRAR_DESK }))
  const stale = expectOk(
    await register(registrar, 'registration:start', startPayload({ phone: '+7 (747) 123-45-67' })),
  )
  expiredToday =
    localDay(hubNow(), hub.config.centre.timeZone) === localDay(Date.now(), hub.config.centre.timeZone)
  shiftMs = 0
  const late = await register(registrar, 'registration:confirm', {
    registrationId: stale.registrationId,
    code: codeFromOutbox(hub.dataDir, stale.registrationId),
  })
  expect(late).toMatchObject({ ok: false, error: { code: 'otp_expired' } })

  // The administrator helps out at window 6 and the citizen reads out the wrong code three times.
  const failing = expectOk(
    await register(
      admin,
      'registration:start',
      startPayload({ iin: OTHER_CITIZEN.iin, phone: OTHER_CITIZEN.phone }),
    ),
  )
  const wrong = wrongCode(codeFromOutbox(hub.dataDir, failing.registrationId))
  for (const expected of ['otp_wrong', 'otp_wrong', 'otp_attempts_exceeded']) {
    const ack = await register(admin, 'registration:confirm', {
      registrationId: failing.registrationId,
      code: wrong,
    })
    expect(ack).toMatchObject({ ok: false, error: { code: expected } })
  }
}

/** A morning's few tickets, so the rest of the view is not empty around the panel. */
async function playSomeQueue(): Promise<void> {
  const consultant = await hub.staffClient('consultant1')
  expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
  for (const serviceId of [
    'no-criminal-record',
    'id-card-passport',
    'no-criminal-record',
    'digital-signature',
  ]) {
    expectOk(await kiosk.command('ticket:issue', { serviceId }))
  }
  const called = expectOk(await consultant.command('ticket:call-next', { deskId: 'desk-1' })).ticket
  expectOk(await consultant.command('ticket:start', { ticketId: called.id }))
}

beforeAll(async () => {
  const rendererDir = await buildRendererOnce()
  hub = await startTestHub({ now: hubNow, hubOptions: { rendererDir } })
  browser = await launchChromium()
  kiosk = await hub.deviceClient('kiosk-1')
  registrar = await hub.staffClient('registrar')
  admin = await hub.staffClient('admin')
  await playEarlierRegistrations()
  await playSomeQueue()
}, 240_000)

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined)
  await browser?.close()
  await hub?.close()
})

async function openAsSupervisor(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1, acceptDownloads: true })
  contexts.push(context)
  const page = await context.newPage()
  const problems = collectProblems(page)
  await page.goto(`${hub.url}/supervisor`)
  await signInStaff(page, 'supervisor', 'supervisor', hub.credentials.passwords['supervisor']!)
  return { page, problems }
}

describe('mobile-citizen registration on the supervisor view (1920×1080)', () => {
  it(
    'shows the hub’s figures per registrar, live, and downloads the audited exports',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await openAsSupervisor()
      const panel = page.getByTestId('supervisor-registration')
      await expect.poll(() => panel.getAttribute('data-state')).toBe('ready')
      const before = await hubTotals()
      expect(before).toMatchObject({ confirmed: 0, failed: 1, expired: expiredToday ? 1 : 0 })
      expect(await text(page, 'supervisor-registration-confirmed')).toBe('0')
      expect(await text(page, 'supervisor-registration-failed')).toBe('1')
      expect(await text(page, 'supervisor-registration-expired')).toBe(String(before.expired))
      expect(await registrarCell(page, ADMIN.id, 'name').textContent()).toBe(ADMIN.name)
      expect(await registrarCell(page, ADMIN.id, 'failed').textContent()).toContain('1')

      // The registrar calls the registration ticket and binds the citizen's phone with the code from the
      // outbox; `registration:updated` brings the panel up to date without a reload.
      const ticket = expectOk(
        await kiosk.command('ticket:issue', { serviceId: 'mobile-registration' }),
      ).ticket
      expect(
        expectOk(await registrar.command('ticket:call-next', { deskId: REGISTRAR_DESK })).ticket.id,
      ).toBe(ticket.id)
      expectOk(await registrar.command('ticket:start', { ticketId: ticket.id }))
      const started = expectOk(
        await register(registrar, 'registration:start', startPayload({ ticketId: ticket.id })),
      )
      const confirmed = expectOk(
        await register(registrar, 'registration:confirm', {
          registrationId: started.registrationId,
          code: codeFromOutbox(hub.dataDir, started.registrationId),
        }),
      )
      expect(confirmed.binding.status).toBe('active')
      await expect.poll(() => text(page, 'supervisor-registration-confirmed'), { timeout: 5_000 }).toBe('1')
      expect(await hubTotals()).toMatchObject({ confirmed: 1, failed: 1 })
      const row = (cell: string) => registrarCell(page, REGISTRAR.id, cell).textContent()
      expect(await row('name')).toBe(REGISTRAR.name)
      expect((await row('confirmed'))?.trim()).toBe('1')
      expect((await row('expired'))?.trim()).toBe(String(before.expired))
      expect((await row('started'))?.trim()).toBe(String(1 + before.expired))
      expect(await text(page, 'supervisor-exports-audited')).toContain('аудит')
      await screenshot(page, 'supervisor-registration-1920-kk')

      // The whole day still fits the screen.
      const overflow = await page.evaluate(() => ({
        x: document.documentElement.scrollWidth - window.innerWidth,
        y: document.documentElement.scrollHeight - window.innerHeight,
      }))
      expect(overflow.x).toBeLessThanOrEqual(0)
      expect(overflow.y).toBeLessThanOrEqual(0)

      // The daily export: the hub's CSV, fetched with the token, saved under a name with centre and day.
      await page.locator('[data-language="ru"]').click()
      const day = today()
      const [daily] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('supervisor-registration-daily-export').click(),
      ])
      expect(daily.suggestedFilename()).toBe(`kezek-astana-1-registrations-${day}.csv`)
      // The one CSV format, headers in the supervisor's language (Russian here).
      const dailyRows = parseCsv((await saved(daily)).replace(/^\uFEFF/, ''))
      expect(dailyRows[0]).toEqual([
        'День',
        'ID сотрудника',
        'Сотрудник',
        'Начато',
        'Подтверждено',
        'Не удалось',
        'Истекло',
        'Начато заново',
        'Ещё открыто',
      ])
      expect(dailyRows).toContainEqual([
        day,
        REGISTRAR.id,
        REGISTRAR.name,
        String(1 + before.expired),
        '1',
        '0',
        String(before.expired),
        '0',
        '0',
      ])
      expect(dailyRows).toContainEqual([day, ADMIN.id, ADMIN.name, '1', '0', '1', '0', '0', '0'])

      // The audit log of today (the default range): every entry masked, the exports themselves included.
      expect(await page.getByTestId('supervisor-audit-from').inputValue()).toBe(day)
      expect(await page.getByTestId('supervisor-audit-to').inputValue()).toBe(day)
      const [audit] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('supervisor-registration-audit-export').click(),
      ])
      expect(audit.suggestedFilename()).toBe(`kezek-astana-1-audit-${day}-${day}.csv`)
      const auditCsv = await saved(audit)
      const auditRows = parseCsv(auditCsv.replace(/^\uFEFF/, ''))
      expect(auditRows[0]![0]).toBe('Время (Asia/Almaty)')
      const actions = auditRows.slice(1).map((cells) => cells[5])
      expect(actions).toEqual(expect.arrayContaining(['start', 'fail', 'create', 'export']))
      expect(auditCsv).toContain('8710******27')
      expect(auditCsv).toContain('+7 (701) ***-**-78')
      expect(auditCsv).toContain(`stats.csv for ${day}`)
      expect(auditCsv).toContain(`audit.csv for ${day} to ${day}`)
      for (const full of [
        CITIZEN.iin,
        CITIZEN.e164,
        OTHER_CITIZEN.iin,
        OTHER_CITIZEN.e164,
        '+7 (701) 234-56-78',
        '+7 (747) 123-45-67',
      ]) {
        expect(auditCsv, full).not.toContain(full)
      }
      await screenshot(page, 'supervisor-registration-1920-ru')

      // A range the hub would refuse is caught before asking.
      await page.getByTestId('supervisor-audit-to').fill('2020-01-01')
      await expect
        .poll(() => page.getByTestId('supervisor-audit-range').getAttribute('data-problem'))
        .toBe('reversed')
      expect(await page.getByTestId('supervisor-registration-audit-export').isDisabled()).toBe(true)
      expect(realProblems(problems)).toEqual([])
    },
  )
})
