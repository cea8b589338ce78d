/**
 * Booking-only services at the kiosk. A service served by booking only (`isBookingOnly`: its own
 * `onlyBooking` or the centre's) takes no walk-in ticket from a kiosk (`ticket:issue` is refused with
 * `booking_only`; staff may still issue one). Instead the kiosk offers the next free slot of today, and
 * "take this time" books that slot and checks it in in one command (`booking:walk-in`): the citizen gets
 * a ticket booked for the slot and comes back for it.
 *
 * Such a booking has no IIN: its `personId` is null, so no per-person limit counts it (the limits are
 * about people, and the kiosk knows none), while it takes its place in the slot like any booking, so
 * the slot's capacity holds. Pure, like the rest of the domain: the clock comes from the context.
 */
import { holdsPlace } from './booking-index'
import { checkedIn, madeEvent, slotAt, type BookingContext } from './bookings'
import { DomainError } from './errors'
import { freeSlots, isBookingOnly, type FreeSlot, type SlotConfig } from './slots'
import { localDay, localTime } from './time'
import type { CentreState, CommandOf, DomainEvent } from './types'

/** Refuses a kiosk's ticket for a booking-only service; anyone else (staff) may still issue one. */
export function refuseBookingOnly(config: SlotConfig, serviceId: string, fromKiosk: boolean): void {
  if (fromKiosk && isBookingOnly(config, serviceId))
    throw new DomainError(
      'booking_only',
      `service "${serviceId}" is served by booking only: take a free slot of today at the kiosk`,
    )
}

/**
 * The first slot of `serviceId` today that has not started and has room, at `now` (the hub's clock),
 * with its places; null when none is left today. The bookings counted are the state's, so a kiosk (whose
 * state holds bookings without their personal fields) and the hub find the same slot.
 */
export function nextFreeSlotToday(
  state: CentreState,
  config: SlotConfig,
  serviceId: string,
  now: number,
): FreeSlot | null {
  const day = localDay(now, config.centre.timeZone)
  const booked = new Map<number, number>()
  for (const booking of Object.values(state.bookings ?? {})) {
    if (booking.serviceId === serviceId && booking.day === day && holdsPlace(booking))
      booked.set(booking.slotStart, (booked.get(booking.slotStart) ?? 0) + 1)
  }
  return freeSlots(config, serviceId, day, booked, { now }).find((slot) => slot.free > 0) ?? null
}

/**
 * `booking:walk-in`: the slot the kiosk showed, booked for nobody in particular and checked in at once
 * (`booking:made`, `ticket:issued` with `bookedFor`, `booking:checked-in`), all or nothing. The slot
 * must be today's, not started, and still have room; taken meanwhile, it is `slot_full` and the kiosk
 * shows the next one.
 */
export function decideWalkIn(
  state: CentreState,
  command: CommandOf<'booking:walk-in'>,
  ctx: BookingContext,
): DomainEvent[] {
  if (ctx.actor.kind !== 'device' || ctx.actor.deviceKind !== 'kiosk')
    throw new DomainError('forbidden', 'a walk-in booking is made at a kiosk')
  const { config } = ctx
  if (!config.services.some((s) => s.id === command.serviceId))
    throw new DomainError('unknown_service', `no service "${command.serviceId}" in this centre`)
  if (!config.bookings?.enabled) throw new DomainError('bookings_disabled', 'this centre takes no bookings')
  if (!isBookingOnly(config, command.serviceId))
    throw new DomainError(
      'not_bookable',
      `service "${command.serviceId}" takes walk-in tickets: a walk-in booking is for booking-only services`,
    )
  const zone = config.centre.timeZone
  const today = localDay(ctx.now, zone)
  const slot = slotAt(state, config, command.serviceId, command.slotStart, ctx.now)
  if (slot.day !== today)
    throw new DomainError(
      'unknown_slot',
      `a walk-in booking takes a slot of today; ${localTime(slot.start, zone).clock} is on ${slot.day}`,
    )
  const made = madeEvent(state, ctx, {
    serviceId: command.serviceId,
    slotStart: slot.start,
    personId: null,
    phoneId: null,
    channel: 'kiosk',
  })
  return [made, ...checkedIn(state, { id: made.bookingId, ...made }, ctx)]
}
