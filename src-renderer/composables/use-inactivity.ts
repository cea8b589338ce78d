import { onBeforeUnmount, onMounted, readonly, ref, type Ref } from 'vue'

/** What counts as someone using the screen. */
const ACTIVITY_EVENTS = ['pointerdown', 'touchstart', 'keydown', 'wheel'] as const

export interface Inactivity {
  /** Whole seconds until `onIdle`, updated every second. */
  secondsLeft: Readonly<Ref<number>>
  /** Starts the wait again, as a touch does. */
  restart(): void
}

/**
 * Calls `onIdle` once after `ms` without a touch, key or wheel anywhere on the page; any of them starts
 * the wait again. Bound to the component's lifetime.
 *
 * Written here rather than taken from a library: it is a dozen lines, and the kiosk needs exactly this
 * (the whole document, a visible countdown, once per idle spell).
 */
export function useInactivity(ms: number, onIdle: () => void): Inactivity {
  const secondsLeft = ref(Math.ceil(ms / 1000))
  let deadline = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let ticker: ReturnType<typeof setInterval> | null = null

  const stop = () => {
    if (timer) clearTimeout(timer)
    if (ticker) clearInterval(ticker)
    timer = ticker = null
  }

  const restart = () => {
    stop()
    deadline = Date.now() + ms
    secondsLeft.value = Math.ceil(ms / 1000)
    timer = setTimeout(() => {
      stop()
      secondsLeft.value = 0
      onIdle()
    }, ms)
    ticker = setInterval(() => {
      secondsLeft.value = Math.max(0, Math.ceil((deadline - Date.now()) / 1000))
    }, 1000)
  }

  onMounted(() => {
    for (const name of ACTIVITY_EVENTS)
      document.addEventListener(name, restart, { passive: true, capture: true })
    restart()
  })
  onBeforeUnmount(() => {
    for (const name of ACTIVITY_EVENTS) document.removeEventListener(name, restart, { capture: true })
    stop()
  })

  return { secondsLeft: readonly(secondsLeft), restart }
}
