import { useI18n } from 'vue-i18n'
import type { Language } from '../../src-shared/config'
import { waitPhrase } from '../../src-shared/i18n'
import type { WaitFields } from '../../src-shared/protocol'

/** What `waitPhrase` reads of an estimate: the ticket's ack, the tracker's view, a service's newcomer. */
export type WaitShown = Pick<WaitFields, 'windows' | 'estimateMinutes' | 'estimateLow' | 'estimateHigh'>

/** No open window serves the service now: shown as a notice, never as a number. */
export const noWindow = (fields: WaitShown): boolean => waitPhrase(fields).key === 'wait.noWindow'

/**
 * A wait estimate in words, in the face's language or the one given: the one rule of
 * `src-shared/i18n/wait.ts` ("≈ 12 min (8–18 min)", "Now: a window is free", no window) rendered by the
 * faces' vue-i18n, as the Electron printer renders it with `waitText`.
 */
export function useWaitText(): (fields: WaitShown, locale?: Language) => string {
  const { t } = useI18n()
  return (fields, locale) => {
    const phrase = waitPhrase(fields)
    return locale ? t(phrase.key, phrase.params, { locale }) : t(phrase.key, phrase.params)
  }
}

/**
 * A wait's words in the parts a large display lays out apart: the point ("≈ 25 min") and, when the
 * phrase gives one, its range in brackets ("(8–55 min)"), so a line breaks between them and not inside.
 */
export function waitParts(text: string): [string] | [string, string] {
  const at = text.search(/\s\(/)
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)]
}
