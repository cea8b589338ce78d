/**
 * Bookings: a citizen's time in a service's slot, made ahead through an integration (egov.kz, eGov
 * Mobile, the Telegram bot, 1414), the `/book` page or staff, and checked in at the kiosk, where it
 * becomes a ticket carrying `bookedFor` (call-next then treats it as due in its slot).
 *
 * A booking's life: booked → checked in (a ticket) … or cancelled (by the citizen or staff, with a
 * reason), or lapsed (no check-in by the end of the late window). Rescheduling is a cancel and a new
 * booking in one command. Every change is a fact in the centre's log; the citizen is there only as vault
 * entry ids (`personId` for the IIN, `phoneId` for the phone), never as an IIN or a number.
 *
 * Bookings outlive the day: `day:opened` carries the ones a later day still needs (future ones, and
 * those inside the limits' period, which the per-person limits count).
 */
import type { CentreConfig } from '../config'
import { DomainError } from './errors'
import { bookingIndexOf, holdsPlace, type BookingIndex } from './booking-index'
import { bookingCloses, bookingOpens } from './policy'
import { formatNumber } from './ticket-number'
import { checkInRemote, remoteByCode } from './remote-queue'
import { daySlots } from './slots'
import { localDay, localTime } from './time'
import type { Actor, Booking, BookingChannel, CentreState, CommandOf, DomainEvent, EventOf } from './types'

const DAY_MS = 24 * 60 * 60_000

/** Booking codes: easy to say on the phone and to type, no look-alikes (0/O, 1/I/L) and no U. */
export const BOOKING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
export const BOOKING_CODE_LENGTH = 6

/** A code as the citizen reads it (the booking page, the kiosk, the calendar file): `K7M-42Q`; a partial code without the dash yet. */
export function formatBookingCode(code: string): string {
  const half = BOOKING_CODE_LENGTH / 2
  return code.length > half ? `${code.slice(0, half)}-${code.slice(half)}` : code
}

/** What `decideBooking` needs besides the state: the clock, the config, who asks, and randomness. */
export interface BookingContext {
  now: number
  config: CentreConfig
  actor: Actor
  newId(): string
  newToken(): string
}

export type BookingCommand = CommandOf<
  'booking:make' | 'booking:cancel' | 'booking:reschedule' | 'booking:check-in' | 'booking:lapse'
>

function bookingSettings(config: CentreConfig, serviceId: string) {
  const bookings = config.bookings
  if (!bookings?.enabled) throw new DomainError('bookings_disabled', 'this centre takes no bookings')
  const service = bookings.services[serviceId]
  if (!config.services.some((s) => s.id === serviceId))
    throw new DomainError('unknown_service', `no service "${serviceId}" in this centre`, { serviceId })
  if (!service)
    throw new DomainError('not_bookable', `service "${serviceId}" is not booked ahead here`, { serviceId })
  return { bookings, service }
}

function bookingOf(state: CentreState, bookingId: string): Booking {
  const booking = state.bookings[bookingId]
  if (!booking) throw new DomainError('unknown_booking', `no booking ${bookingId}`)
  return booking
}

/** A booking code no live booking uses, drawn from the context's unguessable tokens. */
export function newBookingCode(state: CentreState, newToken: () => string): string {
  const index = bookingIndexOf(state)
  for (let attempt = 0; attempt < 16; attempt++) {
    // Every character of the token counts (folded into the code's places), so its randomness carries over.
    const token = newToken()
    const places = new Array<number>(BOOKING_CODE_LENGTH).fill(7)
    for (let i = 0; i < token.length; i++) {
      const place = i % BOOKING_CODE_LENGTH
      places[place] = (places[place]! * 31 + token.charCodeAt(i) + i) % 1_000_003
    }
    const code = places.map((value) => BOOKING_CODE_ALPHABET[value % BOOKING_CODE_ALPHABET.length]).join('')
    if (token.length >= BOOKING_CODE_LENGTH && index.byCode(code) === undefined && !state.remoteCodes?.[code])
      return code
  }
  throw new Error('no free booking code after 16 draws: the token source is not random')
}

/**
 * The slot of `serviceId` starting at `slotStart` as it stands now, with its capacity and how many
 * bookings hold a place in it (`except` one being rescheduled away); refuses a time that is no slot.
 */
export function slotAt(
  state: CentreState,
  config: CentreConfig,
  serviceId: string,
  slotStart: number,
  now: number,
  except?: string,
) {
  const day = localDay(slotStart, config.centre.timeZone)
  const slot = daySlots(config, serviceId, day, { now }).find((s) => s.start === slotStart)
  if (!slot)
    throw new DomainError(
      'unknown_slot',
      `no open slot of "${serviceId}" starts at ${localTime(slotStart, config.centre.timeZone).clock} on ${day}`,
      { serviceId, slotStart, day },
    )
  // Counted by the booking index; the booking being rescheduled away does not take its own place.
  const moving = except === undefined ? undefined : state.bookings[except]
  const own =
    moving && moving.serviceId === serviceId && moving.slotStart === slotStart && holdsPlace(moving) ? 1 : 0
  const booked = bookingIndexOf(state).placesTaken(serviceId, slotStart) - own
  return { ...slot, day, booked, free: Math.max(0, slot.capacity - booked) }
}

/** The per-person limits of the config, counted over the bookings the state holds (`except` one). */
function checkLimits(
  state: CentreState,
  config: CentreConfig,
  personId: string,
  serviceId: string,
  day: string,
  except?: string,
): void {
  const limits = config.bookings!.limits
  const own = [...bookingIndexOf(state).ofPerson(personId)]
    .map((id) => state.bookings[id]!)
    .filter((b) => b.id !== except && holdsPlace(b))
  if (limits.oneActivePerService && own.some((b) => b.serviceId === serviceId && b.status === 'booked'))
    throw new DomainError('booking_exists', `this person already has a booking for "${serviceId}"`, {
      serviceId,
    })
  const sameDay = new Set(own.filter((b) => b.day === day).map((b) => b.serviceId))
  sameDay.add(serviceId)
  if (sameDay.size > limits.servicesPerDay)
    throw new DomainError(
      'limit_services_per_day',
      `at most ${limits.servicesPerDay} services a day per person`,
      { serviceId, day, limit: limits.servicesPerDay },
    )
  // The period counts visits (days with a booking): "one per 10 days" and "two services a day" together.
  const dayStart = Date.parse(`${day}T00:00:00Z`)
  const visits = new Set(
    own
      .filter((b) => Math.abs(Date.parse(`${b.day}T00:00:00Z`) - dayStart) < limits.periodDays * DAY_MS)
      .map((b) => b.day),
  )
  visits.add(day)
  if (visits.size > limits.perPeriod)
    throw new DomainError(
      'limit_period',
      `at most ${limits.perPeriod} visit${limits.perPeriod === 1 ? '' : 's'} per ${limits.periodDays} days per person`,
      { serviceId, day, limit: limits.perPeriod, periodDays: limits.periodDays },
    )
}

/**
 * A booking of a free slot: refuses a full one, and one the person's limits do not allow (a kiosk's
 * walk-in booking has no person, so no limit counts it; it takes its place in the slot all the same).
 */
export function madeEvent(
  state: CentreState,
  ctx: BookingContext,
  fields: {
    serviceId: string
    slotStart: number
    personId: string | null
    phoneId: string | null
    channel: BookingChannel
  },
  except?: string,
): EventOf<'booking:made'> {
  const slot = slotAt(state, ctx.config, fields.serviceId, fields.slotStart, ctx.now, except)
  if (slot.free === 0)
    throw new DomainError(
      'slot_full',
      `the slot at ${localTime(slot.start, ctx.config.centre.timeZone).clock} on ${slot.day} is full`,
      { serviceId: fields.serviceId, slotStart: slot.start, day: slot.day },
    )
  if (fields.personId !== null)
    checkLimits(state, ctx.config, fields.personId, fields.serviceId, slot.day, except)
  return {
    type: 'booking:made',
    bookingId: ctx.newId(),
    code: newBookingCode(state, ctx.newToken),
    serviceId: fields.serviceId,
    slotStart: slot.start,
    slotEnd: slot.end,
    day: slot.day,
    personId: fields.personId,
    phoneId: fields.phoneId,
    channel: fields.channel,
    by: actorName(ctx.actor),
  }
}

function actorName(actor: Actor): string {
  if (actor.kind === 'staff') return `staff:${actor.staffId}`
  if (actor.kind === 'device') return `device:${actor.deviceId}`
  if (actor.kind === 'integration') return `integration:${actor.integrationId}`
  if (actor.kind === 'citizen') return 'citizen:web'
  return 'system'
}

/** Only the maker's kind, staff, or the hub itself may change a booking. */
function mayChange(booking: Booking, actor: Actor): void {
  if (actor.kind === 'staff' || actor.kind === 'system') return
  if (actor.kind === 'integration' && booking.by === `integration:${actor.integrationId}`) return
  // The citizen's own booking: the hub has checked the manage link that names it.
  if (actor.kind === 'citizen' && actor.bookingId === booking.id) return
  throw new DomainError('forbidden', `booking ${booking.code} was not made through this channel`)
}

/** A booking still `booked` that `actor` may change (cancel, reschedule). */
function changeable(state: CentreState, bookingId: string, actor: Actor): Booking {
  const booking = bookingOf(state, bookingId)
  mayChange(booking, actor)
  if (booking.status !== 'booked')
    throw new DomainError('booking_closed', `booking ${booking.code} is ${booking.status.replace('_', ' ')}`)
  return booking
}

export function decideBooking(
  state: CentreState,
  command: BookingCommand,
  ctx: BookingContext,
): DomainEvent[] {
  switch (command.type) {
    case 'booking:make': {
      bookingSettings(ctx.config, command.serviceId)
      return [madeEvent(state, ctx, command)]
    }
    case 'booking:cancel': {
      const booking = changeable(state, command.bookingId, ctx.actor)
      return [{ type: 'booking:cancelled', bookingId: booking.id, reason: command.reason ?? null }]
    }
    case 'booking:reschedule': {
      const booking = changeable(state, command.bookingId, ctx.actor)
      const serviceId = command.serviceId ?? booking.serviceId
      bookingSettings(ctx.config, serviceId)
      const made = madeEvent(state, ctx, { ...booking, serviceId, slotStart: command.slotStart }, booking.id)
      return [{ type: 'booking:cancelled', bookingId: booking.id, reason: 'rescheduled' }, made]
    }
    case 'booking:check-in':
      return checkIn(state, command, ctx)
    case 'booking:lapse':
      return dueLapses(state, ctx.config, ctx.now)
  }
}

function checkIn(
  state: CentreState,
  command: CommandOf<'booking:check-in'>,
  ctx: BookingContext,
): DomainEvent[] {
  const code = command.code.toUpperCase().replace(/[\s-]/g, '')
  const id = bookingIndexOf(state).byCode(code)
  const found = id === undefined ? undefined : state.bookings[id]
  const booking = found?.status === 'cancelled' ? undefined : found
  if (!booking) {
    // One code box at the kiosk: a remote ticket's code checks it in too.
    const remote = id === undefined ? remoteByCode(state, code) : undefined
    if (remote && remote.status !== 'cancelled') return checkInRemote(remote)
    throw new DomainError('unknown_booking', `no booking with the code ${command.code}`)
  }
  if (booking.status === 'checked_in')
    throw new DomainError('booking_closed', `booking ${booking.code} is already checked in`)
  const about = { serviceId: booking.serviceId, slotStart: booking.slotStart, day: booking.day }
  const closes = bookingCloses(booking.slotStart, ctx.config.policy)
  if (booking.status === 'lapsed' || ctx.now > closes)
    throw new DomainError(
      'booking_too_late',
      `the check-in for ${booking.code} closed ${ctx.config.policy.bookingLateMinutes} minutes after its slot`,
      { ...about, closedAt: closes },
    )
  const opens = bookingOpens(booking.slotStart, ctx.config.policy)
  if (ctx.now < opens) {
    // The day too when it is not today: "from 09:05" alone would send a citizen booked for tomorrow away
    // to come back in an hour.
    const zone = ctx.config.centre.timeZone
    const opensAt = localTime(opens, zone)
    const onDay = opensAt.day === localDay(ctx.now, zone) ? '' : ` on ${opensAt.day}`
    throw new DomainError(
      'booking_too_early',
      `booking ${booking.code} can check in from ${opensAt.clock}${onDay}`,
      { ...about, opensAt: opens },
    )
  }
  return checkedIn(state, booking, ctx)
}

/**
 * The facts of a booking's check-in: its ticket, booked for the slot, and the booking checked in. A
 * ticket issued before its slot's window opens (a kiosk's walk-in booking) ranks from that opening, so
 * the queue does not put it before those who came meanwhile.
 */
export function checkedIn(
  state: CentreState,
  booking: Pick<Booking, 'id' | 'serviceId' | 'slotStart'>,
  ctx: BookingContext,
): DomainEvent[] {
  const service = ctx.config.services.find((s) => s.id === booking.serviceId)!
  const counter = (state.counters[service.prefix] ?? 0) + 1
  const ticketId = ctx.newId()
  const opens = bookingOpens(booking.slotStart, ctx.config.policy)
  return [
    {
      type: 'ticket:issued',
      ticketId,
      number: formatNumber(service.prefix, counter),
      prefix: service.prefix,
      serviceId: service.id,
      categoryId: null,
      bookedFor: booking.slotStart,
      trackToken: ctx.newToken(),
      ...(opens > ctx.now ? { rank: opens } : {}),
    },
    { type: 'booking:checked-in', bookingId: booking.id, ticketId },
  ]
}

/** `booking:lapsed` for each booking whose late window has closed unchecked-in, at `now`. */
export function dueLapses(state: CentreState, config: CentreConfig, now: number): DomainEvent[] {
  return Object.values(state.bookings)
    .filter((b) => b.status === 'booked' && now > bookingCloses(b.slotStart, config.policy))
    .map((b) => ({ type: 'booking:lapsed', bookingId: b.id }))
}

/** The bookings a new day carries over: every future one, and those the limits still count. */
export function bookingsCarriedOver(
  state: CentreState,
  config: CentreConfig,
  day: string,
): Record<string, Booking> {
  const periodDays = config.bookings?.limits.periodDays ?? 0
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - periodDays * DAY_MS).toISOString().slice(0, 10)
  const kept: Record<string, Booking> = {}
  for (const booking of Object.values(state.bookings)) {
    const future = booking.day >= day && booking.status === 'booked'
    if (future || (holdsPlace(booking) || booking.status === 'lapsed' ? booking.day >= from : false))
      kept[booking.id] = { ...booking }
  }
  return kept
}

/** Applies a booking fact to the state (in place); see `evolve`. */
export function evolveBooking(
  state: CentreState,
  event: EventOf<'booking:made' | 'booking:cancelled' | 'booking:checked-in' | 'booking:lapsed'>,
  at: number,
  index?: BookingIndex,
): void {
  if (event.type === 'booking:made') {
    const booking: Booking = {
      id: event.bookingId,
      code: event.code,
      serviceId: event.serviceId,
      slotStart: event.slotStart,
      slotEnd: event.slotEnd,
      day: event.day,
      personId: event.personId,
      phoneId: event.phoneId,
      channel: event.channel,
      by: event.by,
      status: 'booked',
      bookedAt: at,
      ticketId: null,
      endedAt: null,
      reason: null,
    }
    state.bookings[event.bookingId] = booking
    index?.add(booking)
    return
  }
  const booking = state.bookings[event.bookingId]
  if (!booking) throw new Error(`${event.type} names unknown booking ${event.bookingId}`)
  const was = booking.status
  if (event.type === 'booking:cancelled') {
    booking.status = 'cancelled'
    booking.reason = event.reason
    booking.endedAt = at
  } else if (event.type === 'booking:checked-in') {
    booking.status = 'checked_in'
    booking.ticketId = event.ticketId
    booking.endedAt = at
  } else {
    booking.status = 'lapsed'
    booking.endedAt = at
  }
  index?.changed(booking, was)
}
