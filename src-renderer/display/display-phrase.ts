/**
 * What the hall display's voice says for a call, in Kazakh and in Russian. Pure: the voice, the log and
 * the tests all use the same words.
 *
 * A ticket letter is written out as its name ("бэ", "қы") because a voice reads a lone letter badly: a
 * Russian voice reads Cyrillic "В 7" as "в семь" ("at seven") and Latin "B" as English "bee". The counter
 * is said as a number ("7", not "0 0 7"): shorter, and how people in the hall say it.
 */
import type { Language } from '../../src-shared/config'
import { kk, ru } from '../../src-shared/i18n'

/** The languages the display speaks, in the order it speaks them: Kazakh first, then Russian. */
export type SpeechLanguage = Extract<Language, 'kk' | 'ru'>
export const SPEECH_LANGUAGES: readonly SpeechLanguage[] = ['kk', 'ru']

/** Latin ticket letters as they are named aloud in Kazakhstan (school names, as in Russian). */
const LATIN_NAMES: Record<string, string> = {
  A: 'а',
  B: 'бэ',
  C: 'цэ',
  D: 'дэ',
  E: 'е',
  F: 'эф',
  G: 'гэ',
  H: 'аш',
  I: 'и',
  J: 'жи',
  K: 'ка',
  L: 'эль',
  M: 'эм',
  N: 'эн',
  O: 'о',
  P: 'пэ',
  Q: 'ку',
  R: 'эр',
  S: 'эс',
  T: 'тэ',
  U: 'у',
  V: 'вэ',
  W: 'дубль-вэ',
  X: 'икс',
  Y: 'игрек',
  Z: 'зэт',
}

/** Cyrillic letters shared by both alphabets. */
const CYRILLIC_NAMES: Record<string, string> = {
  А: 'а',
  Б: 'бэ',
  В: 'вэ',
  Г: 'гэ',
  Д: 'дэ',
  Е: 'е',
  Ж: 'жэ',
  З: 'зэ',
  И: 'и',
  К: 'ка',
  Л: 'эль',
  М: 'эм',
  Н: 'эн',
  О: 'о',
  П: 'пэ',
  Р: 'эр',
  С: 'эс',
  Т: 'тэ',
  У: 'у',
  Ф: 'эф',
  Х: 'ха',
  Ц: 'цэ',
  Ч: 'че',
  Ш: 'ша',
  Э: 'э',
  Ю: 'ю',
  Я: 'я',
}

/** Letters only the Kazakh alphabet has; a Russian voice cannot say them better than as written. */
const KAZAKH_NAMES: Record<string, string> = {
  Ә: 'ә',
  Ғ: 'ғы',
  Қ: 'қы',
  Ң: 'ың',
  Ө: 'ө',
  Ұ: 'ұ',
  Ү: 'ү',
  Һ: 'һы',
  І: 'і',
}

function letterName(letter: string, language: SpeechLanguage): string {
  const upper = letter.toLocaleUpperCase('ru')
  return (
    LATIN_NAMES[upper] ??
    CYRILLIC_NAMES[upper] ??
    (language === 'kk' ? KAZAKH_NAMES[upper] : undefined) ??
    letter.toLocaleLowerCase('ru')
  )
}

/**
 * A ticket number as the voice should say it: `A007` -> `а 7`, `AB012` -> `а бэ 12`. Anything that is
 * not letters then digits is passed through as it is.
 */
export function spokenTicketNumber(number: string, language: SpeechLanguage): string {
  const match = /^(\p{Lu}{1,2})(\d+)$/u.exec(number.trim())
  if (!match) return number.trim()
  const letters = [...match[1]!].map((letter) => letterName(letter, language))
  return [...letters, String(Number.parseInt(match[2]!, 10))].join(' ')
}

const TEMPLATES: Record<SpeechLanguage, string> = { kk: kk.display.speech, ru: ru.display.speech }

/** The whole sentence for one call: "а 7 нөмірлі талон, 3-терезеге өтіңіз" / "Талон а 7, пройдите к окну 3". */
export function callPhrase(call: { number: string; deskLabel: string }, language: SpeechLanguage): string {
  const values: Record<string, string> = {
    number: spokenTicketNumber(call.number, language),
    desk: call.deskLabel.trim(),
  }
  const sentence = TEMPLATES[language].replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
  return sentence.charAt(0).toLocaleUpperCase(language) + sentence.slice(1)
}
