/**
 * What a citizen can book, read from the centre as the integration API reads it (`serviceList`,
 * `slotList`): the bookable services, the days of the horizon with their free places, and one day's
 * slots. Nothing personal; nothing changes.
 */
import { localDay } from '../../../../src-shared/domain'
import { dayParam, slotList } from '../api/slots'
import { serviceList } from '../api/services'
import { notifyCatalogue } from '../notify-offer'
import { refusal, type BookAnswer, type BookContext, type BookRequest } from './context'

const DAY_MS = 24 * 60 * 60_000

/**
 * `GET /api/book/services`: the centre's name and address, the services a citizen can book, and the
 * notifications offered (as `/join`'s).
 */
export function bookableServices(context: BookContext): BookAnswer {
  const { config } = context
  const { services } = serviceList(config)
  return {
    status: 200,
    json: {
      centre: {
        name: config.centre.name,
        address: config.centre.address ?? null,
        timeZone: config.centre.timeZone,
      },
      horizonDays: config.bookings?.enabled ? config.bookings.horizonDays : 0,
      notify: notifyCatalogue(context),
      services: services.filter((service) => service.bookable),
    },
  }
}

/** The service's slots on `day`, or the refusal naming the service. */
function slotsOf(context: BookContext, serviceId: string, day: string) {
  const answer = slotList(context.config, context.engine.state, serviceId, day, context.engine.now())
  if ('refusal' in answer) throw refusal(422, answer.refusal, 'path.serviceId', answer.detail)
  return answer
}

/** `GET /api/book/services/{serviceId}/days`: today and each day of the horizon, with its free places. */
export function bookingDays(context: BookContext, { params }: BookRequest): BookAnswer {
  const { config, engine } = context
  const now = engine.now()
  const horizon = config.bookings?.horizonDays ?? 0
  const days: { day: string; free: number }[] = []
  for (let ahead = 0; ahead <= horizon; ahead++) {
    const day = localDay(now + ahead * DAY_MS, config.centre.timeZone)
    // A day of 23 or 25 hours could name one day twice or skip none: each day once.
    if (days.at(-1)?.day === day) continue
    const free = slotsOf(context, params.serviceId!, day).slots.reduce((sum, slot) => sum + slot.free, 0)
    days.push({ day, free })
  }
  return { status: 200, json: { serviceId: params.serviceId, days } }
}

/** `GET /api/book/services/{serviceId}/slots?day=YYYY-MM-DD`: the day's slots, free or full. */
export function bookingSlots(context: BookContext, { params, query }: BookRequest): BookAnswer {
  const day = dayParam.safeParse(query.get('day') ?? '')
  if (!day.success) throw refusal(400, 'validation_failed', 'query.day', 'give day=YYYY-MM-DD')
  return { status: 200, json: slotsOf(context, params.serviceId!, day.data) }
}
