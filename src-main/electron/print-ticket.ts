/**
 * Silent printing of a queue ticket on the kiosk's 80 mm thermal printer: the ticket is laid out as a
 * small HTML page in a hidden window and printed without a dialog.
 */
import { BrowserWindow } from 'electron'
import QRCode from 'qrcode'
import { z } from 'zod'
import type { PrintableTicket, PrintResult } from '../../src-shared/bridge'
import { LANGUAGES, type Language } from '../../src-shared/config'
import { catalogues, waitText } from '../../src-shared/i18n'
import { typedTrackLink } from '../../src-shared/protocol/track-code'

const minutes = z.number().int().nonnegative().max(100_000).nullable()

/** The page is untrusted input: it reaches us over IPC. */
export const printableTicketSchema = z
  .object({
    number: z.string().trim().min(1).max(16),
    centreName: z.string().trim().min(1).max(200),
    serviceName: z.string().trim().min(1).max(300),
    issuedAt: z.number().int().nonnegative(),
    ahead: z.number().int().nonnegative().max(100_000),
    windows: z.number().int().nonnegative().max(10_000),
    estimateMinutes: minutes,
    estimateLow: minutes,
    estimateHigh: minutes,
    trackUrl: z
      .string()
      .max(2_000)
      .url()
      .refine(
        (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
        'must be an http(s) URL',
      ),
    language: z.enum(LANGUAGES),
    bookedFor: z
      .object({ at: z.number().int().nonnegative(), comeBack: z.boolean() })
      .strict()
      .nullable()
      .optional(),
  })
  .strict() satisfies z.ZodType<PrintableTicket>

/** Paper width of the thermal roll, in microns (what `webContents.print` takes). */
export const TICKET_WIDTH_MICRONS = 80_000
const MICRONS_PER_CSS_PIXEL = 25_400 / 96
const MIN_TICKET_HEIGHT_MICRONS = 60_000

const LABELS: Record<Language, { ahead: string; wait: string; follow: string }> = {
  kk: { ahead: 'Алдыңызда', wait: 'Күту уақыты', follow: 'Кезегіңізді телефоннан бақылаңыз' },
  ru: { ahead: 'Перед вами', wait: 'Ожидание', follow: 'Следите за очередью с телефона' },
  en: { ahead: 'People ahead', wait: 'Estimated wait', follow: 'Follow your turn on your phone' },
}

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/**
 * The ticket as a self-contained HTML page (the QR code inlined as a data URL), 80 mm wide.
 * `timeZone` is the centre's zone; absent, the machine's own.
 */
export async function ticketHtml(ticket: PrintableTicket, timeZone?: string): Promise<string> {
  const labels = LABELS[ticket.language]
  const qr = await QRCode.toDataURL(ticket.trackUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 })
  const issued = new Intl.DateTimeFormat(
    ticket.language === 'kk' ? 'kk-KZ' : ticket.language === 'ru' ? 'ru-RU' : 'en-GB',
    {
      dateStyle: 'short',
      timeStyle: 'short',
      ...(timeZone ? { timeZone } : {}),
    },
  ).format(new Date(ticket.issuedAt))
  return `<!doctype html>
<html lang="${ticket.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>
  @page { size: 80mm auto; margin: 0 }
  html, body { margin: 0; padding: 0; width: 80mm; font-family: sans-serif; color: #000; background: #fff }
  main { padding: 3mm 4mm; text-align: center }
  .centre { font-size: 10pt }
  .service { font-size: 11pt; margin-top: 2mm }
  .number { font-size: 40pt; font-weight: 700; letter-spacing: 1pt; margin: 2mm 0 }
  .facts { font-size: 11pt; display: grid; grid-template-columns: 1fr auto; gap: 1mm 3mm; text-align: left }
  .facts dd { margin: 0; font-weight: 700; text-align: right }
  .qr { width: 36mm; height: 36mm; margin-top: 3mm }
  .follow { font-size: 9pt }
  .typed { font-size: 8pt; margin-top: 1mm }
  .typed b { display: block; font: 700 11pt monospace }
  .issued { font-size: 9pt; margin-top: 2mm }
  .booked { font-size: 14pt; font-weight: 700; margin: 0 0 2mm }
</style>
</head>
<body>
<main>
  <div class="centre">${escapeHtml(ticket.centreName)}</div>
  <div class="service">${escapeHtml(ticket.serviceName)}</div>
  <div class="number">${escapeHtml(ticket.number)}</div>
  ${bookedLine(ticket, timeZone)}
  <dl class="facts">
    <dt>${labels.ahead}</dt><dd>${ticket.ahead}</dd>
    <dt>${labels.wait}</dt><dd>${escapeHtml(waitText(ticket, catalogues[ticket.language]))}</dd>
  </dl>
  <img class="qr" src="${qr}" alt="">
  <div class="follow">${labels.follow}</div>
  ${typedLine(ticket)}
  <div class="issued">${escapeHtml(issued)}</div>
</main>
</body>
</html>`
}

/** The short link under the QR code, for a phone without a camera app (nothing if the URL has none). */
function typedLine(ticket: PrintableTicket): string {
  const link = typedTrackLink(ticket.trackUrl)
  if (!link) return ''
  const label = catalogues[ticket.language].ticket.typeLink
  return `<div class="typed">${escapeHtml(label)}<b>${escapeHtml(link)}</b></div>`
}

/** "Booked for 10:45" or "Come back at 10:45" in the ticket's language, as the kiosk's screen says it. */
function bookedLine(ticket: PrintableTicket, timeZone: string | undefined): string {
  if (!ticket.bookedFor) return ''
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(ticket.bookedFor.at))
  const texts = catalogues[ticket.language]
  const template = ticket.bookedFor.comeBack ? texts.kioskCheckIn.comeBackAt : texts.kiosk.booking.bookedFor
  return `<div class="booked">${escapeHtml(template.replace('{time}', time))}</div>`
}

export interface TicketPrinterOptions {
  /** OS printer name; null: the system's default printer. */
  printer: string | null
  timeZone?: string
  /** Give up on a printer that never answers. Default 30 s. */
  timeoutMs?: number
}

/**
 * Prints tickets one after another (a queue, so that two quick taps never interleave two jobs).
 * Never throws: every failure resolves `{ ok: false, reason }` for the kiosk to show.
 */
export function createTicketPrinter(options: TicketPrinterOptions): (input: unknown) => Promise<PrintResult> {
  let queue: Promise<unknown> = Promise.resolve()
  return (input) => {
    const parsed = printableTicketSchema.safeParse(input)
    if (!parsed.success) {
      return Promise.resolve({
        ok: false,
        reason: `invalid ticket: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(ticket)'}: ${i.message}`).join('; ')}`,
      })
    }
    const job = queue.then(() => printOnce(parsed.data, options))
    // `job` never rejects (printOnce answers every failure); the queue only waits for it to end.
    queue = job.catch(() => undefined)
    return job
  }
}

async function printOnce(ticket: PrintableTicket, options: TicketPrinterOptions): Promise<PrintResult> {
  const window = new BrowserWindow({
    show: false,
    width: 302, // 80 mm at 96 dpi
    height: 600,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
      spellcheck: false,
    },
  })
  try {
    if (options.printer) {
      const printers = await window.webContents.getPrintersAsync()
      if (!printers.some((printer) => printer.name === options.printer)) {
        return { ok: false, reason: `printer "${options.printer}" not found` }
      }
    }
    const html = await ticketHtml(ticket, options.timeZone)
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
    const heightPx = Number(
      await window.webContents.executeJavaScript('document.documentElement.scrollHeight'),
    )
    const height = Math.max(
      MIN_TICKET_HEIGHT_MICRONS,
      Math.ceil((heightPx || 0) * MICRONS_PER_CSS_PIXEL) + 5_000,
    )
    return await new Promise<PrintResult>((resolve) => {
      const timer = setTimeout(
        () => resolve({ ok: false, reason: 'the printer did not answer' }),
        options.timeoutMs ?? 30_000,
      )
      window.webContents.print(
        {
          silent: true,
          printBackground: false,
          ...(options.printer ? { deviceName: options.printer } : {}),
          margins: { marginType: 'none' },
          pageSize: { width: TICKET_WIDTH_MICRONS, height },
        },
        (success, failureReason) => {
          clearTimeout(timer)
          resolve(success ? { ok: true } : { ok: false, reason: failureReason || 'print failed' })
        },
      )
    })
  } catch (error) {
    return { ok: false, reason: (error as Error).message }
  } finally {
    if (!window.isDestroyed()) window.destroy()
  }
}
