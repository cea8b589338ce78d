import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import type { BindingView, RegistrationSettings } from '../../src-shared/protocol'
import { sendRegistration } from '../hub/hub-client'
import { iinFeedback, phoneFeedback } from '../registration/registration-fields'
import { readResume, useRegistrationCode, writeResume } from './registration-code'
import { useBindingLookup } from './registration-lookup'
import { useRegistrationRequests } from './registration-requests'
import { useConnectionStore } from './connection'
import { useRegistrationUpdatesStore } from './registration-updates'

export type { Challenge, ClosedReason, RegistrationPhase } from './registration-code'
export type { RegistrationAction, RegistrationError, RegistrationNotice } from './registration-requests'

/**
 * The mobile-citizen registration desk of the registrar (or a supervisor or admin stepping in): the
 * entry form, the one-time code, the confirmed binding, and the lookup of bindings by IIN with phone
 * changes and revocations. Everything shown comes from the hub's acks and status; the full IIN and
 * phone exist only in the form while the registrar types them, and are dropped when the flow ends,
 * the ticket changes or the panel closes.
 *
 * One store, because its two flows hand over to each other (a lookup starts a phone change, a
 * `binding_exists` opens the lookup) and share one request at a time: the code step lives in
 * `registration-code.ts`, the lookup in `registration-lookup.ts`, the requests in
 * `registration-requests.ts`; this file holds the entry form and the hand-overs.
 */
export const useRegistrationStore = defineStore('registration', () => {
  const connection = useConnectionStore()
  const updates = useRegistrationUpdatesStore()

  const settings = ref<RegistrationSettings | null>(null)
  /** The desk and ticket the panel works for. */
  const context = ref<{ deskId: string; ticketId: string | null } | null>(null)
  const tab = ref<'register' | 'find'>('register')

  /** The entry form. `iin` and `phone` are the full values as typed: this screen only. */
  const form = reactive({
    iin: '',
    phone: '',
    documentChecked: false,
    consentAccepted: false,
    consentLanguage: 'kk' as 'kk' | 'ru',
  })
  /** A phone change under way: the binding whose number is being replaced (masked). */
  const changing = shallowRef<BindingView | null>(null)

  const requests = useRegistrationRequests()
  const { pending, error, notice, clearFeedback, run } = requests
  const lookup = useBindingLookup(context, requests)
  const code = useRegistrationCode(context, requests, {
    confirmed(registration, binding) {
      // The flow has ended: the citizen's full IIN and phone leave this screen.
      clearForm()
      changing.value = null
      lookup.adoptReplacement(registration, binding)
    },
    bindingSeen: lookup.sync,
  })
  const { phase, challenge, confirmed } = code

  const iinCheck = computed(() => iinFeedback(form.iin, true))
  const phoneCheck = computed(() => phoneFeedback(form.phone, true))

  /** What is still missing before a code can be sent. */
  const missing = computed(() => {
    const list: Array<'iin' | 'phone' | 'document' | 'consent'> = []
    if (!changing.value && iinCheck.value.state !== 'valid') list.push('iin')
    if (phoneCheck.value.state !== 'valid') list.push('phone')
    if (!form.documentChecked) list.push('document')
    if (!form.consentAccepted) list.push('consent')
    return list
  })

  const canSend = computed(
    () =>
      phase.value === 'entry' &&
      missing.value.length === 0 &&
      settings.value !== null &&
      context.value !== null &&
      connection.trusted &&
      pending.value === null,
  )

  async function loadSettings(): Promise<void> {
    if (settings.value) return
    const ack = await run('settings', 'registration:settings', {}, true)
    if (ack) {
      const { ok: _ok, ...rest } = ack
      settings.value = rest
    }
  }

  /** Forgets the full IIN and phone of the form (the citizen's data leaves this screen). */
  function clearForm(): void {
    form.iin = ''
    form.phone = ''
    form.documentChecked = false
    form.consentAccepted = false
    form.consentLanguage = 'kk'
  }

  /** Back to an empty registration screen: nothing of the previous citizen is kept. */
  function reset(): void {
    clearForm()
    changing.value = null
    code.clear()
    lookup.clear()
    tab.value = 'register'
    clearFeedback()
    writeResume(null)
  }

  /**
   * The panel serves this desk and ticket. Another ticket starts afresh; the same one after a reload
   * picks up the registration it had started (from the hub's status: masked values only), and after
   * the browser was closed (nothing kept here) the one the hub has still waiting for its code at this
   * desk for this ticket.
   */
  async function attach(deskId: string, ticketId: string | null): Promise<void> {
    const current = context.value
    if (current && current.deskId === deskId && current.ticketId === ticketId) return
    const saved = readResume()
    reset()
    context.value = { deskId, ticketId }
    void loadSettings()
    if (saved && saved.deskId === deskId && saved.ticketId === ticketId) {
      writeResume(saved)
      await code.refreshStatus(saved.registrationId)
      return
    }
    await resumeFromHub(deskId, ticketId)
  }

  async function resumeFromHub(deskId: string, ticketId: string | null): Promise<void> {
    const ack = await sendRegistration('registration:open', { deskId, ticketId })
    if (!ack.ok || !ack.registration) return
    // The registrar moved on meanwhile (another ticket, or already typing a new registration).
    const now = context.value
    if (now?.deskId !== deskId || now.ticketId !== ticketId || code.phase.value !== 'entry') return
    writeResume({ registrationId: ack.registration.id, deskId, ticketId })
    await code.refreshStatus(ack.registration.id)
    // Read afresh: the status may have found it closed meanwhile.
    const phase: string = code.phase.value
    if (phase === 'code') notice.value = 'resumed'
  }

  /** The panel closes (the ticket left the desk, sign-out): everything about the citizen goes. */
  function detach(): void {
    reset()
    context.value = null
  }

  /** Sends the first code: a new binding, or the new number of the binding being changed. */
  async function start(): Promise<boolean> {
    const where = context.value
    const version = settings.value?.consent.version
    if (!canSend.value || !where || !version) return false
    const common = {
      deskId: where.deskId,
      ticketId: where.ticketId,
      phone: form.phone,
      documentChecked: form.documentChecked,
      consent: { accepted: form.consentAccepted, language: form.consentLanguage, textVersion: version },
    }
    const binding = changing.value
    const ack = binding
      ? await run('start', 'registration:change-phone', { ...common, bindingId: binding.id })
      : await run('start', 'registration:start', { ...common, iin: form.iin })
    if (!ack) {
      // The consent text changed at the hub: show the new one, to be read and accepted again.
      if (error.value?.code === 'consent_required' && form.consentAccepted) {
        settings.value = null
        form.consentAccepted = false
        void loadSettings()
      }
      return false
    }
    code.adoptStarted(ack, binding ? 'change-phone' : 'register', changing.value?.id ?? null)
    return true
  }

  /** After an expired or failed code: the same citizen, the form as it was, a new code to send. */
  function startAgain(): void {
    challenge.value = null
    phase.value = 'entry'
    code.closedReason.value = null
    clearFeedback()
    writeResume(null)
  }

  /** A new citizen (or the next binding of this visit): an empty form. */
  function newRegistration(): void {
    const keep = context.value
    reset()
    context.value = keep
  }

  function chooseTab(next: 'register' | 'find'): void {
    if (pending.value !== null) return
    tab.value = next
    clearFeedback()
  }

  /** A phone change of an active binding: the entry form asks for the new number only. */
  function beginChange(binding: BindingView): void {
    if (binding.status !== 'active' || pending.value !== null) return
    clearForm()
    changing.value = binding
    challenge.value = null
    confirmed.value = null
    phase.value = 'entry'
    tab.value = 'register'
    clearFeedback()
  }

  function cancelChange(): void {
    changing.value = null
    clearForm()
    tab.value = 'find'
    clearFeedback()
  }

  async function revoke(binding: BindingView, reason: string): Promise<boolean> {
    const revoked = await lookup.revoke(binding, reason)
    if (!revoked) return false
    code.bindingRevoked(revoked)
    return true
  }

  /** Registers the IIN of the lookup (nothing active was found). */
  function registerFromLookup(): void {
    if (pending.value !== null) return
    const iin = lookup.lookupIin.value
    reset()
    form.iin = iin
  }

  /** `binding_exists` at the start: look the IIN's binding up, to change its number instead. */
  async function findExisting(): Promise<boolean> {
    const iin = form.iin
    if (pending.value !== null) return false
    tab.value = 'find'
    return lookup.find(iin)
  }

  function dismissError(): void {
    error.value = null
  }

  // The hub's facts about this desk's registration (a code that ran out, a submission delivered) and
  // about the bindings of the lookup list.
  watch(
    () => updates.latest,
    (update) => {
      if (!update) return
      const done = confirmed.value
      const ours = code.follow(update)
      if (!(ours && done?.binding.id === update.bindingId)) lookup.followDelivery(update)
    },
    { flush: 'sync' },
  )

  // Facts are not replayed after a reconnect: ask where the registration stands instead.
  watch(
    () => connection.trusted,
    (trusted, before) => {
      if (!trusted || before || !context.value) return
      if (!settings.value) void loadSettings()
      if (phase.value === 'code' || phase.value === 'confirmed') void code.refreshStatus(undefined, true)
    },
  )

  return {
    settings,
    context,
    tab,
    phase,
    closedReason: code.closedReason,
    form,
    changing,
    challenge,
    confirmed,
    lookupIin: lookup.lookupIin,
    lookup: lookup.lookup,
    pending,
    error,
    notice,
    iinCheck,
    phoneCheck,
    missing,
    canSend,
    loadSettings,
    attach,
    detach,
    reset,
    start,
    resend: code.resend,
    confirm: code.confirm,
    refreshStatus: code.refreshStatus,
    startAgain,
    newRegistration,
    chooseTab,
    find: lookup.find,
    beginChange,
    cancelChange,
    revoke,
    registerFromLookup,
    findExisting,
    dismissError,
  }
})
