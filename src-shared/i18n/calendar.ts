/**
 * Dates in the citizen's language without relying on the runtime's locale data: a browser or Electron
 * build with small ICU data has no Kazakh ("M11 24, Tue"), so month and weekday names are kept here.
 */
import type { Language } from '../config'

const MONTHS: Record<Language, readonly string[]> = {
  kk: [
    'қаңтар',
    'ақпан',
    'наурыз',
    'сәуір',
    'мамыр',
    'маусым',
    'шілде',
    'тамыз',
    'қыркүйек',
    'қазан',
    'қараша',
    'желтоқсан',
  ],
  // Genitive, as after a day number: "24 ноября".
  ru: [
    'января',
    'февраля',
    'марта',
    'апреля',
    'мая',
    'июня',
    'июля',
    'августа',
    'сентября',
    'октября',
    'ноября',
    'декабря',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
}

/** Monday first. */
const WEEKDAYS: Record<Language, readonly string[]> = {
  kk: ['дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі', 'жексенбі'],
  ru: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
}

const WEEKDAY_INDEX: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 }

export interface LocalDate {
  day: number
  /** 1–12 */
  month: number
  /** 0 = Monday */
  weekday: number
  hour: number
  minute: number
}

/** The calendar date and time at `at` in `timeZone` (en-US parts: present in every ICU build). */
export function localDate(at: number, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    day: 'numeric',
    month: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return {
    day: Number(part('day')),
    month: Number(part('month')),
    weekday: WEEKDAY_INDEX[part('weekday')] ?? 0,
    hour: Number(part('hour')),
    minute: Number(part('minute')),
  }
}

/** "24 қараша, сейсенбі" / "24 ноября, вторник" / "Tuesday, 24 November". */
export function formatLongDate(at: number, timeZone: string, language: Language): string {
  const date = localDate(at, timeZone)
  const month = MONTHS[language][date.month - 1] ?? ''
  const weekday = WEEKDAYS[language][date.weekday] ?? ''
  return language === 'en' ? `${weekday}, ${date.day} ${month}` : `${date.day} ${month}, ${weekday}`
}

/** "09:05", 24-hour, as everywhere in Kazakhstan. */
export function formatTime(at: number, timeZone: string): string {
  const { hour, minute } = localDate(at, timeZone)
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}
