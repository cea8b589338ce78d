/**
 * The ticket printer's state read from a real CUPS (issue 16: "a printer out of paper, the shells
 * report it"): the test queues of .ci/headful-setup.sh, whose backend runs out of paper, and one taken
 * offline with `cupsdisable`; then the Chromium kiosk shell, headful, printing a ticket on the queue
 * that runs out of paper: the kiosk page hears it from the shell, the hub's supervisor sees the alert
 * with nobody printing again, the next citizen's ticket stays on the screen, and a new roll clears it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { kioskArgs, launchChromiumShell, type ChromiumShell } from '../../src-main/chromium-shell/shell'
import { readPrinterState, watchPrinter, type PrinterWatch } from '../../src-main/printer-state'
import type { ShellPrinterState } from '../../src-shared/bridge'
import { supervisorAlerts } from '../../src-shared/figures/alerts'
import { buildRendererOnce } from '../e2e/support'
import {
  demoConfig,
  demoCredentials,
  expectOk,
  startTestHub,
  type Fact,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import {
  jobsOn,
  OFFLINE_QUEUE,
  PAPER_OUT_QUEUE,
  printOn,
  refill,
  waitForPrinterState,
  whileDisabled,
} from './cups-test-queues'
import {
  NEEDS_PRINTING,
  NEEDS_X,
  skipReason,
  startXvfb,
  TICKET_QUEUE,
  type XDisplay,
} from './headful-support'

const NEEDS_TEST_QUEUES = [
  {
    ok: () => {
      try {
        execFileSync('lpstat', ['-p', `${PAPER_OUT_QUEUE},${OFFLINE_QUEUE}`], { stdio: 'ignore' })
        return true
      } catch {
        // Control flow: no CUPS or no such queues is the answer.
        return false
      }
    },
    why: `CUPS lacks the test queues ${PAPER_OUT_QUEUE} and ${OFFLINE_QUEUE}`,
  },
]
const skipCups = skipReason('printer state from CUPS', [...NEEDS_PRINTING, ...NEEDS_TEST_QUEUES])

describe.skipIf(skipCups)('the ticket printer read from a real CUPS', () => {
  let watch: PrinterWatch | null = null
  afterEach(async () => {
    watch?.stop()
    watch = null
    await refill()
  })

  it('the kiosk default queue (Kezek-Tickets) is ok, by name and as the system default', async () => {
    expect(await readPrinterState({ printer: TICKET_QUEUE })).toMatchObject({
      state: 'ok',
      printer: TICKET_QUEUE,
    })
    expect(await readPrinterState({ printer: null })).toMatchObject({ state: 'ok', printer: TICKET_QUEUE })
  })

  it('a job on a printer whose roll ran out makes it paper-out; a new roll makes it ok', async () => {
    await refill()
    expect(await readPrinterState({ printer: PAPER_OUT_QUEUE })).toEqual({
      state: 'ok',
      printer: PAPER_OUT_QUEUE,
      reasons: [],
    })
    await printOn(PAPER_OUT_QUEUE, 'a queue ticket')
    await waitForPrinterState(PAPER_OUT_QUEUE, 'paper-out')
    const reading = await readPrinterState({ printer: PAPER_OUT_QUEUE })
    expect(reading).toMatchObject({
      state: 'paper-out',
      reasons: expect.arrayContaining(['media-empty-error']),
    })
    // The job waits for paper: CUPS stopped the queue.
    expect(await jobsOn(PAPER_OUT_QUEUE)).toHaveLength(1)
  }, 60_000)

  it('a queue taken off with cupsdisable is offline, and ok once enabled again', async () => {
    expect((await readPrinterState({ printer: OFFLINE_QUEUE })).state).toBe('ok')
    await whileDisabled(OFFLINE_QUEUE, async () => {
      expect(await readPrinterState({ printer: OFFLINE_QUEUE })).toEqual({
        state: 'offline',
        printer: OFFLINE_QUEUE,
        reasons: ['paused'],
      })
    })
    expect((await readPrinterState({ printer: OFFLINE_QUEUE })).state).toBe('ok')
  })

  it('no such printer, or no lpstat, is unknown with why, never ok', async () => {
    expect(await readPrinterState({ printer: 'Kezek-Test-Printer-Missing' })).toMatchObject({
      state: 'unknown',
      printer: 'Kezek-Test-Printer-Missing',
      why: expect.stringMatching(/Kezek-Test-Printer-Missing/),
    })
    expect(await readPrinterState({ printer: null, lpstat: '/nonexistent/lpstat' })).toEqual({
      state: 'unknown',
      printer: null,
      why: '/nonexistent/lpstat is not installed (no CUPS client)',
    })
  })

  it('the watch tells each change once, not every read', async () => {
    await refill()
    const changes: ShellPrinterState[] = []
    watch = watchPrinter({
      printer: PAPER_OUT_QUEUE,
      intervalMs: 100,
      onChange: (state) => changes.push(state),
    })
    await expect.poll(() => changes).toEqual(['ok'])
    await printOn(PAPER_OUT_QUEUE, 'a queue ticket')
    await expect.poll(() => changes, { timeout: 30_000 }).toEqual(['ok', 'paper-out'])
    // Several more reads of the same state: no further change is told.
    for (let read = 0; read < 3; read++) expect((await watch.check()).state).toBe('paper-out')
    expect(changes).toEqual(['ok', 'paper-out'])
    expect(watch.current()).toBe('paper-out')
    await refill()
    await expect.poll(() => changes, { timeout: 30_000 }).toEqual(['ok', 'paper-out', 'ok'])
  }, 90_000)
})

const SCREEN = { width: 1080, height: 1920 }
const SERVICE = 'no-criminal-record'
/** Beside the shell's own switches: no GPU on a virtual screen, nothing fetched from the internet. */
const TEST_SWITCHES = ['--disable-gpu', '--disable-background-networking', '--disable-component-update']
const skipShell = skipCups ?? skipReason('headful kiosk shell watching its printer', NEEDS_X)

describe.skipIf(skipShell)('the Chromium kiosk shell watching its ticket printer', () => {
  let x: XDisplay
  let hub: TestHub
  let shell: ChromiumShell
  let kiosk: Page
  let supervisor: TestClient
  let tempRoot: string

  beforeAll(async () => {
    await refill()
    const rendererDir = await buildRendererOnce()
    hub = await startTestHub({
      config: demoConfig(),
      credentials: demoCredentials(),
      hubOptions: { rendererDir },
    })
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-1' }))
    supervisor = await hub.staffClient('supervisor')
    x = await startXvfb(SCREEN.width, SCREEN.height)
    tempRoot = mkdtempSync(join(tmpdir(), 'kezek-headful-printer-'))
    shell = await launchChromiumShell({
      hubUrl: hub.url,
      deviceId: 'kiosk-1',
      deviceKey: hub.credentials.deviceKeys['kiosk-1']!,
      args: [...kioskArgs(true), ...TEST_SWITCHES],
      env: x.env,
      tempRoot,
      ticketPrinter: PAPER_OUT_QUEUE,
      printerWatch: { intervalMs: 1_000, afterPrintMs: 500 },
    })
    kiosk = shell.kioskPage
  }, 240_000)

  afterAll(async () => {
    await shell?.close()
    await hub?.close()
    await x?.close()
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true })
    if (!skipShell) await refill()
  })

  async function takeTicket(): Promise<string> {
    await kiosk.goto(`${hub.url}/kiosk`)
    await kiosk.locator('[data-group="certificates"]').click()
    await kiosk.locator(`[data-service="${SERVICE}"]`).click()
    await kiosk.getByTestId('kiosk-offer-ticket').click()
    return (await kiosk.getByTestId('kiosk-ticket-number').textContent())!.trim()
  }

  const printerAlerts = () =>
    supervisorAlerts({
      state: supervisor.state(),
      alerts: hub.config.alerts,
      now: Date.now(),
      presence: null,
    }).filter((alert) => alert.kind === 'printer')

  it('prints on its ticket printer; CUPS runs out of paper; the supervisor sees it with nobody printing again', async () => {
    await kiosk.locator('.home-group').first().waitFor()
    expect(await kiosk.evaluate(() => window.kezek!.printerState!())).toBe('ok')
    const number = await takeTicket()
    // Chromium prints on the shell's ticket printer (not the system default): its job reaches the
    // test backend, which reports the roll empty.
    await waitForPrinterState(PAPER_OUT_QUEUE, 'paper-out')
    const reported = await supervisor.waitFor<Fact<'device:reported'>>(
      'device:reported',
      (fact) => fact.deviceId === 'kiosk-1' && fact.printer === 'paper-out',
      30_000,
    )
    expect(reported.printer).toBe('paper-out')
    expect(printerAlerts()).toEqual([expect.objectContaining({ deviceId: 'kiosk-1', printer: 'paper-out' })])
    expect(await kiosk.evaluate(() => window.kezek!.printerState!())).toBe('paper-out')
    console.log(
      `ticket ${number} ran the roll out; the supervisor's alert: ${JSON.stringify(printerAlerts())}`,
    )
  }, 120_000)

  it('the next citizen gets the ticket on screen, with why, and no job goes to the empty printer', async () => {
    const before = await jobsOn(PAPER_OUT_QUEUE)
    await takeTicket()
    const notice = kiosk.getByTestId('kiosk-unprinted')
    await notice.waitFor()
    expect(await notice.getAttribute('data-printer')).toBe('paper-out')
    expect(await notice.textContent()).toMatch(/қағаз таусылды/)
    expect(await kiosk.getByTestId('kiosk-qr').locator('svg').count()).toBe(1)
    // On the portrait kiosk the line takes the number's room: Done stays on screen, above the footer.
    const done = (await kiosk.getByTestId('kiosk-done').boundingBox())!
    const footer = (await kiosk.locator('.kiosk-footer').boundingBox())!
    expect(done.y + done.height).toBeLessThanOrEqual(footer.y)
    await x.capture('chromium-shell-headful-paper-out')
    expect(await jobsOn(PAPER_OUT_QUEUE)).toEqual(before)
  }, 60_000)

  it('a new roll: the kiosk hears ok from the shell and the alert goes', async () => {
    const facts = supervisor.facts().length
    await refill()
    await supervisor.waitFor<Fact<'device:reported'>>(
      'device:reported',
      (fact) => fact.deviceId === 'kiosk-1' && fact.printer === 'ok',
      30_000,
    )
    expect(printerAlerts()).toEqual([])
    // Changes only: one report for the one change, however many times the shell read the printer.
    const reports = supervisor
      .facts()
      .slice(facts)
      .filter((fact) => fact.type === 'device:reported')
    expect(reports).toHaveLength(1)
  }, 60_000)
})
