/**
 * Bookings through a real hub (the demo centre takes them): a booking made by an integration reaches
 * staff with its code and kiosks without it; the kiosk checks it in by its code and gets a printed
 * ticket carrying the slot; a booking nobody checks in lapses on the hub's own clock; a future booking
 * survives a restart (the new day carries it over).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { daySlots, type EventEnvelope } from '../../src-shared/domain'
import { localDay } from '../../src-shared/domain/time'
import {
  expectOk,
  makeTempDir,
  removeDataDir,
  requestId,
  startTestHub,
  type TestHub,
} from '../support/hub-harness'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const SERVICE = 'id-card-passport'
const egov = { kind: 'integration', integrationId: 'egov-demo' } as const

const hubs: TestHub[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close()
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

/** The first slot of the service on the next day that has any, seen from `now`. */
function nextSlot(hub: TestHub, now: number): { start: number; day: string } {
  for (let ahead = 1; ahead < 14; ahead++) {
    const day = localDay(now + ahead * DAY, hub.config.centre.timeZone)
    const slot = daySlots(hub.config, SERVICE, day, { now }).find((s) => s.capacity > 0)
    if (slot) return { start: slot.start, day }
  }
  throw new Error('the demo centre offers no slot in two weeks')
}

async function book(hub: TestHub, slotStart: number, person = 've_citizen') {
  const ack = await hub.hub.engine.submit('integration:egov-demo', requestId(), egov, {
    type: 'booking:make',
    serviceId: SERVICE,
    slotStart,
    personId: person,
    phoneId: null,
    channel: 'egov',
  })
  return expectOk(ack as never) as { booking: { id: string; code: string; slotStart: number } }
}

describe('bookings on the hub', () => {
  it('reaches staff with its code and kiosks without; the kiosk checks it in and prints the ticket', async () => {
    const clock = { now: Date.now() }
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const hub = await startTestHub({ dataDir, now: () => clock.now })
    hubs.push(hub)
    const supervisor = await hub.staffClient('supervisor')
    const kiosk = await hub.deviceClient('kiosk-1')
    const slot = nextSlot(hub, clock.now)
    const staffSees = supervisor.waitFor<EventEnvelope>('booking:made')
    const kioskSees = kiosk.waitFor<EventEnvelope>('booking:made')
    const { booking } = await book(hub, slot.start)
    expect(booking.code).toMatch(/^[2-9A-Z]{6}$/)
    expect(await staffSees).toMatchObject({ code: booking.code, personId: 've_citizen' })
    const shown = await kioskSees
    expect(shown).toMatchObject({ code: '', personId: '', slotStart: slot.start })

    // A day early: refused, and the ack says when the check-in opens, in fields (and stored so: a retry too).
    const early = { requestId: requestId(), code: booking.code }
    const opensAt = slot.start - hub.config.policy.bookingEarlyMinutes * MINUTE
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await kiosk.send('booking:check-in', early)).toMatchObject({
        ok: false,
        error: {
          code: 'booking_too_early',
          details: { serviceId: SERVICE, slotStart: slot.start, day: slot.day, opensAt },
        },
      })
    }

    // At the slot's time the citizen types the code at the kiosk (lower case, with a dash).
    clock.now = slot.start - 5 * MINUTE
    const typed = `${booking.code.slice(0, 3)}-${booking.code.slice(3)}`.toLowerCase()
    const ack = expectOk(await kiosk.command('booking:check-in', { code: typed })) as unknown as {
      ticket: { id: string; number: string; trackToken: string; ahead: number }
    }
    expect(ack.ticket.number).toMatch(/^[A-Z]\d{3}$/)
    expect(ack.ticket.trackToken).not.toBe('')
    expect(hub.hub.engine.state.tickets[ack.ticket.id]).toMatchObject({
      bookedFor: slot.start,
      serviceId: SERVICE,
    })
    expect(hub.hub.engine.state.bookings[booking.id]).toMatchObject({ status: 'checked_in' })
    // Twice: refused, nothing changes.
    const again = await kiosk.command('booking:check-in', { code: booking.code })
    expect(again).toMatchObject({ ok: false, error: { code: 'booking_closed' } })
  })

  it('lapses a booking nobody checked in, on the hub clock alone', async () => {
    const clock = { now: Date.now() }
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const hub = await startTestHub({
      dataDir,
      now: () => clock.now,
      hubOptions: { housekeepingIntervalMs: 50 },
    })
    hubs.push(hub)
    // A device socket: a staff session would expire as the clock jumps a day.
    const display = await hub.deviceClient('display-1')
    const slot = nextSlot(hub, clock.now)
    const { booking } = await book(hub, slot.start)
    clock.now = slot.start + (hub.config.policy.bookingLateMinutes + 1) * MINUTE
    const lapsed = await display.waitFor<EventEnvelope>('booking:lapsed')
    expect(lapsed).toMatchObject({ bookingId: booking.id })
    expect(hub.hub.engine.state.bookings[booking.id]!.status).toBe('lapsed')
  })

  it('keeps a future booking across a restart and a new day', async () => {
    const clock = { now: Date.now() }
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    let hub = await startTestHub({ dataDir, now: () => clock.now })
    const slot = nextSlot(hub, clock.now)
    const { booking } = await book(hub, slot.start)
    await hub.close()
    // The next morning (before the slot), after a restart: the day opens and carries the booking.
    clock.now = Math.min(slot.start - 60 * MINUTE, clock.now + DAY)
    hub = await startTestHub({ dataDir, now: () => clock.now })
    hubs.push(hub)
    const kiosk = await hub.deviceClient('kiosk-1')
    expect(kiosk.snapshot.state.bookings[booking.id]).toMatchObject({ code: '', status: 'booked' })
    expect(hub.hub.engine.state.bookings[booking.id]).toMatchObject({ code: booking.code, status: 'booked' })
  })
})
