export * from './types'
export * from './errors'
export * from './time'
export * from './policy'
export { countAhead, pickNext, type PickInput } from './queue-index'
export { callOrder } from './call-order'
export * from './estimate'
export { windowsServing } from './window-forecast'
export * from './evolve'
export * from './decide'
export * from './apply'
export * from './self-service'
export * from './service-time'
export * from './wait-range'
export * from './slots'
export { dueLapses, formatBookingCode, slotAt, BOOKING_CODE_ALPHABET } from './bookings'
export { bookableService, daySlots, freeSlots, isBookingOnly, type Slot, type FreeSlot } from './slots'
export { bookingIndexOf, holdsPlace } from './booking-index'
export { nextFreeSlotToday } from './booking-walk-in'
export {
  isRemoteService,
  lapsesAt,
  remoteByCode,
  remoteSettings,
  remoteTickets,
  sweepRemote,
} from './remote-queue'
export { DESK_ROLES, unservedQueues, type UnservedQueue } from './desks'
export { UNDO_WINDOW_MS } from './undo'
export { decideRate, MAX_SCORE, MIN_SCORE, ratingOpenUntil } from './rating'
