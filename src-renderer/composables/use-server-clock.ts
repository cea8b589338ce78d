import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'
import { useConnectionStore } from '../stores/connection'

/**
 * The hub's clock, ticking once a second while the component lives: elapsed and waiting times are
 * measured from the hub's timestamps, so they agree with every other screen whatever this PC's clock says.
 */
export function useServerClock(intervalMs = 1_000): Ref<number> {
  const connection = useConnectionStore()
  const now = ref(connection.serverNow())
  let timer: ReturnType<typeof setInterval> | null = null
  onMounted(() => {
    now.value = connection.serverNow()
    timer = setInterval(() => (now.value = connection.serverNow()), intervalMs)
  })
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer)
  })
  return now
}
