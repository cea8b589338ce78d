/**
 * The one voice of the faces: the browser's Web Speech (`speechSynthesis`) as a small port that speaks a
 * sentence in a language and resolves when it has been said. The hall display's announcement queue and
 * the kiosk's read-aloud both speak through it, with fakes in tests.
 */
import type { Language } from '../../src-shared/config'

/** A voice. `speak` resolves when the sentence has been said (or failed). */
export interface SpeechPort {
  /** Whether a voice for `language` exists now (voices may load late). */
  hasVoice(language: Language): boolean
  speak(text: string, language: Language): Promise<void>
  /** Stops the sentence being said now (its `speak` resolves); the kiosk's next choice cuts the last. */
  cancel(): void
}

/** The part of `speechSynthesis` the faces use (so tests can hand in a fake). */
export interface SpeechSynthesisLike {
  getVoices(): { lang: string; name: string; default?: boolean; localService?: boolean }[]
  speak(utterance: SpeechSynthesisUtterance): void
  cancel(): void
  addEventListener?(type: 'voiceschanged', listener: () => void): void
}

export type UtteranceConstructor = new (text: string) => SpeechSynthesisUtterance

/** A sentence that has not ended after this long is given up (some engines never fire `end`). */
function speechTimeoutMs(text: string): number {
  return 4_000 + text.length * 180
}

function voiceLanguage(lang: string): string {
  return lang.replace('_', '-').toLowerCase()
}

/** The voice each language prefers when there are several: the country's own. */
const PREFERRED: Record<Language, string> = { kk: 'kk-kz', ru: 'ru-ru', en: 'en-us' }

/**
 * The browser's voices as a `SpeechPort`: a voice whose language is `kk…`, `ru…` or `en…`, local ones
 * first (they work without the internet, which a centre's network may not have).
 */
export function createBrowserSpeech(
  synth: SpeechSynthesisLike,
  Utterance: UtteranceConstructor,
  options: { rate?: number } = {},
): SpeechPort {
  const pick = (language: Language) => {
    const voices = synth.getVoices().filter((voice) => voiceLanguage(voice.lang).startsWith(language))
    return (
      voices.find((v) => voiceLanguage(v.lang) === PREFERRED[language] && v.localService) ??
      voices.find((v) => v.localService) ??
      voices[0] ??
      null
    )
  }
  let finishCurrent: (() => void) | null = null
  return {
    hasVoice: (language) => pick(language) !== null,
    speak(text, language) {
      const voice = pick(language)
      if (!voice) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const utterance = new Utterance(text)
        utterance.lang = voice.lang
        utterance.voice = voice as SpeechSynthesisVoice
        utterance.rate = options.rate ?? 0.9
        let settled = false
        const finish = () => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          if (finishCurrent === finish) finishCurrent = null
          resolve()
        }
        const timer = setTimeout(() => {
          // Stuck engine: clear it, or every later sentence would queue behind this one.
          synth.cancel()
          finish()
        }, speechTimeoutMs(text))
        utterance.onend = finish
        utterance.onerror = finish
        finishCurrent = finish
        synth.speak(utterance)
      })
    },
    cancel() {
      const finish = finishCurrent
      synth.cancel()
      finish?.()
    },
  }
}

/** The parts of `window` that speak. */
export interface SpeechWindow {
  speechSynthesis?: SpeechSynthesisLike
  SpeechSynthesisUtterance?: UtteranceConstructor
}

/** This window's voice, or null where the browser has no Web Speech at all. */
export function createWindowSpeech(win: SpeechWindow): SpeechPort | null {
  const speech =
    win.speechSynthesis && win.SpeechSynthesisUtterance
      ? createBrowserSpeech(win.speechSynthesis, win.SpeechSynthesisUtterance)
      : null
  // Chromium fills the voice list late; asking once makes it start loading.
  win.speechSynthesis?.getVoices()
  return speech
}
