/**
 * Command payloads: one zod schema per command, and who may send it.
 *
 * Every payload carries `requestId`, made by the client once per user action and reused on retry:
 * the hub answers a repeated id with the first answer and changes nothing.
 */
import { z } from 'zod'
import type { StaffRole } from '../config'
import { BOOKING_CHANNELS, PRINTER_STATES, REMOTE_CHANNELS, type CommandType } from '../domain/types'
import { MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH } from '../domain/supervisor-acts'

export const requestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, dashes or underscores')

const id = z.string().min(1).max(64)

const base = { requestId: requestIdSchema }

const stepIndex = z.number().int().min(0).max(99)

/** A supervisor's reason for an act: required (non-blank) where it changes a citizen's ticket. */
const reason = z.string().max(MAX_REASON_LENGTH, `must be at most ${MAX_REASON_LENGTH} characters`)

export const commandSchemas = {
  'ticket:issue': z
    .object({
      ...base,
      serviceId: id,
      categoryId: id.nullable().optional(),
      /** Start of a booked slot, epoch ms. */
      bookedFor: z.number().int().positive().nullable().optional(),
      /** Staff at their desk, for a walk-in who came straight to the window (the fact records the desk). */
      deskId: id.optional(),
      /** ...and call it to that desk at once. */
      call: z.boolean().optional(),
    })
    .strict(),
  'ticket:call-next': z.object({ ...base, deskId: id }).strict(),
  /** `reason`: required when a supervisor calls a ticket to someone else's window. */
  'ticket:call': z
    .object({ ...base, deskId: id, ticketId: id, reason: reason.nullable().optional() })
    .strict(),
  'ticket:recall': z.object({ ...base, ticketId: id }).strict(),
  'ticket:start': z.object({ ...base, ticketId: id }).strict(),
  /** `outcome`: how the visit ended, an id of the config's `outcomes`. */
  'ticket:finish': z.object({ ...base, ticketId: id, outcome: id.nullable().optional() }).strict(),
  'ticket:no-show': z.object({ ...base, ticketId: id }).strict(),
  /** Made by the hub itself (the tracker's rating route) as the citizen holding the ticket's link. */
  'ticket:rate': z
    .object({
      ...base,
      ticketId: id,
      score: z.number().int().min(1).max(5),
      reason: id.nullable().optional(),
    })
    .strict(),
  'ticket:transfer': z
    .object({
      ...base,
      ticketId: id,
      serviceId: id,
      note: z.string().max(500).nullable().optional(),
      reason: reason.nullable().optional(),
    })
    .strict(),
  'ticket:postpone': z
    .object({ ...base, ticketId: id, by: z.number().int().min(1).max(50).optional() })
    .strict(),
  'ticket:cancel': z.object({ ...base, ticketId: id, reason: reason.nullable().optional() }).strict(),
  /** A supervisor moves a waiting ticket to the front of its line and/or into a priority category. */
  'ticket:prioritise': z
    .object({
      ...base,
      ticketId: id,
      front: z.boolean().optional(),
      categoryId: id.nullable().optional(),
      reason,
    })
    .strict(),
  /** Takes back a no-show or a postpone within 10 seconds (`UNDO_WINDOW_MS`). */
  'ticket:undo': z.object({ ...base, ticketId: id }).strict(),
  /** `staffId`: a supervisor opens the desk for this staff member (or gives their open desk more services). */
  'desk:open': z
    .object({
      ...base,
      deskId: id,
      serviceIds: z.array(id).min(1).max(100).optional(),
      staffId: id.optional(),
      reason: reason.nullable().optional(),
    })
    .strict(),
  'desk:pause': z.object({ ...base, deskId: id, reason: reason.nullable().optional() }).strict(),
  /** A supervisor's short message to the consultant at an open desk. */
  'desk:message': z
    .object({
      ...base,
      deskId: id,
      text: z.string().min(1).max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`),
    })
    .strict(),
  'desk:message-read': z.object({ ...base, messageId: id }).strict(),
  /** A kiosk's shell reports its ticket printer. */
  'device:report': z.object({ ...base, printer: z.enum(PRINTER_STATES) }).strict(),
  'desk:resume': z.object({ ...base, deskId: id }).strict(),
  'desk:close': z.object({ ...base, deskId: id }).strict(),
  /** A supervisor closes someone's desk at once; a ticket in hand there goes back to its queue. */
  'desk:release': z.object({ ...base, deskId: id, reason: reason.nullable().optional() }).strict(),
  /** A kiosk starts a guided session of an online service. */
  'selfservice:start': z.object({ ...base, serviceId: id }).strict(),
  /** The portal reached a scenario step (0-based). */
  'selfservice:step': z.object({ ...base, sessionId: id, step: stepIndex }).strict(),
  'selfservice:finish': z
    .object({ ...base, sessionId: id, outcome: z.enum(['completed', 'abandoned', 'timed_out']) })
    .strict(),
  /** "Call a consultant" at a kiosk; from inside a session, with its current step. */
  'help:request': z
    .object({
      ...base,
      serviceId: id,
      sessionId: id.nullable().optional(),
      step: stepIndex.nullable().optional(),
    })
    .strict(),
  'help:cancel': z.object({ ...base, helpId: id }).strict(),
  'help:accept': z.object({ ...base, helpId: id }).strict(),
  'help:resolve': z.object({ ...base, helpId: id }).strict(),
  /** Made by the hub itself (the booking API, `/book`), after it put the IIN and phone in the vault. */
  'booking:make': z
    .object({
      ...base,
      serviceId: id,
      slotStart: z.number().int().positive(),
      personId: id,
      phoneId: id.nullable(),
      channel: z.enum(BOOKING_CHANNELS),
    })
    .strict(),
  'booking:cancel': z
    .object({ ...base, bookingId: id, reason: z.string().max(200).nullable().optional() })
    .strict(),
  'booking:reschedule': z
    .object({ ...base, bookingId: id, slotStart: z.number().int().positive(), serviceId: id.optional() })
    .strict(),
  /** The booking code as typed or scanned: letters and digits, dashes and spaces ignored. */
  'booking:check-in': z
    .object({
      ...base,
      code: z.string().regex(/^[A-Za-z0-9 -]{4,16}$/, 'must be a booking code such as K7M-42Q'),
    })
    .strict(),
  'booking:lapse': z.object({ ...base }).strict(),
  /** A kiosk takes the free slot of today it showed, for a booking-only service: booked and checked in. */
  'booking:walk-in': z.object({ ...base, serviceId: id, slotStart: z.number().int().positive() }).strict(),
  /** Made by the hub itself (`/join`, the API, the bot) once the phone is confirmed and in the vault. */
  'ticket:join': z
    .object({
      ...base,
      serviceId: id,
      phoneId: id,
      channel: z.enum(REMOTE_CHANNELS),
      travelMinutes: z.number().int().min(0).max(240).optional(),
    })
    .strict(),
  'ticket:remote-sweep': z.object({ ...base }).strict(),
} as const satisfies Record<CommandType, z.ZodType>

export type CommandPayload<T extends CommandType> = z.input<(typeof commandSchemas)[T]>

export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[]

export function isCommandType(name: string): name is CommandType {
  return Object.hasOwn(commandSchemas, name)
}

/** Who is on the other end of a socket. */
export type Role = StaffRole | 'kiosk' | 'display' | 'tracker'

const STAFF_AT_DESK: readonly Role[] = ['consultant', 'registrar', 'supervisor', 'admin']
/**
 * Consultants on the floor answer help requests and change bookings (and book on a citizen's behalf);
 * supervisors and admins may step in.
 */
export const FLOOR_STAFF: readonly Role[] = ['consultant', 'supervisor', 'admin']
/** Those who manage the floor: the supervisor's acts. */
export const MANAGERS: readonly Role[] = ['supervisor', 'admin']

/** Which roles may send each command. Anything not listed is refused with `forbidden`. */
export const COMMAND_ROLES: Record<CommandType, readonly Role[]> = {
  'ticket:issue': ['kiosk', ...STAFF_AT_DESK],
  'ticket:call-next': STAFF_AT_DESK,
  'ticket:call': STAFF_AT_DESK,
  'ticket:recall': STAFF_AT_DESK,
  'ticket:start': STAFF_AT_DESK,
  'ticket:finish': STAFF_AT_DESK,
  'ticket:no-show': STAFF_AT_DESK,
  // Only the holder of the ticket's tracker link, through the hub's HTTP route.
  'ticket:rate': [],
  'ticket:transfer': STAFF_AT_DESK,
  'ticket:postpone': STAFF_AT_DESK,
  'ticket:cancel': STAFF_AT_DESK,
  'ticket:prioritise': MANAGERS,
  'ticket:undo': STAFF_AT_DESK,
  'desk:open': STAFF_AT_DESK,
  'desk:pause': STAFF_AT_DESK,
  'desk:resume': STAFF_AT_DESK,
  'desk:close': STAFF_AT_DESK,
  'desk:release': MANAGERS,
  'desk:message': MANAGERS,
  'desk:message-read': STAFF_AT_DESK,
  'device:report': ['kiosk'],
  'selfservice:start': ['kiosk'],
  'selfservice:step': ['kiosk'],
  'selfservice:finish': ['kiosk'],
  'help:request': ['kiosk'],
  'help:cancel': ['kiosk'],
  'help:accept': FLOOR_STAFF,
  'help:resolve': FLOOR_STAFF,
  // Commands that carry vault ids are made by the hub itself, never sent over a socket.
  'booking:make': [],
  'booking:cancel': FLOOR_STAFF,
  'booking:reschedule': FLOOR_STAFF,
  'booking:check-in': ['kiosk', ...STAFF_AT_DESK],
  // The hub's own housekeeping.
  'booking:lapse': [],
  'booking:walk-in': ['kiosk'],
  // Carries a vault id: made by the hub (`/join`, the API, the bot), never sent over a socket.
  'ticket:join': [],
  'ticket:remote-sweep': [],
}

export function mayCommand(roles: readonly Role[], command: CommandType): boolean {
  const allowed = COMMAND_ROLES[command]
  return roles.some((role) => allowed.includes(role))
}

/** Largest command payload the hub reads, as JSON text. Socket.IO's own limit is higher. */
export const MAX_COMMAND_BYTES = 4096

export const syncSinceSchema = z.object({ seq: z.number().int().min(0) }).strict()
