import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Language } from '../../src-shared/config'
import { isBookingOnly, windowsServing } from '../../src-shared/domain'
import { DEFAULT_LANGUAGE } from '../../src-shared/i18n'
import type { IssuedTicket } from '../../src-shared/protocol'
import { setLanguage } from '../i18n'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, sendKioskCheckIn, type ClientAckError, type CommandAck } from '../hub/hub-client'
import { BOOKING_CODE_LENGTH, bookingCodeIn, isBookingChar } from '../kiosk/booking-code'
import { BOOKING_REFUSALS, IIN_CODE_REFUSALS, sendCheckIn, WALK_IN_REFUSALS } from './kiosk-check-in-acks'
import { useCentreStore } from './centre'
import { useKioskAidsStore } from './kiosk-aids'

/** Where the citizen is in the kiosk flow. */
export type KioskStep =
  | 'home'
  | 'services'
  | 'offer'
  | 'self-service'
  | 'booking'
  | 'iin-check-in'
  | 'booking-only'
  | 'issuing'
  | 'ticket'
  | 'error'

type IssueAck = CommandAck<'ticket:issue'>
/** What ends on a ticket: a walk-in's, a booking's check-in (by code or IIN), a booking-only walk-in's. */
type IssueAction = 'issue' | 'check-in' | 'walk-in'
type KioskError = ClientAckError['error']

/**
 * The kiosk flow of one citizen: language, group, priority category, the ticket (only once the hub has
 * acknowledged it) or the error. `reset` leaves nothing of them, nor of their aids (`kiosk-aids`): the
 * next person starts in Kazakh.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const step = ref<KioskStep>('home')
  const language = ref<Language>(DEFAULT_LANGUAGE)
  const groupId = ref<string | null>(null)
  const categoryId = ref<string | null>(null)
  /**
   * "Take a ticket" or a booking's check-in (both end on a ticket): the request id is kept for "try
   * again", so a retry never issues twice.
   */
  const issuing = useCommandSender<IssueAction, IssueAck>()
  const ticket = ref<IssuedTicket | null>(null)
  const error = ref<KioskError | null>(null)
  /** The booking code typed on the code entry so far (upper case, no dash). */
  const bookingCode = ref('')
  /** The code the last check-in asked for, as the refusal shows it. */
  const checkedCode = ref('')
  /** Why the hub refused the check-in: a dialog over the screen it came from says so in words. */
  const bookingRefusal = ref<KioskError | null>(null)
  /** Where a refused check-in returns to: the home screen (a scan) or the code entry. */
  let checkInFrom: 'home' | 'booking' = 'home'
  /** The service whose self-service offer is on screen (or whose guided session runs). */
  const offerServiceId = ref<string | null>(null)
  /** A ticket asked for a service no open window serves now: the warning is on screen until decided. */
  const noWindowServiceId = ref<string | null>(null)
  /** The booking-only service whose "by appointment" screen is on (the next free time of today). */
  const bookingOnlyServiceId = ref<string | null>(null)
  /** Why the last "take this time" was refused (taken meanwhile): said over the next free time. */
  const walkInRefusal = ref<KioskError | null>(null)

  function chooseLanguage(next: Language): void {
    language.value = next
    setLanguage(next)
  }

  function chooseGroup(id: string): void {
    groupId.value = id
    step.value = 'services'
  }

  function chooseCategory(id: string | null): void {
    categoryId.value = id
  }

  /** Back to the groups, keeping the language and category the citizen chose. */
  function backHome(): void {
    groupId.value = null
    offerServiceId.value = null
    noWindowServiceId.value = null
    step.value = 'home'
  }

  /**
   * Whether the centre takes bookings or tickets joined from home: the kiosk then offers "I have a booking
   * or a queue code" and takes scans (one code box checks in both).
   */
  const takesBookings = computed(() => {
    const config = useCentreStore().config
    return config?.bookings?.enabled === true || config?.remoteQueue?.enabled === true
  })

  /**
   * Shows "issuing" while `send` runs, then the ticket or the error. A check-in the hub refuses for the
   * booking's sake (too early, unknown code…) goes back where it came from, with the reason over it.
   */
  async function settle(action: IssueAction, send: () => Promise<IssueAck | null>): Promise<void> {
    step.value = 'issuing'
    error.value = null
    ticket.value = null
    const ack = await send()
    // The kiosk was reset meanwhile (idle): the answer belongs to nobody on screen now.
    if (!ack) return
    if (ack.ok) {
      ticket.value = ack.ticket
      step.value = 'ticket'
    } else if (action === 'check-in' && BOOKING_REFUSALS.has(ack.error.code)) {
      // Settled: another try is another code (or later), so a new request.
      issuing.forget()
      bookingRefusal.value = ack.error
      step.value = checkInFrom
    } else if (action === 'walk-in' && WALK_IN_REFUSALS.has(ack.error.code)) {
      issuing.forget()
      walkInRefusal.value = ack.error
      step.value = 'booking-only'
    } else {
      error.value = ack.error
      step.value = 'error'
    }
  }

  /** Whether touching `serviceId` opens the self-service offer (a guided portal scenario is configured). */
  function hasSelfServiceOffer(serviceId: string): boolean {
    const centre = useCentreStore()
    const scenario = centre.serviceById.get(serviceId)?.selfService
    return Boolean(
      centre.config?.selfService && scenario?.channels.includes('portal') && scenario.steps.length > 0,
    )
  }

  /**
   * The citizen touched a service: a service with a guided portal scenario first gets the self-service
   * offer (which still has "take a ticket"); any other service is a "take a ticket" at once.
   */
  async function chooseService(serviceId: string): Promise<void> {
    if (step.value === 'issuing') return
    if (isBookingOnlyService(serviceId)) return openBookingOnly(serviceId)
    if (hasSelfServiceOffer(serviceId)) return openOffer(serviceId)
    await issue(serviceId)
  }

  /** The self-service offer of `serviceId` (from the services, or a booking-only service's screen). */
  function openOffer(serviceId: string): void {
    offerServiceId.value = serviceId
    step.value = 'offer'
  }

  /** From the offer back to the services of the group. */
  function backToServices(): void {
    offerServiceId.value = null
    noWindowServiceId.value = null
    step.value = groupId.value ? 'services' : 'home'
  }

  /** The guided session is on screen (the self-service store runs it). */
  function enterSelfService(): void {
    step.value = 'self-service'
  }

  /**
   * "Take a ticket" for `serviceId`. When no open window serves it now, nothing is promised: the warning
   * comes first, and the ticket only with "take a ticket anyway" (`issueAnyway`).
   */
  async function issue(serviceId: string): Promise<void> {
    if (step.value === 'issuing' || issuing.pending.value) return
    if (isBookingOnlyService(serviceId)) return openBookingOnly(serviceId)
    if (windowsServing(useCentreStore().state, serviceId).length === 0) {
      noWindowServiceId.value = serviceId
      return
    }
    await issueNow(serviceId)
  }

  /** The warning's "take a ticket anyway": the ticket, issued as usual. */
  async function issueAnyway(): Promise<void> {
    const serviceId = noWindowServiceId.value
    noWindowServiceId.value = null
    if (serviceId) await issueNow(serviceId)
  }

  /** The warning's "back": no ticket; the citizen is where they were. */
  function dismissNoWindow(): void {
    noWindowServiceId.value = null
  }

  /** Asks the hub for the ticket: a new user action, so a new request id. */
  async function issueNow(serviceId: string): Promise<void> {
    if (step.value === 'issuing' || issuing.pending.value) return
    const fields = { serviceId, categoryId: categoryId.value }
    await settle('issue', () =>
      issuing.send('issue', (requestId) => sendCommand('ticket:issue', fields, { requestId })),
    )
  }

  /** "Try again" after an error: the same request id, so the hub issues at most one ticket. */
  async function retry(): Promise<void> {
    const unanswered = issuing.unanswered.value
    if (!unanswered || step.value === 'issuing') return
    await settle(unanswered.action, () => issuing.retry())
  }

  // --- bookings -----------------------------------------------------------------------------------

  /** "I have a booking": the code entry, empty. */
  function openBooking(): void {
    bookingCode.value = ''
    bookingRefusal.value = null
    step.value = 'booking'
  }

  /** A key of the code entry (on screen or a keyboard); a full code takes no more. */
  function typeBookingChar(char: string): void {
    if (!isBookingChar(char) || bookingCode.value.length >= BOOKING_CODE_LENGTH) return
    bookingCode.value += char.toUpperCase()
  }

  function eraseBookingChar(): void {
    bookingCode.value = bookingCode.value.slice(0, -1)
  }

  /** "Check in" on the code entry, once the code is whole. */
  async function checkInTyped(): Promise<void> {
    if (bookingCode.value.length !== BOOKING_CODE_LENGTH) return
    await checkIn(bookingCode.value, 'booking')
  }

  /**
   * What a barcode scanner typed, on the home screen or the code entry: the booking code in it (the
   * code, or a link ending in it) is checked in at once. Anything else is "no booking with this code".
   */
  async function checkInScanned(scanned: string): Promise<void> {
    if (!takesBookings.value) return
    const from = step.value === 'booking' ? 'booking' : 'home'
    const code = bookingCodeIn(scanned)
    if (code === null) {
      checkInFrom = from
      checkedCode.value = ''
      bookingRefusal.value = { code: 'unknown_booking', message: 'the scan holds no booking code' }
      return
    }
    bookingCode.value = code
    await checkIn(code, from)
  }

  /** Asks the hub to check the booking in: a new user action, so a new request id. */
  async function checkIn(code: string, from: 'home' | 'booking'): Promise<void> {
    if (step.value === 'issuing' || issuing.pending.value) return
    checkInFrom = from
    checkedCode.value = code
    bookingRefusal.value = null
    await settle('check-in', () => issuing.send('check-in', (requestId) => sendCheckIn(code, requestId)))
  }

  /** The refusal's "enter the code again": the code entry, with the code as it was to correct it. */
  function editBookingCode(): void {
    bookingRefusal.value = null
    step.value = 'booking'
  }

  /** The refusal read: back to the groups, where a ticket in the general queue is one touch away. */
  function closeBookingRefusal(): void {
    bookingRefusal.value = null
    bookingCode.value = ''
    backHome()
  }

  // --- booking-only services and the check-in by IIN ------------------------------------------------

  /** Whether the service is served by booking only: the kiosk offers a free time of today instead. */
  function isBookingOnlyService(serviceId: string): boolean {
    const config = useCentreStore().config
    return config !== null && config !== undefined && isBookingOnly(config, serviceId)
  }

  /** "This service is by appointment": the next free time of today, and the self-service offer if any. */
  function openBookingOnly(serviceId: string): void {
    bookingOnlyServiceId.value = serviceId
    walkInRefusal.value = null
    noWindowServiceId.value = null
    step.value = 'booking-only'
  }

  /** "Take this time": the slot booked and checked in at once, a ticket booked for it (a new action). */
  async function takeSlot(slotStart: number): Promise<void> {
    const serviceId = bookingOnlyServiceId.value
    if (!serviceId || step.value === 'issuing' || issuing.pending.value) return
    walkInRefusal.value = null
    const fields = { serviceId, slotStart }
    await settle('walk-in', () =>
      issuing.send('walk-in', (requestId) => sendCommand('booking:walk-in', fields, { requestId })),
    )
  }

  /** "I have no code": the IIN keypad (its own store keeps the digits and the code). */
  function openIinCheckIn(): void {
    bookingRefusal.value = null
    step.value = 'iin-check-in'
  }

  /**
   * The code of a check-in by IIN, sent like a check-in by booking code (one action, "try again" keeps
   * its request id) and settled the same way. A refusal of the code itself goes back to the IIN screen,
   * which says it: returned, or null when the check-in was settled (a ticket, or why not).
   */
  async function checkInByIin(challengeId: string, code: string): Promise<KioskError | null> {
    if (step.value === 'issuing' || issuing.pending.value) return null
    checkInFrom = 'booking'
    checkedCode.value = ''
    bookingRefusal.value = null
    let refused: KioskError | null = null
    await settle('check-in', async () => {
      const ack = await issuing.send('check-in', (requestId) =>
        sendKioskCheckIn('kiosk-check-in:confirm', { challengeId, code }, { requestId }),
      )
      if (ack && !ack.ok && IIN_CODE_REFUSALS.has(ack.error.code)) {
        issuing.forget()
        refused = ack.error
        return null
      }
      return ack
    })
    if (refused) step.value = 'iin-check-in'
    return refused
  }

  /** Everything back to the start, in Kazakh, with nothing of the last person. */
  function reset(): void {
    step.value = 'home'
    groupId.value = null
    categoryId.value = null
    useKioskAidsStore().reset()
    issuing.forget()
    ticket.value = null
    error.value = null
    offerServiceId.value = null
    noWindowServiceId.value = null
    bookingOnlyServiceId.value = null
    walkInRefusal.value = null
    bookingCode.value = ''
    checkedCode.value = ''
    bookingRefusal.value = null
    chooseLanguage(DEFAULT_LANGUAGE)
  }

  return {
    step,
    language,
    groupId,
    categoryId,
    /** The "take a ticket" or check-in not yet acknowledged (kept for "try again"). */
    pending: issuing.unanswered,
    /** The action on its way to the hub now, for the words of the "issuing" screen. */
    sending: issuing.pending,
    ticket,
    error,
    offerServiceId,
    noWindowServiceId,
    takesBookings,
    bookingCode,
    checkedCode,
    bookingRefusal,
    bookingOnlyServiceId,
    walkInRefusal,
    chooseLanguage,
    chooseGroup,
    chooseCategory,
    backHome,
    hasSelfServiceOffer,
    chooseService,
    openOffer,
    enterSelfService,
    backToServices,
    issue,
    issueAnyway,
    dismissNoWindow,
    retry,
    openBooking,
    typeBookingChar,
    eraseBookingChar,
    checkInTyped,
    checkInScanned,
    editBookingCode,
    closeBookingRefusal,
    isBookingOnlyService,
    openBookingOnly,
    takeSlot,
    openIinCheckIn,
    checkInByIin,
    reset,
  }
})
