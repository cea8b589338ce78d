/**
 * Staff booking on a citizen's behalf, without a screen: what the dialog offers (bookable services,
 * days with free places, a day's times still to come, a full one shown as full) from the centre store's
 * bookings; and the store's one request per booking (the same id again after no answer, a new one
 * after a refusal, nothing of the citizen kept once answered).
 */
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { sendStaffBooking, type StaffBookingCommandAck } from '../../src-renderer/hub/hub-client'
import {
  bookableServiceIds,
  bookingDays,
  slotsOfDay,
} from '../../src-renderer/staff-booking/staff-booking-slots'
import { useStaffBookingStore } from '../../src-renderer/stores/staff-booking'
import { BOOKING_CONFIG, clockAt, DAY, made, TOMORROW } from './bookings-fixtures'
import { stateFrom } from './consultant-fixtures'

vi.mock('../../src-renderer/hub/hub-client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src-renderer/hub/hub-client')>()),
  sendStaffBooking: vi.fn(),
}))
const send = vi.mocked(sendStaffBooking)

const request = {
  serviceId: 'signature',
  slotStart: clockAt('10:00'),
  iin: '871008401427',
  phone: '+77012345678',
  channel: '1414',
} as const

const booked: StaffBookingCommandAck = {
  ok: true,
  seq: 4,
  booking: {
    id: 'b-new',
    code: 'K7M42Q',
    serviceId: 'signature',
    slotStart: request.slotStart,
    slotEnd: request.slotStart + 20 * 60_000,
    day: DAY,
    localTime: '10:00',
  },
}

describe('what the new-booking dialog offers', () => {
  it('lists the bookable services, the days with room, and the times still to come with their free places', () => {
    // Signatures take one citizen a slot: the 10:00 one is taken, the 09:20 one cancelled (free again).
    const state = stateFrom([
      made('b1', 'AAAAAA', 'signature', '10:00'),
      made('b2', 'BBBBBB', 'signature', '09:20'),
      { type: 'booking:cancelled', bookingId: 'b2', reason: null },
    ])
    const now = clockAt('09:10')
    expect(bookableServiceIds(BOOKING_CONFIG)).toEqual(['passport', 'signature'])
    const slots = slotsOfDay(state, BOOKING_CONFIG, 'signature', DAY, now)
    // 09:00 has started; 09:20 is free again; 10:00 is shown, full.
    expect(slots[0]).toMatchObject({ start: clockAt('09:20'), capacity: 1, free: 1 })
    expect(slots.find((s) => s.start === clockAt('10:00'))).toMatchObject({ booked: 1, free: 0 })
    const days = bookingDays(state, BOOKING_CONFIG, 'signature', now)
    expect(days[0]).toEqual({ day: DAY, free: slots.length - 1 })
    // Tomorrow is a whole day of 27 slots; the weekend has none.
    expect(days[1]).toEqual({ day: TOMORROW, free: 27 })
    expect(days.map((d) => d.day)).not.toContain('2026-11-28')
    expect(days.at(-1)!.day <= '2026-12-08').toBe(true)
  })
})

describe('the staff booking store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    send.mockReset()
  })

  it('books once: the same request id after no answer, the booking kept to read out', async () => {
    const store = useStaffBookingStore()
    send.mockResolvedValueOnce({ ok: false, error: { code: 'offline', message: 'no answer' } })
    expect(await store.book({ ...request })).toBe(false)
    expect(store.refusal?.code).toBe('offline')
    send.mockResolvedValueOnce(booked)
    expect(await store.book({ ...request })).toBe(true)
    expect(send).toHaveBeenCalledTimes(2)
    const [first, second] = send.mock.calls
    expect(first![0]).toBe('booking:make-for')
    expect(first![1]).toEqual(request)
    expect(second![2]!.requestId).toBe(first![2]!.requestId)
    expect(store.made?.code).toBe('K7M42Q')
    expect(store.refusal).toBeNull()
  })

  it('keeps a refusal with its details, and asks anew (a new id) for the next try', async () => {
    const store = useStaffBookingStore()
    const details = { serviceId: 'signature', slotStart: request.slotStart, day: DAY }
    send.mockResolvedValueOnce({ ok: false, error: { code: 'slot_full', message: 'full', details } })
    expect(await store.book({ ...request })).toBe(false)
    expect(store.refusal).toEqual({ code: 'slot_full', message: 'full', details })
    send.mockResolvedValueOnce(booked)
    expect(await store.book({ ...request, slotStart: clockAt('10:20') })).toBe(true)
    expect(send.mock.calls[1]![2]!.requestId).not.toBe(send.mock.calls[0]![2]!.requestId)
    store.$reset()
    expect(store.made).toBeNull()
    expect(store.refusal).toBeNull()
  })
})
