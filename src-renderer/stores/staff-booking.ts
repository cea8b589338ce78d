import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RefusalDetails } from '../../src-shared/domain'
import type { BookingMade, StaffBookingChannel } from '../../src-shared/protocol'
import { useCommandSender } from '../composables/use-command-sender'
import {
  sendStaffBooking,
  type ClientErrorCode,
  type StaffBookingCommandAck,
  type StaffBookingFields,
} from '../hub/hub-client'

/** What staff fill in for a citizen: the slot, the IIN and phone (as checked by the fields), the channel. */
export interface StaffBookingRequest {
  serviceId: string
  slotStart: number
  iin: string
  phone: string
  channel: StaffBookingChannel
}

/** The hub's refusal, by its code and details, for the face to word. */
export interface StaffBookingRefusal {
  code: ClientErrorCode
  message: string
  details?: RefusalDetails
}

const sameRequest = (a: StaffBookingRequest, b: StaffBookingRequest) =>
  a.serviceId === b.serviceId &&
  a.slotStart === b.slotStart &&
  a.iin === b.iin &&
  a.phone === b.phone &&
  a.channel === b.channel

/**
 * Staff booking on a citizen's behalf (`booking:make-for`): one booking at a time, a new request id for
 * each, and the same id again when the last one went unanswered, so a second press after a dropped
 * link books once. The booking made (its code to read out) or the refusal stays until `reset`; the IIN
 * and phone are kept only while a request is unanswered.
 */
export const useStaffBookingStore = defineStore('staff-booking', () => {
  const sender = useCommandSender<'book', StaffBookingCommandAck>()
  const pending = sender.pending
  const made = ref<BookingMade | null>(null)
  const refusal = ref<StaffBookingRefusal | null>(null)
  let unanswered: StaffBookingRequest | null = null

  /** Books the slot for the citizen; true once the hub has acknowledged the booking. */
  async function book(request: StaffBookingRequest): Promise<boolean> {
    if (pending.value !== null) return false
    refusal.value = null
    made.value = null
    const again = unanswered !== null && sameRequest(unanswered, request)
    unanswered = request
    const fields: StaffBookingFields<'booking:make-for'> = { ...request }
    const ack = again
      ? await sender.retry()
      : await sender.send('book', (requestId) => sendStaffBooking('booking:make-for', fields, { requestId }))
    if (!ack) return false
    if (!ack.ok) {
      refusal.value = { ...ack.error }
      // A refusal was decided and stored: asking again with its id would only repeat it.
      if (ack.error.code !== 'offline') forgetAttempt()
      return false
    }
    forgetAttempt()
    made.value = ack.booking
    return true
  }

  function forgetAttempt(): void {
    unanswered = null
    sender.forget()
  }

  /** A fresh form: the last booking and refusal are dismissed, an unanswered request is dropped. */
  function $reset(): void {
    forgetAttempt()
    made.value = null
    refusal.value = null
  }

  return { pending, made, refusal, book, $reset }
})
