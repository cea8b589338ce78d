import { onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { z } from 'zod'
import { useRegistrationUpdatesStore } from '../stores/registration-updates'
import { useSessionStore } from '../stores/session'

/** One message the demo SMS gateway "sent": the number masked, the text (with its code) in full. */
const outboxMessageSchema = z.object({
  id: z.string(),
  at: z.number(),
  to: z.string(),
  reference: z.string(),
  text: z.string(),
})
const outboxSchema = z.object({ messages: z.array(outboxMessageSchema) })

export type OutboxMessage = z.infer<typeof outboxMessageSchema>

/** `ready`: the list is the hub's; `unavailable`: SMS go through a real gateway (no outbox). */
export type OutboxState = 'idle' | 'ready' | 'unavailable' | 'forbidden' | 'unauthenticated' | 'failed'

/** The one-time code in an SMS text (`Код 123456: ...`). */
export function codeInSms(text: string): string | null {
  return /(?<!\d)(\d{6})(?!\d)/.exec(text)?.[1] ?? null
}

/** Whether an SMS is of this registration: its first code under its id, each one sent again `<id>:n`. */
export function isOfRegistration(reference: string, registrationId: string | null | undefined): boolean {
  if (!registrationId) return false
  return reference === registrationId || reference.startsWith(`${registrationId}:`)
}

/**
 * The staff-only demo SMS outbox (`GET /api/sms-outbox` with the session's Bearer token), newest first.
 * With `follow` it reloads by itself when a code is sent or sent again (`registration:updated`), so a
 * demo shows the code as the citizen's phone would.
 */
export function useSmsOutbox(limit = 20, follow = true) {
  const session = useSessionStore()
  const updates = useRegistrationUpdatesStore()
  const messages = shallowRef<OutboxMessage[]>([])
  const state = ref<OutboxState>('idle')
  const loading = ref(false)
  let asked = 0

  async function refresh(): Promise<void> {
    const token = session.token
    if (!token) {
      state.value = 'unauthenticated'
      return
    }
    const ask = ++asked
    loading.value = true
    try {
      const response = await fetch(`/api/sms-outbox?limit=${limit}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      })
      if (ask !== asked) return
      if (response.status === 200) {
        const body = outboxSchema.safeParse(await response.json())
        if (!body.success) {
          state.value = 'failed'
          return
        }
        messages.value = body.data.messages
        state.value = 'ready'
      } else {
        messages.value = []
        state.value =
          response.status === 404
            ? 'unavailable'
            : response.status === 403
              ? 'forbidden'
              : response.status === 401
                ? 'unauthenticated'
                : 'failed'
      }
    } catch {
      if (ask === asked) state.value = 'failed'
    } finally {
      if (ask === asked) loading.value = false
    }
  }

  const stop = watch(
    () => updates.latest,
    (update) => {
      const sent = update?.change === 'started' || update?.change === 'resent'
      if (follow && sent && state.value === 'ready') {
        void refresh()
      }
    },
  )
  onBeforeUnmount(stop)

  return { messages, state, loading, refresh }
}
