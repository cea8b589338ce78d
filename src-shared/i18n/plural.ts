/**
 * Plural forms of the catalogues' texts, as vue-i18n picks them on the faces, for the texts the hub writes
 * too (the report's CSV). A text with forms is written `one | other` in English, `one | few | many` in
 * Russian (1 день, 2 дня, 5 дней); Kazakh nouns do not change after a numeral, so its texts have one form.
 */
import type { Language } from '../config'

/** The form vue-i18n takes for Russian (`pluralRules.ru`): 1, 21 → 0; 2–4, 22–24 → 1; 5–20, 25… → 2. */
export function russianPlural(choice: number, choicesLength: number): number {
  if (choicesLength < 3) return choice === 1 ? 0 : 1
  const n = Math.abs(choice) % 100
  const last = n % 10
  if (n > 10 && n < 20) return 2
  if (last === 1) return 0
  if (last >= 2 && last <= 4) return 1
  return 2
}

/** The form of `text` for `n` in `language`, by the rule vue-i18n uses for it. */
export function pluralForm(text: string, n: number, language: Language): string {
  const forms = text.split(' | ')
  if (forms.length === 1) return text
  const index = language === 'ru' ? russianPlural(n, forms.length) : n === 1 ? 0 : 1
  return forms[Math.min(index, forms.length - 1)]!
}
