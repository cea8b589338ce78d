import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientAckError } from '../hub/hub-client'

/**
 * The consultant's side of the supervisor's messages and acts: marking a message read
 * (`desk:message-read`, which the supervisor sees as "read at HH:MM"), and the act notices they have
 * put away (by the fact's seq; notices come back after a reload, as the hub's facts are not replayed).
 */
export const useStaffMessagesStore = defineStore('staff-messages', () => {
  const sender = useCommandSender<'read', { ok: true } | ClientAckError>()
  const pending = sender.pending
  const failed = ref(false)
  const dismissed = ref<number[]>([])

  async function markRead(messageId: string): Promise<boolean> {
    failed.value = false
    const ack = await sender.send('read', (requestId) =>
      sendCommand('desk:message-read', { messageId }, { requestId }),
    )
    if (!ack) return false
    failed.value = !ack.ok
    return ack.ok
  }

  function dismiss(seq: number): void {
    if (!dismissed.value.includes(seq)) dismissed.value = [...dismissed.value, seq]
  }

  function $reset(): void {
    sender.forget()
    failed.value = false
    dismissed.value = []
  }

  return { pending, failed, dismissed, markRead, dismiss, $reset }
})
