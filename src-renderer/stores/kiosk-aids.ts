import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * The kiosk's aids for the citizen at it: larger text, read-aloud and low reach. The kiosk store's
 * `reset` clears them with the rest, so the next person starts with none.
 */
export const useKioskAidsStore = defineStore('kiosk-aids', () => {
  const largeText = ref(false)
  /** Each screen and choice said aloud (the "listen" control, or the keypad's first key). */
  const readAloud = ref(false)
  /** Every control in the lower half of the screen, in reach from a wheelchair. */
  const lowReach = ref(false)

  function toggleLargeText(): void {
    largeText.value = !largeText.value
  }

  function setReadAloud(on: boolean): void {
    readAloud.value = on
  }

  function toggleLowReach(): void {
    lowReach.value = !lowReach.value
  }

  function reset(): void {
    largeText.value = false
    readAloud.value = false
    lowReach.value = false
  }

  return { largeText, readAloud, lowReach, toggleLargeText, setReadAloud, toggleLowReach, reset }
})
