import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { connectHub, disconnectHub } from '../hub/hub-client'
import { useCentreStore } from './centre'
import { useConnectionStore } from './connection'
import { useSessionStore, type SignInNotice, type SignInResult } from './session'
import { useStaffLanguage } from './staff-language'
import { useAdminConfigStore } from './admin-config'

const LANGUAGE_KEY = 'kezek.admin.language'

/**
 * The administrator at the admin screen: sign-in, language, and the hub connection (which ends the
 * session when the hub does, and shows the centre's name), for the admin role only. The settings
 * themselves are the admin-config store's.
 */
export const useAdminStore = defineStore('admin', () => {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const session = useSessionStore()

  const { language, chooseLanguage } = useStaffLanguage(LANGUAGE_KEY)
  const signInNotice = ref<SignInNotice | null>(null)

  const permitted = computed(() => session.staff?.roles.includes('admin') ?? false)

  function connect(): void {
    const credentials = session.credentials
    if (!credentials || !permitted.value) return
    connectHub(credentials)
    void useAdminConfigStore().load()
  }

  /** Signs in; with `newPassword`, first sets the person's own password (one the admin gave). */
  async function signIn(login: string, password: string, newPassword?: string): Promise<SignInResult> {
    const result = await session.signIn(login, password, newPassword)
    if (result.ok) {
      signInNotice.value = null
      connect()
    }
    return result
  }

  function forgetConnection(): void {
    disconnectHub()
    centre.$reset()
    connection.$reset()
    useAdminConfigStore().$reset()
  }

  function endSession(why: 'expired' | 'ended'): void {
    forgetConnection()
    session.forget()
    signInNotice.value = why
  }

  async function signOut(): Promise<void> {
    forgetConnection()
    await session.signOut()
    signInNotice.value = 'signed-out'
  }

  return { language, signInNotice, permitted, chooseLanguage, connect, signIn, signOut, endSession }
})
