import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Language } from '../../src-shared/config'
import { windowsServing } from '../../src-shared/domain'
import { DEFAULT_LANGUAGE } from '../../src-shared/i18n'
import type { IssuedTicket } from '../../src-shared/protocol'
import { setLanguage } from '../i18n'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientAckError, type CommandAck } from '../hub/hub-client'
import { BOOKING_CODE_LENGTH, bookingCodeIn, isBookingChar } from '../kiosk/booking-code'
import { useCentreStore } from './centre'

/** Where the citizen is in the kiosk flow. */
export type KioskStep =
  | 'home'
  | 'services'
  | 'offer'
  | 'self-service'
  | 'booking'
  | 'issuing'
  | 'ticket'
  | 'error'

type IssueAck = CommandAck<'ticket:issue'>
type KioskError = ClientAckError['error']

/** Refusals of a check-in that the citizen gets in words over the screen they checked in from. */
const BOOKING_REFUSALS: ReadonlySet<string> = new Set([
  'unknown_booking',
  'booking_closed',
  'booking_too_early',
  'booking_too_late',
  'bookings_disabled',
  // A scan the hub's schema refuses is no booking code either.
  'invalid_payload',
])

function isIssuedTicket(value: unknown): value is IssuedTicket {
  if (typeof value !== 'object' || value === null) return false
  const ticket = value as Record<string, unknown>
  return ['id', 'number', 'serviceId', 'trackToken'].every((key) => typeof ticket[key] === 'string')
}

/**
 * `booking:check-in`, answered like `ticket:issue`: the hub acks a check-in with the ticket it issued
 * (src-main/hub/command-acks.ts), which the protocol's `CommandResults` does not list yet, so it is
 * checked here.
 */
async function sendCheckIn(code: string, requestId: string): Promise<IssueAck> {
  const ack = await sendCommand('booking:check-in', { code }, { requestId })
  if (!ack.ok) return ack
  const ticket: unknown = (ack as { ticket?: unknown }).ticket
  if (isIssuedTicket(ticket)) return { ...ack, ticket }
  return { ok: false, error: { code: 'internal', message: 'the check-in was acknowledged without a ticket' } }
}

/**
 * The kiosk flow of one citizen: language, group, priority category, the ticket (only once the hub has
 * acknowledged it) or the error. `reset` leaves nothing of them: the next person starts in Kazakh.
 */
export const useKioskStore = defineStore('kiosk', () => {
  const step = ref<KioskStep>('home')
  const language = ref<Language>(DEFAULT_LANGUAGE)
  const groupId = ref<string | null>(null)
  const categoryId = ref<string | null>(null)
  const largeText = ref(false)
  /**
   * "Take a ticket" or a booking's check-in (both end on a ticket): the request id is kept for "try
   * again", so a retry never issues twice.
   */
  const issuing = useCommandSender<'issue' | 'check-in', IssueAck>()
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

  function toggleLargeText(): void {
    largeText.value = !largeText.value
  }

  /** Back to the groups, keeping the language and category the citizen chose. */
  function backHome(): void {
    groupId.value = null
    offerServiceId.value = null
    noWindowServiceId.value = null
    step.value = 'home'
  }

  /** Whether the centre takes bookings: the kiosk then offers "I have a booking" and takes scans. */
  const takesBookings = computed(() => useCentreStore().config?.bookings?.enabled === true)

  /**
   * Shows "issuing" while `send` runs, then the ticket or the error. A check-in the hub refuses for the
   * booking's sake (too early, unknown code…) goes back where it came from, with the reason over it.
   */
  async function settle(action: 'issue' | 'check-in', send: () => Promise<IssueAck | null>): Promise<void> {
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
    if (hasSelfServiceOffer(serviceId)) {
      offerServiceId.value = serviceId
      step.value = 'offer'
      return
    }
    await issue(serviceId)
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

  /** Everything back to the start, in Kazakh, with nothing of the last person. */
  function reset(): void {
    step.value = 'home'
    groupId.value = null
    categoryId.value = null
    largeText.value = false
    issuing.forget()
    ticket.value = null
    error.value = null
    offerServiceId.value = null
    noWindowServiceId.value = null
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
    largeText,
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
    chooseLanguage,
    chooseGroup,
    chooseCategory,
    toggleLargeText,
    backHome,
    hasSelfServiceOffer,
    chooseService,
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
    reset,
  }
})
