/**
 * What both booking pages share: the phone page's look (the tracker's colours) and the language, which
 * comes from `?lang=` (Kazakh by default) and is written back there, so a link keeps it; nothing is
 * stored on the phone.
 */
import { onBeforeUnmount, onMounted, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { Language } from '../../src-shared/config'
import { isLanguage, setLanguage } from '../i18n'

export function useBookPage() {
  const route = useRoute()
  const router = useRouter()
  const sent = route.query.lang
  const language = ref<Language>(isLanguage(sent) ? sent : 'kk')
  watch(language, (next) => setLanguage(next), { immediate: true })

  function chooseLanguage(next: Language): void {
    language.value = next
    void router.replace({ query: { ...route.query, lang: next } })
  }

  onMounted(() => document.documentElement.classList.add('track-page', 'book-page'))
  onBeforeUnmount(() => document.documentElement.classList.remove('track-page', 'book-page'))
  return { language, chooseLanguage }
}
