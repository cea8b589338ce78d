import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Language } from '../../src-shared/config'
import { windowsServing } from '../../src-shared/domain'
import { DEFAULT_LANGUAGE } from '../../src-shared/i18n'
import type { IssuedTicket } from '../../src-shared/protocol'
import { setLanguage } from '../i18n'
import { useCommandSender } from '../composables/use-command-sender'
import { sendCommand, type ClientAckError, type CommandAck } from '../hub/hub-client'
import { useCentreStore } from './centre'

/** Where the citizen is in the kiosk flow. */
export type KioskStep = 'home' | 'services' | 'offer' | 'self-service' | 'issuing' | 'ticket' | 'error'

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
  /** "Take a ticket": its request id is kept for "try again", so a retry never issues twice. */
  const issuing = useCommandSender<'issue', CommandAck<'ticket:issue'>>()
  const ticket = ref<IssuedTicket | null>(null)
  const error = ref<ClientAckError['error'] | null>(null)
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

  /** Shows "issuing" while `send` runs, then the ticket or the error. */
  async function settle(send: () => Promise<CommandAck<'ticket:issue'> | null>): Promise<void> {
    step.value = 'issuing'
    error.value = null
    ticket.value = null
    const ack = await send()
    // The kiosk was reset meanwhile (idle): the answer belongs to nobody on screen now.
    if (!ack) return
    if (ack.ok) {
      ticket.value = ack.ticket
      step.value = 'ticket'
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
    await settle(() =>
      issuing.send('issue', (requestId) => sendCommand('ticket:issue', fields, { requestId })),
    )
  }

  /** "Try again" after an error: the same request id, so the hub issues at most one ticket. */
  async function retry(): Promise<void> {
    if (!issuing.unanswered.value || step.value === 'issuing') return
    await settle(() => issuing.retry())
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
    chooseLanguage(DEFAULT_LANGUAGE)
  }

  return {
    step,
    language,
    groupId,
    categoryId,
    largeText,
    /** The "take a ticket" not yet acknowledged (kept for "try again"). */
    pending: issuing.unanswered,
    ticket,
    error,
    offerServiceId,
    noWindowServiceId,
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
    reset,
  }
})
