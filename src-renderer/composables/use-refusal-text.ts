import { useI18n } from 'vue-i18n'

/** The hub's refusal code in the staff member's language; a code without its own text reads as generic. */
export function useRefusalText(): (code: string) => string {
  const { t, te } = useI18n()
  return (code) => {
    const key = `consultant.error.${code}`
    return te(key) ? t(key) : t('consultant.error.generic')
  }
}
