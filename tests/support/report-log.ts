/**
 * A small log of two days at a centre in Almaty (UTC+5) whose report figures are worked out by hand in
 * `tests/hub/reports.test.ts`, and a builder of envelopes at local clock times.
 */
import type { DomainEvent, EventEnvelope } from '../../src-shared/domain'

export const REPORT_ZONE = 'Asia/Almaty'
export const TUESDAY = '2026-11-24'
export const WEDNESDAY = '2026-11-25'

/** Epoch ms of a local `HH:MM` on `day` in Almaty (UTC+5, no daylight saving). */
export function almaty(day: string, clock: string): number {
  const [h, m] = clock.split(':').map(Number)
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), h! - 5, m!)
}

export class LogBuilder {
  readonly events: EventEnvelope[] = []
  constructor(private seq = 0) {}

  at(day: string, clock: string, event: DomainEvent): this {
    this.events.push({ ...event, seq: ++this.seq, at: almaty(day, clock) } as EventEnvelope)
    return this
  }
}

const issued = (ticketId: string, serviceId: string, number: string): DomainEvent => ({
  type: 'ticket:issued',
  ticketId,
  number,
  prefix: number[0]!,
  serviceId,
  categoryId: null,
  bookedFor: null,
})
const called = (ticketId: string, deskId: string, staffId: string): DomainEvent => ({
  type: 'ticket:called',
  ticketId,
  deskId,
  staffId,
  reason: 'regular',
})

/**
 * Tuesday: T1–T4 from the kiosk, T5, T6 joined on the web and checked in, a pause, a self-service
 * session, a booking made and cancelled. Wednesday: T7.
 */
export function reportLog(): EventEnvelope[] {
  const b = new LogBuilder()
  const tue = TUESDAY
  b.at(tue, '08:00', { type: 'day:opened', day: tue })
    .at(tue, '08:30', { type: 'desk:opened', deskId: 'd1', staffId: 's1', serviceIds: ['a'] })
    .at(tue, '08:31', { type: 'desk:opened', deskId: 'd2', staffId: 's2', serviceIds: ['b'] })
    .at(tue, '08:40', {
      type: 'booking:made',
      bookingId: 'bk1',
      code: 'ABC123',
      serviceId: 'a',
      slotStart: almaty(tue, '11:00'),
      slotEnd: almaty(tue, '11:15'),
      day: tue,
      personId: null,
      phoneId: null,
      channel: 'web',
      by: 'citizen',
    })
    .at(tue, '09:00', issued('t1', 'a', 'A001'))
    .at(tue, '09:00', {
      type: 'ticket:joined',
      ticketId: 't6',
      number: 'B002',
      prefix: 'B',
      serviceId: 'b',
      trackToken: 'tok6',
      code: 'XYZ789',
      phoneId: 'phone-entry-6',
      channel: 'web',
      travelMinutes: 30,
    })
    .at(tue, '09:05', called('t1', 'd1', 's1'))
    .at(tue, '09:05', { type: 'ticket:recalled', ticketId: 't1', deskId: 'd1' })
    .at(tue, '09:06', { type: 'ticket:started', ticketId: 't1' })
    .at(tue, '09:10', issued('t2', 'a', 'A002'))
    .at(tue, '09:16', { type: 'ticket:finished', ticketId: 't1', outcome: 'served' })
    .at(tue, '09:17', { type: 'ticket:rated', ticketId: 't1', score: 5, reason: null })
    .at(tue, '09:20', issued('t3', 'a', 'A003'))
    .at(tue, '09:25', issued('t4', 'b', 'B001'))
    .at(tue, '09:30', called('t2', 'd1', 's1'))
    .at(tue, '09:31', { type: 'ticket:started', ticketId: 't2' })
    .at(tue, '09:35', { type: 'ticket:cancelled', ticketId: 't4' })
    .at(tue, '09:36', { type: 'ticket:finished', ticketId: 't2' })
    .at(tue, '09:40', called('t3', 'd1', 's1'))
    .at(tue, '09:42', { type: 'ticket:missed', ticketId: 't3' })
    .at(tue, '09:45', { type: 'desk:paused', deskId: 'd1', reason: 'lunch' })
    .at(tue, '09:50', { type: 'selfservice:started', sessionId: 'ss1', serviceId: 'a', kioskId: 'k1' })
    .at(tue, '09:52', { type: 'selfservice:step-reached', sessionId: 'ss1', step: 2 })
    .at(tue, '09:55', { type: 'selfservice:ended', sessionId: 'ss1', outcome: 'completed' })
    .at(tue, '09:58', { type: 'ticket:rated', ticketId: 't2', score: 3, reason: 'slow' })
    .at(tue, '10:00', issued('t5', 'b', 'B003'))
    .at(tue, '10:05', { type: 'booking:cancelled', bookingId: 'bk1', reason: null })
    .at(tue, '10:10', called('t5', 'd2', 's2'))
    .at(tue, '10:10', { type: 'ticket:started', ticketId: 't5' })
    .at(tue, '10:15', { type: 'desk:resumed', deskId: 'd1' })
    .at(tue, '10:15', { type: 'ticket:checked-in', ticketId: 't6' })
    .at(tue, '10:30', { type: 'ticket:finished', ticketId: 't5' })
    .at(tue, '10:31', called('t6', 'd2', 's2'))
    .at(tue, '10:31', { type: 'ticket:started', ticketId: 't6' })
    .at(tue, '10:36', { type: 'ticket:finished', ticketId: 't6' })
  const wed = WEDNESDAY
  b.at(wed, '08:00', { type: 'day:opened', day: wed })
    .at(wed, '09:00', issued('t7', 'a', 'A001'))
    .at(wed, '09:30', called('t7', 'd1', 's1'))
    .at(wed, '09:30', { type: 'ticket:started', ticketId: 't7' })
    .at(wed, '09:45', { type: 'ticket:finished', ticketId: 't7' })
  return b.events
}
