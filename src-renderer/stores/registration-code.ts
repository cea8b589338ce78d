import { ref, shallowRef, type Ref } from 'vue'
import type {
  BindingView,
  RegistrationKind,
  RegistrationStarted,
  RegistrationUpdate,
  RegistrationView,
} from '../../src-shared/protocol'
import { sendRegistration } from '../hub/hub-client'
import { masked } from './registration-lookup'
import type { RegistrationRequests } from './registration-requests'

/** `entry`: IIN, phone, document, consent; `code`: a code is out; `closed`: it cannot go on; `confirmed`. */
export type RegistrationPhase = 'entry' | 'code' | 'closed' | 'confirmed'

/** Why a code step ended without a binding. */
export type ClosedReason = 'expired' | 'attempts' | 'finished'

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
export interface ResumeRecord {
  registrationId: string
  deskId: string
  ticketId: string | null
}

const RESUME_KEY = 'kezek.registration'

export function readResume(): ResumeRecord | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(RESUME_KEY) ?? 'null') as Partial<ResumeRecord> | null
    if (!value || typeof value.registrationId !== 'string' || typeof value.deskId !== 'string') return null
    return { registrationId: value.registrationId, deskId: value.deskId, ticketId: value.ticketId ?? null }
  } catch {
    return null
  }
}

export function writeResume(value: ResumeRecord | null): void {
  try {
    if (value) sessionStorage.setItem(RESUME_KEY, JSON.stringify(value))
    else sessionStorage.removeItem(RESUME_KEY)
  } catch {
    // No storage: a reload starts the registration screen afresh (the hub's code expires by itself).
  }
}

export interface CodeStepHooks {
  /** The flow ended with a binding: the store drops the full IIN and phone, the lookup follows. */
  confirmed(registration: RegistrationView, binding: BindingView): void
  /** The hub's newer view of the confirmed binding, for the lookup list. */
  bindingSeen(binding: BindingView): void
}

/**
 * The new-registration flow from the first code on: the code step, resends, the confirmation, the
 * confirmed binding, and where the registration stands at the hub (after a reload or a reconnect).
 */
export function useRegistrationCode(
  context: Ref<{ deskId: string; ticketId: string | null } | null>,
  requests: RegistrationRequests,
  hooks: CodeStepHooks,
) {
  const { error, notice, run } = requests
  const phase = ref<RegistrationPhase>('entry')
  const closedReason = ref<ClosedReason | null>(null)
  const challenge = ref<Challenge | null>(null)
  const confirmed = shallowRef<{ registration: RegistrationView; binding: BindingView } | null>(null)

  /** Back to the entry form with nothing of a code step. */
  function clear(): void {
    challenge.value = null
    confirmed.value = null
    phase.value = 'entry'
    closedReason.value = null
  }

  function adoptStarted(
    started: RegistrationStarted,
    kind: RegistrationKind,
    replacesBindingId: string | null,
  ): void {
    challenge.value = {
      id: started.registrationId,
      kind,
      iinMasked: started.iinMasked,
      phoneMasked: started.phoneMasked,
      expiresAt: started.expiresAt,
      resendAt: started.resendAt,
      attemptsLeft: started.attemptsLeft,
      warnings: started.warnings,
      replacesBindingId,
    }
    phase.value = 'code'
    closedReason.value = null
    if (context.value) writeResume({ registrationId: started.registrationId, ...context.value })
  }

  function closeWith(reason: ClosedReason): void {
    phase.value = 'closed'
    closedReason.value = reason
    // The hub has ended it: nothing to pick up after a reload.
    writeResume(null)
  }

  /** The refusals that end the code step for good. */
  function settleRefusal(): void {
    const code = error.value?.code
    if (code === 'otp_expired') closeWith('expired')
    else if (code === 'otp_attempts_exceeded') closeWith('attempts')
    else if (code === 'registration_finished' || code === 'unknown_registration') closeWith('finished')
  }

  async function resend(): Promise<boolean> {
    const current = challenge.value
    if (!current || phase.value !== 'code') return false
    const ack = await run('resend', 'registration:resend', { registrationId: current.id })
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

  async function confirm(code: string): Promise<boolean> {
    const current = challenge.value
    if (!current || phase.value !== 'code' || !/^\d{6}$/.test(code)) return false
    const ack = await run('confirm', 'registration:confirm', { registrationId: current.id, code })
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
    hooks.confirmed(registration, binding)
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
        hooks.bindingSeen(binding)
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

  /** A revocation of the confirmed binding: show the hub's view of it. */
  function bindingRevoked(binding: BindingView): void {
    if (confirmed.value?.binding.id === binding.id) confirmed.value = { ...confirmed.value, binding }
  }

  /**
   * A `registration:updated` fact. Returns whether it is about this panel's registration; a code that
   * ran out closes the step, anything else but a (re)sent code is asked about afresh.
   */
  function follow(update: RegistrationUpdate): boolean {
    const current = challenge.value
    const done = confirmed.value
    const ours =
      (current && update.registrationId === current.id) ||
      (done && (update.registrationId === done.registration.id || update.bindingId === done.binding.id))
    if (!ours) return false
    if (update.change === 'expired' && phase.value === 'code') closeWith('expired')
    else if (update.change !== 'started' && update.change !== 'resent') void refreshStatus(undefined, true)
    return true
  }

  return {
    phase,
    closedReason,
    challenge,
    confirmed,
    clear,
    adoptStarted,
    resend,
    confirm,
    refreshStatus,
    bindingRevoked,
    follow,
  }
}
