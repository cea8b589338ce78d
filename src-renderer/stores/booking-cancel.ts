import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientErrorCode, type CommandAck } from '../hub/hub-client'

/** The longest reason the hub takes (`booking:cancel`'s schema). */
export const CANCEL_REASON_MAX = 200

/** The hub's refusal of a cancellation, by its code, for the face to translate. */
export interface CancelRefusal {
  bookingId: string
  code: ClientErrorCode
  message: string
}

interface Attempt {
  bookingId: string
  reason: string
}

/**
 * Staff cancelling a citizen's booking, with a reason the log keeps: one cancellation at a time, a new
 * request id for each, and the same id again when the last one went unanswered (so a second press after
 * a dropped link cancels once, not "already cancelled"). The booking's new status comes from the
 * `booking:cancelled` fact, as every face sees it.
 */
export const useBookingCancelStore = defineStore('booking-cancel', () => {
  const sender = useCommandSender<'cancel', CommandAck<'booking:cancel'>>()
  const pending = sender.pending
  const refusal = ref<CancelRefusal | null>(null)
  /** The code of the booking cancelled last, for a short confirmation. */
  const cancelledCode = ref<string | null>(null)
  let unanswered: Attempt | null = null

  /** Cancels the booking with a reason (required, trimmed); true once the hub has acknowledged it. */
  async function cancel(booking: { id: string; code: string }, reason: string): Promise<boolean> {
    const trimmed = reason.trim()
    if (trimmed === '' || trimmed.length > CANCEL_REASON_MAX || pending.value !== null) return false
    refusal.value = null
    cancelledCode.value = null
    const attempt = { bookingId: booking.id, reason: trimmed }
    const again = unanswered?.bookingId === attempt.bookingId && unanswered.reason === attempt.reason
    unanswered = attempt
    const ack = again
      ? await sender.retry()
      : await sender.send('cancel', (requestId) =>
          sendCommand('booking:cancel', { bookingId: booking.id, reason: trimmed }, { requestId }),
        )
    if (!ack) return false
    if (!ack.ok) {
      const { code, message } = ack.error
      refusal.value = { bookingId: booking.id, code, message }
      // A refusal was decided and stored: asking again with its id would only repeat it.
      if (code !== 'offline') forgetAttempt()
      return false
    }
    forgetAttempt()
    cancelledCode.value = booking.code
    return true
  }

  function forgetAttempt(): void {
    unanswered = null
    sender.forget()
  }

  function dismiss(): void {
    refusal.value = null
    cancelledCode.value = null
  }

  function $reset(): void {
    forgetAttempt()
    dismiss()
  }

  return { pending, refusal, cancelledCode, cancel, dismiss, $reset }
})
