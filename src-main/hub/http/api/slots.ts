/**
 * `GET /api/v1/services/{serviceId}/slots?day=YYYY-MM-DD` (scope `slots:read`): a service's slots on one
 * of the centre's local days, each with its capacity and what is still free, as call-centre software and
 * egov's booking pages show them. Times are ISO 8601 in UTC, with the centre's local time beside them.
 */
import { z } from 'zod'
import type { CentreConfig } from '../../../../src-shared/config'
import {
  bookableService,
  bookingIndexOf,
  daySlots,
  freeSlots,
  localTime,
  type CentreState,
} from '../../../../src-shared/domain'
import { readRoute } from './route'

export const dayParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((day) => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'is not a real day')
  .meta({ description: "The centre's local day.", example: '2026-12-07' })

/** One slot as an integration sees it. */
export const apiSlotSchema = z
  .object({
    start: z.iso
      .datetime()
      .meta({ description: 'When the slot starts (UTC).', example: '2026-12-07T04:00:00.000Z' }),
    end: z.iso.datetime(),
    localTime: z
      .string()
      .meta({ description: "The start in the centre's local time, HH:MM.", example: '09:00' }),
    capacity: z.number().int().min(0),
    booked: z.number().int().min(0),
    free: z.number().int().min(0).meta({ description: 'How many more citizens can book it now.' }),
  })
  .strict()
  .meta({ id: 'Slot' })

export const slotsAnswerSchema = z
  .object({
    serviceId: z.string(),
    day: z.string(),
    slots: z
      .array(apiSlotSchema)
      .meta({ description: 'In time order; none on a holiday or past the horizon.' }),
  })
  .strict()
  .meta({ id: 'SlotList' })

/** Places taken per slot start of the day, for one service (from the state's booking index). */
function bookedPerStart(state: CentreState, config: CentreConfig, serviceId: string, day: string) {
  const index = bookingIndexOf(state)
  const booked = new Map<number, number>()
  for (const slot of daySlots(config, serviceId, day))
    booked.set(slot.start, index.placesTaken(serviceId, slot.start))
  return booked
}

/**
 * A bookable service's slots on a day as they stand at `now` (the API's and the `/book` page's one
 * answer), or the refusal's code and words when the service is unknown or not booked ahead.
 */
export function slotList(
  config: CentreConfig,
  state: CentreState,
  serviceId: string,
  day: string,
  now: number,
): z.infer<typeof slotsAnswerSchema> | { refusal: 'unknown_service' | 'not_bookable'; detail: string } {
  if (!config.services.some((s) => s.id === serviceId))
    return { refusal: 'unknown_service', detail: `no service "${serviceId}" in this centre` }
  if (!bookableService(config, serviceId))
    return { refusal: 'not_bookable', detail: `service "${serviceId}" is not booked ahead here` }
  const slots = freeSlots(config, serviceId, day, bookedPerStart(state, config, serviceId, day), { now })
  return {
    serviceId,
    day,
    slots: slots.map((slot) => ({
      start: new Date(slot.start).toISOString(),
      end: new Date(slot.end).toISOString(),
      localTime: localTime(slot.start, config.centre.timeZone).clock,
      capacity: slot.capacity,
      booked: slot.booked,
      free: slot.free,
    })),
  }
}

export const slotsRoute = readRoute({
  method: 'GET',
  path: '/services/{serviceId}/slots',
  scope: 'slots:read',
  operationId: 'listSlots',
  summary: "A service's slots on a day",
  description:
    "The service's slots on one of the centre's local days: capacity, booked and free. Slots that already " +
    'started, days past the booking horizon and holidays have none.',
  tag: 'bookings',
  params: z.object({ serviceId: z.string().min(1).max(64) }).strict(),
  query: z.object({ day: dayParam }).strict(),
  response: { status: 200, description: 'The slots.', schema: slotsAnswerSchema },
  refusals: { not_bookable: 422 },
  handle: ({ params, query, config, engine, refuse }) => {
    const { serviceId } = params as { serviceId: string }
    const { day } = query as { day: string }
    const answer = slotList(config, engine.state, serviceId, day, engine.now())
    return 'refusal' in answer ? refuse(answer.refusal, answer.detail) : answer
  },
})
