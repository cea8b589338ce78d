import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientAckError, type ClientErrorCode } from '../hub/hub-client'

/** A window a supervisor opens for a queue nobody serves: for whom, and with which services. */
export interface DeskStaffingRequest {
  deskId: string
  staffId: string
  serviceIds: string[]
}

/**
 * The supervisor staffing a window (`desk:open` with `staffId`): a closed window opened for a consultant,
 * or a consultant's open window given one more service. One request at a time; the hub's refusal is kept
 * by its code for the face to word.
 */
export const useDeskStaffingStore = defineStore('desk-staffing', () => {
  const sender = useCommandSender<'open', { ok: true } | ClientAckError>()
  const pending = sender.pending
  const refusal = ref<{ code: ClientErrorCode; message: string } | null>(null)

  /** True once the hub has opened the window as asked. */
  async function open(request: DeskStaffingRequest): Promise<boolean> {
    if (pending.value !== null) return false
    refusal.value = null
    const ack = await sender.send('open', (requestId) =>
      sendCommand('desk:open', { ...request }, { requestId }),
    )
    if (!ack) return false
    if (!ack.ok) {
      refusal.value = { code: ack.error.code, message: ack.error.message }
      return false
    }
    return true
  }

  function $reset(): void {
    sender.forget()
    refusal.value = null
  }

  return { pending, refusal, open, $reset }
})
