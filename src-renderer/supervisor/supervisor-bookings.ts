/**
 * The supervisor's bookings of one day, per bookable service and slot: how many places each slot has
 * (its capacity, from the same `daySlots` the hub books by), how many are taken, and every booking with
 * its code and how it stands. Pure: the state, the public config and the day in, the table out.
 */
import type { PublicCentreConfig } from '../../src-shared/config'
import {
  bookableService,
  daySlots,
  type Booking,
  type BookingStatus,
  type CentreState,
} from '../../src-shared/domain'

/** Bookings of the day by how they stand now. */
export type BookingTotals = Record<BookingStatus, number>

/** One booking as the panel shows it: never the person or the phone. */
export interface BookingEntry {
  id: string
  code: string
  status: BookingStatus
  /** The ticket a check-in made, by its number ("F012"), or null. */
  ticketNumber: string | null
  /** A cancellation's reason (`rescheduled` for a reschedule), or null. */
  reason: string | null
}

/** One slot of a service. */
export interface SlotBookings {
  start: number
  end: number
  /** Citizens the slot can take; null for a booking at a time the schedule no longer has. */
  capacity: number | null
  /** Bookings holding a place (booked or checked in), as the hub counts them against `capacity`. */
  taken: number
  /** Every booking of the slot, any status, in the order they were made. */
  bookings: BookingEntry[]
}

export interface ServiceBookings {
  serviceId: string
  /** The day's slots in time order, with or without bookings. */
  slots: SlotBookings[]
  /** Places over the day's slots, and those taken. */
  capacity: number
  taken: number
  totals: BookingTotals
}

export interface DayBookings {
  day: string
  services: ServiceBookings[]
  totals: BookingTotals
  capacity: number
  taken: number
}

const noTotals = (): BookingTotals => ({ booked: 0, checked_in: 0, cancelled: 0, lapsed: 0 })

const holdsPlace = (status: BookingStatus) => status === 'booked' || status === 'checked_in'

function entryOf(booking: Booking, state: CentreState): BookingEntry {
  const ticket = booking.ticketId ? state.tickets[booking.ticketId] : undefined
  return {
    id: booking.id,
    code: booking.code,
    status: booking.status,
    ticketNumber: ticket?.number ?? null,
    reason: booking.reason,
  }
}

/**
 * The day's bookings per service: every bookable service in config order, then any other service that
 * still has bookings that day (the config changed since they were made). The slots are the whole day's
 * (`daySlots` without a clock), so the morning's stay listed in the afternoon.
 */
export function dayBookings(state: CentreState, config: PublicCentreConfig, day: string): DayBookings {
  const byService = new Map<string, Booking[]>()
  for (const booking of Object.values(state.bookings ?? {})) {
    if (booking.day !== day) continue
    const list = byService.get(booking.serviceId)
    if (list) list.push(booking)
    else byService.set(booking.serviceId, [booking])
  }
  const serviceIds = config.services
    .map((service) => service.id)
    .filter((id) => bookableService(config, id) !== null || byService.has(id))
  for (const id of byService.keys()) if (!serviceIds.includes(id)) serviceIds.push(id)

  const services = serviceIds.map((serviceId) =>
    serviceBookings(state, config, day, serviceId, byService.get(serviceId) ?? []),
  )
  const totals = noTotals()
  for (const service of services) {
    for (const status of Object.keys(totals) as BookingStatus[]) totals[status] += service.totals[status]
  }
  return {
    day,
    services,
    totals,
    capacity: services.reduce((sum, s) => sum + s.capacity, 0),
    taken: services.reduce((sum, s) => sum + s.taken, 0),
  }
}

function serviceBookings(
  state: CentreState,
  config: PublicCentreConfig,
  day: string,
  serviceId: string,
  bookings: Booking[],
): ServiceBookings {
  const slots = new Map<number, SlotBookings>()
  for (const slot of daySlots(config, serviceId, day)) {
    slots.set(slot.start, {
      start: slot.start,
      end: slot.end,
      capacity: slot.capacity,
      taken: 0,
      bookings: [],
    })
  }
  const totals = noTotals()
  const ordered = [...bookings].sort((a, b) => a.bookedAt - b.bookedAt || a.id.localeCompare(b.id))
  for (const booking of ordered) {
    totals[booking.status] += 1
    let slot = slots.get(booking.slotStart)
    if (!slot) {
      slot = { start: booking.slotStart, end: booking.slotEnd, capacity: null, taken: 0, bookings: [] }
      slots.set(booking.slotStart, slot)
    }
    if (holdsPlace(booking.status)) slot.taken += 1
    slot.bookings.push(entryOf(booking, state))
  }
  const list = [...slots.values()].sort((a, b) => a.start - b.start)
  return {
    serviceId,
    slots: list,
    capacity: list.reduce((sum, s) => sum + (s.capacity ?? 0), 0),
    taken: list.reduce((sum, s) => sum + s.taken, 0),
    totals,
  }
}
