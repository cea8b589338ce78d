import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { CommandType } from '../../src-shared/domain'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientAckError, type ClientErrorCode, type CommandFields } from '../hub/hub-client'

/** The commands a supervisor's acts send (issue 16). */
export type SupervisorActCommand = Extract<
  CommandType,
  | 'ticket:cancel'
  | 'ticket:transfer'
  | 'ticket:prioritise'
  | 'ticket:call'
  | 'desk:pause'
  | 'desk:open'
  | 'desk:message'
  | 'desk:release'
>

/**
 * The supervisor acting on a ticket or a window: one act at a time; the hub's refusal is kept by its
 * code for the dialog to word, and the last act done for the line that confirms it.
 */
export const useSupervisorActsStore = defineStore('supervisor-acts', () => {
  const sender = useCommandSender<SupervisorActCommand, { ok: true } | ClientAckError>()
  const pending = sender.pending
  const refusal = ref<{ code: ClientErrorCode; message: string } | null>(null)
  const done = ref<SupervisorActCommand | null>(null)

  /** True once the hub has done it. */
  async function act<T extends SupervisorActCommand>(type: T, fields: CommandFields<T>): Promise<boolean> {
    if (pending.value !== null) return false
    refusal.value = null
    done.value = null
    const ack = await sender.send(
      type,
      (requestId) => sendCommand(type, fields, { requestId }) as Promise<{ ok: true } | ClientAckError>,
    )
    if (!ack) return false
    if (!ack.ok) {
      refusal.value = { code: ack.error.code, message: ack.error.message }
      return false
    }
    done.value = type
    return true
  }

  function clearRefusal(): void {
    refusal.value = null
  }

  function $reset(): void {
    sender.forget()
    refusal.value = null
    done.value = null
  }

  return { pending, refusal, done, act, clearRefusal, $reset }
})
