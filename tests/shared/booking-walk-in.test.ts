/**
 * Booking-only services at the kiosk: a kiosk's ticket is refused (`booking_only`), the next free slot
 * of today is offered, and "take this time" books it and checks it in in one command, for nobody in
 * particular (no IIN), counted in the slot's capacity and by no person's limits; replayed, the same.
 */
import { describe, expect, it } from 'vitest'
import { applyEvents } from '../../src-shared/domain/apply'
import { nextFreeSlotToday } from '../../src-shared/domain/booking-walk-in'
import { initialState } from '../../src-shared/domain/evolve'
import type { Command, EventEnvelope } from '../../src-shared/domain/types'
import { centreConfigSchema } from '../../src-shared/config'
import { publicEvent } from '../../src-shared/protocol/projection'
import { kiosk, MINUTE, MONDAY_09_00, rawConfig, TestCentre } from './fixtures'

const integration = { kind: 'integration', integrationId: 'egov' } as const
const at = (clock: string) =>
  MONDAY_09_00 + (Number(clock.slice(0, 2)) - 9) * 60 * MINUTE + Number(clock.slice(3)) * MINUTE

/**
 * The booking test centre (windows d1 and d2, passport in 15-minute slots of 2 places) with passport
 * served by booking only, or the whole centre (`centreWide`), at `clock` on Monday.
 */
function bookingOnlyCentre(clock = '10:01', centreWide = false) {
  const config = centreConfigSchema.parse({
    ...rawConfig(),
    bookings: {
      enabled: true,
      onlyBooking: centreWide,
      schedule: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', desks: ['d1', 'd2'] },
      ],
      services: {
        passport: { slotMinutes: 15, walkInShare: 0, onlyBooking: !centreWide },
        birth: { slotMinutes: 15, walkInShare: 0.5 },
      },
    },
  })
  return new TestCentre({ config, start: at(clock) })
}

const walkIn = (slotStart: number, serviceId = 'passport'): Command => ({
  type: 'booking:walk-in',
  serviceId,
  slotStart,
})

function only<T extends EventEnvelope['type']>(events: EventEnvelope[], type: T) {
  const found = events.filter((e) => e.type === type)
  expect(found).toHaveLength(1)
  return found[0] as Extract<EventEnvelope, { type: T }>
}

describe('a booking-only service at the kiosk', () => {
  it("refuses a kiosk's ticket with booking_only; staff may still issue one; other services are as before", () => {
    const centre = bookingOnlyCentre()
    expect(centre.errorOf({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)).toBe('booking_only')
    expect(centre.state.tickets).toEqual({})
    centre.run({ type: 'ticket:issue', serviceId: 'passport' }, centre.saule)
    centre.run({ type: 'ticket:issue', serviceId: 'birth' }, kiosk)
    centre.run({ type: 'ticket:issue', serviceId: 'land' }, kiosk)
  })

  it("the centre's onlyBooking makes every bookable service booking-only, and no other", () => {
    const centre = bookingOnlyCentre('10:01', true)
    expect(centre.errorOf({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)).toBe('booking_only')
    expect(centre.errorOf({ type: 'ticket:issue', serviceId: 'birth' }, kiosk)).toBe('booking_only')
    centre.run({ type: 'ticket:issue', serviceId: 'land' }, kiosk)
  })

  it('offers the first slot of today not started and with room, at the given clock', () => {
    const centre = bookingOnlyCentre('10:01')
    expect(nextFreeSlotToday(centre.state, centre.config, 'passport', at('10:01'))).toMatchObject({
      start: at('10:15'),
      end: at('10:30'),
      capacity: 2,
      free: 2,
    })
    // A slot starting now is still offered; after the last one of the day, none.
    expect(nextFreeSlotToday(centre.state, centre.config, 'passport', at('10:15'))?.start).toBe(at('10:15'))
    expect(nextFreeSlotToday(centre.state, centre.config, 'passport', at('17:50'))).toBeNull()
    // A service not booked ahead has no slots at all.
    expect(nextFreeSlotToday(centre.state, centre.config, 'land', at('10:01'))).toBeNull()
  })
})

describe('booking:walk-in', () => {
  it('books the slot for nobody and checks it in at once: one ticket booked for the slot, ranked from its window', () => {
    const centre = bookingOnlyCentre('10:01')
    const events = centre.run(walkIn(at('10:15')), kiosk)
    // (The day opens with the first command.)
    expect(events.map((e) => e.type)).toEqual([
      'day:opened',
      'booking:made',
      'ticket:issued',
      'booking:checked-in',
    ])
    const made = only(events, 'booking:made')
    expect(made).toMatchObject({
      serviceId: 'passport',
      slotStart: at('10:15'),
      personId: null,
      phoneId: null,
      channel: 'kiosk',
      by: 'device:kiosk-1',
    })
    const issued = only(events, 'ticket:issued')
    // The check-in window opens 10 minutes before the slot: the ticket ranks from 10:05, not 10:01.
    expect(issued).toMatchObject({ serviceId: 'passport', bookedFor: at('10:15'), rank: at('10:05') })
    expect(centre.state.bookings[made.bookingId]).toMatchObject({
      status: 'checked_in',
      ticketId: issued.ticketId,
    })
    // Someone staff let in at 10:03 goes before the walk-in who left to come back at 10:15.
    centre.clock.set(at('10:03'))
    const staffTicket = centre.issue('passport', { bookedFor: at('10:00') })
    expect(centre.state.queues.passport).toEqual([staffTicket.id, issued.ticketId])
    // To kiosks and displays: no code, no person.
    expect(publicEvent(made)).toMatchObject({ code: '', personId: '', phoneId: null })
  })

  it('never calls a walk-in before its window opens, even from an empty queue; in its window, first', () => {
    const centre = bookingOnlyCentre('10:01')
    centre.open('d1', centre.saule, ['passport'])
    const issued = only(centre.run(walkIn(at('10:45')), kiosk), 'ticket:issued')
    // Told to come back at 10:45 (the window opens at 10:35): nobody is called meanwhile.
    expect(centre.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, centre.saule)).toBe('queue_empty')
    centre.clock.set(at('10:20'))
    // A citizen staff let in (the kiosk takes no tickets for passport) is called before it.
    const staffTicket = only(
      centre.run({ type: 'ticket:issue', serviceId: 'passport' }, centre.saule),
      'ticket:issued',
    )
    expect(centre.callNext('d1').ticket.id).toBe(staffTicket.ticketId)
    centre.serve('d1', 5)
    expect(centre.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, centre.saule)).toBe('queue_empty')
    centre.clock.set(at('10:35'))
    expect(centre.callNext('d1')).toMatchObject({ ticket: { id: issued.ticketId }, reason: 'booking' })
  })

  it('counts in the slot: two walk-ins fill it, a third and an integration booking are slot_full, the next slot is offered', () => {
    const centre = bookingOnlyCentre('10:01')
    centre.run(walkIn(at('10:15')), kiosk)
    centre.run(walkIn(at('10:15')), kiosk)
    const seq = centre.state.seq
    expect(centre.errorOf(walkIn(at('10:15')), kiosk)).toBe('slot_full')
    const booking: Command = {
      type: 'booking:make',
      serviceId: 'passport',
      slotStart: at('10:15'),
      personId: 've_aliya',
      phoneId: null,
      channel: 'egov',
    }
    expect(centre.errorOf(booking, integration)).toBe('slot_full')
    expect(centre.state.seq).toBe(seq)
    expect(nextFreeSlotToday(centre.state, centre.config, 'passport', centre.clock.now())?.start).toBe(
      at('10:30'),
    )
    // No person's limits count the walk-ins (one active booking per service would have refused the second).
    centre.run({ ...booking, slotStart: at('10:30') }, integration)
  })

  it('refuses, changing nothing: staff, a service with walk-in tickets, a slot started, tomorrow, no such service', () => {
    const centre = bookingOnlyCentre('10:20')
    expect(centre.errorOf(walkIn(at('10:30')), centre.saule)).toBe('forbidden')
    expect(centre.errorOf(walkIn(at('10:30'), 'birth'), kiosk)).toBe('not_bookable')
    expect(centre.errorOf(walkIn(at('10:15')), kiosk)).toBe('unknown_slot')
    expect(centre.errorOf(walkIn(at('10:30') + 24 * 60 * MINUTE), kiosk)).toBe('unknown_slot')
    expect(centre.errorOf(walkIn(at('10:37')), kiosk)).toBe('unknown_slot')
    expect(centre.errorOf(walkIn(at('10:30'), 'nope'), kiosk)).toBe('unknown_service')
    expect(centre.state.bookings).toEqual({})
    expect(centre.state.tickets).toEqual({})
  })

  it('replays to the same bookings, tickets and queues from its log', () => {
    const centre = bookingOnlyCentre('10:01')
    centre.run(walkIn(at('10:15')), kiosk)
    centre.clock.set(at('10:02'))
    centre.run(walkIn(at('10:15')), kiosk)
    centre.clock.set(at('10:16'))
    centre.run(walkIn(at('10:30')), kiosk)
    const rebuilt = initialState(centre.config.centre.id)
    for (const event of centre.log) applyEvents(rebuilt, [event], event.at)
    expect(rebuilt.bookings).toEqual(centre.state.bookings)
    expect(rebuilt.tickets).toEqual(centre.state.tickets)
    expect(rebuilt.queues).toEqual(centre.state.queues)
    // Taken at 10:16, the 10:30 slot's window opens at 10:20: its ticket ranks from then.
    const last = centre.state.tickets[centre.state.queues.passport!.at(-1)!]!
    expect(last.rank).toBe(at('10:20'))
  })
})
