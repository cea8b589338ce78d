/**
 * The kiosk for a citizen who cannot see it: once read-aloud is on (the "listen" control, or any arrow
 * key or Tab on the kiosk's keypad), each screen is said on arrival and each choice as it is focused,
 * in the kiosk's language; the arrow keys move between choices, Enter or Space takes one. Where the
 * language cannot be said (no voice, no recordings), the kiosk changes to one that can and says so.
 */
import { storeToRefs } from 'pinia'
import { nextTick, onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { LANGUAGES, type Language } from '../../src-shared/config'
import { createWindowSpeech } from '../base/speech'
import { useKioskStore } from '../stores/kiosk'
import { useKioskAidsStore } from '../stores/kiosk-aids'
import { createClipPlayer, KioskReader } from './kiosk-reader'
import { loadClipManifest, type ClipManifest } from './speech-clips'
import {
  choicesIn,
  dialogSegments,
  nextChoice,
  openDialog,
  screenSegments,
  textSegments,
} from './spoken-text'

/** Shown (and said) when the kiosk reads in another language than the citizen's, or cannot read. */
export type VoiceNotice = { wanted: Language; using: Language } | { wanted: Language; using: null }

const isLanguage = (value: string | null): value is Language =>
  (LANGUAGES as readonly string[]).includes(value ?? '')

const MOVES: Record<string, 1 | -1> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }

export function useKioskReadAloud(options: {
  /** The kiosk's element (the keys and choices are its). */
  root: Ref<HTMLElement | null>
  /** The screen on show: a new one is said. */
  screen: () => string
}): { notice: Ref<VoiceNotice | null> } {
  const { t } = useI18n()
  const kiosk = useKioskStore()
  const aids = useKioskAidsStore()
  const { language } = storeToRefs(kiosk)
  const { readAloud } = storeToRefs(aids)
  const notice = ref<VoiceNotice | null>(null)
  let manifest: ClipManifest | null = null
  /** The recordings' manifest, asked for once, when the voice is first wanted (not on every kiosk load). */
  let manifestLoad: Promise<void> | null = null
  const clipsKnown = () =>
    (manifestLoad ??= loadClipManifest().then((loaded) => {
      manifest = loaded
    }))
  let lastDialog: Element | null = null
  /** The key that woke the voice also moves the focus: that choice is said after the screen, not over it. */
  let wokenByKey = false
  const reader = new KioskReader(
    { speech: createWindowSpeech(window), ...createClipPlayer(), clips: () => manifest },
    (lang, missing) => console.warn(`kiosk speech: no ${lang} clip for ${JSON.stringify(missing)}`),
  )

  let noticeSaid = false

  function noticeSegments(using: Language): string[] {
    if (!notice.value || notice.value.using !== using || noticeSaid) return []
    noticeSaid = true
    const name = (lang: Language) => t(`kiosk.read.languages.${lang}`, {}, { locale: using })
    return [
      t('kiosk.read.noVoice', { wanted: name(notice.value.wanted), using: name(using) }, { locale: using }),
    ]
  }

  /** The screen being said (it may wait for the manifest): the waking key's choice is said after it. */
  let screenSaid: Promise<void> = Promise.resolve()
  function sayScreen(): void {
    screenSaid = sayScreenNow()
  }

  async function sayScreenNow(): Promise<void> {
    await clipsKnown()
    if (!readAloud.value) return
    const wanted = language.value
    const using = reader.languageFor(wanted)
    if (using !== wanted) {
      notice.value = { wanted, using }
      noticeSaid = false
      // The watch comes back once the page shows the language that can be said.
      if (using) kiosk.chooseLanguage(using)
      return
    }
    if (notice.value && notice.value.using !== wanted) notice.value = null
    const root = options.root.value
    if (!root) return
    const dialog = openDialog(root)
    const main = root.querySelector('.kiosk-main')
    const summary = dialog ? dialogSegments(dialog) : main ? screenSegments(main) : []
    lastDialog = dialog
    void reader.say([...noticeSegments(using), ...summary, t('kiosk.read.hint')], using)
  }

  function onFocus(event: FocusEvent): void {
    const target = event.target
    if (!readAloud.value || !(target instanceof Element) || !options.root.value?.contains(target)) return
    if (!wokenByKey) return sayChoice(target, false)
    wokenByKey = false
    void screenSaid.then(() => sayChoice(target, true))
  }

  /** Says a focused choice, over what is being said or (`queued`) after it. */
  function sayChoice(target: Element, queued: boolean): void {
    // A choice in its own language (the language buttons) is said in it, where it can be.
    const own = target.getAttribute('lang')
    const using = isLanguage(own) && reader.modeFor(own) ? own : language.value
    if (!reader.modeFor(using)) return
    const dialog = target.closest('[role="dialog"], [role="alertdialog"]')
    const intro = dialog && dialog !== lastDialog ? dialogSegments(dialog) : []
    lastDialog = dialog
    const segments = [...intro, ...textSegments(target)]
    void (queued ? reader.then(segments, using) : reader.say(segments, using))
  }

  function onKeydown(event: KeyboardEvent): void {
    const move = MOVES[event.key]
    if (move === undefined && event.key !== 'Tab') return
    if (event.ctrlKey || event.altKey || event.metaKey) return
    const root = options.root.value
    if (!root) return
    if (!readAloud.value) {
      // The first key wakes the voice, which says where the citizen is (the screen is said in the
      // microtasks after this handler, before the key's own move of the focus) and then the choice.
      wokenByKey = true
      aids.setReadAloud(true)
    }
    if (move === undefined) return
    event.preventDefault()
    const scope = openDialog(root) ?? root
    nextChoice(choicesIn(scope), document.activeElement, move)?.focus()
  }

  watch(
    [readAloud, language, options.screen],
    ([on], [wasOn]) => {
      if (on) return sayScreen()
      if (!wasOn) return
      reader.stop()
      notice.value = null
    },
    { flush: 'post' },
  )

  const onVoices = () => {
    if (readAloud.value && notice.value) void nextTick(sayScreen)
  }

  onMounted(() => {
    window.addEventListener('keydown', onKeydown)
    document.addEventListener('focusin', onFocus)
    window.speechSynthesis?.addEventListener?.('voiceschanged', onVoices)
  })
  onBeforeUnmount(() => {
    window.removeEventListener('keydown', onKeydown)
    document.removeEventListener('focusin', onFocus)
    window.speechSynthesis?.removeEventListener?.('voiceschanged', onVoices)
    reader.stop()
  })

  return { notice }
}
