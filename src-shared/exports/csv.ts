/**
 * The one format of every CSV export (the supervisor's figures, the registrations of a day, the audit
 * log): RFC 4180 (comma, CRLF, a field quoted when it holds a comma, quote or line break, quotes doubled),
 * UTF-8 with a byte-order mark so Excel opens Kazakh and Russian intact, times in the centre's local
 * time with the zone named in the header, headers in the language asked for.
 */
import type { Language, LocalizedText } from '../config'
import { catalogues, type Messages } from '../i18n'
import { localTime } from '../domain/time'

export type CsvCell = string | number | null

const BOM = '\uFEFF'

/** One field. Text a spreadsheet would run as a formula (= + - @ tab CR first) gets a leading apostrophe. */
export function csvField(value: CsvCell): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to the file's text: the BOM, then each row's fields joined by commas, each row ended by CRLF. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** A configured name in the export's language (English falls back to Russian); '' for none. */
export function localized(text: LocalizedText | undefined, language: Language): string {
  if (!text) return ''
  return language === 'en' ? (text.en ?? text.ru) : text[language]
}

/** An instant as the centre's clocks showed it, `YYYY-MM-DD HH:MM:SS`, which spreadsheets read as a time. */
export function csvTime(at: number, timeZone: string): string {
  const seconds = String(Math.floor(at / 1000) % 60).padStart(2, '0')
  const { day, clock } = localTime(at, timeZone)
  return `${day} ${clock}:${seconds}`
}

/** The texts of the exports in one language (the catalogues' `exports` section). */
export function exportTexts(language: Language): Messages['exports'] {
  return catalogues[language].exports
}

/** A time column's header with its zone named: "Уақыты (Asia/Almaty)". */
export function timeHeader(language: Language, label: string, timeZone: string): string {
  return exportTexts(language).time.replace('{label}', label).replace('{zone}', timeZone)
}

/** The export languages, as `?lang=` takes them. */
export function exportLanguage(value: string | null): Language | null {
  return value === 'kk' || value === 'ru' || value === 'en' ? value : null
}
