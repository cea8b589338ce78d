import { ref, type Ref } from 'vue'
import type { Language } from '../../src-shared/config'
import { DEFAULT_LANGUAGE } from '../../src-shared/i18n'
import { isLanguage, setLanguage } from '../i18n'

function readLanguage(storageKey: string): Language {
  try {
    const stored = localStorage.getItem(storageKey)
    return isLanguage(stored) ? stored : DEFAULT_LANGUAGE
  } catch {
    return DEFAULT_LANGUAGE
  }
}

/**
 * Staff pick their own language per face; it stays on this PC under `storageKey` (Kazakh until they
 * choose). For use inside a staff face's setup store.
 */
export function useStaffLanguage(storageKey: string): {
  language: Ref<Language>
  chooseLanguage: (next: Language) => void
} {
  const language = ref<Language>(readLanguage(storageKey))

  function chooseLanguage(next: Language): void {
    language.value = next
    setLanguage(next)
    try {
      localStorage.setItem(storageKey, next)
    } catch {
      // No storage: the choice lasts until the page reloads.
    }
  }

  return { language, chooseLanguage }
}
