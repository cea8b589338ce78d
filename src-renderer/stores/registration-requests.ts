import { ref } from 'vue'
import type { RegistrationCommandType } from '../../src-shared/protocol'
import { useCommandSender } from '../composables/use-command-sender'
import {
  sendRegistration,
  type ClientErrorCode,
  type RegistrationCommandAck,
  type RegistrationFields,
} from '../hub/hub-client'

/** What the registrar sends from the registration panel. */
export type RegistrationAction = 'settings' | 'start' | 'resend' | 'confirm' | 'status' | 'find' | 'revoke'

/** A refusal (or no answer), kept with its code for the panel to translate. */
export interface RegistrationError {
  action: RegistrationAction
  code: ClientErrorCode
  /** For `otp_wrong`: the attempts left after it. */
  attemptsLeft?: number
}

/** `resumed`: the desk screen picked up a registration the hub had waiting for its code. */
export type RegistrationNotice = 'resent' | 'revoked' | 'resumed'

/** The ok ack of a registration command. */
export type RegistrationOk<T extends RegistrationCommandType> = Extract<
  RegistrationCommandAck<T>,
  { ok: true }
>

/**
 * The registration panel's requests, one at a time for the whole panel (every button rests while one
 * waits), with the refusal or notice of the last one. Shared by the new-registration flow and the
 * binding lookup, which is why both live under one store.
 */
export function useRegistrationRequests() {
  const sender = useCommandSender<RegistrationAction>()
  const error = ref<RegistrationError | null>(null)
  const notice = ref<RegistrationNotice | null>(null)

  function clearFeedback(): void {
    error.value = null
    notice.value = null
  }

  /**
   * Sends one request; keeps a refusal by its code and returns the ok ack, or null. `quiet`: a request
   * the registrar did not ask for (the settings) keeps the feedback on screen and says nothing offline.
   */
  async function run<T extends RegistrationCommandType>(
    action: RegistrationAction,
    type: T,
    fields: RegistrationFields<T>,
    quiet = false,
  ): Promise<RegistrationOk<T> | null> {
    if (sender.pending.value !== null) return null
    if (!quiet) clearFeedback()
    const ack = await sender.send(action, (requestId) => sendRegistration(type, fields, { requestId }))
    if (!ack) return null
    if (!ack.ok) {
      const code = (ack as unknown as { error: { code: ClientErrorCode } }).error.code
      if (!quiet || code !== 'offline') error.value = { action, code }
      return null
    }
    return ack as RegistrationOk<T>
  }

  return { pending: sender.pending, error, notice, clearFeedback, run }
}

export type RegistrationRequests = ReturnType<typeof useRegistrationRequests>
