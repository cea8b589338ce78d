/**
 * Messages the bare server sends: the same fields, and so about the same size, as the hub's own
 * `ticket:issue` ack, public `ticket:issued` event and `ticket:called` event. The bench prints the
 * measured sizes of both servers' messages so any drift shows.
 */
import { randomBytes, randomUUID } from 'node:crypto'

const counters = new Map<string, number>()

export function numberFor(serviceId: string): TicketNumber {
  const prefix = (serviceId[0] ?? 'x').toUpperCase()
  const counter = (counters.get(prefix) ?? 0) + 1
  counters.set(prefix, counter)
  return { prefix, number: prefix + String(counter).padStart(3, '0') }
}

export interface TicketNumber {
  prefix: string
  number: string
}

export function issuedEvent(
  seq: number,
  at: number,
  serviceId: string,
  { prefix, number }: TicketNumber,
): object {
  return {
    type: 'ticket:issued',
    ticketId: randomUUID(),
    number,
    prefix,
    serviceId,
    categoryId: null,
    bookedFor: null,
    seq,
    at,
  }
}

export function issueAck(seq: number, at: number, serviceId: string, { number }: TicketNumber): object {
  return {
    ok: true,
    seq,
    ticket: {
      id: randomUUID(),
      number,
      serviceId,
      categoryId: null,
      issuedAt: at,
      ahead: 0,
      estimateMinutes: 0,
      trackToken: randomBytes(18).toString('base64url'),
    },
  }
}

export function calledEvent(seq: number, at: number): object {
  return {
    type: 'ticket:called',
    ticketId: randomUUID(),
    deskId: 'desk-1',
    staffId: 'consultant-1',
    reason: 'regular',
    seq,
    at,
  }
}

/** `ticket:started` / `ticket:finished` as the hub broadcasts them (envelope: seq and at). */
export function ticketStepEvent(
  type: 'ticket:started' | 'ticket:finished',
  ticketId: string,
  seq: number,
  at: number,
): object {
  return { type, ticketId, seq, at }
}
