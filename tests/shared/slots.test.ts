import { describe, expect, it } from 'vitest'
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import { bookableService, daySlots, freeSlots, isBookingOnly, type Slot } from '../../src-shared/domain'
import { rawConfig } from './fixtures'

const MINUTE = 60_000
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri']
const rule = (desks: string[], from = '09:00', to = '18:00', days = weekdays) => ({ days, from, to, desks })

/** A wall-clock time in Almaty (UTC+5), read independently of the code under test. */
const almaty = (day: string, clock: string) => Date.parse(`${day}T${clock}:00+05:00`)

// December 2026: Monday 14, Tuesday 15 (a short day), Wednesday 16 (Independence Day), Saturday 19.
const MONDAY = '2026-12-14'
const SHORT_DAY = '2026-12-15'
const HOLIDAY = '2026-12-16'
const SATURDAY = '2026-12-19'

/**
 * The test centre (desk d1 serves passport and birth, d2 passport, d3 land) taking bookings: d1 and d3
 * all day on weekdays, d2 only in the morning, d1 on Saturday morning. Passport is 10 minutes, birth 5,
 * land 20 (fixtures.ts).
 */
function centre(change: Record<string, unknown> = {}, raw = rawConfig()): CentreConfig {
  return centreConfigSchema.parse({
    ...raw,
    bookings: {
      enabled: true,
      schedule: [rule(['d1', 'd3']), rule(['d2'], '09:00', '13:00'), rule(['d1'], '09:00', '13:00', ['sat'])],
      holidays: [HOLIDAY],
      shortDays: [{ date: SHORT_DAY, to: '17:00' }],
      services: {
        passport: { walkInShare: 0.2 },
        birth: { slotMinutes: 10, walkInShare: 0 },
        land: { slotMinutes: 30, walkInShare: 0.5 },
      },
      ...change,
    },
  })
}

const total = (slots: readonly Slot[]) => slots.reduce((sum, slot) => sum + slot.capacity, 0)
const startsAt = (slots: readonly Slot[]) =>
  slots.map((slot) => new Date(slot.start).toISOString().slice(11, 16))

describe('daySlots', () => {
  it('tiles a weekday from 09:00 Almaty time (04:00Z) to 18:00 in the service’s slot length', () => {
    const slots = daySlots(centre(), 'passport', MONDAY)
    expect(slots[0]!.start).toBe(Date.UTC(2026, 11, 14, 4, 0))
    expect(slots[0]!.start).toBe(almaty(MONDAY, '09:00'))
    expect(slots.at(-1)!.end).toBeLessThanOrEqual(almaty(MONDAY, '18:00'))
    // Birth fits one citizen in every slot: its slots run to the last minute of the day.
    expect(daySlots(centre(), 'birth', MONDAY).at(-1)!.end).toBe(almaty(MONDAY, '18:00'))
    for (const slot of slots) {
      expect(slot.end - slot.start).toBe(15 * MINUTE)
      expect((slot.start - almaty(MONDAY, '09:00')) % (15 * MINUTE)).toBe(0)
      expect(slot.capacity).toBeGreaterThanOrEqual(1)
    }
  })

  it('gives fewer places once a window staffed only in the morning has gone', () => {
    const slots = daySlots(centre(), 'passport', MONDAY)
    const morning = slots.filter((s) => s.start < almaty(MONDAY, '13:00'))
    const afternoon = slots.filter((s) => s.start >= almaty(MONDAY, '13:00'))
    // Morning: d2 whole (passport only) and half of d1 (passport and birth) = 1.5 windows; 15 minutes ×
    // 1.5 × (1 − 0.2) ÷ 10 minutes = 1.8 citizens a slot, 16 slots: 28 whole citizens, in every slot.
    expect(morning).toHaveLength(16)
    expect(total(morning)).toBe(28)
    expect(morning.every((s) => s.capacity === 1 || s.capacity === 2)).toBe(true)
    // Afternoon: half of d1 only, 0.6 a slot: 12 more over 20 slots (40.8 for the day, rounded down).
    expect(total(afternoon)).toBe(12)
    expect(afternoon).toHaveLength(12)
    expect(afternoon.every((s) => s.capacity === 1)).toBe(true)
  })

  it('splits a window among every service it serves, and holds the walk-in share back', () => {
    // Birth: half of d1 (d1 also serves passport), 10-minute slots, 5 minutes a citizen, no walk-in share:
    // 10 × 0.5 ÷ 5 = one citizen in each of the 54 slots from 09:00 to 18:00.
    const birth = daySlots(centre(), 'birth', MONDAY)
    expect(birth).toHaveLength(54)
    expect(birth.every((s) => s.capacity === 1)).toBe(true)
    // The same window serving birth alone gives it all its time: two a slot.
    const raw = rawConfig()
    raw.desks[0]!.serviceIds = ['birth']
    expect(daySlots(centre({}, raw), 'birth', MONDAY).every((s) => s.capacity === 2)).toBe(true)
    // Half kept for walk-ins: half a citizen a slot, so every other slot, from 09:10.
    const halfWalkIn = daySlots(
      centre({ services: { birth: { slotMinutes: 10, walkInShare: 0.5 } } }),
      'birth',
      MONDAY,
    )
    expect(total(halfWalkIn)).toBe(27)
    expect(startsAt(halfWalkIn).slice(0, 3)).toEqual(['04:10', '04:30', '04:50'])
    // Land: d3 alone, 30 × 0.5 ÷ 20 = 0.75 a slot, 13 over the day's 18 slots.
    expect(total(daySlots(centre(), 'land', MONDAY))).toBe(13)
  })

  it('holds nothing back for walk-ins when a service or the whole centre serves by booking only', () => {
    const services = { birth: { slotMinutes: 10, walkInShare: 0.5, onlyBooking: true } }
    const onlyBirth = centre({ services })
    expect(isBookingOnly(onlyBirth, 'birth')).toBe(true)
    expect(total(daySlots(onlyBirth, 'birth', MONDAY))).toBe(54)
    const wholeCentre = centre({
      onlyBooking: true,
      services: { birth: { slotMinutes: 10, walkInShare: 0.5 } },
    })
    expect(isBookingOnly(wholeCentre, 'birth')).toBe(true)
    expect(total(daySlots(wholeCentre, 'birth', MONDAY))).toBe(54)
    expect(isBookingOnly(centre(), 'birth')).toBe(false)
  })

  it('follows the learned service time when the caller has one', () => {
    // Passport citizens take 20 minutes, not the configured 10: half as many fit (40.8 ÷ 2, rounded down).
    expect(total(daySlots(centre(), 'passport', MONDAY, { expectedMinutes: 20 }))).toBe(20)
    expect(() => daySlots(centre(), 'passport', MONDAY, { expectedMinutes: 0 })).toThrow(RangeError)
  })

  it('gives Saturday its morning only, and Sunday nothing', () => {
    const passport = daySlots(centre(), 'passport', SATURDAY)
    // Half of d1 is 0.6 citizens a slot: the first whole one is at 09:15.
    expect(passport[0]!.start).toBe(almaty(SATURDAY, '09:15'))
    expect(passport.at(-1)!.end).toBeLessThanOrEqual(almaty(SATURDAY, '13:00'))
    expect(total(passport)).toBe(9) // 16 slots × 0.6, rounded down
    expect(daySlots(centre(), 'birth', SATURDAY)).toHaveLength(24)
    expect(daySlots(centre(), 'land', SATURDAY)).toEqual([]) // d3 does not work on Saturday
    expect(daySlots(centre(), 'passport', '2026-12-20')).toEqual([])
  })

  it('gives no slots on a holiday, and none after a short day ends', () => {
    for (const serviceId of ['passport', 'birth', 'land'])
      expect(daySlots(centre(), serviceId, HOLIDAY)).toEqual([])
    const short = daySlots(centre(), 'passport', SHORT_DAY)
    expect(short.at(-1)!.end).toBe(almaty(SHORT_DAY, '17:00'))
    expect(total(short)).toBe(38) // 28.8 in the morning + 16 × 0.6 until 17:00, rounded down
  })

  it('gives none before today or beyond the horizon', () => {
    const now = almaty(MONDAY, '08:00')
    expect(daySlots(centre(), 'passport', '2026-12-28', { now }).length).toBeGreaterThan(0) // 14 days on
    expect(daySlots(centre(), 'passport', '2026-12-29', { now })).toEqual([])
    expect(daySlots(centre(), 'passport', '2026-12-11', { now })).toEqual([]) // last Friday
    const oneDay = centre({ horizonDays: 1 })
    expect(daySlots(oneDay, 'passport', SHORT_DAY, { now }).length).toBeGreaterThan(0)
    expect(daySlots(oneDay, 'passport', '2026-12-17', { now })).toEqual([])
  })

  it('leaves out the slots that have started, and keeps the others as they were', () => {
    const whole = daySlots(centre(), 'passport', MONDAY)
    const later = daySlots(centre(), 'passport', MONDAY, { now: almaty(MONDAY, '10:05') })
    expect(later[0]!.start).toBe(almaty(MONDAY, '10:15'))
    expect(later).toEqual(whole.filter((s) => s.start >= almaty(MONDAY, '10:15')))
    // A slot starting this very minute can still be taken by someone standing at the kiosk.
    const onTheDot = daySlots(centre(), 'passport', MONDAY, { now: almaty(MONDAY, '10:15') })
    expect(onTheDot[0]!.start).toBe(almaty(MONDAY, '10:15'))
  })

  it('counts today in Almaty, not in UTC', () => {
    // 20:00Z on the 14th is 01:00 on the 15th in Almaty: the 14th is over there, the 15th has just begun.
    const now = Date.UTC(2026, 11, 14, 20, 0)
    expect(daySlots(centre(), 'passport', MONDAY, { now })).toEqual([])
    expect(daySlots(centre(), 'passport', SHORT_DAY, { now })[0]!.start).toBe(Date.UTC(2026, 11, 15, 4, 0))
  })

  it('follows a daylight-saving zone on both sides of the change', () => {
    const raw = rawConfig()
    raw.centre.timeZone = 'Europe/Berlin'
    const config = centre({}, raw)
    // Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026.
    expect(daySlots(config, 'passport', '2026-03-27')[0]!.start).toBe(Date.UTC(2026, 2, 27, 8, 0))
    expect(daySlots(config, 'passport', '2026-03-30')[0]!.start).toBe(Date.UTC(2026, 2, 30, 7, 0))
  })

  it('offers nothing for a service that cannot be booked', () => {
    const noLand = centre({ services: { passport: {} } })
    expect(bookableService(noLand, 'land')).toBeNull()
    expect(daySlots(noLand, 'land', MONDAY)).toEqual([])
    expect(daySlots(centre({ enabled: false }), 'passport', MONDAY)).toEqual([])
    expect(daySlots(centreConfigSchema.parse(rawConfig()), 'passport', MONDAY)).toEqual([])
    expect(daySlots(centre(), 'no-such-service', MONDAY)).toEqual([])
    expect(daySlots(centre(), 'toString', MONDAY)).toEqual([])
  })

  it('computes a day in well under a millisecond', () => {
    const config = centre()
    const now = almaty(MONDAY, '08:00')
    for (let i = 0; i < 200; i++) daySlots(config, 'passport', MONDAY, { now })
    const runs = 2000
    const started = performance.now()
    for (let i = 0; i < runs; i++) daySlots(config, 'passport', MONDAY, { now })
    expect((performance.now() - started) / runs).toBeLessThan(0.5)
  })
})

describe('freeSlots', () => {
  it('tells each slot’s bookings and free places, keeping full ones as full', () => {
    const config = centre()
    const now = almaty(MONDAY, '08:00')
    const [first, second, third] = daySlots(config, 'passport', MONDAY)
    expect([first!.capacity, second!.capacity, third!.capacity]).toEqual([1, 2, 2])
    const booked = new Map([
      [first!.start, 1],
      [second!.start, 1],
      [third!.start, 3], // more than it holds (a capacity that shrank as the learned time grew)
      [almaty(MONDAY, '09:07'), 4], // not a slot: ignored
    ])
    const slots = freeSlots(config, 'passport', MONDAY, booked, { now })
    expect(slots.slice(0, 4).map(({ capacity, booked, free }) => ({ capacity, booked, free }))).toEqual([
      { capacity: 1, booked: 1, free: 0 },
      { capacity: 2, booked: 1, free: 1 },
      { capacity: 2, booked: 3, free: 0 },
      { capacity: 2, booked: 0, free: 2 },
    ])
    expect(slots.map((s) => s.start)).toEqual(daySlots(config, 'passport', MONDAY).map((s) => s.start))
  })
})
