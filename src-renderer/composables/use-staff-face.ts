import { storeToRefs } from 'pinia'
import { onBeforeUnmount, onMounted, watch, type WatchSource } from 'vue'
import { useI18n } from 'vue-i18n'
import type { Language } from '../../src-shared/config'
import { useConnectionStore } from '../stores/connection'
import { useSessionStore } from '../stores/session'
import { disconnectHub } from '../hub/hub-client'

/** What a staff face's store offers for its session: the consultant's and the supervisor's both do. */
export interface StaffFaceStore {
  language: Language
  chooseLanguage(next: Language): void
  connect(): void
  endSession(why: 'expired' | 'ended'): void
}

/**
 * The session wiring every staff face shares: the page title, resuming (or expiring) a stored
 * session on mount, ending it when the hub refuses or closes the socket, and disconnecting on unmount.
 */
export function useStaffFace(store: StaffFaceStore, titleKey: string, screen: WatchSource): void {
  const { t } = useI18n()
  const session = useSessionStore()
  const connection = useConnectionStore()
  const { signedIn, session: stored } = storeToRefs(session)
  const { refusal } = storeToRefs(connection)

  // A refused session or a socket closed by the hub means the session is over: sign in again. The hub
  // says `staff_session_expired`, or `unknown_staff_session` (signed out elsewhere, or expired and since
  // pruned: the session's own end time tells which); `unauthenticated` from a hub before 2026-12.
  watch(refusal, (value) => {
    if (!value || !stored.value) return
    if (value.code === 'staff_session_expired' || value.code === 'unauthenticated') {
      store.endSession('expired')
    } else if (value.code === 'unknown_staff_session' || value.code === 'closed_by_hub') {
      const expired = stored.value.expiresAt <= connection.serverNow() + 5_000
      store.endSession(expired ? 'expired' : 'ended')
    }
  })

  watch(
    [screen, () => store.language],
    () => {
      document.title = `Kezek · ${t(titleKey)}`
    },
    { immediate: true },
  )

  onMounted(() => {
    store.chooseLanguage(store.language)
    if (stored.value && !signedIn.value) store.endSession('expired')
    if (signedIn.value) store.connect()
  })
  onBeforeUnmount(() => {
    disconnectHub()
  })
}
