/**
 * The faces' vue-i18n instance (Composition API) and the helpers that pick a centre's own texts.
 *
 * UI texts come from the catalogues in src-shared/i18n; texts of the centre (service and group names,
 * categories) come from its config as `LocalizedText`, where English is optional and falls back to
 * Russian.
 */
import { computed, type ComputedRef } from 'vue'
import { createI18n } from 'vue-i18n'
import type { LocalizedText } from '../src-shared/config'
import { LANGUAGES, type Language } from '../src-shared/config/languages'
import { catalogues, DEFAULT_LANGUAGE, type Messages } from '../src-shared/i18n'
// Russian plural forms: 1 талон, 2 талона, 5 талонов (messages written as `one | few | many`).
import { russianPlural } from '../src-shared/i18n/plural'

export const i18n = createI18n<[Messages], Language, false>({
  legacy: false,
  locale: DEFAULT_LANGUAGE,
  // English UI texts are complete; should one be missing, Russian is the closer second language.
  fallbackLocale: { en: ['ru'], default: ['kk'] },
  messages: catalogues,
  pluralRules: { ru: russianPlural },
})

/**
 * Adds a face's own sections to the catalogues (the admin screen's, the supervisor's acts and reports):
 * kept out of the common catalogues so the pages a citizen opens on a phone (the tracker) stay light.
 */
export function addMessages(sections: Record<Language, Record<string, unknown>>): void {
  for (const language of LANGUAGES) i18n.global.mergeLocaleMessage(language, sections[language] as never)
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The language the faces show now. */
export function currentLanguage(): Language {
  const locale = i18n.global.locale.value
  return isLanguage(locale) ? locale : DEFAULT_LANGUAGE
}

/** Switches every face's texts, and the page's `lang` so screen readers and fonts follow. */
export function setLanguage(language: Language): void {
  i18n.global.locale.value = language
  if (typeof document !== 'undefined') document.documentElement.lang = language
}

/** A centre text in `language`; English falls back to Russian, as the config allows it to be left out. */
export function localized(text: LocalizedText | null | undefined, language: Language): string {
  if (!text) return ''
  if (language === 'en') return text.en ?? text.ru
  return text[language]
}

/** `localized` bound to the current language, for templates: `tr(service.name)`. */
export function useLocalized(): ComputedRef<(text: LocalizedText | null | undefined) => string> {
  return computed(() => {
    const language = currentLanguage()
    return (text: LocalizedText | null | undefined) => localized(text, language)
  })
}
