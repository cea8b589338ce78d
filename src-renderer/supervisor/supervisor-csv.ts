/**
 * The per-service and per-window figures as a CSV file for a spreadsheet. Semicolons and a UTF-8 BOM, so
 * Excel with Kazakh or Russian regional settings opens it in columns with Cyrillic intact; times in whole
 * seconds, which no locale reads as a date.
 */
import type { DeskStatus } from '../../src-shared/domain'
import type { DayFigures } from '../../src-shared/figures'

export type CsvCell = string | number | null

const SEPARATOR = ';'
const BOM = '\uFEFF'

/** One cell: quoted when it holds a separator, quote or line break; text a spreadsheet would run as a formula is defused. */
export function csvCell(value: CsvCell): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to CSV text (CRLF, as RFC 4180 says), with the BOM. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(SEPARATOR)).join('\r\n') + '\r\n'
}

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000))

/** The texts of the file, in the supervisor's language. */
export interface CsvTexts {
  centre: string
  day: string
  generatedAt: string
  servicesTitle: string
  desksTitle: string
  serviceHeaders: {
    prefix: string
    service: string
    waiting: string
    longestWaitS: string
    served: string
    noShow: string
    averageWaitS: string
    averageServiceS: string
    desksServing: string
    estimateMin: string
  }
  deskHeaders: {
    window: string
    status: string
    staff: string
    ticket: string
    ticketStatus: string
    inHandS: string
    served: string
    averageServiceS: string
  }
  serviceName(serviceId: string): string
  servicePrefix(serviceId: string): string
  deskStatus(status: DeskStatus): string
  ticketStatus(status: 'called' | 'serving'): string
}

/** The rows of the export: a heading, the services table, an empty line, the windows table. */
export function figuresCsvRows(figures: DayFigures, now: number, texts: CsvTexts): CsvCell[][] {
  const s = texts.serviceHeaders
  const d = texts.deskHeaders
  const rows: CsvCell[][] = [
    [texts.centre, texts.day, texts.generatedAt],
    [],
    [texts.servicesTitle],
    [
      s.prefix,
      s.service,
      s.waiting,
      s.longestWaitS,
      s.served,
      s.noShow,
      s.averageWaitS,
      s.averageServiceS,
      s.desksServing,
      s.estimateMin,
    ],
  ]
  for (const service of figures.services) {
    rows.push([
      texts.servicePrefix(service.serviceId),
      texts.serviceName(service.serviceId),
      service.waiting,
      service.oldestWaitingSince === null ? null : seconds(now - service.oldestWaitingSince),
      service.served,
      service.noShow,
      seconds(service.averageWaitMs),
      seconds(service.averageServiceMs),
      service.desksServing,
      // Null when no open window serves the service: an empty cell, beside its 0 windows open.
      service.newcomerEstimateMinutes,
    ])
  }
  rows.push([], [texts.desksTitle])
  rows.push([d.window, d.status, d.staff, d.ticket, d.ticketStatus, d.inHandS, d.served, d.averageServiceS])
  for (const desk of figures.desks) {
    rows.push([
      desk.label,
      texts.deskStatus(desk.status),
      desk.staffName ?? desk.staffId,
      desk.ticket?.number ?? null,
      desk.ticket ? texts.ticketStatus(desk.ticket.status) : null,
      desk.ticket ? seconds(now - desk.ticket.since) : null,
      desk.served,
      seconds(desk.averageServiceMs),
    ])
  }
  return rows
}

/** `kezek-astana-1-2026-11-24.csv`: the centre and its day, so a month of exports sorts by date. */
export function csvFileName(centreId: string, day: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-')
  return `kezek-${safe(centreId)}-${safe(day)}.csv`
}

/** Hands the text to the browser as a file download (client-side; nothing goes to the hub). */
export function downloadCsv(text: string, fileName: string): void {
  downloadBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName)
}

/** Saves a blob (made here, or fetched from the hub with the session's token) as a file download. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // After the click has started the download; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
