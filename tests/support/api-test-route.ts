/**
 * Routes for the API's tests, as the booking endpoints will be: a write with a JSON body, one engine
 * command (a walk-in ticket, issued as the kiosk kiosk-1) and an answer built from the ack alone; a read
 * with a path parameter and a query that may refuse. The hub serves neither, so the tests mount the API
 * with them added; they are never part of the hub.
 */
import { z } from 'zod'
import type { IssuedTicket } from '../../src-shared/protocol'
import { commandRoute, readRoute } from '../../src-main/hub/http/api'

export const issueRoute = commandRoute({
  method: 'POST',
  path: '/test-tickets',
  scope: 'bookings:write',
  operationId: 'issueTestTicket',
  summary: 'Issue a ticket (test route)',
  description: 'Issues a walk-in ticket, as the kiosk kiosk-1.',
  tag: 'test',
  body: z.object({ serviceId: z.string().min(1).max(64), categoryId: z.string().min(1).optional() }).strict(),
  response: {
    status: 201,
    description: 'The ticket.',
    schema: z.object({ ticket: z.object({ number: z.string(), serviceId: z.string() }) }),
  },
  write: ({ body }) => ({
    actor: { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' },
    command: { type: 'ticket:issue', serviceId: body.serviceId, categoryId: body.categoryId ?? null },
  }),
  answer: (ack) => {
    const ticket = ack.ticket as IssuedTicket
    return { ticket: { number: ticket.number, serviceId: ticket.serviceId } }
  },
})

/** `GET /test-tickets/{number}?view=short|long`: today's ticket of that number, or 404 `unknown_ticket`. */
export const ticketRoute = readRoute({
  method: 'GET',
  path: '/test-tickets/{number}',
  scope: 'bookings:read',
  operationId: 'getTestTicket',
  summary: 'A ticket by its number (test route)',
  description: "Today's ticket of that number.",
  tag: 'test',
  params: z.object({
    number: z.string().regex(/^[A-ZА-Я]{1,2}\d{3}$/, 'must be a ticket number such as A001'),
  }),
  query: z.object({ view: z.enum(['short', 'long']).default('short') }).strict(),
  response: {
    status: 200,
    description: 'The ticket.',
    schema: z.object({ number: z.string(), serviceId: z.string().optional() }),
  },
  refusals: { unknown_ticket: 404 },
  handle: ({ params, query, engine, refuse }) => {
    const ticket = Object.values(engine.state.tickets).find((t) => t.number === params.number)
    if (!ticket) return refuse('unknown_ticket', `no ticket ${params.number} today`)
    return query.view === 'long'
      ? { number: ticket.number, serviceId: ticket.serviceId }
      : { number: ticket.number }
  },
})

/** `GET /test-broken`: a route with a bug, which throws. */
export const brokenRoute = readRoute({
  method: 'GET',
  path: '/test-broken',
  scope: 'services:read',
  operationId: 'getTestBroken',
  summary: 'A route with a bug (test route)',
  description: 'Throws.',
  tag: 'test',
  response: { status: 200, description: 'Never.', schema: z.object({}) },
  handle: () => {
    throw new Error('test bug')
  },
})
