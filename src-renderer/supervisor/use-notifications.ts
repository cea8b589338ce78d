import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { z } from 'zod'
import { NOTIFY_KINDS } from '../../src-shared/config'
import { NOTIFY_CHANNELS, type NotificationView } from '../../src-shared/notifications'
import { useConnectionStore } from '../stores/connection'
import { useSessionStore } from '../stores/session'
import { refusalOf, type HubRefusal } from './supervisor-registration'

export type NotificationsState = 'loading' | 'ready' | HubRefusal

const viewSchema = z.object({
  key: z.string(),
  kind: z.enum(NOTIFY_KINDS),
  channel: z.enum(NOTIFY_CHANNELS),
  recipient: z.string().nullable(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']),
  attempts: z.number(),
  reason: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.number(),
  notBefore: z.number(),
  updatedAt: z.number(),
  sentAt: z.number().nullable(),
})
const answerSchema = z.object({ enabled: z.boolean(), notifications: z.array(viewSchema) })

/**
 * The newest notifications to citizens and what became of each (`GET /api/notifications` with the
 * session's token): fetched at once, when the link to the hub is back, and every `everyMs` (10 s).
 */
export function useNotifications(options: { limit?: number; everyMs?: number } = {}): {
  rows: ShallowRef<NotificationView[]>
  enabled: Ref<boolean>
  state: Ref<NotificationsState>
  refresh: () => Promise<void>
} {
  const session = useSessionStore()
  const connection = useConnectionStore()
  const rows = shallowRef<NotificationView[]>([])
  const enabled = ref(true)
  const state = ref<NotificationsState>('loading')
  let asked = 0
  let disposed = false

  async function refresh(): Promise<void> {
    const token = session.token
    if (!token) {
      state.value = 'unauthenticated'
      return
    }
    const ask = ++asked
    let outcome: z.infer<typeof answerSchema> | HubRefusal
    try {
      const response = await fetch(`/api/notifications?limit=${options.limit ?? 50}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      })
      if (response.status === 200) {
        const body = answerSchema.safeParse(await response.json())
        outcome = body.success ? body.data : 'failed'
      } else {
        outcome = refusalOf(response.status)
      }
    } catch {
      outcome = 'offline'
    }
    if (ask !== asked || disposed) return
    if (typeof outcome === 'string') {
      if (outcome === 'unauthenticated' || outcome === 'forbidden') rows.value = []
      state.value = outcome
      return
    }
    rows.value = outcome.notifications
    enabled.value = outcome.enabled
    state.value = 'ready'
  }

  void refresh()
  watch(
    () => connection.trusted,
    (trusted, before) => {
      if (trusted && before === false) void refresh()
    },
  )
  const every = setInterval(() => void refresh(), options.everyMs ?? 10_000)
  onScopeDispose(() => {
    disposed = true
    clearInterval(every)
  })
  return { rows, enabled, state, refresh }
}
