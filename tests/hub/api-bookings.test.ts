/**
 * Bookings through the integration API on a real hub (the demo centre, a movable clock): slots, booking,
 * the race for the last places, the per-person limits, a retry by Idempotency-Key (also after a restart),
 * bad input named and changing nothing, cancel, reschedule, remote check-in. No IIN or phone in any answer
 * or in the centre's log.
 */
import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { daySlots } from '../../src-shared/domain'
import { localDay } from '../../src-shared/domain/time'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import { apiRequest, demoIntegrationKey, type ProblemBody } from '../support/api-client'
import { makeTempDir, removeDataDir, startTestHub, type TestHub } from '../support/hub-harness'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const SERVICE = 'id-card-passport'
const IIN = '871008401427'
const OTHER_IINS = ['760212350620', '800416300257']

let hub: TestHub
let dataDir: string
const clock = { now: 0 }
const key = demoIntegrationKey()

interface BookingBody {
  booking: {
    id: string
    code: string
    slotStart: string
    localTime: string
    status: string
    ticketNumber: string | null
  }
}

async function start(): Promise<void> {
  hub = await startTestHub({ dataDir, now: () => clock.now })
}

beforeEach(async () => {
  clock.now = Date.now()
  dataDir = makeTempDir()
  await start()
})

afterEach(async () => {
  await hub.close()
  removeDataDir(dataDir)
})

/** The next day with a slot of the service, and its first slot with room for at least `capacity`. */
function nextSlot(capacity = 1): { day: string; start: number; capacity: number } {
  for (let ahead = 1; ahead < 14; ahead++) {
    const day = localDay(clock.now + ahead * DAY, hub.config.centre.timeZone)
    const slot = daySlots(hub.config, SERVICE, day, { now: clock.now }).find((s) => s.capacity >= capacity)
    if (slot) return { day, start: slot.start, capacity: slot.capacity }
  }
  throw new Error('no slot in two weeks')
}

const post = <B>(path: string, body: unknown, idempotencyKey = randomUUID()) =>
  apiRequest<B>(hub.url, `/api/v1${path}`, {
    method: 'POST',
    key,
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  })

const bookingFor = (slotStart: number, iin = IIN) => ({
  serviceId: SERVICE,
  slotStart: new Date(slotStart).toISOString(),
  iin,
  phone: '8 701 234 56 78',
  channel: '1414',
})

/** Every fact of the centre's log, as stored. */
const storedLog = () =>
  ((hub.store as SqliteEventStore).db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n')

describe('the booking API', () => {
  it('lists slots, books one, and shows it; no IIN or phone in the answer or the log', async () => {
    const slot = nextSlot()
    const listed = await apiRequest<{ slots: { start: string; free: number; capacity: number }[] }>(
      hub.url,
      `/api/v1/services/${SERVICE}/slots?day=${slot.day}`,
      { key },
    )
    expect(listed.status).toBe(200)
    const first = listed.body.slots.find((s) => s.start === new Date(slot.start).toISOString())!
    expect(first).toMatchObject({ capacity: slot.capacity, free: slot.capacity })

    const made = await post<BookingBody>('/bookings', bookingFor(slot.start))
    expect(made.status).toBe(201)
    expect(made.body.booking).toMatchObject({
      status: 'booked',
      slotStart: new Date(slot.start).toISOString(),
    })
    expect(made.body.booking.code).toMatch(/^[2-9A-Z]{6}$/)
    expect(made.text).not.toContain(IIN)
    expect(storedLog()).not.toContain(IIN)
    expect(storedLog()).not.toContain('7012345678')

    const again = await apiRequest<BookingBody>(hub.url, `/api/v1/bookings/${made.body.booking.code}`, {
      key,
    })
    expect(again.body.booking).toEqual(made.body.booking)
    const after = await apiRequest<{ slots: { start: string; free: number }[] }>(
      hub.url,
      `/api/v1/services/${SERVICE}/slots?day=${slot.day}`,
      { key },
    )
    expect(after.body.slots.find((s) => s.start === first.start)!.free).toBe(slot.capacity - 1)
  })

  it('answers a retry with the first answer, also after a restart, and a reused key with 422', async () => {
    const slot = nextSlot()
    const idempotencyKey = randomUUID()
    const first = await post<BookingBody>('/bookings', bookingFor(slot.start), idempotencyKey)
    expect(first.status).toBe(201)
    await hub.close()
    await start()
    const retry = await post<BookingBody>('/bookings', bookingFor(slot.start), idempotencyKey)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(Object.keys(hub.hub.engine.state.bookings)).toHaveLength(1)
    const other = await post<ProblemBody>('/bookings', bookingFor(slot.start, OTHER_IINS[0]), idempotencyKey)
    expect(other.status).toBe(422)
    expect(other.body.code).toBe('idempotency_key_reused')
  })

  it('lets exactly the free places be booked when many race for them', async () => {
    const slot = nextSlot()
    const racers = Array.from({ length: 40 }, (_, i) => `9001013${String(i).padStart(4, '0')}`)
    // Made-up IINs need a valid check digit: find the digit that makes each valid.
    const { checkIin } = await import('../../src-shared/kz/iin')
    const valid = racers.map(
      (prefix) => [...'0123456789'].map((d) => prefix + d).find((iin) => checkIin(iin).ok)!,
    )
    const answers = await Promise.all(
      valid.map((iin) => post<ProblemBody>('/bookings', bookingFor(slot.start, iin))),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(slot.capacity)
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'slot_full')).toBe(true)
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([])
  })

  it('keeps the per-person limits, and names a bad field changing nothing', async () => {
    const slot = nextSlot()
    expect((await post('/bookings', bookingFor(slot.start))).status).toBe(201)
    const later = daySlots(hub.config, SERVICE, slot.day, { now: clock.now }).find(
      (s) => s.start > slot.start,
    )!
    const twice = await post<ProblemBody>('/bookings', bookingFor(later.start))
    expect(twice.status).toBe(409)
    expect(twice.body.code).toBe('booking_exists')

    const bad = await post<ProblemBody>('/bookings', {
      ...bookingFor(slot.start, '871008401428'),
      phone: '8 712 234 56 78',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.code).toBe('validation_failed')
    expect(bad.body.errors!.map((e) => e.path).sort()).toEqual(['body.iin', 'body.phone'])
    expect(Object.keys(hub.hub.engine.state.bookings)).toHaveLength(1)
  })

  it('cancels, reschedules in one step, and checks in remotely at the slot time', async () => {
    const slot = nextSlot()
    const made = (await post<BookingBody>('/bookings', bookingFor(slot.start))).body.booking
    const later = daySlots(hub.config, SERVICE, slot.day, { now: clock.now }).filter(
      (s) => s.start > slot.start,
    )
    const moved = await post<BookingBody>(`/bookings/${made.code}/reschedule`, {
      slotStart: new Date(later.find((s) => s.capacity > 0)!.start).toISOString(),
    })
    expect(moved.status).toBe(200)
    expect(moved.body.booking.code).not.toBe(made.code)
    expect(hub.hub.engine.state.bookings[made.id]).toMatchObject({
      status: 'cancelled',
      reason: 'rescheduled',
    })

    const other = (await post<BookingBody>('/bookings', bookingFor(slot.start, OTHER_IINS[1]))).body.booking
    expect(
      (await post<{ cancelled: boolean }>(`/bookings/${other.code}/cancel`, { reason: 'ill' })).body,
    ).toEqual({
      cancelled: true,
    })
    const closed = await post<ProblemBody>(`/bookings/${other.code}/cancel`, {})
    expect(closed.body.code).toBe('booking_closed')

    const early = await post<ProblemBody>(`/bookings/${moved.body.booking.code}/check-in`, {})
    expect(early.status).toBe(409)
    expect(early.body.code).toBe('booking_too_early')
    // What it is about, as extension members: the slot and when the check-in opens, as ISO 8601.
    const earlyMinutes = hub.config.policy.bookingEarlyMinutes
    expect(early.body).toMatchObject({
      serviceId: SERVICE,
      day: slot.day,
      slotStart: moved.body.booking.slotStart,
      opensAt: new Date(Date.parse(moved.body.booking.slotStart) - earlyMinutes * MINUTE).toISOString(),
    })
    clock.now = Date.parse(moved.body.booking.slotStart) - 5 * MINUTE
    const checked = await post<{ ticket: { number: string; trackToken: string } }>(
      `/bookings/${moved.body.booking.code}/check-in`,
      {},
    )
    expect(checked.status).toBe(200)
    expect(checked.body.ticket.number).toMatch(/^[A-Z]\d{3}$/)
    const shown = await apiRequest<BookingBody>(hub.url, `/api/v1/bookings/${moved.body.booking.code}`, {
      key,
    })
    expect(shown.body.booking).toMatchObject({
      status: 'checked_in',
      ticketNumber: checked.body.ticket.number,
    })
    expect((await apiRequest<ProblemBody>(hub.url, '/api/v1/bookings/ZZZZZZ', { key })).status).toBe(404)
  })
})
