/**
 * Bookings: when which windows take booked citizens, which services can be booked and how long their
 * slots are, the share of window time held back for walk-ins, the calendar (holidays, short days) and
 * the limits per IIN. The slots themselves are computed from this section by `src-shared/domain/slots.ts`.
 *
 * How early or late a booked citizen may come is not here: it is the call-next policy's
 * `bookingEarlyMinutes` / `bookingLateMinutes`, one rule for the queue and the booking alike.
 */
import { z } from 'zod'
import { WEEKDAYS, type Weekday } from './centre'
import { clockTime, id } from './common'
import type { DeskConfig } from './desks'
import type { ServiceConfig } from './services'

/** `YYYY-MM-DD`, a day that exists in the calendar (no 2026-02-30). */
export const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return true // the shape is reported once, above
    const [y, m, d] = value.split('-').map(Number) as [number, number, number]
    const date = new Date(Date.UTC(y, m - 1, d))
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
  }, 'is not a day of the calendar')

const listedOnce = <T extends z.ZodType>(item: T) =>
  z.array(item).superRefine((items, ctx) => {
    items.forEach((value, index) => {
      if (items.indexOf(value) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `"${String(value)}" is listed twice` })
      }
    })
  })

/** Which windows take booked citizens on which weekdays, from `from` until `to` (local time). */
export const bookingRuleSchema = z
  .object({
    days: listedOnce(z.enum(WEEKDAYS)).min(1, 'name at least one day'),
    from: clockTime,
    to: clockTime,
    /** Desk ids; each serves its own `serviceIds` during the rule's hours. */
    desks: listedOnce(id).min(1, 'name at least one desk'),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.from >= rule.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be later than from (${rule.from})` })
    }
  })
export type BookingRule = z.infer<typeof bookingRuleSchema>

/** A bookable service: its slot length, the walk-in share and whether walk-ins are served at all. */
export const bookingServiceSchema = z
  .object({
    /** Length of one slot; citizens are booked at its start. */
    slotMinutes: z.number().int().min(5).max(120).default(15),
    /** Share of the window time held back for walk-ins, 0–1 (ignored when the service is booking-only). */
    walkInShare: z.number().min(0).max(1).default(0.3),
    /** Serve this service by booking only: the kiosk offers a walk-in the next free slot instead of a ticket. */
    onlyBooking: z.boolean().default(false),
  })
  .strict()
export type BookingServiceConfig = z.infer<typeof bookingServiceSchema>

/**
 * The limits per IIN. The ЦОН's own rules are the defaults: one visit in 10 days, with at most two
 * services in it, and never two open bookings for one service.
 */
export const bookingLimitsSchema = z
  .object({
    /** The period `perPeriod` counts in, days. */
    periodDays: z.number().int().min(1).max(365).default(10),
    /**
     * Days with bookings (visits) one IIN may hold within any `periodDays` consecutive days. Bookings on
     * one day are one visit; `servicesPerDay` bounds them.
     */
    perPeriod: z.number().int().min(1).max(100).default(1),
    /** Different services one IIN may book on one day. */
    servicesPerDay: z.number().int().min(1).max(20).default(2),
    /** One booking per IIN and service at a time, until it is used, cancelled or lapsed. */
    oneActivePerService: z.boolean().default(true),
  })
  .strict()
export type BookingLimits = z.infer<typeof bookingLimitsSchema>

/** Days a booking's IIN and phone are kept after their last use (see `retentionDays`). */
export const DEFAULT_BOOKING_RETENTION_DAYS = 30

/** The `bookings` section of the centre config. */
export const bookingsSchema = z
  .object({
    /** Off by default: a centre turns bookings on once its schedule is right. */
    enabled: z.boolean().default(false),
    /** How many days ahead a citizen can book: today up to today + horizonDays. */
    horizonDays: z.number().int().min(1).max(90).default(14),
    /** The whole centre serves by booking only, whatever each service says. */
    onlyBooking: z.boolean().default(false),
    schedule: z.array(bookingRuleSchema).max(200).default([]),
    /** Days without slots. */
    holidays: z.array(calendarDay).max(400).default([]),
    /** Days that end early: no slot ends after `to`. */
    shortDays: z
      .array(z.object({ date: calendarDay, to: clockTime }).strict())
      .max(400)
      .default([]),
    /** Bookable services by service id; a service not listed cannot be booked. Ids are checked with the rest. */
    services: z.record(z.string(), bookingServiceSchema).default({}),
    limits: bookingLimitsSchema.default(bookingLimitsSchema.parse({})),
    /**
     * Personal data is kept only as long as its purpose needs (Law 94-V): a booking's IIN and phone
     * (vault entries) are erased this many days after they were last put, unless a booking still
     * booked or checked in names them. The bookings themselves, by entry id, stay.
     */
    retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_BOOKING_RETENTION_DAYS),
  })
  .strict()
export type BookingsConfig = z.infer<typeof bookingsSchema>

type Checked = {
  centre: { openingHours: Record<Weekday, [string, string][]> }
  services: ServiceConfig[]
  desks: DeskConfig[]
  bookings?: BookingsConfig | undefined
}

/** The checks across fields: every desk, service and date the section names fits the rest of the file. */
export function checkBookings(config: Checked, ctx: z.RefinementCtx): void {
  const bookings = config.bookings
  if (!bookings) return
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path: ['bookings', ...path], message })
  const desks = new Map(config.desks.map((desk) => [desk.id, desk]))

  bookings.schedule.forEach((rule, i) => {
    rule.desks.forEach((deskId, j) => {
      if (!desks.has(deskId)) issue(['schedule', i, 'desks', j], `unknown desk "${deskId}"`)
    })
    rule.days.forEach((day, j) => {
      const open = config.centre.openingHours[day] ?? []
      if (!open.some(([from, to]) => from <= rule.from && rule.to <= to)) {
        const hours = open.length ? open.map(([from, to]) => `${from}–${to}`).join(', ') : 'closed'
        issue(
          ['schedule', i, 'days', j],
          `${rule.from}–${rule.to} is outside the centre's opening hours on ${day} (${hours})`,
        )
      }
    })
  })
  checkOverlaps(bookings.schedule, issue)

  const scheduled = new Set(bookings.schedule.flatMap((rule) => rule.desks))
  const services = new Set(config.services.map((service) => service.id))
  const serviceIds = Object.keys(bookings.services)
  for (const serviceId of serviceIds) {
    if (!services.has(serviceId)) {
      issue(['services', serviceId], `unknown service "${serviceId}"`)
    } else if (!config.desks.some((d) => scheduled.has(d.id) && d.serviceIds.includes(serviceId))) {
      issue(
        ['services', serviceId],
        'no desk in bookings.schedule serves it: add a rule for a desk whose serviceIds include it',
      )
    }
  }
  if (bookings.enabled && serviceIds.length === 0) {
    issue(['services'], 'list at least one bookable service, or set enabled: false')
  }

  const holidays = new Map<string, number>()
  bookings.holidays.forEach((day, i) => {
    const first = holidays.get(day)
    if (first !== undefined) issue(['holidays', i], `"${day}" is listed twice (bookings.holidays[${first}])`)
    else holidays.set(day, i)
  })
  const shortDays = new Map<string, number>()
  bookings.shortDays.forEach(({ date }, i) => {
    const first = shortDays.get(date)
    const holiday = holidays.get(date)
    if (first !== undefined) {
      issue(['shortDays', i, 'date'], `"${date}" is listed twice (bookings.shortDays[${first}])`)
    } else if (holiday !== undefined) {
      issue(['shortDays', i, 'date'], `"${date}" is also a holiday (bookings.holidays[${holiday}])`)
    }
    shortDays.set(date, first ?? i)
  })
}

/** Two rules that staff one desk at the same time on the same day would count its minutes twice. */
function checkOverlaps(
  schedule: readonly BookingRule[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  schedule.forEach((later, j) => {
    for (let i = 0; i < j; i++) {
      const earlier = schedule[i]!
      if (!(earlier.from < later.to && later.from < earlier.to)) continue
      const days = later.days.filter((day) => earlier.days.includes(day))
      if (days.length === 0) continue
      later.desks.forEach((deskId, k) => {
        if (!earlier.desks.includes(deskId)) return
        issue(
          ['schedule', j, 'desks', k],
          `desk "${deskId}" is already scheduled on ${days.join(', ')} ${earlier.from}–${earlier.to} by bookings.schedule[${i}]`,
        )
      })
    }
  })
}
