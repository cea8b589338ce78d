/**
 * Bookings through the API, for egov.kz, eGov Mobile, the Telegram bot and 1414's software:
 *
 * - `POST /bookings` (scope `bookings:write`): book a slot for a citizen (IIN and phone);
 * - `GET /bookings/{code}` (`bookings:read`): a booking this integration made, as it stands;
 * - `POST /bookings/{code}/cancel` and `/reschedule` (`bookings:write`);
 * - `POST /bookings/{code}/check-in` (`bookings:check-in`): the booking becomes a ticket, remotely.
 *
 * The IIN and the phone go into the vault first (`RouteContext.entries`); the engine gets their entry
 * ids, so the centre's log keeps no personal data, and one IIN always gives the same id (the per-person
 * limits count by it, and a retry is the same command). An integration sees and changes only the
 * bookings it made: another's code is answered as unknown.
 */
import { z } from 'zod'
import { checkIin } from '../../../../src-shared/kz/iin'
import { normalizePhone } from '../../../../src-shared/kz/phone'
import { bookingIndexOf, localTime, type Booking, type CentreState } from '../../../../src-shared/domain'
import type { CentreConfig, IntegrationConfig } from '../../../../src-shared/config'
import { commandRoute, readRoute, RouteRefusal, type RouteContext } from './route'
import { integrationPrincipal } from './writes'

/** The channels an integration books through (the hub's own `/book` page and staff are not integrations). */
const CHANNELS = ['egov', 'egov-mobile', 'telegram', '1414'] as const

export const iin = z
  .string()
  .superRefine((text, ctx) => {
    const checked = checkIin(text)
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.message })
  })
  .transform((text) => text.replace(/[\s-]/g, ''))
  .meta({ description: "The citizen's IIN, 12 digits.", example: '871008401427' })

export const phone = z
  .string()
  .transform((text, ctx) => {
    const checked = normalizePhone(text)
    if (checked.ok) return checked.e164
    ctx.addIssue({ code: 'custom', message: checked.message })
    return z.NEVER
  })
  .meta({ description: 'A Kazakh mobile number; codes and reminders go there.', example: '+77012345678' })

export const instant = z.iso.datetime({ offset: true }).meta({
  description: 'A slot start as ISO 8601 (any offset), as `GET /services/{serviceId}/slots` gives it.',
  example: '2026-12-07T04:00:00.000Z',
})

const codeParam = z
  .object({ code: z.string().regex(/^[A-Za-z0-9-]{4,16}$/, 'must be a booking code') })
  .strict()

export const apiBookingSchema = z
  .object({
    id: z.string(),
    code: z
      .string()
      .meta({ description: 'What the citizen shows or types at the kiosk.', example: 'K7M42Q' }),
    serviceId: z.string(),
    slotStart: z.iso.datetime(),
    slotEnd: z.iso.datetime(),
    day: z.string().meta({ description: "The centre's local day of the slot." }),
    localTime: z
      .string()
      .meta({ description: "The slot's start in the centre's local time.", example: '09:00' }),
    status: z.enum(['booked', 'checked_in', 'cancelled', 'lapsed']),
    ticketNumber: z.string().nullable().meta({ description: 'The ticket a check-in gave, once checked in.' }),
  })
  .strict()
  .meta({ id: 'Booking' })

const bookingAnswer = z.object({ booking: apiBookingSchema }).strict().meta({ id: 'BookingAnswer' })

export type ApiBooking = z.infer<typeof apiBookingSchema>

export function view(booking: Booking, config: CentreConfig, state: CentreState): ApiBooking {
  const ticket = booking.ticketId ? state.tickets[booking.ticketId] : undefined
  return {
    id: booking.id,
    code: booking.code,
    serviceId: booking.serviceId,
    slotStart: new Date(booking.slotStart).toISOString(),
    slotEnd: new Date(booking.slotEnd).toISOString(),
    day: booking.day,
    localTime: localTime(booking.slotStart, config.centre.timeZone).clock,
    status: booking.status,
    ticketNumber: ticket?.number ?? null,
  }
}

/** The booking an engine ack names (`command-acks.ts`), as the API shows a new one. */
export function fromAck(ack: Record<string, unknown>): ApiBooking {
  const made = ack.booking as Pick<Booking, 'id' | 'code' | 'serviceId' | 'slotStart' | 'slotEnd' | 'day'> & {
    localTime: string
  }
  return {
    id: made.id,
    code: made.code,
    serviceId: made.serviceId,
    slotStart: new Date(made.slotStart).toISOString(),
    slotEnd: new Date(made.slotEnd).toISOString(),
    day: made.day,
    localTime: made.localTime,
    status: 'booked',
    ticketNumber: null,
  }
}

/** This integration's booking with `code`, or the refusal that says there is none. */
function ownBooking(context: RouteContext<unknown, unknown>): Booking | RouteRefusal {
  const { code } = context.params as { code: string }
  const wanted = code.toUpperCase().replace(/-/g, '')
  const by = integrationPrincipal(context.integration)
  const state = context.engine.state
  const id = bookingIndexOf(state).byCode(wanted)
  const found = id === undefined ? undefined : state.bookings[id]
  return found?.by === by
    ? found
    : context.refuse('unknown_booking', `no booking ${code} made through this integration`)
}

const actorOf = (integration: IntegrationConfig) =>
  ({ kind: 'integration', integrationId: integration.id }) as const

export const REFUSALS = {
  slot_full: 409,
  unknown_slot: 422,
  not_bookable: 422,
  bookings_disabled: 409,
  booking_exists: 409,
  limit_period: 409,
  limit_services_per_day: 409,
  booking_closed: 409,
  booking_too_early: 409,
  booking_too_late: 409,
} as const

export const makeBookingRoute = commandRoute({
  method: 'POST',
  path: '/bookings',
  scope: 'bookings:write',
  operationId: 'makeBooking',
  summary: 'Book a slot for a citizen',
  description:
    'Books the slot starting at `slotStart` for the citizen, if it is free and the per-person limits allow. ' +
    "The IIN and phone are kept encrypted in the centre's vault, never in its log.",
  tag: 'bookings',
  body: z
    .object({
      serviceId: z.string().min(1).max(64),
      slotStart: instant,
      iin,
      phone,
      channel: z.enum(CHANNELS),
    })
    .strict()
    .meta({ id: 'NewBooking' }),
  response: { status: 201, description: 'The booking.', schema: bookingAnswer },
  refusals: REFUSALS,
  write: async ({ body, entries, engine, integration }) => {
    const now = engine.now()
    // Asked together, so the two puts are one transaction (with other requests' puts of the same turn).
    const [personId, phoneId] = await Promise.all([
      entries.put('iin', body.iin, now),
      entries.put('phone', body.phone, now),
    ])
    return {
      actor: actorOf(integration),
      command: {
        type: 'booking:make',
        serviceId: body.serviceId,
        slotStart: Date.parse(body.slotStart),
        personId,
        phoneId,
        channel: body.channel,
      },
    }
  },
  answer: (ack) => ({ booking: fromAck(ack) }),
})

export const getBookingRoute = readRoute({
  method: 'GET',
  path: '/bookings/{code}',
  scope: 'bookings:read',
  operationId: 'getBooking',
  summary: 'A booking, as it stands',
  description: 'A booking this integration made: its slot and status, and the ticket number once checked in.',
  tag: 'bookings',
  params: codeParam,
  response: { status: 200, description: 'The booking.', schema: bookingAnswer },
  refusals: { unknown_booking: 404 },
  handle: (context) => {
    const found = ownBooking(context as RouteContext<unknown, unknown>)
    if (found instanceof RouteRefusal) return found
    return { booking: view(found, context.config, context.engine.state) }
  },
})

export const cancelBookingRoute = commandRoute({
  method: 'POST',
  path: '/bookings/{code}/cancel',
  scope: 'bookings:write',
  operationId: 'cancelBooking',
  summary: 'Cancel a booking',
  description: 'Cancels a booking this integration made; its place is free again at once.',
  tag: 'bookings',
  params: codeParam,
  body: z.object({ reason: z.string().max(200).nullable().optional() }).strict(),
  response: {
    status: 200,
    description: 'Cancelled.',
    schema: z.object({ cancelled: z.literal(true) }).strict(),
  },
  refusals: { ...REFUSALS, unknown_booking: 404 },
  write: (context) => {
    const found = ownBooking(context as RouteContext<unknown, unknown>)
    if (found instanceof RouteRefusal) return found
    return {
      actor: actorOf(context.integration),
      command: { type: 'booking:cancel', bookingId: found.id, reason: context.body.reason ?? null },
    }
  },
  answer: () => ({ cancelled: true }),
})

export const rescheduleBookingRoute = commandRoute({
  method: 'POST',
  path: '/bookings/{code}/reschedule',
  scope: 'bookings:write',
  operationId: 'rescheduleBooking',
  summary: 'Move a booking to another slot',
  description:
    'Cancels the booking and books the new slot in one step: if the new slot is not free, nothing changes. ' +
    'The new booking has a new code.',
  tag: 'bookings',
  params: codeParam,
  body: z.object({ slotStart: instant, serviceId: z.string().min(1).max(64).optional() }).strict(),
  response: { status: 200, description: 'The new booking.', schema: bookingAnswer },
  refusals: { ...REFUSALS, unknown_booking: 404 },
  write: (context) => {
    const found = ownBooking(context as RouteContext<unknown, unknown>)
    if (found instanceof RouteRefusal) return found
    const { slotStart, serviceId } = context.body
    return {
      actor: actorOf(context.integration),
      command: {
        type: 'booking:reschedule',
        bookingId: found.id,
        slotStart: Date.parse(slotStart),
        ...(serviceId ? { serviceId } : {}),
      },
    }
  },
  answer: (ack) => ({ booking: fromAck(ack) }),
})

export const checkInBookingRoute = commandRoute({
  method: 'POST',
  path: '/bookings/{code}/check-in',
  scope: 'bookings:check-in',
  operationId: 'checkInBooking',
  summary: 'Check a booking in remotely',
  description:
    'Turns the booking into a ticket, as the kiosk does, within the check-in window around its slot. ' +
    'The answer has the ticket number and the token of its phone tracker page (`/t/{trackToken}`).',
  tag: 'bookings',
  params: codeParam,
  body: z.object({}).strict(),
  response: {
    status: 200,
    description: 'The ticket.',
    schema: z
      .object({ ticket: z.object({ number: z.string(), trackToken: z.string() }).strict() })
      .strict()
      .meta({ id: 'CheckedIn' }),
  },
  refusals: { ...REFUSALS, unknown_booking: 404 },
  write: (context) => {
    const found = ownBooking(context as RouteContext<unknown, unknown>)
    if (found instanceof RouteRefusal) return found
    return { actor: actorOf(context.integration), command: { type: 'booking:check-in', code: found.code } }
  },
  answer: (ack) => {
    const ticket = ack.ticket as { number: string; trackToken: string }
    return { ticket: { number: ticket.number, trackToken: ticket.trackToken } }
  },
})

export const BOOKING_ROUTES = [
  makeBookingRoute,
  getBookingRoute,
  cancelBookingRoute,
  rescheduleBookingRoute,
  checkInBookingRoute,
] as const
