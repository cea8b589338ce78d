/**
 * A report across days (`GET /api/reports.csv`) as CSV rows in one language, in the one format of
 * `csv.ts`: a heading, the summary, then one table per grouping (service, window, consultant, hour,
 * weekday) and the counts (outcomes, ratings, channels, self-service, registrations, bookings, pauses),
 * each after an empty row. Durations in whole minutes with one decimal, shares in per cent.
 */
import type { CentreConfig, Language, LocalizedText } from '../config'
import { reportsEn, reportsKk, reportsRu } from '../i18n/reports'
import type { GroupFigures, Report } from '../reports'
import { csvTime, exportTexts, timeHeader, type CsvCell } from './csv'

/** The reports' words (not in the faces' common catalogues: only the reports page loads them). */
const REPORT_TEXTS = { kk: reportsKk, ru: reportsRu, en: reportsEn } as const

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6000) / 10)
const percent = (share: number | null): number | null =>
  share === null ? null : Math.round(share * 1000) / 10

function localized(text: LocalizedText | undefined, language: Language): string {
  if (!text) return ''
  return language === 'en' ? (text.en ?? text.ru) : text[language]
}

type Names = Pick<CentreConfig, 'centre' | 'services' | 'desks' | 'staff'> &
  Partial<Pick<CentreConfig, 'outcomes' | 'pauseReasons' | 'ratings'>>

/**
 * An id of one of the config's lists by its name; an id the admin has since removed (history keeps it)
 * as the id, said to be no longer listed.
 */
function nameOf(
  list: Array<{ id: string; name: LocalizedText }> | undefined,
  key: string,
  language: Language,
) {
  const found = list?.find((item) => item.id === key)
  return found ? localized(found.name, language) : REPORT_TEXTS[language].notListed.replace('{id}', key)
}

/** What a group's key reads as: a service's or window's name, a staff member's name, an hour, a weekday. */
export function groupLabel(
  kind: 'service' | 'desk' | 'staff' | 'hour' | 'weekday',
  key: string,
  config: Names,
  language: Language,
): string {
  const r = REPORT_TEXTS[language]
  switch (kind) {
    case 'service':
      return localized(config.services.find((s) => s.id === key)?.name, language) || key
    case 'desk':
      return config.desks.find((d) => d.id === key)?.label ?? key
    case 'staff': {
      const staff = config.staff.find((s) => s.id === key)
      return staff ? `${staff.firstName} ${staff.lastName}`.trim() : key
    }
    case 'hour':
      return `${key.padStart(2, '0')}:00`
    case 'weekday':
      return r.weekdays[Number(key)] ?? key
  }
}

export function reportCsvRows(report: Report, config: Names, language: Language): CsvCell[][] {
  const r = REPORT_TEXTS[language]
  const zone = config.centre.timeZone
  const s = r.summary
  const t = report.totals
  const standard = (text: string) => text.replace('{n}', String(Math.round(report.standardMs / 60_000)))
  const rows: CsvCell[][] = [
    [
      localized(config.centre.name, language),
      r.range
        .replace('{from}', report.from)
        .replace('{to}', report.to)
        .replace('{days}', String(report.days)),
      timeHeader(language, exportTexts(language).generatedAt, zone),
      csvTime(report.generatedAt, zone),
    ],
    [standard(r.standard)],
    [],
    [r.summary.title],
    [s.visitors, t.visitors],
    [s.served, t.served],
    [s.noShow, t.noShow],
    [s.cancelled, t.cancelled],
    [s.lapsed, t.lapsed],
    [s.closed, t.closed],
    [s.transferred, t.transferred],
    [`${s.waitMedian}, ${r.minutes.replace('{n} ', '')}`, minutes(t.waits.medianMs)],
    [`${s.waitP90}, ${r.minutes.replace('{n} ', '')}`, minutes(t.waits.p90Ms)],
    [`${standard(s.overStandard)}, %`, percent(t.waits.overStandardShare)],
    [`${s.serviceAverage}, ${r.minutes.replace('{n} ', '')}`, minutes(t.serviceAverageMs)],
    [s.ratingAverage, t.ratingAverage === null ? null : Math.round(t.ratingAverage * 100) / 100],
    [`${s.selfServiceShare}, %`, percent(report.selfService.share)],
    [`${s.remoteShare}, %`, percent(report.remoteShare)],
  ]
  const groups: Array<[string, string, 'service' | 'desk' | 'staff' | 'hour' | 'weekday', GroupFigures[]]> = [
    [r.sections.byService, r.table.service, 'service', report.byService],
    [r.sections.byDesk, r.table.desk, 'desk', report.byDesk],
    [r.sections.byStaff, r.table.staff, 'staff', report.byStaff],
    [r.sections.byHour, r.table.hour, 'hour', report.byHour],
    [r.sections.byWeekday, r.table.weekday, 'weekday', report.byWeekday],
  ]
  for (const [title, keyHeader, kind, list] of groups) {
    rows.push(
      [],
      [title],
      [
        keyHeader,
        r.table.visitors,
        r.table.served,
        r.table.noShow,
        r.table.waitMedian,
        r.table.waitP90,
        standard(r.table.overStandard),
        r.table.serviceAverage,
        r.table.rating,
      ],
    )
    for (const g of list)
      rows.push([
        groupLabel(kind, g.key, config, language),
        g.visitors,
        g.served,
        g.noShow,
        minutes(g.waits.medianMs),
        minutes(g.waits.p90Ms),
        percent(g.waits.overStandardShare),
        minutes(g.serviceAverageMs),
        g.ratingAverage === null ? null : Math.round(g.ratingAverage * 100) / 100,
      ])
  }
  const counts = (title: string, list: Array<[string, number]>) => {
    rows.push([], [title], ...list.map(([label, n]): CsvCell[] => [label, n]))
  }
  counts(
    r.sections.outcomes,
    report.outcomes.map((o) => [
      o.key === 'none' ? r.outcomeNone : nameOf(config.outcomes, o.key, language),
      o.count,
    ]),
  )
  counts(r.sections.ratings, [
    ...report.ratings.scores.map((n, i): [string, number] => [r.score.replace('{n}', String(i + 1)), n]),
    ...report.ratings.reasons.map((o): [string, number] => [
      nameOf(config.ratings?.reasons, o.key, language),
      o.count,
    ]),
  ])
  counts(
    r.sections.channels,
    report.channels.map((c) => [r.channels[c.key as keyof typeof r.channels] ?? c.key, c.count]),
  )
  const ss = report.selfService
  counts(r.sections.selfService, [
    [r.selfService.sessions, ss.sessions],
    [r.selfService.completed, ss.completed],
    [r.selfService.abandoned, ss.abandoned],
    [r.selfService.timedOut, ss.timedOut],
  ])
  counts(
    r.sections.registrations,
    Object.entries(report.registrations).map(([key, n]) => [
      r.registrations[key as keyof typeof r.registrations],
      n,
    ]),
  )
  counts(
    r.sections.bookings,
    Object.entries(report.bookings).map(([key, n]) => [r.bookings[key as keyof typeof r.bookings], n]),
  )
  rows.push([], [r.sections.pauses], ['', r.pauses.count, r.pauses.total])
  for (const p of report.pauses.byReason)
    rows.push([
      p.key === 'none' ? r.reasonNone : nameOf(config.pauseReasons, p.key, language),
      p.count,
      minutes(p.totalMs),
    ])
  return rows
}

export function reportCsvFileName(centreId: string, from: string, to: string): string {
  return `kezek-report-${centreId}-${from}-${to}.csv`
}
