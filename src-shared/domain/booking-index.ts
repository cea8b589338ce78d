/**
 * The bookings the state holds, counted the ways a booking command asks: places taken per slot, bookings
 * per person, bookings per code. Without it, deciding one booking walked every booking the centre holds
 * three times (a large centre holds 10,000–20,000: 9–21 ms a booking, bench measurement 8); with it, a
 * booking costs the same at any size.
 *
 * Like the queue index (queue-index.ts), it is derived and never sent: it lives beside the state (a
 * WeakMap keyed by the state object), `evolve` keeps it in step event by event, and a reader that finds
 * none, or one out of step (the state was changed some other way), builds it afresh from `state.bookings`.
 */
import type { Booking, CentreState } from './types'

/** A booking holds a place in its slot, and counts for its person's limits, while booked or checked in. */
export function holdsPlace(booking: Booking): boolean {
  return booking.status === 'booked' || booking.status === 'checked_in'
}

const slotKey = (serviceId: string, slotStart: number) => `${serviceId}\u0000${slotStart}`

export class BookingIndex {
  private readonly taken = new Map<string, number>()
  private readonly people = new Map<string, Set<string>>()
  private readonly codes = new Map<string, string>()

  private constructor(
    /** The `state.bookings` object and `state.seq` this index reflects. */
    private bookings: CentreState['bookings'],
    private seq: number,
  ) {}

  static build(state: CentreState): BookingIndex {
    const index = new BookingIndex(state.bookings, state.seq)
    for (const booking of Object.values(state.bookings ?? {})) index.add(booking)
    return index
  }

  reflects(state: CentreState): boolean {
    return this.seq === state.seq && this.bookings === state.bookings
  }

  /** Places taken in the slot of `serviceId` starting at `slotStart`. */
  placesTaken(serviceId: string, slotStart: number): number {
    return this.taken.get(slotKey(serviceId, slotStart)) ?? 0
  }

  /** The ids of every booking of a person the state holds. */
  ofPerson(personId: string): ReadonlySet<string> {
    return this.people.get(personId) ?? new Set()
  }

  /** The id of the booking with this code, if the state holds one. */
  byCode(code: string): string | undefined {
    return this.codes.get(code)
  }

  /** A new booking (`booking:made`). */
  add(booking: Booking): void {
    if (holdsPlace(booking)) this.count(booking, 1)
    // A kiosk's walk-in booking belongs to no person (no IIN): no limit counts it.
    if (booking.personId !== null) {
      let own = this.people.get(booking.personId)
      if (!own) this.people.set(booking.personId, (own = new Set()))
      own.add(booking.id)
    }
    this.codes.set(booking.code, booking.id)
  }

  /** A booking's status changed from `was` (cancelled, checked in, lapsed). */
  changed(booking: Booking, was: Booking['status']): void {
    const before = was === 'booked' || was === 'checked_in'
    if (before && !holdsPlace(booking)) this.count(booking, -1)
    else if (!before && holdsPlace(booking)) this.count(booking, 1)
  }

  /** `day:opened` replaced the bookings: start again from the state's. */
  restart(state: CentreState): void {
    this.taken.clear()
    this.people.clear()
    this.codes.clear()
    this.bookings = state.bookings
    for (const booking of Object.values(state.bookings ?? {})) this.add(booking)
  }

  caughtUp(state: CentreState): void {
    this.seq = state.seq
    this.bookings = state.bookings
  }

  private count(booking: Booking, by: number): void {
    const key = slotKey(booking.serviceId, booking.slotStart)
    const next = (this.taken.get(key) ?? 0) + by
    if (next === 0) this.taken.delete(key)
    else this.taken.set(key, next)
  }
}

const indexes = new WeakMap<CentreState, BookingIndex>()

/** The index `evolve` keeps up to date, if the state has one that reflects it exactly (else dropped). */
export function liveBookingIndex(state: CentreState): BookingIndex | undefined {
  const index = indexes.get(state)
  if (index && !index.reflects(state)) {
    indexes.delete(state)
    return undefined
  }
  return index
}

/** The state's booking index, built afresh when it has none in step. */
export function bookingIndexOf(state: CentreState): BookingIndex {
  const index = indexes.get(state)
  if (index && index.reflects(state)) return index
  const built = BookingIndex.build(state)
  indexes.set(state, built)
  return built
}
