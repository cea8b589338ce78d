import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientAckError } from '../hub/hub-client'

/** Where the browser keeps each staff member's notices put away (acts' seqs), across reloads and restarts. */
const STORAGE_KEY = 'kezek-dismissed-acts'
/** Seqs kept per staff member (newest): a day's notices on one window are far fewer. */
const KEEP = 200

/** The stored seqs by staff id; anything else in the key (an older format, a hand edit) counts as none. */
function readStored(): Record<string, number[]> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}')
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {}
    return Object.fromEntries(
      Object.entries(parsed).map(([id, seqs]) => [
        id,
        Array.isArray(seqs) ? seqs.filter((seq): seq is number => Number.isInteger(seq)) : [],
      ]),
    )
  } catch {
    return {}
  }
}

/**
 * The consultant's side of the supervisor's messages and acts: marking a message read
 * (`desk:message-read`, which the supervisor sees as "read at HH:MM"), and the act notices they have
 * put away (by the fact's seq), kept in the browser per staff member so a reload does not bring them back.
 */
export const useStaffMessagesStore = defineStore('staff-messages', () => {
  const sender = useCommandSender<'read', { ok: true } | ClientAckError>()
  const pending = sender.pending
  const failed = ref(false)
  const dismissed = ref<number[]>([])
  let owner: string | null = null

  async function markRead(messageId: string): Promise<boolean> {
    failed.value = false
    const ack = await sender.send('read', (requestId) =>
      sendCommand('desk:message-read', { messageId }, { requestId }),
    )
    if (!ack) return false
    failed.value = !ack.ok
    return ack.ok
  }

  /** Whose notices these are: the signed-in staff member's put-away ones are read from the browser. */
  function forStaff(staffId: string | null): void {
    if (staffId === owner) return
    owner = staffId
    dismissed.value = staffId ? (readStored()[staffId] ?? []) : []
  }

  function dismiss(seq: number): void {
    if (dismissed.value.includes(seq)) return
    dismissed.value = [...dismissed.value, seq].slice(-KEEP)
    if (!owner) return
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...readStored(), [owner]: dismissed.value }))
    } catch (error) {
      // Storage full or off: put away for this page only.
      console.warn('kezek: the notices put away could not be kept for a reload', error)
    }
  }

  function $reset(): void {
    sender.forget()
    failed.value = false
    dismissed.value = []
    owner = null
  }

  return { pending, failed, dismissed, markRead, forStaff, dismiss, $reset }
})
