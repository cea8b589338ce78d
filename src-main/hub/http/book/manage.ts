/**
 * A booking from its manage link (`/book/manage/<token>`): see it, cancel it (reason `citizen`), move it
 * to another free slot (the domain's reschedule: the old one cancelled and the new one made in one
 * command, or nothing), and take it as a calendar file. The token is checked first: a wrong one counts
 * against the address as a wrong key does, and is answered as an unknown link.
 */
import { z } from 'zod'
import { LANGUAGES, type Language } from '../../../../src-shared/config'
import { formatBookingCode, type Booking } from '../../../../src-shared/domain'
import { catalogues } from '../../../../src-shared/i18n'
import { fromAck, instant, REFUSALS, view } from '../api/bookings'
import { refusalStatus } from '../api/writes'
import { calendarFile } from './calendar'
import {
  centreRefusal,
  parseBody,
  refusal,
  type BookAnswer,
  type BookContext,
  type BookRequest,
} from './context'
import { CITIZEN_PRINCIPAL, managed, requestIdField } from './make'
import { bookingIdOf } from './manage-token'

/** The booking the request's token names, or the 404 that says the link is not (or no longer) valid. */
function bookingOf(context: BookContext, request: BookRequest): Booking {
  const id = bookingIdOf(context.vault, request.params.token!)
  const booking = id === null ? undefined : context.engine.state.bookings[id]
  if (id === null) context.limits.failed(request.address)
  if (!booking)
    throw refusal(404, 'manage_link_invalid', 'path.token', 'this booking link is not valid (any more)')
  return booking
}

/** The `lang` of the query; Kazakh when none or another. */
function languageOf(request: BookRequest): Language {
  const sent = z.enum(LANGUAGES).safeParse(request.query.get('lang'))
  return sent.success ? sent.data : 'kk'
}

/** `GET /api/book/manage/{token}`: the booking as it stands, and the centre's name and address. */
export function viewBooking(context: BookContext, request: BookRequest): BookAnswer {
  const booking = bookingOf(context, request)
  const { config, engine } = context
  return {
    status: 200,
    json: {
      booking: { ...view(booking, config, engine.state), reason: booking.reason },
      centre: {
        name: config.centre.name,
        address: config.centre.address ?? null,
        timeZone: config.centre.timeZone,
      },
    },
  }
}

async function submit(context: BookContext, booking: Booking, requestId: string, command: object) {
  const ack = await context.engine.submit(
    CITIZEN_PRINCIPAL,
    requestId,
    { kind: 'citizen', bookingId: booking.id },
    command as never,
  )
  if (!ack.ok) {
    const { code, message } = ack.error
    throw centreRefusal(code, message, refusalStatus(code, { ...REFUSALS, unknown_booking: 404 }))
  }
  return ack as unknown as Record<string, unknown>
}

/** `POST /api/book/manage/{token}/cancel` `{ requestId }`. */
export async function cancelBooking(context: BookContext, request: BookRequest): Promise<BookAnswer> {
  const { requestId } = parseBody(z.object({ requestId: requestIdField }).strict(), request.body)
  const booking = bookingOf(context, request)
  await submit(context, booking, requestId, {
    type: 'booking:cancel',
    bookingId: booking.id,
    reason: 'citizen',
  })
  return { status: 200, json: { cancelled: true } }
}

/** `POST /api/book/manage/{token}/reschedule` `{ requestId, slotStart }`: the new booking and its link. */
export async function rescheduleBooking(context: BookContext, request: BookRequest): Promise<BookAnswer> {
  const body = parseBody(z.object({ requestId: requestIdField, slotStart: instant }).strict(), request.body)
  const booking = bookingOf(context, request)
  const ack = await submit(context, booking, body.requestId, {
    type: 'booking:reschedule',
    bookingId: booking.id,
    slotStart: Date.parse(body.slotStart),
  })
  return { status: 200, json: managed(context, fromAck(ack), languageOf(request)) }
}

/** `GET /api/book/manage/{token}/calendar.ics?lang=kk`: the booking as an iCalendar event. */
export function bookingCalendar(context: BookContext, request: BookRequest): BookAnswer {
  const booking = bookingOf(context, request)
  const { config, engine } = context
  const language = languageOf(request)
  const pick = (text: { kk: string; ru: string; en?: string }) =>
    language === 'en' ? (text.en ?? text.ru) : text[language]
  const service = config.services.find((s) => s.id === booking.serviceId)
  const code = formatBookingCode(booking.code)
  const centre = pick(config.centre.name)
  const address = config.centre.address ? pick(config.centre.address) : ''
  const file = calendarFile({
    uid: `${booking.id}@kezek`,
    stamp: engine.now(),
    start: booking.slotStart,
    end: booking.slotEnd,
    summary: `${service ? pick(service.name) : booking.serviceId} · ${code}`,
    location: address ? `${centre}, ${address}` : centre,
    description: catalogues[language].book.calendarNote.replace('{code}', code),
  })
  return {
    status: 200,
    file,
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': `attachment; filename="booking-${booking.code}.ics"`,
    },
  }
}
