import { computed, shallowRef, type ComputedRef } from 'vue'
import { newRequestId } from '../hub/hub-client'

/** Any ack a store sends for: the hub's answer, or `offline` from the hub client. */
export interface SentAck {
  ok: boolean
}

/** One user action on its way to the hub. Its request id stays the same for every send of it. */
export interface CommandAttempt<A extends string, R extends SentAck = SentAck> {
  action: A
  requestId: string
  /** Sends the action with this request id (a call of `sendCommand` or `sendRegistration`). */
  emit(requestId: string): Promise<R>
}

export interface CommandSender<A extends string, R extends SentAck = SentAck> {
  /** The action waiting for its ack, or null: while one is pending this sender sends nothing else. */
  readonly pending: ComputedRef<A | null>
  /** The last action the hub has not acknowledged (refused, or no answer): what `retry` sends again. */
  readonly unanswered: ComputedRef<CommandAttempt<A, R> | null>
  /**
   * Sends a new user action with a new request id. Resolves with its ack, or null when nothing was
   * sent (another action is pending) or the answer came after `forget` (it belongs to nobody now).
   */
  send<T extends R>(action: A, emit: (requestId: string) => Promise<T>): Promise<T | null>
  /** Sends the unanswered action again with the same request id, so the hub applies it at most once. */
  retry(): Promise<R | null>
  /** Drops the pending and unanswered actions (a reset, another citizen): their answers are ignored. */
  forget(): void
}

/**
 * How a face sends its commands: one action at a time per sender, each user action with its own
 * request id. The hub client already asks again with the same id until the hub answers or ~8 s have
 * passed, and then resolves `offline`; this keeps the id beyond that, for a "try again" that must not
 * issue a second ticket. A store with actions that may run side by side makes one sender per lane.
 */
export function useCommandSender<A extends string, R extends SentAck = SentAck>(): CommandSender<A, R> {
  const inFlight = shallowRef<CommandAttempt<A, R> | null>(null)
  const last = shallowRef<CommandAttempt<A, R> | null>(null)

  async function run<T extends R>(attempt: CommandAttempt<A, T>): Promise<T | null> {
    if (inFlight.value !== null) return null
    inFlight.value = attempt
    last.value = attempt
    let ack: T
    try {
      ack = await attempt.emit(attempt.requestId)
    } finally {
      if (inFlight.value === attempt) inFlight.value = null
    }
    if (last.value !== attempt) return null
    if (ack.ok) last.value = null
    return ack
  }

  return {
    pending: computed(() => inFlight.value?.action ?? null),
    unanswered: computed(() => last.value),
    send: (action, emit) => run({ action, requestId: newRequestId(), emit }),
    retry: () => (last.value ? run(last.value) : Promise.resolve(null)),
    forget() {
      inFlight.value = null
      last.value = null
    },
  }
}
