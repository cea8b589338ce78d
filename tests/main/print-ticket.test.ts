import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createTicketPrinter, ticketHtml, TICKET_WIDTH_MICRONS } from '../../src-main/electron/print-ticket'
import type { PrintableTicket } from '../../src-shared/bridge'
import { typedTrackLink } from '../../src-shared/protocol/track-code'
import { FakeBrowserWindow, resetFakeElectron } from './fake-electron'

vi.mock('electron', () => import('./fake-electron'))

const TICKET: PrintableTicket = {
  number: 'A014',
  centreName: 'Астана, ЦОН № 1',
  serviceName: 'Справка о наличии либо отсутствии судимости',
  issuedAt: Date.UTC(2026, 2, 2, 5, 30),
  ahead: 3,
  windows: 2,
  estimateMinutes: 12,
  estimateLow: 8,
  estimateHigh: 18,
  trackUrl: 'http://192.168.1.10:8080/t/abc123',
  language: 'ru',
}

/** The hidden window a print used, with the options of its one print call. */
function printWindow() {
  const window = FakeBrowserWindow.instances.at(-1)!
  return { window, options: window.webContents.print.mock.calls[0]?.[0] as Record<string, any> | undefined }
}

beforeEach(() => resetFakeElectron())

describe('printTicket', () => {
  it('prints silently on the configured printer, 80 mm wide, without margins', async () => {
    const print = createTicketPrinter({ printer: 'Thermal-80' })
    await expect(print(TICKET)).resolves.toEqual({ ok: true })
    const { window, options } = printWindow()
    expect(options).toMatchObject({
      silent: true,
      deviceName: 'Thermal-80',
      margins: { marginType: 'none' },
      pageSize: { width: TICKET_WIDTH_MICRONS },
    })
    expect(options!.pageSize.height).toBeGreaterThanOrEqual(60_000)
    expect(window.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true },
    })
    expect(window.webContents.loadURL.mock.calls[0]![0]).toMatch(/^data:text\/html/)
    expect(window.destroyed).toBe(true)
  })

  it('uses the default printer when none is configured', async () => {
    const print = createTicketPrinter({ printer: null })
    await expect(print(TICKET)).resolves.toEqual({ ok: true })
    expect(printWindow().options).not.toHaveProperty('deviceName')
  })

  it('grows the page with a long ticket', async () => {
    const print = createTicketPrinter({ printer: null })
    FakeBrowserWindow.instances = []
    const original = FakeBrowserWindow.prototype.loadURL
    FakeBrowserWindow.prototype.loadURL = function (url: string) {
      this.webContents.contentHeight = 1_000 // px
      return original.call(this, url)
    }
    try {
      await print(TICKET)
    } finally {
      FakeBrowserWindow.prototype.loadURL = original
    }
    expect(printWindow().options!.pageSize.height).toBeGreaterThan(264_000)
  })

  it('refuses an invalid ticket without printing, naming the field', async () => {
    const print = createTicketPrinter({ printer: 'Thermal-80' })
    const result = await print({ ...TICKET, ahead: -1, trackUrl: 'javascript:alert(1)' })
    expect(result.ok).toBe(false)
    expect(result).toMatchObject({ reason: expect.stringContaining('ahead') })
    expect(result).toMatchObject({ reason: expect.stringContaining('trackUrl') })
    expect(FakeBrowserWindow.instances).toHaveLength(0)
    await expect(print('A014')).resolves.toMatchObject({ ok: false })
    await expect(print({ ...TICKET, extra: 1 })).resolves.toMatchObject({ ok: false })
  })

  it('reports a printer that is not there', async () => {
    const print = createTicketPrinter({ printer: 'Missing-Printer' })
    await expect(print(TICKET)).resolves.toEqual({ ok: false, reason: 'printer "Missing-Printer" not found' })
    expect(printWindow().window.webContents.print).not.toHaveBeenCalled()
  })

  it("passes on the printer's failure", async () => {
    const print = createTicketPrinter({ printer: null })
    const original = FakeBrowserWindow.prototype.loadURL
    FakeBrowserWindow.prototype.loadURL = function (url: string) {
      this.webContents.printAnswer = [false, 'Print job failed']
      return original.call(this, url)
    }
    try {
      await expect(print(TICKET)).resolves.toEqual({ ok: false, reason: 'Print job failed' })
    } finally {
      FakeBrowserWindow.prototype.loadURL = original
    }
    expect(printWindow().window.destroyed).toBe(true)
  })
})

describe('ticket page', () => {
  it('shows the number, the facts in the citizen language and a QR code of the tracker', async () => {
    const html = await ticketHtml(TICKET, 'Asia/Almaty')
    expect(html).toContain('A014')
    expect(html).toContain('Перед вами')
    expect(html).toContain('≈ 12 мин (8–18 мин)')
    expect(html).toMatch(/<img class="qr" src="data:image\/png;base64,/)
    expect(html).toContain('02.03.2026, 10:30')
  })

  it('prints the short link to type under the QR code, for a phone without a camera app', async () => {
    const token = 'kZ3qP9xT2mLw8RvN4bYc6dHf'
    const html = await ticketHtml(
      { ...TICKET, trackUrl: `http://kezek.example.kz/t/${token}` },
      'Asia/Almaty',
    )
    const link = typedTrackLink(`http://kezek.example.kz/t/${token}`)!
    expect(link).toMatch(/^kezek\.example\.kz\/t\/[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    expect(html).toContain(`Нет камеры — наберите в браузере<b>${link}</b>`)
    // A tracker URL without a token to shorten: the QR code alone.
    expect(await ticketHtml(TICKET, 'Asia/Almaty')).not.toContain('class="typed"')
  })

  it('says no window serves the service instead of a wait, in the language of the ticket', async () => {
    const none = { ...TICKET, windows: 0, estimateMinutes: null, estimateLow: null, estimateHigh: null }
    const ru = await ticketHtml(none)
    expect(ru).toContain('Сейчас эту услугу не обслуживает ни одно окно')
    expect(ru).not.toContain('мин')
    const en = await ticketHtml({ ...none, language: 'en' })
    expect(en).toContain('No window serves this service right now')
    // A range from nothing is read as "up to".
    const upTo = await ticketHtml({ ...TICKET, estimateMinutes: 3, estimateLow: 0, estimateHigh: 10 })
    expect(upTo).toContain('≈ 3 мин (до 10 мин)')
    // A window free at once: no minutes, no range.
    const now = await ticketHtml({ ...TICKET, estimateMinutes: 0, estimateLow: null, estimateHigh: null })
    expect(now).toContain('Сейчас: окно свободно')
  })

  it("prints a booked ticket's time, and tells a walk-in sent away when to come back, in the centre's zone", async () => {
    const slot = Date.UTC(2026, 2, 2, 5, 45) // 10:45 in Almaty
    const booked = await ticketHtml({ ...TICKET, bookedFor: { at: slot, comeBack: false } }, 'Asia/Almaty')
    expect(booked).toContain('<div class="booked">Запись на 10:45</div>')
    const away = await ticketHtml(
      { ...TICKET, language: 'kk', bookedFor: { at: slot, comeBack: true } },
      'Asia/Almaty',
    )
    expect(away).toContain('<div class="booked">10:45 дейін оралыңыз</div>')
    expect(await ticketHtml(TICKET, 'Asia/Almaty')).not.toContain('class="booked"')
  })

  it('refuses a booked time that is not a time', async () => {
    const print = createTicketPrinter({ printer: null })
    const result = await print({ ...TICKET, bookedFor: { at: 'soon', comeBack: true } })
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('bookedFor.at') })
  })

  it('refuses a wait that is not in whole minutes', async () => {
    const print = createTicketPrinter({ printer: 'Thermal-80' })
    const result = await print({ ...TICKET, estimateLow: 2.5 })
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('estimateLow') })
  })

  it('escapes what it is given', async () => {
    const html = await ticketHtml({ ...TICKET, serviceName: '<script>alert(1)</script>', language: 'kk' })
    expect(html).toContain('≈ 12 мин (8–18 мин)')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&#60;script&#62;')
    expect(html).toContain('Алдыңызда')
  })
})
