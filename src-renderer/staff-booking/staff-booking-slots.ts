/**
 * What staff choose from when booking on a citizen's behalf: the bookable services, the days from today
 * to the horizon that have slots, and a day's slots with the places still free. From the same `daySlots`
 * the hub books by and the bookings the centre store holds (staff get every booking, future ones too),
 * so what is offered is what the hub accepts unless someone books it first. Pure.
 */
import type { PublicCentreConfig } from '../../src-shared/config'
import {
  bookableService,
  freeSlots,
  holdsPlace,
  localDay,
  type CentreState,
  type FreeSlot,
} from '../../src-shared/domain'

const DAY_MS = 24 * 60 * 60_000

/** The services that can be booked ahead, in the config's order. */
export function bookableServiceIds(config: PublicCentreConfig): string[] {
  return config.services.filter((s) => bookableService(config, s.id) !== null).map((s) => s.id)
}

/** Places taken per slot start of `serviceId` on `day`, by the bookings that hold one. */
function placesTaken(state: CentreState, serviceId: string, day: string): Map<number, number> {
  const taken = new Map<number, number>()
  for (const booking of Object.values(state.bookings ?? {})) {
    if (booking.serviceId !== serviceId || booking.day !== day || !holdsPlace(booking)) continue
    taken.set(booking.slotStart, (taken.get(booking.slotStart) ?? 0) + 1)
  }
  return taken
}

/** The slots of `serviceId` on `day` still to come at `now`, each with its free places (full ones too). */
export function slotsOfDay(
  state: CentreState,
  config: PublicCentreConfig,
  serviceId: string,
  day: string,
  now: number,
): FreeSlot[] {
  return freeSlots(config, serviceId, day, placesTaken(state, serviceId, day), { now })
}

export interface BookingDay {
  /** `YYYY-MM-DD`, the centre's local day. */
  day: string
  /** Places still free that day. */
  free: number
}

/** Today and the days up to the horizon that have slots of the service, with their free places. */
export function bookingDays(
  state: CentreState,
  config: PublicCentreConfig,
  serviceId: string,
  now: number,
): BookingDay[] {
  const horizon = config.bookings?.horizonDays ?? 0
  const days: BookingDay[] = []
  for (let ahead = 0; ahead <= horizon; ahead++) {
    // A day-long step can land on one local day twice across a clock change: listed once.
    const day = localDay(now + ahead * DAY_MS, config.centre.timeZone)
    if (days.at(-1)?.day === day) continue
    const slots = slotsOfDay(state, config, serviceId, day, now)
    if (slots.length > 0) days.push({ day, free: slots.reduce((sum, slot) => sum + slot.free, 0) })
  }
  return days
}
