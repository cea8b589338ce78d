/**
 * The supervisor's figures of the day (per service, per window) as CSV rows, in one language: the hub
 * writes the file (`GET /api/figures.csv`), so the export is audited like the others. Durations in whole
 * seconds, which no locale reads as a date; the generation time in the centre's local time.
 */
import type { CentreConfig, Language } from '../config'
import type { DayFigures } from '../figures'
import { SUPERVISOR_TEXTS } from '../i18n/supervisor'
import { csvTime, exportTexts, localized, timeHeader, type CsvCell } from './csv'

const seconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000))

/** A heading row, the services table, an empty row, the windows table. */
export function figuresCsvRows(
  figures: DayFigures,
  config: Pick<CentreConfig, 'centre' | 'services'>,
  language: Language,
): CsvCell[][] {
  const m = SUPERVISOR_TEXTS[language]
  const zone = config.centre.timeZone
  const now = figures.at
  const services = new Map(config.services.map((s) => [s.id, s]))
  const day = figures.day ?? ''
  const rows: CsvCell[][] = [
    [
      localized(config.centre.name, language),
      m.csv.day.replace('{date}', day),
      timeHeader(language, exportTexts(language).generatedAt, zone),
      csvTime(now, zone),
    ],
    [],
    [m.services.title],
    [
      m.csv.prefix,
      m.services.service,
      m.services.waiting,
      m.csv.longestS,
      m.services.served,
      m.services.noShow,
      m.csv.averageWaitS,
      m.csv.averageServiceS,
      m.services.desks,
      m.csv.estimateMin,
    ],
  ]
  for (const service of figures.services) {
    const configured = services.get(service.serviceId)
    rows.push([
      configured?.prefix ?? '',
      localized(configured?.name, language) || service.serviceId,
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
  rows.push([], [m.desks.title])
  rows.push([
    m.desks.window,
    m.desks.status,
    m.desks.staff,
    m.desks.ticket,
    m.csv.ticketStatus,
    m.csv.inHandS,
    m.desks.served,
    m.csv.averageServiceS,
  ])
  for (const desk of figures.desks) {
    rows.push([
      desk.label,
      m.desks[desk.status],
      desk.staffName ?? desk.staffId,
      desk.ticket?.number ?? null,
      desk.ticket ? m.status[desk.ticket.status] : null,
      desk.ticket ? seconds(now - desk.ticket.since) : null,
      desk.served,
      seconds(desk.averageServiceMs),
    ])
  }
  return rows
}

/** `kezek-astana-1-figures-2026-11-24.csv`: the centre, the kind and the day, like the other exports. */
export function figuresCsvFileName(centreId: string, day: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-')
  return `kezek-${safe(centreId)}-figures-${safe(day)}.csv`
}
