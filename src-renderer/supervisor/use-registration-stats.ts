import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { RegistrationUpdate } from '../../src-shared/protocol'
import { useConnectionStore } from '../stores/connection'
import { useRegistrationUpdatesStore } from '../stores/registration-updates'
import { useSessionStore } from '../stores/session'
import {
  refusalOf,
  registrationStatsPath,
  registrationStatsSchema,
  type HubRefusal,
  type RegistrationStats,
} from './supervisor-registration'

/** `loading` until the first answer; then `ready`, or why the last request got none. */
export type RegistrationStatsState = 'loading' | 'ready' | HubRefusal

export interface RegistrationStatsOptions {
  /** The centre's local day to show (`YYYY-MM-DD`); a new day is fetched at once. */
  day: Readonly<Ref<string>>
  /** At most one request per this many ms, however fast `registration:updated` facts arrive. */
  minIntervalMs?: number
  /** Asked again this often anyway: the facts are not replayed after a reconnect, and codes expire silently. */
  everyMs?: number
}

/** The changes that move a figure; deliveries, resends and revocations do not. */
const FIGURE_CHANGES: ReadonlySet<RegistrationUpdate['change']> = new Set([
  'started',
  'confirmed',
  'failed',
  'expired',
])

/**
 * The day's mobile-citizen registration figures (`GET /api/registration/stats` with the session's token),
 * fetched at once, on a `registration:updated` fact that changes a figure (throttled), when the link to
 * the hub is back, and every minute. The last figures stay while a later request fails.
 */
export function useRegistrationStats(options: RegistrationStatsOptions): {
  stats: ShallowRef<RegistrationStats | null>
  state: Ref<RegistrationStatsState>
  /** Hub-clock time of the last answer, or null before one. */
  loadedAt: Ref<number | null>
  refresh: () => Promise<void>
} {
  const session = useSessionStore()
  const connection = useConnectionStore()
  const updates = useRegistrationUpdatesStore()
  const minIntervalMs = options.minIntervalMs ?? 2_000
  const stats = shallowRef<RegistrationStats | null>(null)
  const state = ref<RegistrationStatsState>('loading')
  const loadedAt = ref<number | null>(null)
  let asked = 0
  let lastRun = Number.NEGATIVE_INFINITY
  let timer: ReturnType<typeof setTimeout> | null = null
  let disposed = false

  async function refresh(): Promise<void> {
    if (timer !== null) clearTimeout(timer)
    timer = null
    lastRun = Date.now()
    const token = session.token
    if (!token) {
      state.value = 'unauthenticated'
      return
    }
    const day = options.day.value
    const ask = ++asked
    let outcome: { stats: RegistrationStats } | { refusal: HubRefusal }
    try {
      const response = await fetch(registrationStatsPath(day), {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      })
      if (response.status === 200) {
        const body = registrationStatsSchema.safeParse(await response.json())
        outcome = body.success ? { stats: body.data } : { refusal: 'failed' }
      } else {
        outcome = { refusal: refusalOf(response.status) }
      }
    } catch {
      outcome = { refusal: 'offline' }
    }
    // A later request (or a new day) has been sent meanwhile: its answer is the one to show.
    if (ask !== asked || disposed) return
    if ('stats' in outcome) {
      stats.value = outcome.stats
      loadedAt.value = connection.serverNow()
      state.value = 'ready'
    } else {
      // Figures the hub no longer lets this session see are not kept on screen.
      if (outcome.refusal === 'unauthenticated' || outcome.refusal === 'forbidden') stats.value = null
      state.value = outcome.refusal
    }
  }

  function schedule(): void {
    if (timer !== null) return
    const wait = lastRun + minIntervalMs - Date.now()
    if (wait <= 0) void refresh()
    else timer = setTimeout(() => void refresh(), wait)
  }

  watch(options.day, () => void refresh(), { immediate: true })
  watch(
    () => updates.latest,
    (update) => {
      if (update && FIGURE_CHANGES.has(update.change)) schedule()
    },
  )
  watch(
    () => connection.trusted,
    (trusted, before) => {
      if (trusted && before === false) schedule()
    },
  )
  const every = setInterval(schedule, options.everyMs ?? 60_000)

  onScopeDispose(() => {
    disposed = true
    clearInterval(every)
    if (timer !== null) clearTimeout(timer)
  })
  return { stats, state, loadedAt, refresh }
}
