/**
 * Bookings in the domain: making one in a free slot, the per-person limits, cancel and reschedule, check-in
 * at the kiosk within the policy's window (a ticket carrying `bookedFor`), lapsing, and bookings outliving
 * the day they were made. The citizen is only ever a vault entry id here.
 */
import { describe, expect, it } from 'vitest'
import { BookingIndex, bookingIndexOf } from '../../src-shared/domain/booking-index'
import { BOOKING_CODE_ALPHABET, dueLapses, slotAt } from '../../src-shared/domain/bookings'
import { applyEvents } from '../../src-shared/domain/apply'
import { DomainError } from '../../src-shared/domain/errors'
import { initialState } from '../../src-shared/domain/evolve'
import type { Actor, Command, EventEnvelope } from '../../src-shared/domain/types'
import { publicEvent, publicState } from '../../src-shared/protocol/projection'
import { bookingCentre, kiosk, MINUTE, MONDAY_09_00, TestCentre } from './fixtures'

const integration = { kind: 'integration', integrationId: 'egov' } as const
const other = { kind: 'integration', integrationId: 'telegram' } as const
const DAY = 24 * 60 * MINUTE
/** Tuesday 11 March 2025, 09:00 / 09:15 / 10:00 in Almaty. */
const TUESDAY_09_00 = MONDAY_09_00 + DAY
const TUESDAY_09_15 = TUESDAY_09_00 + 15 * MINUTE

const make = (person: string, slotStart = TUESDAY_09_00, serviceId = 'passport'): Command => ({
  type: 'booking:make',
  serviceId,
  slotStart,
  personId: `ve_${person}`,
  phoneId: `ve_phone_${person}`,
  channel: 'egov',
})

function made(events: EventEnvelope[]) {
  const event = events.find((e) => e.type === 'booking:made')
  if (!event || event.type !== 'booking:made') throw new Error('no booking:made')
  return event
}

describe('making a booking', () => {
  it('books a free slot: a short code, the slot, the person as a vault id only', () => {
    const centre = bookingCentre()
    const event = made(centre.run(make('aliya'), integration))
    expect(event).toMatchObject({
      serviceId: 'passport',
      slotStart: TUESDAY_09_00,
      slotEnd: TUESDAY_09_15,
      day: '2025-03-11',
      personId: 've_aliya',
      channel: 'egov',
      by: 'integration:egov',
    })
    expect(event.code).toMatch(new RegExp(`^[${BOOKING_CODE_ALPHABET}]{6}$`))
    expect(centre.state.bookings[event.bookingId]).toMatchObject({ status: 'booked', code: event.code })
  })

  it('fills a slot to its capacity, then answers slot_full', () => {
    const centre = bookingCentre()
    const slot = slotAt(centre.state, centre.config, 'passport', TUESDAY_09_00, centre.clock.now())
    expect(slot.capacity).toBe(2)
    centre.run(make('a'), integration)
    centre.run(make('b'), integration)
    expect(centre.errorOf(make('c'), integration)).toBe('slot_full')
    // The next slot still has room.
    centre.run(make('c', TUESDAY_09_15), integration)
  })

  it('many clients racing for the last places: exactly the capacity is booked', () => {
    const centre = bookingCentre({ perPeriod: 100 })
    const outcomes = Array.from({ length: 100 }, (_, i) => {
      try {
        centre.run(make(`racer-${i}`), integration)
        return 'booked'
      } catch {
        return 'refused'
      }
    })
    expect(outcomes.filter((o) => o === 'booked')).toHaveLength(2)
    const booked = Object.values(centre.state.bookings).filter((b) => b.slotStart === TUESDAY_09_00)
    expect(booked).toHaveLength(2)
  })

  it('refuses a time that is no slot, a holiday, a service not booked ahead, and a centre without bookings', () => {
    const centre = bookingCentre()
    expect(centre.errorOf(make('a', TUESDAY_09_00 + 7 * MINUTE), integration)).toBe('unknown_slot')
    expect(centre.errorOf(make('a', Date.UTC(2025, 2, 21, 5, 0)), integration)).toBe('unknown_slot')
    expect(centre.errorOf(make('a', TUESDAY_09_00 + 30 * DAY), integration)).toBe('unknown_slot')
    expect(centre.errorOf(make('a', TUESDAY_09_00, 'land'), integration)).toBe('not_bookable')
    expect(centre.errorOf(make('a', TUESDAY_09_00, 'nothing'), integration)).toBe('unknown_service')
    const plain = new TestCentre({ start: MONDAY_09_00 })
    expect(plain.errorOf(make('a'), integration)).toBe('bookings_disabled')
  })

  it('keeps the per-person limits: one active per service, visits per period, services a visit', () => {
    const centre = bookingCentre({ perPeriod: 1, servicesPerDay: 1 })
    centre.run(make('aliya'), integration)
    expect(centre.errorOf(make('aliya', TUESDAY_09_15), integration)).toBe('booking_exists')
    // A second service the same day is a second service of one visit: one allowed here.
    expect(centre.errorOf(make('aliya', TUESDAY_09_15, 'birth'), integration)).toBe('limit_services_per_day')
    // Another day within the period is a second visit.
    expect(centre.errorOf(make('aliya', TUESDAY_09_00 + DAY, 'birth'), integration)).toBe('limit_period')
    // Another person is not counted.
    centre.run(make('bolat', TUESDAY_09_15), integration)
    // With the ЦОН's own limits (two services a visit), the second service the same day is fine.
    const usual = bookingCentre({ perPeriod: 1, servicesPerDay: 2 })
    usual.run(make('aliya'), integration)
    usual.run(make('aliya', TUESDAY_09_15, 'birth'), integration)
    expect(usual.errorOf(make('aliya', TUESDAY_09_00 + 2 * DAY, 'birth'), integration)).toBe('booking_exists')
  })
})

describe('refusal details', () => {
  /** The refusal of `command`, whole: its code and its details. */
  function refusalOf(centre: TestCentre, command: Command, actor: Actor = integration) {
    try {
      centre.run(command, actor)
    } catch (error) {
      if (error instanceof DomainError) return { code: error.code, details: error.details }
      throw error
    }
    throw new Error(`expected ${command.type} to be refused`)
  }

  it('says what a refusal is about in fields, so no face reads the message', () => {
    const centre = bookingCentre({ perPeriod: 1, servicesPerDay: 1 })
    centre.run(make('a'), integration)
    centre.run(make('b'), integration)
    const day = '2025-03-11'
    expect(refusalOf(centre, make('c'))).toEqual({
      code: 'slot_full',
      details: { serviceId: 'passport', slotStart: TUESDAY_09_00, day },
    })
    expect(refusalOf(centre, make('c', TUESDAY_09_00 + 7 * MINUTE))).toEqual({
      code: 'unknown_slot',
      details: { serviceId: 'passport', slotStart: TUESDAY_09_00 + 7 * MINUTE, day },
    })
    expect(refusalOf(centre, make('a', TUESDAY_09_15))).toEqual({
      code: 'booking_exists',
      details: { serviceId: 'passport' },
    })
    expect(refusalOf(centre, make('a', TUESDAY_09_15, 'birth'))).toEqual({
      code: 'limit_services_per_day',
      details: { serviceId: 'birth', day, limit: 1 },
    })
    expect(refusalOf(centre, make('a', TUESDAY_09_00 + DAY, 'birth'))).toEqual({
      code: 'limit_period',
      details: { serviceId: 'birth', day: '2025-03-12', limit: 1, periodDays: 10 },
    })
    expect(refusalOf(centre, make('a', TUESDAY_09_00, 'land'))).toEqual({
      code: 'not_bookable',
      details: { serviceId: 'land' },
    })
  })

  it('gives a check-in refused as too early or too late its slot and the window times', () => {
    const centre = bookingCentre()
    const booking = made(centre.run(make('a'), integration))
    const { bookingEarlyMinutes, bookingLateMinutes } = centre.config.policy
    const about = { serviceId: 'passport', slotStart: TUESDAY_09_00, day: '2025-03-11' }
    const checkIn = { type: 'booking:check-in', code: booking.code } as const
    expect(refusalOf(centre, checkIn, kiosk)).toEqual({
      code: 'booking_too_early',
      details: { ...about, opensAt: TUESDAY_09_00 - bookingEarlyMinutes * MINUTE },
    })
    centre.clock.set(TUESDAY_09_00 + (bookingLateMinutes + 1) * MINUTE)
    expect(refusalOf(centre, checkIn, kiosk)).toEqual({
      code: 'booking_too_late',
      details: { ...about, closedAt: TUESDAY_09_00 + bookingLateMinutes * MINUTE },
    })
  })
})

describe('cancel and reschedule', () => {
  it('cancels with a reason and frees the place; only the channel that made it, or staff, may', () => {
    const centre = bookingCentre()
    const booking = made(centre.run(make('a'), integration))
    centre.run(make('b'), integration)
    expect(centre.errorOf({ type: 'booking:cancel', bookingId: booking.bookingId }, other)).toBe('forbidden')
    centre.run({ type: 'booking:cancel', bookingId: booking.bookingId, reason: 'plans changed' }, integration)
    expect(centre.state.bookings[booking.bookingId]).toMatchObject({
      status: 'cancelled',
      reason: 'plans changed',
    })
    centre.run(make('c'), integration)
    expect(centre.errorOf({ type: 'booking:cancel', bookingId: booking.bookingId }, centre.saule)).toBe(
      'booking_closed',
    )
  })

  it('reschedules in one step, or not at all when the new slot is full', () => {
    const centre = bookingCentre()
    const first = made(centre.run(make('a'), integration))
    centre.run(make('b', TUESDAY_09_15), integration)
    centre.run(make('c', TUESDAY_09_15), integration)
    const seq = centre.state.seq
    expect(
      centre.errorOf(
        { type: 'booking:reschedule', bookingId: first.bookingId, slotStart: TUESDAY_09_15 },
        integration,
      ),
    ).toBe('slot_full')
    expect(centre.state.seq).toBe(seq)
    expect(centre.state.bookings[first.bookingId]!.status).toBe('booked')
    const later = TUESDAY_09_00 + 60 * MINUTE
    const events = centre.run(
      { type: 'booking:reschedule', bookingId: first.bookingId, slotStart: later },
      integration,
    )
    expect(events.map((e) => e.type)).toEqual(['booking:cancelled', 'booking:made'])
    expect(centre.state.bookings[first.bookingId]).toMatchObject({
      status: 'cancelled',
      reason: 'rescheduled',
    })
    // The same person: the limits do not count the booking being moved.
    expect(made(events)).toMatchObject({ personId: 've_a', slotStart: later })
  })
})

describe('check-in at the kiosk', () => {
  it('turns the booking into a ticket carrying its slot, within the policy window', () => {
    const centre = bookingCentre()
    const booking = made(centre.run(make('a'), integration))
    const { bookingEarlyMinutes, bookingLateMinutes } = centre.config.policy
    // The day before: the refusal names the day as well as the time.
    expect(() => centre.run({ type: 'booking:check-in', code: booking.code }, kiosk)).toThrow(
      /can check in from 08:50 on 2025-03-11$/,
    )
    centre.clock.set(TUESDAY_09_00 - (bookingEarlyMinutes + 1) * MINUTE)
    expect(() => centre.run({ type: 'booking:check-in', code: booking.code }, kiosk)).toThrow(
      /can check in from 08:50$/,
    )
    centre.clock.set(TUESDAY_09_00 - 5 * MINUTE)
    const typed = `${booking.code.slice(0, 3).toLowerCase()}-${booking.code.slice(3)}`
    const events = centre.run({ type: 'booking:check-in', code: typed }, kiosk)
    // (The refused check-in before already opened Tuesday.)
    expect(events.map((e) => e.type)).toEqual(['ticket:issued', 'booking:checked-in'])
    const ticket = events.find((e) => e.type === 'ticket:issued')!
    expect(ticket).toMatchObject({ serviceId: 'passport', bookedFor: TUESDAY_09_00 })
    expect(centre.state.bookings[booking.bookingId]).toMatchObject({ status: 'checked_in' })
    expect(centre.errorOf({ type: 'booking:check-in', code: booking.code }, kiosk)).toBe('booking_closed')
    // Another booking, too late.
    const late = made(centre.run(make('b'), centre.saule))
    centre.clock.set(TUESDAY_09_00 + (bookingLateMinutes + 1) * MINUTE)
    expect(centre.errorOf({ type: 'booking:check-in', code: late.code }, kiosk)).toBe('booking_too_late')
    expect(centre.errorOf({ type: 'booking:check-in', code: 'ZZZZZZ' }, kiosk)).toBe('unknown_booking')
  })

  it('lapses a booking nobody checked in once its late window has closed', () => {
    const centre = bookingCentre()
    const booking = made(centre.run(make('a'), integration))
    centre.clock.set(TUESDAY_09_00 + (centre.config.policy.bookingLateMinutes - 1) * MINUTE)
    expect(dueLapses(centre.state, centre.config, centre.clock.now())).toEqual([])
    centre.clock.advanceMinutes(2)
    const events = centre.run({ type: 'booking:lapse' }, { kind: 'system' })
    expect(events.filter((e) => e.type === 'booking:lapsed')).toMatchObject([
      { bookingId: booking.bookingId },
    ])
    expect(centre.state.bookings[booking.bookingId]!.status).toBe('lapsed')
  })
})

describe('bookings outlive the day', () => {
  it('carries future bookings into the new day, so a restart from its day:opened has them', () => {
    const centre = bookingCentre()
    const booking = made(centre.run(make('a', TUESDAY_09_00 + 2 * DAY), integration))
    const cancelled = made(centre.run(make('b'), integration))
    centre.run({ type: 'booking:cancel', bookingId: cancelled.bookingId }, integration)
    centre.clock.set(TUESDAY_09_00 + 60 * MINUTE)
    const events = centre.run(make('c', TUESDAY_09_00 + 3 * 60 * MINUTE), integration)
    const opened = events.find((e) => e.type === 'day:opened')!
    expect(opened.type === 'day:opened' && Object.keys(opened.bookings ?? {})).toEqual([booking.bookingId])
    // Rebuilt from the new day's events only, as the hub does after a restart.
    const rebuilt = initialState(centre.config.centre.id)
    const fromDay = centre.log.slice(centre.log.indexOf(opened))
    for (const event of fromDay) applyEvents(rebuilt, [event], event.at)
    expect(rebuilt.bookings).toEqual(centre.state.bookings)
  })

  it('never shows a kiosk or display a booking code or a vault id', () => {
    const centre = bookingCentre()
    const event = made(centre.run(make('a'), integration))
    const shown = publicEvent(event)
    expect(shown).toMatchObject({ code: '', personId: '', phoneId: null, slotStart: TUESDAY_09_00 })
    expect(JSON.stringify(publicState(centre.state))).not.toContain(event.code)
    expect(JSON.stringify(publicState(centre.state))).not.toContain('ve_a')
  })
})

describe('the booking index', () => {
  it('stays in step with the bookings through every kind of change, and a new day', () => {
    const centre = bookingCentre({ perPeriod: 100 })
    const ids: string[] = []
    const slots = Array.from({ length: 6 }, (_, i) => TUESDAY_09_00 + i * 15 * MINUTE)
    for (let i = 0; i < 10; i++) {
      try {
        ids.push(made(centre.run(make(`p${i % 4}`, slots[i % slots.length]!), integration)).bookingId)
      } catch {
        // Full or over a limit: refused, nothing changes; the index must still agree.
      }
    }
    centre.run({ type: 'booking:cancel', bookingId: ids[0]! }, integration)
    centre.run({ type: 'booking:reschedule', bookingId: ids[1]!, slotStart: slots[5]! }, integration)
    centre.clock.set(slots[2]! - 5 * MINUTE)
    centre.run({ type: 'booking:check-in', code: centre.state.bookings[ids[2]!]!.code }, kiosk)
    centre.clock.set(slots[5]! + 60 * MINUTE)
    centre.run({ type: 'booking:lapse' }, { kind: 'system' })
    const live = bookingIndexOf(centre.state)
    const fresh = BookingIndex.build(centre.state)
    for (const start of slots) {
      expect(live.placesTaken('passport', start), String(start)).toBe(fresh.placesTaken('passport', start))
    }
    for (const person of ['ve_p0', 've_p1', 've_p2', 've_p3'])
      expect([...live.ofPerson(person)].sort()).toEqual([...fresh.ofPerson(person)].sort())
    for (const booking of Object.values(centre.state.bookings))
      expect(live.byCode(booking.code)).toBe(booking.id)
    // The count the index gives is the count the bookings give.
    const counted = Object.values(centre.state.bookings).filter(
      (b) => b.slotStart === slots[5] && (b.status === 'booked' || b.status === 'checked_in'),
    ).length
    expect(live.placesTaken('passport', slots[5]!)).toBe(counted)
  })
})
