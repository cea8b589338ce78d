import { describe, expect, it } from 'vitest'
import { loadCentreConfig, DEFAULT_CONFIG_PATH } from '../../src-main/hub/config-file'
import { centreConfigSchema, describeIssues } from '../../src-shared/config'
import { rawConfig } from './fixtures'

/** The test centre (desks d1: passport + birth, d2: passport, d3: land; open Mon–Fri 9–18, Sat 9–13). */
function withBookings(bookings: Record<string, unknown>) {
  return { ...rawConfig(), bookings }
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri']
const rule = (desks: string[], from = '09:00', to = '18:00', days = weekdays) => ({ days, from, to, desks })

/** A valid section, changed by `change`. */
function section(change: Record<string, unknown> = {}) {
  return {
    enabled: true,
    schedule: [rule(['d1', 'd2', 'd3']), rule(['d1'], '09:00', '13:00', ['sat'])],
    holidays: ['2026-12-16'],
    shortDays: [{ date: '2026-12-15', to: '17:00' }],
    services: { passport: {}, land: { slotMinutes: 30, walkInShare: 0.5 } },
    ...change,
  }
}

function problems(config: unknown): string[] {
  const result = centreConfigSchema.safeParse(config)
  return result.success ? [] : describeIssues(result.error)
}

describe('the bookings section of the centre config', () => {
  it('is optional, and fills in the defaults, with the centre’s own limits', () => {
    expect(centreConfigSchema.parse(rawConfig()).bookings).toBeUndefined()
    expect(centreConfigSchema.parse(withBookings({})).bookings).toEqual({
      enabled: false,
      horizonDays: 14,
      onlyBooking: false,
      schedule: [],
      holidays: [],
      shortDays: [],
      services: {},
      limits: { periodDays: 10, perPeriod: 1, servicesPerDay: 2, oneActivePerService: true },
      retentionDays: 30,
    })
    const config = centreConfigSchema.parse(withBookings(section()))
    expect(config.bookings?.services).toEqual({
      passport: { slotMinutes: 15, walkInShare: 0.3, onlyBooking: false },
      land: { slotMinutes: 30, walkInShare: 0.5, onlyBooking: false },
    })
  })

  it('is on in the demo centre, Monday to Friday 09:00–18:00 and Saturday 09:00–13:00', () => {
    const demo = loadCentreConfig(DEFAULT_CONFIG_PATH).bookings!
    expect(demo.enabled).toBe(true)
    expect(demo.schedule.map((r) => [r.days.join(','), r.from, r.to])).toEqual([
      ['mon,tue,wed,thu,fri', '09:00', '18:00'],
      ['sat', '09:00', '13:00'],
    ])
    expect(demo.holidays).toContain('2026-12-16')
    expect(Object.keys(demo.services).length).toBeGreaterThanOrEqual(3)
    expect(demo.limits).toEqual({
      periodDays: 10,
      perPeriod: 1,
      servicesPerDay: 2,
      oneActivePerService: true,
    })
  })

  it('names the field of every value out of range', () => {
    expect(
      problems(
        withBookings(
          section({
            horizonDays: 91,
            retentionDays: 0,
            services: { passport: { slotMinutes: 4, walkInShare: 1.5, onlyBooking: 'yes' } },
            limits: { periodDays: 0, perPeriod: 1.5, servicesPerDay: 21, oneActivePer: true },
          }),
        ),
      ),
    ).toEqual([
      'bookings.horizonDays: Too big: expected number to be <=90',
      'bookings.services.passport.slotMinutes: Too small: expected number to be >=5',
      'bookings.services.passport.walkInShare: Too big: expected number to be <=1',
      'bookings.services.passport.onlyBooking: Invalid input: expected boolean, received string',
      'bookings.limits.periodDays: Too small: expected number to be >=1',
      'bookings.limits.perPeriod: Invalid input: expected int, received number',
      'bookings.limits.servicesPerDay: Too big: expected number to be <=20',
      'bookings.limits.oneActivePer: unknown field',
      'bookings.retentionDays: Too small: expected number to be >=1',
    ])
  })

  it('names the field of a bad schedule rule', () => {
    const schedule = [
      { days: ['monday'], from: '9:00', to: '18:00', desks: ['d1'] },
      rule(['d1', 'd1'], '09:00', '13:00', ['sat', 'sat']),
      rule(['d2'], '13:00', '12:00'),
      rule([], '09:00', '18:00', []),
    ]
    expect(problems(withBookings(section({ schedule })))).toEqual([
      'bookings.schedule[0].days[0]: Invalid option: expected one of "mon"|"tue"|"wed"|"thu"|"fri"|"sat"|"sun"',
      'bookings.schedule[0].from: must be a time HH:MM (24-hour)',
      'bookings.schedule[1].days[1]: "sat" is listed twice',
      'bookings.schedule[1].desks[1]: "d1" is listed twice',
      'bookings.schedule[2].to: must be later than from (13:00)',
      'bookings.schedule[3].days: name at least one day',
      'bookings.schedule[3].desks: name at least one desk',
    ])
  })

  it('refuses a desk that does not exist, or one staffed by two rules at once', () => {
    const schedule = [
      rule(['d1', 'd2']),
      rule(['d9'], '09:00', '13:00'),
      rule(['d3', 'd2'], '12:00', '14:00', ['fri', 'sat']),
      // Back to back is not an overlap.
      rule(['d3'], '14:00', '18:00', ['fri']),
    ]
    const lines = problems(withBookings(section({ schedule, services: { passport: {} } })))
    expect(lines).toEqual([
      'bookings.schedule[1].desks[0]: unknown desk "d9"',
      "bookings.schedule[2].days[1]: 12:00–14:00 is outside the centre's opening hours on sat (09:00–13:00)",
      'bookings.schedule[2].desks[1]: desk "d2" is already scheduled on fri 09:00–18:00 by bookings.schedule[0]',
    ])
  })

  it('allows one desk in two rules that do not meet: a morning and an afternoon', () => {
    const schedule = [rule(['d1', 'd2'], '09:00', '13:00'), rule(['d1'], '13:00', '18:00')]
    expect(problems(withBookings(section({ schedule, services: { passport: {} } })))).toEqual([])
  })

  it('refuses a service that does not exist, or that no scheduled desk serves', () => {
    const schedule = [rule(['d2'])] // d2 serves passport only
    const services = { passport: {}, land: {}, birth: {}, 'no-such-service': {} }
    expect(problems(withBookings(section({ schedule, services })))).toEqual([
      'bookings.services.land: no desk in bookings.schedule serves it: add a rule for a desk whose serviceIds include it',
      'bookings.services.birth: no desk in bookings.schedule serves it: add a rule for a desk whose serviceIds include it',
      'bookings.services.no-such-service: unknown service "no-such-service"',
    ])
  })

  it('refuses bookings turned on with nothing to book, but not when off', () => {
    expect(problems(withBookings(section({ services: {} })))).toEqual([
      'bookings.services: list at least one bookable service, or set enabled: false',
    ])
    expect(problems(withBookings(section({ enabled: false, services: {} })))).toEqual([])
  })

  it('refuses dates that are not days, and days listed twice', () => {
    const lines = problems(
      withBookings(
        section({
          holidays: ['2026-12-16', '2026-02-30', '16.12.2026', '2026-12-16'],
          shortDays: [
            { date: '2026-12-15', to: '17:00' },
            { date: '2026-12-15', to: '16:00' },
            { date: '2026-12-16', to: '12:00' },
            { date: '2026-13-01', to: '24:00' },
          ],
        }),
      ),
    )
    expect(lines).toEqual([
      'bookings.holidays[1]: is not a day of the calendar',
      'bookings.holidays[2]: must be a date YYYY-MM-DD',
      'bookings.shortDays[3].date: is not a day of the calendar',
      'bookings.shortDays[3].to: must be a time HH:MM (24-hour)',
      'bookings.holidays[3]: "2026-12-16" is listed twice (bookings.holidays[0])',
      'bookings.shortDays[1].date: "2026-12-15" is listed twice (bookings.shortDays[0])',
      'bookings.shortDays[2].date: "2026-12-16" is also a holiday (bookings.holidays[0])',
    ])
  })

  it('refuses a field it does not know, such as the late window that belongs to the policy', () => {
    expect(problems(withBookings(section({ lateMinutes: 15 })))).toEqual([
      'bookings.lateMinutes: unknown field',
    ])
  })
})
