/**
 * The bot in its own process joins a queue and cancels for a linked chat here: engine commands sent as
 * the integration with the `Idempotency-Key` as request id (the bot makes it from the Telegram update,
 * so an update delivered twice is one request), decided as the citizen holding the phone.
 *
 * - `POST /telegram/chats/{chatId}/remote-tickets`: `ticket:join`, channel `telegram`;
 * - `DELETE /telegram/chats/{chatId}/tickets/{id}`, `…/bookings/{id}`: cancels one the phone holds;
 *   another's (or none) is `unknown_ticket` / `unknown_booking`, and nothing is sent.
 */
import { z } from 'zod'
import { formatBookingCode } from '../../../../src-shared/domain'
import type { IssuedTicket } from '../../../../src-shared/protocol'
import { commandRoute, RouteRefusal, type RouteContext } from './route'
import { botSide, chatParam, notLinked } from './telegram'

const REFUSALS = {
  remote_join_off: 409,
  remote_join_full: 409,
  remote_daily_cap: 409,
  remote_phone_limit: 409,
  no_window_serves: 409,
  centre_closed: 409,
  chat_not_linked: 404,
} as const

const joinRoute = commandRoute({
  method: 'POST',
  path: '/telegram/chats/{chatId}/remote-tickets',
  scope: 'telegram',
  operationId: 'telegramJoin',
  summary: "Join today's queue from home for a linked chat",
  description:
    "As `POST /remote-tickets`, for the phone the chat is linked to; the ticket's check-in code is " +
    'what the citizen types or scans at the kiosk.',
  tag: 'telegram',
  params: chatParam,
  body: z
    .object({ serviceId: z.string().min(1).max(64), travelMinutes: z.number().int().min(0).max(240) })
    .strict(),
  response: {
    status: 201,
    description: 'The remote ticket.',
    schema: z
      .object({
        number: z.string(),
        serviceId: z.string(),
        code: z.string(),
        ahead: z.number().int().min(0),
        wait: z
          .object({
            ahead: z.number().int().min(0),
            windows: z.number().int().min(0),
            estimateMinutes: z.number().int().min(0).nullable(),
            estimateLow: z.number().int().min(0).nullable(),
            estimateHigh: z.number().int().min(0).nullable(),
          })
          .strict(),
      })
      .strict()
      .meta({ id: 'TelegramJoined' }),
  },
  refusals: REFUSALS,
  write: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const link = await side.hub.phoneOf(context.params.chatId)
    if (!link) return notLinked(context as RouteContext<unknown, unknown>)
    return {
      actor: { kind: 'citizen', bookingId: null },
      command: {
        type: 'ticket:join',
        serviceId: context.body.serviceId,
        phoneId: link.phoneId,
        channel: 'telegram',
        travelMinutes: context.body.travelMinutes,
      },
    }
  },
  answer: (ack) => {
    const ticket = ack.ticket as IssuedTicket
    return {
      number: ticket.number,
      serviceId: ticket.serviceId,
      code: ack.code as string,
      ahead: ticket.ahead,
      wait: {
        ahead: ticket.ahead,
        windows: ticket.windows,
        estimateMinutes: ticket.estimateMinutes,
        estimateLow: ticket.estimateLow,
        estimateHigh: ticket.estimateHigh,
      },
    }
  },
})

const labelAnswer = z
  .object({ label: z.string().meta({ description: "The ticket's number or the booking's code." }) })
  .strict()
  .meta({ id: 'TelegramCancelled' })

const cancelTicketRoute = commandRoute({
  method: 'DELETE',
  path: '/telegram/chats/{chatId}/tickets/{id}',
  scope: 'telegram',
  operationId: 'telegramCancelTicket',
  summary: "Cancel a linked chat's remote ticket",
  description: 'Before its call, as its holder. Sent without a body.',
  tag: 'telegram',
  params: chatParam.extend({ id: z.string().min(1).max(64) }),
  body: z.object({}).strict(),
  response: { status: 200, description: 'Cancelled.', schema: labelAnswer },
  refusals: { unknown_ticket: 404, chat_not_linked: 404, invalid_transition: 409, forbidden: 409 },
  write: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const link = await side.hub.phoneOf(context.params.chatId)
    if (!link) return notLinked(context as RouteContext<unknown, unknown>)
    const { id } = context.params
    const ticket = context.engine.state.tickets[id]
    if (!ticket || ticket.remote?.phoneId !== link.phoneId)
      return context.refuse('unknown_ticket', `no ticket ${id} of this chat's phone`)
    return {
      actor: { kind: 'citizen', bookingId: null, ticketId: id },
      command: { type: 'ticket:cancel', ticketId: id },
    }
  },
  answer: (_ack, context) => ({ label: context.engine.state.tickets[context.params.id]?.number ?? '' }),
})

const cancelBookingRoute = commandRoute({
  method: 'DELETE',
  path: '/telegram/chats/{chatId}/bookings/{id}',
  scope: 'telegram',
  operationId: 'telegramCancelBooking',
  summary: "Cancel a booking made for a linked chat's phone",
  description: 'As the citizen naming it. Sent without a body.',
  tag: 'telegram',
  params: chatParam.extend({ id: z.string().min(1).max(64) }),
  body: z.object({}).strict(),
  response: { status: 200, description: 'Cancelled.', schema: labelAnswer },
  refusals: { unknown_booking: 404, chat_not_linked: 404, booking_closed: 409 },
  write: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const link = await side.hub.phoneOf(context.params.chatId)
    if (!link) return notLinked(context as RouteContext<unknown, unknown>)
    const { id } = context.params
    const booking = context.engine.state.bookings?.[id]
    if (!booking || booking.phoneId !== link.phoneId)
      return context.refuse('unknown_booking', `no booking ${id} of this chat's phone`)
    return {
      actor: { kind: 'citizen', bookingId: id },
      command: { type: 'booking:cancel', bookingId: id, reason: 'cancelled in Telegram' },
    }
  },
  answer: (_ack, context) => {
    const booking = context.engine.state.bookings?.[context.params.id]
    return { label: booking ? formatBookingCode(booking.code) : '' }
  },
})

export const TELEGRAM_QUEUE_ROUTES = [joinRoute, cancelTicketRoute, cancelBookingRoute] as const
