/**
 * The kiosk's check-in by IIN and a one-time code: a third family of socket commands beside the queue's
 * and the registration desk's, for kiosks only. The IIN travels in `kiosk-check-in:start` from the kiosk
 * to the hub and nowhere else: no fact, log line or broadcast carries it, and the answers carry only the
 * masked phone number. The code, right, checks the booking in (`booking:check-in` in the centre's log),
 * answered with the ticket as a check-in by booking code is.
 */
import { z } from 'zod'
import type { Ack, AckError, CommandResults } from './messages'
import { requestIdSchema, type Role } from './commands'

const base = { requestId: requestIdSchema }
const challengeId = z.string().min(8).max(64)

export const kioskCheckInSchemas = {
  /**
   * The IIN typed at the kiosk: when it has a phone bound in the mobile-citizen database and a booking
   * of today still to check in, a code goes to that phone. Checked by the hub (a bad one is `iin_invalid`).
   */
  'kiosk-check-in:start': z.object({ ...base, iin: z.string().min(1).max(32) }).strict(),
  /** A new code for the open challenge, at most once a minute. */
  'kiosk-check-in:resend': z.object({ ...base, challengeId }).strict(),
  /** The code from the SMS: right, the booking is checked in and its ticket issued. */
  'kiosk-check-in:confirm': z
    .object({
      ...base,
      challengeId,
      code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
    })
    .strict(),
} as const

export type KioskCheckInCommandType = keyof typeof kioskCheckInSchemas

export const KIOSK_CHECK_IN_COMMAND_TYPES = Object.keys(kioskCheckInSchemas) as KioskCheckInCommandType[]
export type KioskCheckInPayload<T extends KioskCheckInCommandType> = z.input<(typeof kioskCheckInSchemas)[T]>

export const KIOSK_CHECK_IN_ROLES: readonly Role[] = ['kiosk']

/** Only a kiosk: nobody else may learn, by IIN, whether someone has a booking today. */
export function mayKioskCheckIn(roles: readonly Role[], _command: KioskCheckInCommandType): boolean {
  return roles.some((role) => KIOSK_CHECK_IN_ROLES.includes(role))
}

/** A code is on its way: where (masked) and its times. Nothing about the booking before the code. */
export interface KioskCodeSent {
  challengeId: string
  /** `+7 (701) ***-**-78` */
  phoneMasked: string
  /** When the code stops working, epoch ms (the hub's clock). */
  expiresAt: number
  /** The earliest time a new code may be sent. */
  resendAt: number
  attemptsLeft: number
}

export interface KioskCheckInResults {
  'kiosk-check-in:start': KioskCodeSent
  'kiosk-check-in:resend': KioskCodeSent
  /** As `booking:check-in` answers: the ticket, with its `seq` (the check-in is a fact of the log). */
  'kiosk-check-in:confirm': CommandResults['booking:check-in']
}

/**
 * The answers: a sent code has no `seq` (nothing entered the log), a confirmed one the check-in's. A
 * refusal of `confirm` after a wrong code says the attempts left in its message; `otp_wrong` leaves the
 * challenge open, the other refusals end it (`challenge_unknown`: start again).
 */
export type KioskCheckInAck<T extends KioskCheckInCommandType> = T extends 'kiosk-check-in:confirm'
  ? Ack<KioskCheckInResults[T]>
  : ({ ok: true } & KioskCheckInResults[T]) | AckError

export type ClientToHubKioskCheckInEvents = {
  [T in KioskCheckInCommandType]: (
    payload: KioskCheckInPayload<T>,
    ack: (result: KioskCheckInAck<T>) => void,
  ) => void
}
