/**
 * The display's sound in a browser: a two-tone chime made with the Web Audio API (no audio files to
 * ship or to allow in the CSP) and the Web Speech API's voices for Kazakh and Russian (`base/speech.ts`,
 * the voice the kiosk's read-aloud shares).
 *
 * Browsers keep audio locked until the page has been touched once; Electron's display window and a
 * Chromium started with `--autoplay-policy=no-user-gesture-required` do not. `unlocked` says which.
 */
import { createWindowSpeech, type SpeechWindow } from '../base/speech'
import type { AnnouncerPorts } from './display-announcer'

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
export interface AudioWindow extends SpeechWindow {
  AudioContext?: typeof AudioContext
  webkitAudioContext?: typeof AudioContext
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

  const speech = createWindowSpeech(win)

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
