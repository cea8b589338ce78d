/**
 * The citizen's booking on `/book`, one step after another: service → day → time → IIN and phone → the
 * code from the SMS → done. The contact step also asks, unticked, whether to be told of the booking by
 * SMS or Telegram (the channels the hub offers); the ticked ones go with the booking. Held in memory only (nothing personal in localStorage); a reload starts over.
 *
 * One action, one request id: a booking's request id is made when the citizen confirms, and kept only to
 * ask again after no answer came (the hub then gives the same booking); any answer ends it.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import {
  BookCallError,
  bookApi,
  type BookCentre,
  type BookDay,
  type BookService,
  type BookSlot,
  type CodeSent,
  type Managed,
} from '../book/book-api'
import type { NotifyChannel, NotifyOffer } from '../base/phone-api'

export type BookStep = 'service' | 'time' | 'contact' | 'code' | 'done'

/** A refusal as the page shows it: the hub's code (the key of its words) and the field it names. */
export interface BookProblem {
  code: string
  field: string | null
  attemptsLeft?: number
}

/** Codes that mean "choose another time": the page goes back to the times with the words. */
const SLOT_PROBLEMS = new Set(['slot_full', 'unknown_slot'])

export const useBookStore = defineStore('book', () => {
  const step = ref<BookStep>('service')
  const centre = ref<BookCentre | null>(null)
  const services = ref<BookService[]>([])
  const service = ref<BookService | null>(null)
  const days = ref<BookDay[] | null>(null)
  const day = ref<string | null>(null)
  const slots = ref<BookSlot[] | null>(null)
  const slot = ref<BookSlot | null>(null)
  const iin = ref('')
  const phone = ref('')
  /** What the hub offers to notify by, and what the citizen ticked (nothing until they tick). */
  const notifyOffer = ref<NotifyOffer | null>(null)
  const notify = ref<NotifyChannel[]>([])
  const challenge = ref<CodeSent | null>(null)
  const booked = ref<Managed | null>(null)
  const problem = ref<BookProblem | null>(null)
  const busy = ref(false)
  /** The request id of a booking whose answer never came: asked again with it. */
  let pendingRequestId: string | null = null

  async function run(action: () => Promise<void>): Promise<void> {
    busy.value = true
    problem.value = null
    try {
      await action()
    } catch (error) {
      if (!(error instanceof BookCallError)) throw error
      problem.value = { code: error.code, field: error.field }
    } finally {
      busy.value = false
    }
  }

  function load(): Promise<void> {
    return run(async () => {
      const answer = await bookApi.services()
      centre.value = answer.centre
      notifyOffer.value = answer.notify
      services.value = answer.services
    })
  }

  function chooseService(next: BookService): Promise<void> {
    service.value = next
    day.value = null
    slots.value = null
    days.value = null
    step.value = 'time'
    return run(async () => {
      days.value = (await bookApi.days(next.id)).days.filter((d) => d.free > 0)
    })
  }

  function chooseDay(next: string): Promise<void> {
    day.value = next
    slots.value = null
    return run(async () => {
      slots.value = (await bookApi.slots(service.value!.id, next)).slots.filter((s) => s.free > 0)
    })
  }

  function chooseSlot(next: BookSlot): void {
    slot.value = next
    problem.value = null
    step.value = 'contact'
  }

  /** Sends the code to the phone (E.164); the IIN waits in memory for the confirmation. */
  function sendCode(iinDigits: string, e164: string): Promise<void> {
    return run(async () => {
      iin.value = iinDigits
      phone.value = e164
      challenge.value = await bookApi.requestCode(e164)
      step.value = 'code'
    })
  }

  function resend(): Promise<void> {
    return run(async () => {
      challenge.value = await bookApi.resendCode(challenge.value!.challengeId)
    })
  }

  /** Asks for a new code for the same phone (the old one expired, was used up or is unknown). */
  function newCode(): Promise<void> {
    return sendCode(iin.value, phone.value)
  }

  function confirm(code: string, language: string): Promise<void> {
    return run(async () => {
      const requestId = pendingRequestId ?? crypto.randomUUID()
      pendingRequestId = requestId
      try {
        booked.value = await bookApi.book({
          requestId,
          challengeId: challenge.value!.challengeId,
          code,
          iin: iin.value,
          phone: phone.value,
          serviceId: service.value!.id,
          slotStart: slot.value!.start,
          notify: notify.value,
          language,
        })
        pendingRequestId = null
        // Done with them: the page keeps no IIN or phone once the booking is made.
        iin.value = ''
        phone.value = ''
        step.value = 'done'
      } catch (error) {
        if (!(error instanceof BookCallError)) throw error
        if (error.code !== 'offline') pendingRequestId = null
        if (error.code === 'code_wrong' && challenge.value) challenge.value.attemptsLeft -= 1
        if (SLOT_PROBLEMS.has(error.code)) {
          // Back to the day's times, as they are now; the code is not spent, so it still works.
          step.value = 'time'
          slots.value = (await bookApi.slots(service.value!.id, day.value!)).slots.filter((s) => s.free > 0)
        }
        throw error
      }
    })
  }

  /** Back one step (from the code to the phone, from the phone to the time, and so on). */
  function back(): void {
    problem.value = null
    if (step.value === 'code') step.value = 'contact'
    else if (step.value === 'contact') step.value = 'time'
    else if (step.value === 'time') {
      if (day.value) day.value = null
      else step.value = 'service'
    }
  }

  function restart(): void {
    step.value = 'service'
    service.value = day.value = slots.value = slot.value = days.value = null
    challenge.value = booked.value = problem.value = null
    iin.value = phone.value = ''
    notify.value = []
    pendingRequestId = null
  }

  return {
    step,
    centre,
    services,
    service,
    days,
    day,
    slots,
    slot,
    iin,
    phone,
    notifyOffer,
    notify,
    challenge,
    booked,
    problem,
    busy,
    load,
    chooseService,
    chooseDay,
    chooseSlot,
    sendCode,
    resend,
    newCode,
    confirm,
    back,
    restart,
  }
})
