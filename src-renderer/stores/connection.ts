import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** `connecting` until the first connection, `online` while connected, `offline` after a drop or refusal. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline'

/** Why the hub refused the handshake (bad device key, expired session...). Retrying will not help. */
export interface ConnectionRefusal {
  code: string
  message: string
}

/**
 * The link to the hub, as the hub client reports it. Faces show it (BaseConnectionBadge) and trust the
 * centre state only while `trusted`: connected and resynced since the last (re)connect.
 */
export const useConnectionStore = defineStore('connection', () => {
  const status = ref<ConnectionStatus>('connecting')
  /** False from each (re)connect or detected gap until the state is resynced. */
  const synced = ref(false)
  /** The seq of the last fact applied, sent as `lastSeq` on reconnect. */
  const lastSeq = ref(0)
  /** Hub clock minus this clock, in ms, from the latest snapshot. */
  const serverOffsetMs = ref(0)
  const refusal = ref<ConnectionRefusal | null>(null)

  const trusted = computed(() => status.value === 'online' && synced.value)

  /** The hub's clock now, for "issued 3 minutes ago" and countdowns that must agree across devices. */
  function serverNow(): number {
    return Date.now() + serverOffsetMs.value
  }

  function $reset(): void {
    status.value = 'connecting'
    synced.value = false
    lastSeq.value = 0
    serverOffsetMs.value = 0
    refusal.value = null
  }

  return { status, synced, lastSeq, serverOffsetMs, refusal, trusted, serverNow, $reset }
})
