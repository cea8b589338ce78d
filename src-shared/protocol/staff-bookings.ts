/**
 * Staff booking a slot on a citizen's behalf: a 1414 operator with the citizen on the phone, or a
 * consultant with the citizen at the window. The one command a face sends with an IIN and a phone in
 * it: the hub checks them with the `src-shared/kz` rules, puts them in the vault, and sends
 * `booking:make` with their entry ids as this staff member, as the booking API does for integrations.
 * So no fact, log line or broadcast carries them; only the staff member's own request does.
 */
import { z } from 'zod'
import type { BookingChannel } from '../domain/types'
import { FLOOR_STAFF, requestIdSchema, type Role } from './commands'
import type { Ack, BookingMade } from './messages'

/** How the citizen asked: on the phone line (`1414`) or at the centre (`staff`). */
export const STAFF_BOOKING_CHANNELS = ['1414', 'staff'] as const satisfies readonly BookingChannel[]
export type StaffBookingChannel = (typeof STAFF_BOOKING_CHANNELS)[number]

const id = z.string().min(1).max(64)
/** As typed; the hub checks and normalises it (so a bad one is `iin_invalid`, not `invalid_payload`). */
const typed = z.string().min(1).max(32)

export const staffBookingSchemas = {
  /** Book `slotStart` of `serviceId` for the citizen with this IIN and phone. */
  'booking:make-for': z
    .object({
      requestId: requestIdSchema,
      serviceId: id,
      slotStart: z.number().int().positive(),
      iin: typed,
      phone: typed,
      channel: z.enum(STAFF_BOOKING_CHANNELS),
    })
    .strict(),
} as const

export type StaffBookingCommandType = keyof typeof staffBookingSchemas
export type StaffBookingPayload<T extends StaffBookingCommandType> = z.input<(typeof staffBookingSchemas)[T]>

/**
 * Who may book on a citizen's behalf: whoever may cancel and reschedule a booking (consultants on the
 * floor, supervisors, admins). Registrars bind phones; kiosks and displays never send personal data.
 */
export const STAFF_BOOKING_ROLES: readonly Role[] = FLOOR_STAFF

export function mayBookFor(roles: readonly Role[], _command: StaffBookingCommandType): boolean {
  return roles.some((role) => STAFF_BOOKING_ROLES.includes(role))
}

/** The booking made, as the booking API's maker is told (`command-acks.ts`): no personal data. */
export type StaffBookingAck = Ack<{ booking: BookingMade }>

export type ClientToHubStaffBookingEvents = {
  [T in StaffBookingCommandType]: (
    payload: StaffBookingPayload<T>,
    ack: (result: StaffBookingAck) => void,
  ) => void
}
