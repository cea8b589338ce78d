/**
 * Booking slots: which times of a day a citizen can book for a service, and how many citizens each
 * time can take. Pure: the config, the day and the clock in, the slots out; the hub counts the bookings.
 *
 * The model, in the centre's own terms:
 *
 * - **Where the time comes from.** `bookings.schedule` says which windows take booked citizens on which
 *   weekdays and hours. A window serves its own `serviceIds` (desks.ts), so the time that can go to a
 *   service is the staffed time of the windows that serve it. A holiday has none; a short day's time
 *   ends at its `to`.
 * - **The slots.** The service's day is cut into `slotMinutes` pieces from the earliest hour a window
 *   serving it is staffed (09:00, 09:15, 09:30, … for 15 minutes). A slot ends by the last staffed
 *   minute (and by a short day's end); a slot no window serves at all (a lunch hour) has no room and is
 *   left out.
 * - **How many citizens fit in a slot.** Its window-minutes: for each staffed window serving the
 *   service, the minutes of the slot it is staffed, divided evenly among all the services it serves,
 *   bookable or not (a window serving three services gives each a third). Of these, the walk-in share is
 *   held back (`walkInShare`; nothing when the service or the centre serves by booking only). What is
 *   left, divided by the minutes one citizen is expected to take, is the slot's room in citizens. The
 *   expected minutes are the estimator's learned figure when the caller has one
 *   (`serviceTime(...).mean`, see service-time.ts), else the service's configured `expectedMinutes`.
 * - **Whole citizens.** The room is rounded down, but over the day rather than slot by slot: a slot's
 *   capacity is the day's room so far, rounded down, less what the slots before it got. So no stretch of
 *   the day from its first slot holds more citizens than its windows' time, and the fractions are not
 *   lost: 0.875 citizens a slot (15 minutes of a window shared by two services, a 30% walk-in share, 6
 *   minutes a citizen) is 0, 1, 1, 1, 1, 1, 1, 1 (7 in 8 slots), where rounding each slot down would
 *   give none at all. A slot with capacity 0 is not listed.
 *
 * Spread over a day this books about (1 − walkInShare) of the windows' time, so booked citizens who come
 * on time find a window within their slot while walk-ins use the rest (see bench/SIMULATION.md,
 * "Booked days"). "Today" and the clock times are the centre's, in `centre.timeZone`.
 */
import type { BookingServiceConfig, CentreConfig } from '../config'
import { daysBetween, localDay, localEpoch, weekdayOf } from './time'

const MINUTE = 60_000
/** Sums of thirds and sevenths are not exact in floating point: 2.9999999 citizens are 3. */
const ROUNDING_SLACK = 1e-9

/** One bookable time of a service on a day. */
export interface Slot {
  /** When the slot starts, epoch ms: the booked time (`bookedFor` of the ticket at check-in). */
  start: number
  /** When it ends, epoch ms: `start` plus the service's `slotMinutes`. */
  end: number
  /** How many citizens can be booked for it (at least 1: a slot with no room is not listed). */
  capacity: number
}

/** A slot with the bookings it holds. `free` is 0 when it is full (never negative). */
export type FreeSlot = Slot & { booked: number; free: number }

export interface SlotOptions {
  /**
   * The time now, epoch ms. With it, slots that have started are left out, and so is a day before
   * today or more than `bookings.horizonDays` after it. Without it, the whole day is listed.
   */
  now?: number
  /** Expected minutes one citizen takes: the estimator's learned figure. Default: `expectedMinutes`. */
  expectedMinutes?: number
}

/** What the slots read of the config. */
export type SlotConfig = Pick<CentreConfig, 'centre' | 'services' | 'desks' | 'bookings'>

/** The service's booking settings, or null when bookings are off or the service is not bookable. */
export function bookableService(config: SlotConfig, serviceId: string): BookingServiceConfig | null {
  const bookings = config.bookings
  if (!bookings?.enabled) return null
  return Object.hasOwn(bookings.services, serviceId) ? bookings.services[serviceId]! : null
}

/** Whether the service is served by booking only (its own setting, or the whole centre's). */
export function isBookingOnly(config: SlotConfig, serviceId: string): boolean {
  const settings = bookableService(config, serviceId)
  return settings !== null && (settings.onlyBooking || config.bookings!.onlyBooking)
}

/** Minutes past midnight of an `HH:MM` clock time. */
const minuteOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5))

/** A window's staffed time on the day, in minutes past midnight, and the share of it the service gets. */
interface Staffed {
  from: number
  to: number
  share: number
}

/** The staffed time of the windows that serve `serviceId` on `day`, cut at a short day's end. */
function staffedTime(config: SlotConfig, serviceId: string, day: string): Staffed[] {
  const bookings = config.bookings!
  const weekday = weekdayOf(day)
  const shortDay = bookings.shortDays.find((d) => d.date === day)
  const dayEnd = shortDay ? minuteOf(shortDay.to) : 24 * 60
  const staffed: Staffed[] = []
  for (const rule of bookings.schedule) {
    if (!rule.days.includes(weekday)) continue
    const from = minuteOf(rule.from)
    const to = Math.min(minuteOf(rule.to), dayEnd)
    if (from >= to) continue
    for (const deskId of rule.desks) {
      const desk = config.desks.find((d) => d.id === deskId)
      if (desk?.serviceIds.includes(serviceId)) staffed.push({ from, to, share: 1 / desk.serviceIds.length })
    }
  }
  return staffed
}

/**
 * The slots of `serviceId` on `day` (`YYYY-MM-DD`, the centre's local day), in time order, each with
 * its capacity (see the module comment). Empty when bookings are off, the service is not bookable, the
 * day is a holiday, or (with `options.now`) the day is past or beyond the horizon.
 */
export function daySlots(
  config: SlotConfig,
  serviceId: string,
  day: string,
  options: SlotOptions = {},
): Slot[] {
  const settings = bookableService(config, serviceId)
  const service = config.services.find((s) => s.id === serviceId)
  const bookings = config.bookings
  if (!settings || !service || !bookings || bookings.holidays.includes(day)) return []
  const { now } = options
  const timeZone = config.centre.timeZone
  if (now !== undefined) {
    const ahead = daysBetween(localDay(now, timeZone), day)
    if (ahead < 0 || ahead > bookings.horizonDays) return []
  }
  const staffed = staffedTime(config, serviceId, day)
  if (staffed.length === 0) return []

  const walkInShare = settings.onlyBooking || bookings.onlyBooking ? 0 : settings.walkInShare
  const expectedMinutes = options.expectedMinutes ?? service.expectedMinutes
  if (!(expectedMinutes > 0)) throw new RangeError(`expectedMinutes must be above 0, got ${expectedMinutes}`)
  const citizensPerMinute = (1 - walkInShare) / expectedMinutes
  const length = settings.slotMinutes
  const first = Math.min(...staffed.map((s) => s.from))
  const last = Math.max(...staffed.map((s) => s.to))

  // Clock minutes to epoch ms: one offset for the day unless a daylight-saving change falls inside it.
  const base = localEpoch(day, first, timeZone)
  const steady = localEpoch(day, last, timeZone) - base === (last - first) * MINUTE
  const epochOf = (minute: number) =>
    steady ? base + (minute - first) * MINUTE : localEpoch(day, minute, timeZone)

  const slots: Slot[] = []
  let room = 0 // citizens the day's slots so far can take, not rounded
  let given = 0 // whole citizens given to those slots
  for (let from = first; from + length <= last; from += length) {
    const to = from + length
    let windowMinutes = 0
    for (const s of staffed) {
      const overlap = Math.min(to, s.to) - Math.max(from, s.from)
      if (overlap > 0) windowMinutes += overlap * s.share
    }
    room += windowMinutes * citizensPerMinute
    const capacity = Math.floor(room + ROUNDING_SLACK) - given
    given += capacity
    if (capacity < 1) continue
    const start = epochOf(from)
    // A clock time a daylight-saving change skips maps onto the next slot's moment: list that once.
    if (start <= (slots.at(-1)?.start ?? -Infinity)) continue
    if (now !== undefined && start < now) continue
    slots.push({ start, end: start + length * MINUTE, capacity })
  }
  return slots
}

/**
 * The day's slots with what is booked in each: `bookedPerStart` maps a slot's `start` to its bookings
 * (active ones; the hub counts them). Full slots are kept (`free: 0`) so a page can show them as taken;
 * offer those with `free > 0`.
 */
export function freeSlots(
  config: SlotConfig,
  serviceId: string,
  day: string,
  bookedPerStart: ReadonlyMap<number, number>,
  options: SlotOptions & { now: number },
): FreeSlot[] {
  return daySlots(config, serviceId, day, options).map((slot) => {
    const booked = bookedPerStart.get(slot.start) ?? 0
    return { ...slot, booked, free: Math.max(0, slot.capacity - booked) }
  })
}
