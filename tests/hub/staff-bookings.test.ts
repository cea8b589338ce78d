/**
 * Staff booking on a citizen's behalf (`booking:make-for`) through a real hub: a supervisor on the 1414
 * line or a consultant at the window books a slot with the citizen's IIN and phone; the hub keeps them
 * in the vault and the centre's log, the facts every socket gets and the hub's own log carry only entry
 * ids. Floor staff may; registrars and kiosks may not. A bad IIN or phone changes nothing; the engine's
 * refusals carry their details; a retry with the same request id, even after a restart, is the same
 * booking.
 */
import { Writable } from 'node:stream'
import type { Socket } from 'socket.io-client'
import { afterEach, describe, expect, it } from 'vitest'
import { daySlots, localDay, type EventEnvelope } from '../../src-shared/domain'
import type { StaffBookingAck } from '../../src-shared/protocol'
import { createLogger } from '../../src-main/hub/logger'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import {
  expectOk,
  makeTempDir,
  removeDataDir,
  requestId,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'

const DAY = 24 * 60 * 60_000
const SERVICE = 'id-card-passport'
/** Valid IINs (shared/domain/kazakhstan.md) and the phone as a citizen says it, with its E.164 form. */
const IINS = ['871008401427', '760212350620', '800416300257', '680503450037', '921029350851'] as const
const PHONE = '8 701 234 56 78'
const E164 = '+77012345678'

const hubs: TestHub[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close()
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

/** The hub's log lines, at debug level, for a test to search. */
function capturedLogger() {
  const lines: string[] = []
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    }),
  })
  return { logger, text: () => lines.join('') }
}

async function openHub(options: { dataDir?: string; logger?: ReturnType<typeof capturedLogger>['logger'] }) {
  const hub = await startTestHub(options)
  hubs.push(hub)
  return hub
}

/** The first slot of the service on the next day that has one, seen from now. */
function nextSlot(hub: TestHub): { start: number; capacity: number; day: string } {
  const now = Date.now()
  for (let ahead = 1; ahead < 14; ahead++) {
    const day = localDay(now + ahead * DAY, hub.config.centre.timeZone)
    const slot = daySlots(hub.config, SERVICE, day, { now })[0]
    if (slot) return { ...slot, day }
  }
  throw new Error('the demo centre offers no slot in two weeks')
}

interface BookingFields {
  slotStart: number
  iin?: string
  phone?: string
  channel?: '1414' | 'staff'
  requestId?: string
}

const payloadFor = (fields: BookingFields) => ({
  requestId: fields.requestId ?? requestId(),
  serviceId: SERVICE,
  slotStart: fields.slotStart,
  iin: fields.iin ?? IINS[0],
  phone: fields.phone ?? PHONE,
  channel: fields.channel ?? '1414',
})

const bookFor = (client: TestClient, fields: BookingFields) =>
  client.send<StaffBookingAck>('booking:make-for', payloadFor(fields))

const staffId = (hub: TestHub, login: string) => hub.config.staff.find((s) => s.login === login)!.id
const storedLog = (hub: TestHub) =>
  ((hub.store as SqliteEventStore).db.prepare('SELECT data FROM events').pluck().all() as string[]).join('\n')
const madeFacts = (client: TestClient) => client.facts().filter((f) => f.type === 'booking:made')

describe('staff booking on a citizen’s behalf', () => {
  it('books for the citizen on the phone line: the vault keeps the IIN and phone, nothing else does', async () => {
    const log = capturedLogger()
    const hub = await openHub({ logger: log.logger })
    const supervisor = await hub.staffClient('supervisor')
    const kiosk = await hub.deviceClient('kiosk-1')
    const slot = nextSlot(hub)

    // The ack comes first: when its callback runs, no fact of this booking has reached the socket.
    const payload = { ...payloadFor({ slotStart: slot.start }), iin: '8710 0840 1427' }
    const { ack, factsBefore } = await new Promise<{ ack: StaffBookingAck; factsBefore: number }>((resolve) =>
      (supervisor.socket as unknown as Socket).emit('booking:make-for', payload, (ack: StaffBookingAck) =>
        resolve({ ack, factsBefore: madeFacts(supervisor).length }),
      ),
    )
    expect(factsBefore).toBe(0)
    const { booking } = expectOk(ack)
    expect(booking).toMatchObject({ serviceId: SERVICE, slotStart: slot.start, day: slot.day })
    expect(booking.code).toMatch(/^[2-9A-Z]{6}$/)

    const fact = await supervisor.waitFor<EventEnvelope>('booking:made')
    expect(fact).toMatchObject({
      bookingId: booking.id,
      channel: '1414',
      by: `staff:${staffId(hub, 'supervisor')}`,
    })
    const made = hub.hub.engine.state.bookings[booking.id]!
    expect(made.personId).toMatch(/^ve_[a-z2-7]{16}$/)
    expect(await hub.hub.vault.entries.open(made.personId!)).toEqual({ kind: 'iin', value: IINS[0] })
    expect(await hub.hub.vault.entries.open(made.phoneId!)).toEqual({ kind: 'phone', value: E164 })

    await kiosk.waitFor('booking:made')
    const everything = [
      storedLog(hub),
      JSON.stringify(supervisor.received),
      JSON.stringify(kiosk.received),
      JSON.stringify(ack),
      log.text(),
    ].join('\n')
    for (const needle of [IINS[0], '7012345678', '701 234', E164]) expect(everything).not.toContain(needle)
    expect(log.text()).not.toBe('')
  })

  it('lets consultants book at the window, and refuses registrars and kiosks, keeping nothing', async () => {
    const hub = await openHub({})
    const slot = nextSlot(hub)
    const consultant = await hub.staffClient('consultant1')
    const { booking } = expectOk(await bookFor(consultant, { slotStart: slot.start, channel: 'staff' }))
    expect(hub.hub.engine.state.bookings[booking.id]).toMatchObject({
      channel: 'staff',
      by: `staff:${staffId(hub, 'consultant1')}`,
    })

    const registrar = await hub.staffClient('registrar')
    const kiosk = await hub.deviceClient('kiosk-1')
    for (const client of [registrar, kiosk]) {
      const refused = await bookFor(client, { slotStart: slot.start, iin: IINS[1] })
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    expect(await hub.hub.vault.entries.find('iin', IINS[1])).toBeUndefined()
    expect(Object.keys(hub.hub.engine.state.bookings)).toEqual([booking.id])
  })

  it('refuses a bad IIN or phone by name, changing nothing; the centre’s refusals carry their details', async () => {
    const hub = await openHub({})
    const slot = nextSlot(hub)
    const supervisor = await hub.staffClient('supervisor')
    const seq = hub.hub.engine.state.seq

    const badIin = await bookFor(supervisor, {
      slotStart: slot.start,
      iin: '871008401428',
      phone: '8 702 111 22 33',
    })
    expect(badIin).toMatchObject({ ok: false, error: { code: 'iin_invalid' } })
    expect(!badIin.ok && badIin.error.message).toMatch(/^IIN: the check digit/)
    const landline = await bookFor(supervisor, {
      slotStart: slot.start,
      iin: IINS[1],
      phone: '8 727 250 00 00',
    })
    expect(landline).toMatchObject({ ok: false, error: { code: 'phone_invalid' } })
    expect(!landline.ok && landline.error.message).not.toContain('250')
    expect(hub.hub.engine.state.seq).toBe(seq)
    expect(await hub.hub.vault.entries.find('iin', IINS[1])).toBeUndefined()
    expect(await hub.hub.vault.entries.find('phone', '+77021112233')).toBeUndefined()

    // The slot filled by other citizens: slot_full, saying which slot.
    for (let i = 0; i < slot.capacity; i++)
      expectOk(await bookFor(supervisor, { slotStart: slot.start, iin: IINS[i] }))
    const full = await bookFor(supervisor, { slotStart: slot.start, iin: IINS[slot.capacity] })
    expect(full).toEqual({
      ok: false,
      error: {
        code: 'slot_full',
        message: expect.stringContaining('is full'),
        details: { serviceId: SERVICE, slotStart: slot.start, day: slot.day },
      },
    })
    // The same citizen again for the service: booking_exists.
    const twice = await bookFor(supervisor, { slotStart: slot.start + 60 * 60_000, iin: IINS[0] })
    expect(twice).toMatchObject({
      ok: false,
      error: { code: 'booking_exists', details: { serviceId: SERVICE } },
    })
  })

  it('answers a retry with the same request id with the first answer, after a restart too', async () => {
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    let hub = await openHub({ dataDir })
    const slot = nextSlot(hub)
    const id = requestId()
    let supervisor = await hub.staffClient('supervisor')
    const first = expectOk(await bookFor(supervisor, { slotStart: slot.start, requestId: id }))
    const again = expectOk(await bookFor(supervisor, { slotStart: slot.start, requestId: id }))
    expect(again.booking).toEqual(first.booking)

    await hub.close()
    hubs.splice(hubs.indexOf(hub), 1)
    hub = await openHub({ dataDir })
    supervisor = await hub.staffClient('supervisor')
    const afterRestart = expectOk(await bookFor(supervisor, { slotStart: slot.start, requestId: id }))
    expect(afterRestart.booking).toEqual(first.booking)
    expect(Object.keys(hub.hub.engine.state.bookings)).toEqual([first.booking.id])
    // The same id for another citizen is a client bug, refused, not an old answer.
    const reused = await bookFor(supervisor, { slotStart: slot.start, requestId: id, iin: IINS[1] })
    expect(reused).toMatchObject({ ok: false, error: { code: 'request_id_reused' } })
  })
})
