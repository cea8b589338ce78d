import type { LocalizedText } from '../../src-shared/config'

/** A name (or title) as a form edits it: three boxes, English may stay empty. */
export interface LocalizedDraft {
  kk: string
  ru: string
  en: string
}

export function localizedDraft(text?: LocalizedText): LocalizedDraft {
  return { kk: text?.kk ?? '', ru: text?.ru ?? '', en: text?.en ?? '' }
}

/** The text the config holds: trimmed, English only when given. */
export function localizedText(draft: LocalizedDraft): LocalizedText {
  const en = draft.en.trim()
  return { kk: draft.kk.trim(), ru: draft.ru.trim(), ...(en ? { en } : {}) }
}

/** The form's own check: Kazakh and Russian are required; errors at `<field>.kk` and `<field>.ru`. */
export function requireKazakhAndRussian(
  draft: LocalizedDraft,
  local: Record<string, string>,
  message: string,
  field = 'name',
): void {
  if (!draft.kk.trim()) local[`${field}.kk`] = message
  if (!draft.ru.trim()) local[`${field}.ru`] = message
}
