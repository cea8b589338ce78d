/**
 * Feeds the announcement queue from the centre store: every call or recall the display has not seen
 * before, recent enough to say aloud, joins the queue in the order the hub made them. The log of
 * announcements is exposed for the page's aria-live region (and for tests to watch).
 */
import { storeToRefs } from 'pinia'
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue'
import { useCentreStore } from '../stores/centre'
import { useConnectionStore } from '../stores/connection'
import {
  AnnouncementQueue,
  callsToAnnounce,
  type AnnouncementEntry,
  type AnnouncerPorts,
} from './display-announcer'
import { createDisplaySound, type DisplaySound } from './display-sound'

/** How long the page waits for the browser to allow sound before it asks for a tap. */
const UNLOCK_GRACE_MS = 700

export interface DisplayAnnouncements {
  /** The log, oldest first. */
  entries: Ref<readonly AnnouncementEntry[]>
  /** True while the browser blocks sound and a tap is needed. */
  soundLocked: Ref<boolean>
  enableSound(): Promise<void>
}

export interface DisplayAnnouncementOptions {
  /** For tests: the sound to use instead of the browser's. */
  sound?: DisplaySound
}

export function useDisplayAnnouncements(options: DisplayAnnouncementOptions = {}): DisplayAnnouncements {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const { recentCalls, loaded } = storeToRefs(centre)
  const entries = shallowRef<readonly AnnouncementEntry[]>([])
  const soundLocked = ref(false)
  const seen = new Map<string, number>()
  let sound: DisplaySound | null = null
  let queue: AnnouncementQueue | null = null
  let graceTimer: ReturnType<typeof setTimeout> | null = null

  const start = () => {
    sound = options.sound ?? createDisplaySound(window, () => connection.serverNow())
    const ports: AnnouncerPorts = sound.ports
    queue = new AnnouncementQueue(ports, {
      paused: !sound.isUnlocked(),
      // A fresh array each time, so the log re-renders; entries are small and few.
      onChange: (list) => (entries.value = list.map((entry) => ({ ...entry, spoken: [...entry.spoken] }))),
    })
    sound.onUnlockedChange((unlocked) => {
      queue?.setPaused(!unlocked)
      if (unlocked) soundLocked.value = false
    })
    graceTimer = setTimeout(() => {
      graceTimer = null
      soundLocked.value = !sound!.isUnlocked()
    }, UNLOCK_GRACE_MS)
  }

  watch([recentCalls, loaded], ([calls, isLoaded]) => {
    if (!isLoaded || !queue) return
    // recentCalls is newest first; the queue wants the hub's order.
    const fresh = callsToAnnounce([...calls].reverse(), seen, connection.serverNow())
    for (const announcement of fresh) queue.enqueue(announcement)
  })

  onMounted(() => {
    start()
    if (loaded.value) {
      const fresh = callsToAnnounce([...recentCalls.value].reverse(), seen, connection.serverNow())
      for (const announcement of fresh) queue!.enqueue(announcement)
    }
  })

  onBeforeUnmount(() => {
    if (graceTimer) clearTimeout(graceTimer)
    queue?.dispose()
    if (!options.sound) sound?.close()
  })

  return {
    entries,
    soundLocked,
    async enableSound() {
      if (!sound) return
      const unlocked = await sound.unlock()
      soundLocked.value = !unlocked
      queue?.setPaused(!unlocked)
    },
  }
}
