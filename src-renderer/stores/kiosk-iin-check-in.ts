import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { KioskCodeSent } from '../../src-shared/protocol'
import { OTP_RULES } from '../../src-shared/registration/otp'
import { useCommandSender } from '../composables/use-command-sender'
import { sendKioskCheckIn, type ClientAckError, type KioskCheckInCommandAck } from '../hub/hub-client'
import { useKioskStore } from './kiosk'

/** The digits of an IIN. */
export const IIN_LENGTH = 12

type KioskError = ClientAckError['error']
type SentAck = KioskCheckInCommandAck<'kiosk-check-in:start'>

/**
 * The kiosk's check-in by IIN for one citizen: the IIN typed on the keypad, the code the hub sent to
 * the phone bound to it (shown masked), the code typed, and what the hub refused, in words on the same
 * screen. The IIN goes to the hub in `kiosk-check-in:start` and nowhere else, and is cleared as soon as
 * the kiosk leaves the flow (a ticket, back, the idle reset), so nothing of it stays for the next person. The confirm itself is the kiosk store's (`checkInByIin`), so the
 * ticket, the print and "try again" are a check-in's as by booking code.
 */
export const useKioskIinCheckInStore = defineStore('kiosk-iin-check-in', () => {
  const phase = ref<'iin' | 'code'>('iin')
  const iin = ref('')
  const code = ref('')
  const challenge = ref<KioskCodeSent | null>(null)
  /** Why the hub refused the last step; the screen says it (and what to do) in words. */
  const refusal = ref<KioskError | null>(null)
  const sender = useCommandSender<'start' | 'resend', SentAck>()

  /** "I have no code": an empty keypad. */
  function open(): void {
    clear()
    useKioskStore().openIinCheckIn()
  }

  /** A digit key: into the IIN or the code, whichever is on screen; a full one takes no more. */
  function typeDigit(digit: string): void {
    if (!/^\d$/.test(digit)) return
    if (phase.value === 'iin' && iin.value.length < IIN_LENGTH) iin.value += digit
    if (phase.value === 'code' && code.value.length < OTP_RULES.digits) code.value += digit
  }

  function erase(): void {
    if (phase.value === 'iin') iin.value = iin.value.slice(0, -1)
    else code.value = code.value.slice(0, -1)
  }

  /** The whole IIN typed: the hub looks for a bound phone and a booking of today, and sends a code. */
  async function sendCode(): Promise<void> {
    if (iin.value.length !== IIN_LENGTH || sender.pending.value) return
    refusal.value = null
    const typed = iin.value
    const ack = await sender.send('start', (requestId) =>
      sendKioskCheckIn('kiosk-check-in:start', { iin: typed }, { requestId }),
    )
    if (!ack) return
    sender.forget()
    if (!ack.ok) {
      refusal.value = ack.error
      return
    }
    const { ok: _ok, ...sent } = ack
    challenge.value = sent
    code.value = ''
    phase.value = 'code'
  }

  /** "Send the code again", once the hub allows it (a minute after the last). */
  async function resend(): Promise<void> {
    const current = challenge.value
    if (!current || sender.pending.value) return
    refusal.value = null
    const ack = await sender.send('resend', (requestId) =>
      sendKioskCheckIn('kiosk-check-in:resend', { challengeId: current.challengeId }, { requestId }),
    )
    if (!ack) return
    sender.forget()
    if (!ack.ok) return refused(ack.error)
    const { ok: _ok, ...sent } = ack
    challenge.value = sent
    code.value = ''
  }

  /** The whole code typed: the booking is checked in (a ticket), or the screen says why not. */
  async function checkIn(): Promise<void> {
    const current = challenge.value
    if (!current || code.value.length !== OTP_RULES.digits) return
    refusal.value = null
    const error = await useKioskStore().checkInByIin(current.challengeId, code.value)
    if (error) refused(error)
  }

  /** A wrong code leaves the challenge open with one attempt less; any other refusal ends it. */
  function refused(error: KioskError): void {
    refusal.value = error
    code.value = ''
    const current = challenge.value
    if (error.code === 'otp_wrong' && current) {
      challenge.value = { ...current, attemptsLeft: Math.max(0, current.attemptsLeft - 1) }
    } else if (error.code !== 'otp_resend_too_soon' && error.code !== 'offline') {
      challenge.value = null
      phase.value = 'iin'
    }
  }

  /** "Start again": the IIN keypad, empty. */
  function startAgain(): void {
    clear()
  }

  /** Nothing of this citizen left: the IIN, the code, the challenge. */
  function clear(): void {
    sender.forget()
    phase.value = 'iin'
    iin.value = ''
    code.value = ''
    challenge.value = null
    refusal.value = null
  }

  // "Checking…" between the code and the answer is still the flow; anything else ends it.
  watch(
    () => useKioskStore().step,
    (step) => {
      if (step !== 'iin-check-in' && step !== 'issuing') clear()
    },
  )

  return {
    phase,
    iin,
    code,
    challenge,
    refusal,
    sending: sender.pending,
    open,
    typeDigit,
    erase,
    sendCode,
    resend,
    checkIn,
    startAgain,
    clear,
  }
})
