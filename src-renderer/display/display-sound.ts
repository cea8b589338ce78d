/**
 * The display's sound in a browser: a two-tone chime made with the Web Audio API (no audio files to
 * ship or to allow in the CSP) and the Web Speech API's voices for Kazakh and Russian.
 *
 * Browsers keep audio locked until the page has been touched once; Electron's display window and a
 * Chromium started with `--autoplay-policy=no-user-gesture-required` do not. `unlocked` says which.
 */
import type { AnnouncerPorts, SpeechPort } from './display-announcer'
import type { SpeechLanguage } from './display-phrase'

/** The part of `speechSynthesis` the display uses (so tests can hand in a fake). */
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

/**
 * The browser's voices as a `SpeechPort`: a voice whose language is `kk…` or `ru…`, local ones first
 * (they work without the internet, which a centre's network may not have).
 */
export function createBrowserSpeech(
  synth: SpeechSynthesisLike,
  Utterance: UtteranceConstructor,
  options: { rate?: number } = {},
): SpeechPort {
  const pick = (language: SpeechLanguage) => {
    const voices = synth.getVoices().filter((voice) => voiceLanguage(voice.lang).startsWith(language))
    return (
      voices.find(
        (v) => voiceLanguage(v.lang) === `${language}-${language === 'kk' ? 'kz' : 'ru'}` && v.localService,
      ) ??
      voices.find((v) => v.localService) ??
      voices[0] ??
      null
    )
  }
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
          resolve()
        }
        const timer = setTimeout(() => {
          // Stuck engine: clear it, or every later sentence would queue behind this one.
          synth.cancel()
          finish()
        }, speechTimeoutMs(text))
        utterance.onend = finish
        utterance.onerror = finish
        synth.speak(utterance)
      })
    },
  }
}

/** The chime: two soft bell tones, high then low ("ding-dong"), about 1.4 s. */
export function playChime(context: AudioContext): Promise<void> {
  const start = context.currentTime + 0.05
  const tones = [
    { frequency: 880, at: 0, length: 0.9 },
    { frequency: 659.25, at: 0.45, length: 1.0 },
  ]
  const master = context.createGain()
  master.gain.value = 0.35
  master.connect(context.destination)
  for (const tone of tones) {
    const oscillator = context.createOscillator()
    const gain = context.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = tone.frequency
    const t0 = start + tone.at
    gain.gain.setValueAtTime(0.0001, t0)
    gain.gain.exponentialRampToValueAtTime(1, t0 + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.length)
    oscillator.connect(gain).connect(master)
    oscillator.start(t0)
    oscillator.stop(t0 + tone.length + 0.05)
  }
  const totalMs = (0.05 + 0.45 + 1.0 + 0.15) * 1000
  return new Promise((resolve) => setTimeout(resolve, totalMs))
}

export interface DisplaySound {
  ports: AnnouncerPorts
  /** True when the browser lets the page play sound now. */
  isUnlocked(): boolean
  /** Tries to unlock sound; must run inside a tap's handler. Resolves with `isUnlocked()`. */
  unlock(): Promise<boolean>
  /** Called whenever `isUnlocked()` may have changed. */
  onUnlockedChange(listener: (unlocked: boolean) => void): void
  close(): void
}

/** The parts of `window` the display's sound uses. */
export interface AudioWindow {
  AudioContext?: typeof AudioContext
  webkitAudioContext?: typeof AudioContext
  speechSynthesis?: SpeechSynthesisLike
  SpeechSynthesisUtterance?: UtteranceConstructor
}

/**
 * The display's sound for this window. Where there is no Web Audio the chime is silent; where there is
 * no Web Speech or no Kazakh/Russian voice, the chime plays alone.
 */
export function createDisplaySound(win: AudioWindow, now: () => number): DisplaySound {
  const Context = win.AudioContext ?? win.webkitAudioContext
  let context: AudioContext | null = null
  try {
    context = Context ? new Context() : null
  } catch {
    context = null
  }
  const listeners = new Set<(unlocked: boolean) => void>()
  const isUnlocked = () => context === null || context.state === 'running'
  const notify = () => listeners.forEach((listener) => listener(isUnlocked()))
  context?.addEventListener('statechange', notify)
  // Without a gesture this stays pending under an autoplay policy; with one (or in Electron) it runs.
  void context?.resume().then(notify, notify)

  const speech =
    win.speechSynthesis && win.SpeechSynthesisUtterance
      ? createBrowserSpeech(win.speechSynthesis, win.SpeechSynthesisUtterance)
      : null
  // Chromium fills the voice list late; asking once makes it start loading.
  win.speechSynthesis?.getVoices()

  return {
    ports: {
      chime: () => (context && context.state === 'running' ? playChime(context) : Promise.resolve()),
      speech,
      now,
    },
    isUnlocked,
    async unlock() {
      if (context && context.state !== 'running') {
        try {
          await context.resume()
        } catch {
          // Stays locked; the overlay stays.
        }
      }
      notify()
      return isUnlocked()
    },
    onUnlockedChange(listener) {
      listeners.add(listener)
    },
    close() {
      listeners.clear()
      void context?.close().catch(() => undefined)
    },
  }
}
