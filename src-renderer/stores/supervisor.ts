import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { StaffRole } from '../../src-shared/config'
import { connectHub, disconnectHub } from '../hub/hub-client'
import { useCentreStore } from './centre'
import { useConnectionStore } from './connection'
import { useDeskStaffingStore } from './desk-staffing'
import { useFloorStore } from './floor'
import { useSupervisorActsStore } from './supervisor-acts'
import { useSessionStore, type SignInNotice, type SignInResult } from './session'
import { useStaffLanguage } from './staff-language'

/** Who may see the centre's day: the hub sends every staff socket the state; this face is for these. */
export const SUPERVISOR_ROLES: readonly StaffRole[] = ['supervisor', 'admin']

const LANGUAGE_KEY = 'kezek.supervisor.language'

/**
 * The supervisor at their desk: sign-in, language, and the hub connection, opened only for a
 * supervisor or an administrator. The figures themselves come from the centre store.
 */
export const useSupervisorStore = defineStore('supervisor', () => {
  const centre = useCentreStore()
  const connection = useConnectionStore()
  const session = useSessionStore()

  const { language, chooseLanguage } = useStaffLanguage(LANGUAGE_KEY)
  const signInNotice = ref<SignInNotice | null>(null)

  /** The signed-in staff member may use this view. */
  const permitted = computed(
    () => session.staff?.roles.some((role) => SUPERVISOR_ROLES.includes(role)) ?? false,
  )

  /** Names by staff id: the centre's staff from the hub's directory, and the one signed in. */
  const staffNames = computed<Record<string, string>>(() => {
    const you = centre.you
    const names = centre.directory.staff
    return you && you.role === 'staff' && you.name ? { ...names, [you.id]: you.name } : names
  })

  /** Opens the hub connection, for a signed-in supervisor only. */
  function connect(): void {
    const credentials = session.credentials
    if (credentials && permitted.value) connectHub(credentials)
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
    useDeskStaffingStore().$reset()
    useFloorStore().$reset()
    useSupervisorActsStore().$reset()
  }

  /** The hub no longer takes this session (expired, or ended elsewhere): back to the sign-in form. */
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

  return {
    language,
    signInNotice,
    permitted,
    staffNames,
    chooseLanguage,
    connect,
    signIn,
    signOut,
    endSession,
  }
})
