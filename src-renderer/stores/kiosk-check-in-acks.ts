/**
 * What the kiosk's check-ins are answered with, and which refusals a kiosk screen says in its own words
 * (the kiosk store settles on them): pure helpers beside `stores/kiosk.ts`.
 */
import type { IssuedTicket } from '../../src-shared/protocol'
import { sendCommand, type CommandAck } from '../hub/hub-client'

type IssueAck = CommandAck<'ticket:issue'>

/** Refusals of a code typed for a check-in by IIN: the IIN screen says them (`kiosk-iin-check-in.ts`). */
export const IIN_CODE_REFUSALS: ReadonlySet<string> = new Set([
  'otp_wrong',
  'otp_expired',
  'otp_attempts_exceeded',
  'challenge_unknown',
  'no_booking_today',
])

/** Refusals of a walk-in booking that mean "that time is gone": the next free time is shown. */
export const WALK_IN_REFUSALS: ReadonlySet<string> = new Set(['slot_full', 'unknown_slot'])

/** Refusals of a check-in that the citizen gets in words over the screen they checked in from. */
export const BOOKING_REFUSALS: ReadonlySet<string> = new Set([
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
export async function sendCheckIn(code: string, requestId: string): Promise<IssueAck> {
  const ack = await sendCommand('booking:check-in', { code }, { requestId })
  if (!ack.ok) return ack
  const ticket: unknown = (ack as { ticket?: unknown }).ticket
  if (isIssuedTicket(ticket)) return { ...ack, ticket }
  return { ok: false, error: { code: 'internal', message: 'the check-in was acknowledged without a ticket' } }
}
