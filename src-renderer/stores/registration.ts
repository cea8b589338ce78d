import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import type {
  BindingView,
  RegistrationKind,
  RegistrationSettings,
  RegistrationStarted,
  RegistrationView,
} from '../../src-shared/protocol'
import { iinFeedback, phoneFeedback } from '../registration/registration-fields'
import { sendRegistration, type ClientErrorCode, type RegistrationCommandAck } from '../hub/hub-client'
import { useConnectionStore } from './connection'
import { useRegistrationUpdatesStore } from './registration-updates'

/** What the registrar sends from the registration panel. */
export type RegistrationAction = 'settings' | 'start' | 'resend' | 'confirm' | 'status' | 'find' | 'revoke'

/** `entry`: IIN, phone, document, consent; `code`: a code is out; `closed`: it cannot go on; `confirmed`. */
export type RegistrationPhase = 'entry' | 'code' | 'closed' | 'confirmed'

/** Why a code step ended without a binding. */
export type ClosedReason = 'expired' | 'attempts' | 'finished'

/** A refusal (or no answer), kept with its code for the panel to translate. */
export interface RegistrationError {
  action: RegistrationAction
  code: ClientErrorCode
  /** For `otp_wrong`: the attempts left after it. */
  attemptsLeft?: number
}

export type RegistrationNotice = 'resent' | 'revoked'

/** The code step as the hub described it: masked values only. */
export interface Challenge {
  id: string
  kind: RegistrationKind
  iinMasked: string
  phoneMasked: string
  expiresAt: number
  resendAt: number
  attemptsLeft: number
  warnings: RegistrationStarted['warnings']
  /** For a phone change: the binding being replaced. */
  replacesBindingId: string | null
}

/** What survives a page reload: ids only, never an IIN or a phone. */
interface ResumeRecord {
  registrationId: string
  deskId: string
  ticketId: string | null
}

const RESUME_KEY = 'kezek.registration'

function readResume(): ResumeRecord | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(RESUME_KEY) ?? 'null') as Partial<ResumeRecord> | null
    if (!value || typeof value.registrationId !== 'string' || typeof value.deskId !== 'string') return null
    return { registrationId: value.registrationId, deskId: value.deskId, ticketId: value.ticketId ?? null }
  } catch {
    return null
  }
}

function writeResume(value: ResumeRecord | null): void {
  try {
    if (value) sessionStorage.setItem(RESUME_KEY, JSON.stringify(value))
    else sessionStorage.removeItem(RESUME_KEY)
  } catch {
    // No storage: a reload starts the registration screen afresh (the hub's code expires by itself).
  }
}

/** A binding as the panel keeps it: the full IIN and phone of a confirm ack are dropped at once. */
function masked(binding: BindingView): BindingView {
  const { iin: _iin, phone: _phone, ...rest } = binding
  return rest
}

/**
 * The mobile-citizen registration desk of the registrar (or a supervisor or admin stepping in): the
 * entry form, the one-time code, the confirmed binding, and the lookup of bindings by IIN with phone
 * changes and revocations. Everything shown comes from the hub's acks and status; the full IIN and
 * phone exist only in the form while the registrar types them, and are dropped when the flow ends,
 * the ticket changes or the panel closes.
 */
export const useRegistrationStore = defineStore('registration', () => {
  const connection = useConnectionStore()
  const updates = useRegistrationUpdatesStore()

  const settings = ref<RegistrationSettings | null>(null)
  /** The desk and ticket the panel works for. */
  const context = ref<{ deskId: string; ticketId: string | null } | null>(null)
  const tab = ref<'register' | 'find'>('register')
  const phase = ref<RegistrationPhase>('entry')
  const closedReason = ref<ClosedReason | null>(null)

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
  const challenge = ref<Challenge | null>(null)
  const confirmed = shallowRef<{ registration: RegistrationView; binding: BindingView } | null>(null)

  /** The lookup by IIN: what was asked (full, this screen only) and what the hub found (masked). */
  const lookupIin = ref('')
  const lookup = shallowRef<BindingView[] | null>(null)

  const pending = ref<RegistrationAction | null>(null)
  const error = ref<RegistrationError | null>(null)
  const notice = ref<RegistrationNotice | null>(null)

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

  function clearFeedback(): void {
    error.value = null
    notice.value = null
  }

  /** Runs one request at a time; keeps a refusal by its code and returns the ok ack, or null. */
  async function run<A extends { ok: boolean }>(
    action: RegistrationAction,
    send: () => Promise<A>,
    quiet = false,
  ): Promise<Extract<A, { ok: true }> | null> {
    if (pending.value !== null) return null
    pending.value = action
    if (!quiet) clearFeedback()
    try {
      const ack = await send()
      if (!ack.ok) {
        const code = (ack as unknown as { error: { code: ClientErrorCode } }).error.code
        if (!quiet || code !== 'offline') error.value = { action, code }
        return null
      }
      return ack as Extract<A, { ok: true }>
    } finally {
      pending.value = null
    }
  }

  async function loadSettings(): Promise<void> {
    if (settings.value) return
    const ack = await run('settings', () => sendRegistration('registration:settings', {}), true)
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
    challenge.value = null
    confirmed.value = null
    lookupIin.value = ''
    lookup.value = null
    phase.value = 'entry'
    closedReason.value = null
    tab.value = 'register'
    clearFeedback()
    writeResume(null)
  }

  /**
   * The panel serves this desk and ticket. Another ticket starts afresh; the same one after a reload
   * picks up the registration it had started (from the hub's status: masked values only).
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
      await refreshStatus(saved.registrationId)
    }
  }

  /** The panel closes (the ticket left the desk, sign-out): everything about the citizen goes. */
  function detach(): void {
    reset()
    context.value = null
  }

  function adoptStarted(started: RegistrationStarted, kind: RegistrationKind): void {
    challenge.value = {
      id: started.registrationId,
      kind,
      iinMasked: started.iinMasked,
      phoneMasked: started.phoneMasked,
      expiresAt: started.expiresAt,
      resendAt: started.resendAt,
      attemptsLeft: started.attemptsLeft,
      warnings: started.warnings,
      replacesBindingId: changing.value?.id ?? null,
    }
    phase.value = 'code'
    closedReason.value = null
    if (context.value) writeResume({ registrationId: started.registrationId, ...context.value })
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
      ? await run('start', () =>
          sendRegistration('registration:change-phone', { ...common, bindingId: binding.id }),
        )
      : await run('start', () => sendRegistration('registration:start', { ...common, iin: form.iin }))
    if (!ack) {
      // The consent text changed at the hub: show the new one, to be read and accepted again.
      if (error.value?.code === 'consent_required' && form.consentAccepted) {
        settings.value = null
        form.consentAccepted = false
        void loadSettings()
      }
      return false
    }
    adoptStarted(ack, binding ? 'change-phone' : 'register')
    return true
  }

  function closeWith(reason: ClosedReason): void {
    phase.value = 'closed'
    closedReason.value = reason
    // The hub has ended it: nothing to pick up after a reload.
    writeResume(null)
  }

  async function resend(): Promise<boolean> {
    const current = challenge.value
    if (!current || phase.value !== 'code') return false
    const ack = await run('resend', () =>
      sendRegistration('registration:resend', { registrationId: current.id }),
    )
    if (!ack) {
      settleRefusal()
      return false
    }
    challenge.value = {
      ...current,
      expiresAt: ack.expiresAt,
      resendAt: ack.resendAt,
      attemptsLeft: ack.attemptsLeft,
    }
    notice.value = 'resent'
    return true
  }

  /** The refusals that end the code step for good. */
  function settleRefusal(): void {
    const code = error.value?.code
    if (code === 'otp_expired') closeWith('expired')
    else if (code === 'otp_attempts_exceeded') closeWith('attempts')
    else if (code === 'registration_finished' || code === 'unknown_registration') closeWith('finished')
  }

  async function confirm(code: string): Promise<boolean> {
    const current = challenge.value
    if (!current || phase.value !== 'code' || !/^\d{6}$/.test(code)) return false
    const ack = await run('confirm', () =>
      sendRegistration('registration:confirm', { registrationId: current.id, code }),
    )
    if (!ack) {
      if (error.value?.code === 'otp_wrong') {
        const left = Math.max(0, current.attemptsLeft - 1)
        challenge.value = { ...current, attemptsLeft: left }
        error.value = { ...error.value, attemptsLeft: left }
      }
      settleRefusal()
      return false
    }
    adoptConfirmed(ack.registration, ack.binding)
    // The submission to the mobile-citizen database may be done already, or under way.
    if (ack.binding.delivery?.status !== 'delivered') void refreshStatus(current.id, true)
    return true
  }

  function adoptConfirmed(registration: RegistrationView, binding: BindingView): void {
    confirmed.value = { registration, binding: masked(binding) }
    phase.value = 'confirmed'
    closedReason.value = null
    // The flow has ended: the citizen's full IIN and phone leave this screen.
    clearForm()
    changing.value = null
    if (lookup.value && registration.replacesBindingId) {
      const replaced = registration.replacesBindingId
      lookup.value = [
        masked(binding),
        ...lookup.value.map((b) =>
          b.id === replaced ? { ...b, status: 'replaced' as const, replacedBy: binding.id } : b,
        ),
      ]
    }
  }

  /** Asks the hub where a registration stands (after a reload, a reconnect, or a fact about it). */
  async function refreshStatus(
    registrationId = challenge.value?.id ?? confirmed.value?.registration.id,
    quiet = false,
  ): Promise<void> {
    if (!registrationId) return
    const ack = await sendRegistration('registration:status', { registrationId })
    if (!ack.ok) {
      if (ack.error.code === 'unknown_registration') {
        writeResume(null)
        if (challenge.value?.id === registrationId) closeWith('finished')
      } else if (!quiet) {
        error.value = { action: 'status', code: ack.error.code }
      }
      return
    }
    const { registration, binding } = ack
    // The panel moved on meanwhile (another ticket, a new registration): this answer is old.
    if (context.value?.deskId !== registration.deskId) return
    if (registration.status === 'confirmed' && binding) {
      if (phase.value === 'confirmed' && confirmed.value?.registration.id === registration.id) {
        confirmed.value = { registration, binding: masked(binding) }
        syncLookup(binding)
      } else if (phase.value !== 'confirmed') {
        adoptConfirmed(registration, binding)
      }
      return
    }
    if (phase.value === 'confirmed') return
    challenge.value = {
      id: registration.id,
      kind: registration.kind,
      iinMasked: registration.iinMasked,
      phoneMasked: registration.phoneMasked,
      expiresAt: registration.expiresAt,
      resendAt: registration.resendAt,
      attemptsLeft: registration.attemptsLeft,
      warnings: challenge.value?.id === registration.id ? challenge.value.warnings : [],
      replacesBindingId: registration.replacesBindingId,
    }
    if (registration.status === 'pending') phase.value = 'code'
    else
      closeWith(
        registration.status === 'expired'
          ? 'expired'
          : registration.status === 'failed'
            ? 'attempts'
            : 'finished',
      )
  }

  /** After an expired or failed code: the same citizen, the form as it was, a new code to send. */
  function startAgain(): void {
    challenge.value = null
    phase.value = 'entry'
    closedReason.value = null
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

  /** Finds the bindings of an IIN (masked). Audited by the hub as a view. */
  async function find(iin: string): Promise<boolean> {
    const where = context.value
    if (!where || iinFeedback(iin, true).state !== 'valid') return false
    const ack = await run('find', () => sendRegistration('binding:find', { deskId: where.deskId, iin }))
    if (!ack) return false
    lookupIin.value = iin
    lookup.value = ack.bindings
    return true
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
    const where = context.value
    const text = reason.trim()
    if (!where || text === '') return false
    const ack = await run('revoke', () =>
      sendRegistration('registration:revoke', { deskId: where.deskId, bindingId: binding.id, reason: text }),
    )
    if (!ack) return false
    lookup.value = (lookup.value ?? []).map((b) => (b.id === binding.id ? ack.binding : b))
    if (confirmed.value?.binding.id === binding.id)
      confirmed.value = { ...confirmed.value, binding: ack.binding }
    notice.value = 'revoked'
    return true
  }

  /** Registers the IIN of the lookup (nothing active was found). */
  function registerFromLookup(): void {
    if (pending.value !== null) return
    const iin = lookupIin.value
    reset()
    form.iin = iin
  }

  /** `binding_exists` at the start: look the IIN's binding up, to change its number instead. */
  async function findExisting(): Promise<boolean> {
    const iin = form.iin
    if (pending.value !== null) return false
    tab.value = 'find'
    return find(iin)
  }

  function dismissError(): void {
    error.value = null
  }

  /** Puts the hub's latest view of a binding into the lookup list, if it is there. */
  function syncLookup(binding: BindingView): void {
    if (lookup.value?.some((b) => b.id === binding.id)) {
      lookup.value = lookup.value.map((b) => (b.id === binding.id ? masked(binding) : b))
    }
  }

  // The hub's facts about this desk's registration: a code that ran out, a submission delivered.
  watch(
    () => updates.latest,
    (update) => {
      if (!update) return
      const current = challenge.value
      const done = confirmed.value
      const ours =
        (current && update.registrationId === current.id) ||
        (done && (update.registrationId === done.registration.id || update.bindingId === done.binding.id))
      if (ours) {
        if (update.change === 'expired' && phase.value === 'code') closeWith('expired')
        else if (update.change !== 'started' && update.change !== 'resent')
          void refreshStatus(undefined, true)
      }
      // A binding of the lookup list was delivered or is being retried (its revocation, say).
      const delivery = update.change === 'delivered' || update.change === 'delivery-retrying'
      if (lookup.value && update.bindingId && delivery && !(ours && done?.binding.id === update.bindingId)) {
        lookup.value = lookup.value.map((b) =>
          b.id === update.bindingId
            ? {
                ...b,
                delivery: {
                  status: update.change === 'delivered' ? 'delivered' : 'retrying',
                  attempts: b.delivery?.attempts ?? 0,
                  lastError: b.delivery?.lastError ?? null,
                  nextAttemptAt: null,
                  deliveredAt: update.change === 'delivered' ? update.at : null,
                },
              }
            : b,
        )
      }
    },
    { flush: 'sync' },
  )

  // Facts are not replayed after a reconnect: ask where the registration stands instead.
  watch(
    () => connection.trusted,
    (trusted, before) => {
      if (!trusted || before || !context.value) return
      if (!settings.value) void loadSettings()
      if (phase.value === 'code' || phase.value === 'confirmed') void refreshStatus(undefined, true)
    },
  )

  return {
    settings,
    context,
    tab,
    phase,
    closedReason,
    form,
    changing,
    challenge,
    confirmed,
    lookupIin,
    lookup,
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
    resend,
    confirm,
    refreshStatus,
    startAgain,
    newRegistration,
    chooseTab,
    find,
    beginChange,
    cancelChange,
    revoke,
    registerFromLookup,
    findExisting,
    dismissError,
  }
})
