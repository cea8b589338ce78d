/**
 * The alerts' optional sound: the display's chime (Web Audio, no files) when a new alert appears, off
 * by default, the choice kept per browser. Turning it on is a click, which also unlocks audio.
 */
import { ref, watch, type Ref } from 'vue'
import { playChime } from '../display/display-sound'

const SOUND_KEY = 'kezek.supervisor.alertSound'

export function useAlertSound(keys: Ref<string[]>): { soundOn: Ref<boolean>; toggle: () => void } {
  const soundOn = ref(readChoice())
  let context: AudioContext | null = null

  function audio(): AudioContext | null {
    if (context) return context
    const Context = window.AudioContext
    if (!Context) return null
    try {
      context = new Context()
    } catch {
      // No audio device: the alerts are still on the screen.
      context = null
    }
    return context
  }

  function toggle(): void {
    soundOn.value = !soundOn.value
    try {
      window.localStorage.setItem(SOUND_KEY, soundOn.value ? 'on' : 'off')
    } catch {
      // Storage refused (a private window): the choice lasts this page.
    }
    if (soundOn.value) void audio()?.resume()
  }

  // A chime for an alert not seen before (one chime however many arrive at once).
  watch(keys, (now, before) => {
    if (!soundOn.value) return
    const seen = new Set(before)
    if (!now.some((key) => !seen.has(key))) return
    const ctx = audio()
    if (ctx && ctx.state === 'running') void playChime(ctx)
  })

  return { soundOn, toggle }
}

function readChoice(): boolean {
  try {
    return window.localStorage.getItem(SOUND_KEY) === 'on'
  } catch {
    return false
  }
}
