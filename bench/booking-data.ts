/**
 * What the bookings measurement (8, `bookings.ts`) books with: the centre config its hub runs on, the
 * citizens (a distinct valid IIN and phone each) and the slots. Pure and deterministic, so a test can
 * check it (tests/bench/booking-data.test.ts).
 *
 * Every booking needs its own citizen: the centre's limits (one visit per 10 days, one open booking per
 * service) refuse a second booking for one IIN, and the bench measures booking, not refusing. It needs a
 * free place too, so the bench centre has room for far more bookings than a run makes (see
 * `bookingBenchConfig`), and the bench hands out places slot by slot, never more than a slot holds.
 */
import { centreConfigSchema, type CentreConfig } from '../src-shared/config'
import { daySlots } from '../src-shared/domain'
import { iinCheckDigit } from '../src-shared/kz/iin'

/** The demo integration the bench books through (docs/demo-accounts.md), and its public key. */
export const BENCH_INTEGRATION = { id: 'egov-demo', key: 'kezek-demo-egov-2026-integration-key' }

/** Days ahead of the hub's today where the bench starts booking: no slot starts, or lapses, meanwhile. */
export const FIRST_DAY_AHEAD = 2

const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

/**
 * The demo centre, changed so that a run measures booking throughput rather than full slots or the
 * integration's rate limit, and so saying:
 *
 * - the demo integration's rate limit (20 a second, bursts of 40) is lifted to the config's maximum,
 *   as `serve-hub.ts` lifts the sockets' command rate: 50 clients booking back to back is no real
 *   integration's traffic;
 * - the centre is open, and its booking windows (desks 3, 4 and 5, as in the demo) take booked citizens,
 *   every day from 00:00 to 23:59, with no walk-in share, no holidays and a 60-day horizon, and every bookable service is
 *   expected to take 1 minute: about 3,400 places a day and 200,000 in the horizon, where the demo has
 *   about 70 a weekday;
 * - the per-person limits stay the centre's own (each booking is a new citizen, so they never refuse).
 *
 * The result is validated by the config schema like any centre's file.
 */
export function bookingBenchConfig(demo: CentreConfig): CentreConfig {
  if (!demo.bookings) throw new Error('the demo config has no bookings section')
  const bookable = new Set(Object.keys(demo.bookings.services))
  const desks = [...new Set(demo.bookings.schedule.flatMap((rule) => rule.desks))]
  const allDay = Object.fromEntries(ALL_WEEK.map((day) => [day, [['00:00', '23:59']]]))
  const changed = {
    ...demo,
    centre: { ...demo.centre, openingHours: allDay },
    services: demo.services.map((service) =>
      bookable.has(service.id) ? { ...service, expectedMinutes: 1 } : service,
    ),
    bookings: {
      ...demo.bookings,
      enabled: true,
      horizonDays: 60,
      onlyBooking: false,
      schedule: [{ days: [...ALL_WEEK], from: '00:00', to: '23:59', desks }],
      holidays: [],
      shortDays: [],
      services: Object.fromEntries(
        Object.entries(demo.bookings.services).map(([id, settings]) => [id, { ...settings, walkInShare: 0 }]),
      ),
    },
    integrations: demo.integrations.map((integration) =>
      integration.id === BENCH_INTEGRATION.id
        ? { ...integration, rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } }
        : integration,
    ),
  }
  return centreConfigSchema.parse(changed)
}

/**
 * An IIN born `day` days after 1950-01-01 (the 1900s: seventh digit 3) with this serial, or null when
 * its first 11 digits have no check digit (about one in eleven: no such IIN is ever issued). Its fifth
 * digit, the tens of the day of the month, is 0–3, so it is never read as a business number (BIN).
 */
function iinDigits(day: number, serial: number): string | null {
  const date = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000)
  const yymmdd = [date.getUTCFullYear() % 100, date.getUTCMonth() + 1, date.getUTCDate()]
    .map((part) => String(part).padStart(2, '0'))
    .join('')
  const first11 = `${yymmdd}3${String(serial).padStart(4, '0')}`
  const check = iinCheckDigit([...first11].map(Number))
  return check === null ? null : `${first11}${check}`
}

/**
 * Distinct valid IINs without end, in a fixed order (the same every run), 10,000 serials a birth day from
 * 1950-01-01 on: each is another citizen to the centre's limits. About 3.3 million before it throws.
 */
export function* benchIins(): Generator<string, never> {
  for (let n = 0; n < 3_650_000; n++) {
    const iin = iinDigits(Math.floor(n / 10_000), n % 10_000)
    if (iin) yield iin
  }
  throw new Error('the bench has no more IINs (about 3.3 million)')
}

/** The `n`th bench citizen's mobile number, E.164, distinct for n below 10,000,000 (range +7 701). */
export function benchPhone(n: number): string {
  return `+7701${String(n % 10_000_000).padStart(7, '0')}`
}

/** A place in a slot: the service and the slot's start (epoch ms). */
export interface Place {
  serviceId: string
  slotStart: number
}

/**
 * Places to book, in order: every bookable service's slots day by day from `FIRST_DAY_AHEAD` days after
 * `today` (the hub's local day) to the horizon, each slot as often as its capacity, the services taking
 * turns slot by slot. Throws once the horizon has no more.
 */
export function* benchPlaces(config: CentreConfig, today: string): Generator<Place, never> {
  const bookings = config.bookings
  if (!bookings) throw new Error('the config has no bookings section')
  const serviceIds = Object.keys(bookings.services)
  let given = 0
  for (let ahead = FIRST_DAY_AHEAD; ahead <= bookings.horizonDays; ahead++) {
    const day = addDays(today, ahead)
    const slots = serviceIds.map((serviceId) => ({ serviceId, slots: daySlots(config, serviceId, day) }))
    const longest = Math.max(...slots.map((s) => s.slots.length))
    for (let i = 0; i < longest; i++) {
      for (const { serviceId, slots: list } of slots) {
        const slot = list[i]
        if (!slot) continue
        for (let k = 0; k < slot.capacity; k++) {
          given += 1
          yield { serviceId, slotStart: slot.start }
        }
      }
    }
  }
  throw new Error(`the bench centre's horizon holds ${given} places, and all are taken`)
}

/** `YYYY-MM-DD` plus `days` days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
