import { describe, expect, it } from 'vitest'
import { dayChange, formatNumber } from '../../src-shared/domain/decide'
import { isOpen, localDay, localTime } from '../../src-shared/domain/time'
import { kiosk, MINUTE, TestCentre, testConfig, TIME_ZONE } from './fixtures'

/** Sunday 23:59:59 and Monday 00:00:00 in Almaty are 18:59:59Z and 19:00:00Z (UTC+5). */
const SUNDAY_23_59_59 = Date.UTC(2025, 2, 9, 18, 59, 59)
const MONDAY_00_00 = Date.UTC(2025, 2, 9, 19, 0, 0)

function utcOffsetOf(at: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    timeZoneName: 'shortOffset',
  }).formatToParts(at)
  return parts.find((p) => p.type === 'timeZoneName')!.value
}

describe('ticket numbers', () => {
  it('are the prefix and three digits', () => {
    expect(formatNumber('A', 1)).toBe('A001')
    expect(formatNumber('B', 42)).toBe('B042')
    expect(formatNumber('ЖК', 999)).toBe('ЖК999')
    expect(formatNumber('A', 1000)).toBe('A1000')
  })

  it('count per prefix, and services that share a prefix share its counter', () => {
    const c = new TestCentre()
    const numbers = [
      c.issue('passport'),
      c.issue('passport'),
      c.issue('birth'),
      c.issue('land'),
      c.issue('passport'),
      c.issue('land'),
    ].map((t) => t.number)
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'B001', 'A004', 'B002'])
    expect(c.state.counters).toEqual({ A: 4, B: 2 })
  })

  it('never repeat within a day, whatever the services, transfers and cancels', () => {
    const c = new TestCentre()
    const services = ['passport', 'birth', 'land', 'birth', 'birth', 'land', 'passport']
    const numbers: string[] = []
    for (let i = 0; i < 70; i++) {
      const t = c.issue(services[i % services.length]!)
      numbers.push(t.number)
      if (i % 5 === 0) c.run({ type: 'ticket:cancel', ticketId: t.id, reason: 'the citizen asked' })
      else if (i % 7 === 3) {
        c.run({
          type: 'ticket:transfer',
          ticketId: t.id,
          serviceId: t.serviceId === 'land' ? 'birth' : 'land',
          reason: 'wrong service',
        })
      }
      c.clock.advance(1_000)
    }
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(new Set(Object.values(c.state.tickets).map((t) => t.number)).size).toBe(70)
  })

  it('go past 999 with one more digit and never repeat', () => {
    const c = new TestCentre()
    const numbers = new Set<string>()
    let last = ''
    for (let i = 1; i <= 1001; i++) {
      last = c.issue(i % 3 ? 'passport' : 'birth').number
      numbers.add(last)
    }
    expect(numbers.size).toBe(1001)
    expect(numbers.has('A999')).toBe(true)
    expect(numbers.has('A1000')).toBe(true)
    expect(last).toBe('A1001')
    expect(c.issue('land').number).toBe('B001')
  })

  describe("restart at the centre's local midnight, not UTC midnight", () => {
    it('Almaty is UTC+5 on these dates (checked with Intl, not assumed)', () => {
      expect(utcOffsetOf(SUNDAY_23_59_59)).toBe('GMT+5')
      expect(utcOffsetOf(MONDAY_00_00)).toBe('GMT+5')
      expect(localTime(SUNDAY_23_59_59, TIME_ZONE)).toEqual({
        day: '2025-03-09',
        clock: '23:59',
        weekday: 'sun',
      })
      expect(localTime(MONDAY_00_00, TIME_ZONE)).toEqual({
        day: '2025-03-10',
        clock: '00:00',
        weekday: 'mon',
      })
    })

    it('opens the first day with the first command', () => {
      const c = new TestCentre({ start: SUNDAY_23_59_59 })
      const events = c.run({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)
      expect(events.map((e) => e.type)).toEqual(['day:opened', 'ticket:issued'])
      expect(events[0]).toMatchObject({ type: 'day:opened', day: '2025-03-09', seq: 1 })
      expect(events[1]).toMatchObject({ number: 'A001', seq: 2 })
    })

    it('numbers from A001 again at 00:00 local (19:00Z), with a day:opened event', () => {
      const c = new TestCentre({ start: SUNDAY_23_59_59 - 2 * MINUTE })
      c.open('d1', c.aigerim)
      c.issue('passport')
      c.issue('land')
      c.clock.set(SUNDAY_23_59_59)
      const lastOfSunday = c.run({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)
      expect(lastOfSunday.map((e) => e.type)).toEqual(['ticket:issued'])
      expect(lastOfSunday[0]).toMatchObject({ number: 'A002' })
      expect(c.state.day).toBe('2025-03-09')

      c.clock.set(MONDAY_00_00)
      expect(dayChange(c.state, c.config, MONDAY_00_00)).toMatchObject({
        type: 'day:opened',
        day: '2025-03-10',
      })
      const firstOfMonday = c.run({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)
      // Sunday's three tickets still waiting are closed first, with the reason, then Monday opens.
      expect(firstOfMonday.map((e) => e.type)).toEqual([
        'ticket:closed',
        'ticket:closed',
        'ticket:closed',
        'day:opened',
        'ticket:issued',
      ])
      expect(firstOfMonday[0]).toMatchObject({ type: 'ticket:closed', reason: 'day_ended' })
      expect(firstOfMonday[3]).toMatchObject({ day: '2025-03-10' })
      expect(firstOfMonday[4]).toMatchObject({ number: 'A001' })
      expect(c.issue('land').number).toBe('B001')
      // Yesterday's tickets and queues are gone; the open desk stays open and empty-handed.
      expect(Object.values(c.state.tickets).map((t) => t.number)).toEqual(['A001', 'B001'])
      expect(c.state.desks.d1).toMatchObject({ status: 'open', staffId: 'aigerim', ticketId: null })
    })

    it('keeps counting through UTC midnight, which is 05:00 in Almaty', () => {
      const c = new TestCentre({ start: MONDAY_00_00 })
      expect(c.issue('passport').number).toBe('A001')
      // 23:30Z Sunday UTC is already 04:30 Monday here: the same local day as 19:00Z.
      c.clock.set(Date.UTC(2025, 2, 9, 23, 30))
      expect(localDay(c.clock.now(), TIME_ZONE)).toBe('2025-03-10')
      expect(dayChange(c.state, c.config, c.clock.now())).toBeNull()
      const events = c.run({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)
      expect(events.map((e) => e.type)).toEqual(['ticket:issued'])
      expect(events[0]).toMatchObject({ number: 'A002' })
      // The UTC date turns at 05:00 local; the centre's day does not.
      c.clock.set(Date.UTC(2025, 2, 10, 0, 0, 1))
      expect(c.issue('passport').number).toBe('A003')
      // Until 18:59:59Z Monday it is still Monday in Almaty.
      c.clock.set(Date.UTC(2025, 2, 10, 18, 59, 59))
      expect(c.issue('passport').number).toBe('A004')
      c.clock.set(Date.UTC(2025, 2, 10, 19, 0, 0))
      expect(c.issue('passport').number).toBe('A001')
      expect(c.state.day).toBe('2025-03-11')
    })

    it('does not reopen yesterday when the clock steps back over midnight, and never reuses a number', () => {
      const c = new TestCentre({ start: MONDAY_00_00 })
      expect(c.issue('passport').number).toBe('A001')
      expect(c.issue('passport').number).toBe('A002')
      // An NTP correction puts the clock back to Sunday 23:59:59 local.
      c.clock.set(SUNDAY_23_59_59)
      expect(dayChange(c.state, c.config, c.clock.now())).toBeNull()
      const events = c.run({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)
      expect(events.map((e) => e.type)).toEqual(['ticket:issued'])
      expect(events[0]).toMatchObject({ number: 'A003' })
      expect(c.state.day).toBe('2025-03-10')
      expect(Object.values(c.state.tickets).map((t) => t.number)).toEqual(['A001', 'A002', 'A003'])
    })
  })
})

describe('local time', () => {
  const hours = testConfig().centre.openingHours
  const at = (day: number, hour: number, minute = 0, second = 0) =>
    Date.UTC(2025, 2, day, hour - 5, minute, second)

  it('gives the local day in the centre zone', () => {
    expect(localDay(SUNDAY_23_59_59, TIME_ZONE)).toBe('2025-03-09')
    expect(localDay(MONDAY_00_00, TIME_ZONE)).toBe('2025-03-10')
    expect(localDay(MONDAY_00_00, 'UTC')).toBe('2025-03-09')
  })

  it('is open inside the opening hours, [from, to) in local time', () => {
    expect(new Date(at(10, 12)).getUTCDay()).toBe(1) // 10 March 2025 is a Monday
    expect(isOpen(at(10, 8, 59, 59), TIME_ZONE, hours)).toBe(false)
    expect(isOpen(at(10, 9), TIME_ZONE, hours)).toBe(true)
    expect(isOpen(at(10, 17, 59, 59), TIME_ZONE, hours)).toBe(true)
    expect(isOpen(at(10, 18), TIME_ZONE, hours)).toBe(false)
    expect(isOpen(at(15, 12, 30), TIME_ZONE, hours)).toBe(true) // Saturday morning
    expect(isOpen(at(15, 13), TIME_ZONE, hours)).toBe(false)
    expect(isOpen(at(16, 12), TIME_ZONE, hours)).toBe(false) // Sunday: no hours
  })

  it('refuses tickets outside opening hours when the centre enforces them', () => {
    const c = new TestCentre({ policy: { enforceOpeningHours: true }, start: at(10, 8, 59) })
    expect(c.errorOf({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)).toBe('centre_closed')
    c.clock.set(at(10, 9))
    expect(c.issue('passport').number).toBe('A001')
    c.clock.set(at(10, 18))
    expect(c.errorOf({ type: 'ticket:issue', serviceId: 'passport' }, kiosk)).toBe('centre_closed')
  })

  it('issues at any hour when the centre does not enforce them', () => {
    const c = new TestCentre({ start: at(16, 3) })
    expect(c.issue('passport').number).toBe('A001')
  })
})
