import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { StaffRole } from '../../src-shared/config'
import type { HubCredentials } from '../hub/hub-client'

export interface StaffMember {
  id: string
  firstName: string
  lastName: string
  roles: StaffRole[]
}

interface StoredSession {
  token: string
  expiresAt: number
  staff: StaffMember
}

export type SignInResult =
  | { ok: true }
  | {
      ok: false
      /**
       * `must_change_password`: the password is right but an admin gave it; sign in again with a
       * `newPassword`. `new_password_refused`: the hub refused the new one (`reason`, its words).
       */
      code:
        | 'unauthenticated'
        | 'rate_limited'
        | 'invalid_payload'
        | 'must_change_password'
        | 'new_password_refused'
        | 'offline'
        | 'internal'
      retryAfterSeconds?: number
      reason?: string
    }

/** Why a staff face shows its sign-in form again. */
export type SignInNotice = 'expired' | 'ended' | 'signed-out'

/** sessionStorage: the sign-in ends with the browser tab, as on a shared consultant PC it should. */
const STORAGE_KEY = 'kezek.session'

function readStored(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as Partial<StoredSession>
    if (typeof value.token !== 'string' || typeof value.expiresAt !== 'number' || !value.staff) return null
    return value as StoredSession
  } catch {
    return null
  }
}

/** A staff member's sign-in: `POST /api/sessions` for a token, kept for this tab only. */
export const useSessionStore = defineStore('session', () => {
  const session = ref<StoredSession | null>(readStored())
  const busy = ref(false)

  const staff = computed(() => session.value?.staff ?? null)
  const token = computed(() => session.value?.token ?? null)
  const signedIn = computed(() => session.value !== null && session.value.expiresAt > Date.now())
  /** Handshake credentials for `connectHub`, or null when nobody is signed in. */
  const credentials = computed<HubCredentials | null>(() =>
    signedIn.value && session.value ? { role: 'staff', token: session.value.token } : null,
  )

  function remember(value: StoredSession | null): void {
    session.value = value
    try {
      if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value))
      else sessionStorage.removeItem(STORAGE_KEY)
    } catch {
      // Storage may be disabled (private mode): the sign-in then lasts until the page reloads.
    }
  }

  /**
   * `POST /api/sessions`; with `newPassword`, `POST /api/sessions/password`, which sets the person's own
   * password (the one they were given is `password`) and signs them in.
   */
  async function signIn(login: string, password: string, newPassword?: string): Promise<SignInResult> {
    busy.value = true
    try {
      const body = { login: login.trim().toLowerCase(), password, ...(newPassword ? { newPassword } : {}) }
      const response = await fetch(newPassword ? '/api/sessions/password' : '/api/sessions', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      })
      const answer = (await response.json().catch(() => null)) as
        | (Partial<StoredSession> & { error?: { code?: string; message?: string } })
        | null
      if (response.status === 201 && answer?.token && answer.staff && typeof answer.expiresAt === 'number') {
        remember({ token: answer.token, expiresAt: answer.expiresAt, staff: answer.staff })
        return { ok: true }
      }
      if (response.status === 401) return { ok: false, code: 'unauthenticated' }
      if (response.status === 403 && answer?.error?.code === 'must_change_password') {
        return { ok: false, code: 'must_change_password' }
      }
      if (response.status === 429) {
        const retryAfter = Number(response.headers.get('Retry-After'))
        return {
          ok: false,
          code: 'rate_limited',
          ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
        }
      }
      if (response.status === 422 && newPassword) {
        return { ok: false, code: 'new_password_refused', reason: answer?.error?.message ?? '' }
      }
      if (response.status === 400) return { ok: false, code: 'invalid_payload' }
      return { ok: false, code: 'internal' }
    } catch {
      return { ok: false, code: 'offline' }
    } finally {
      busy.value = false
    }
  }

  /** Ends the session at the hub (which disconnects its sockets) and forgets it here either way. */
  async function signOut(): Promise<void> {
    const current = session.value
    remember(null)
    if (!current) return
    try {
      await fetch('/api/sessions', {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${current.token}` },
      })
    } catch {
      // Offline: the token expires at the hub by itself; this tab has forgotten it already.
    }
  }

  /** Forgets a session the hub no longer accepts (expired, signed out elsewhere). */
  function forget(): void {
    remember(null)
  }

  return { session, busy, staff, token, signedIn, credentials, signIn, signOut, forget }
})
