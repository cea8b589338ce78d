import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RegistrationCounts, RegistrationUpdate } from '../../src-shared/protocol'

/**
 * The `registration:updated` facts as they arrive (registration staff only). They carry ids and counts,
 * no personal data, no `seq`, and are not replayed after a reconnect: a screen that depends on one asks
 * the hub for the current status instead of trusting that it saw them all. Only the hub client writes it.
 */
export const useRegistrationUpdatesStore = defineStore('registration-updates', () => {
  /** The latest update; a new object each time, so a watcher sees every one. */
  const latest = shallowRef<RegistrationUpdate | null>(null)
  /** Today's figures of the centre as of the latest update. */
  const today = ref<RegistrationCounts | null>(null)

  function receive(update: RegistrationUpdate): void {
    latest.value = update
    today.value = update.today
  }

  function $reset(): void {
    latest.value = null
    today.value = null
  }

  return { latest, today, receive, $reset }
})
