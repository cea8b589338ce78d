/**
 * The retention of bookings' personal data on a real hub with a movable clock: nothing is erased before
 * `bookings.retentionDays` have passed since an IIN or phone was last put; then the housekeeping sweep
 * erases the entries of a booking that is over and of a booking never made (an orphan), keeps those a
 * booking still booked names, writes one audit line with counts only, and the hub restarts and replays
 * its log as before.
 */
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { daySlots, localDay } from '../../src-shared/domain'
import { createLogger } from '../../src-main/hub/logger'
import { sweepBookingEntries } from '../../src-main/hub/booking-retention'
import {
  demoConfig,
  expectOk,
  makeTempDir,
  removeDataDir,
  requestId,
  startTestHub,
  type TestHub,
} from '../support/hub-harness'

const DAY = 24 * 60 * 60_000
const SERVICE = 'id-card-passport'
const RETENTION_DAYS = 3

let hub: TestHub | undefined
const dirs: string[] = []
afterEach(async () => {
  await hub?.close()
  hub = undefined
  for (const dir of dirs.splice(0)) removeDataDir(dir)
})

function capturedLogger() {
  const lines: string[] = []
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    }),
  })
  return { logger, lines }
}

/** The first slot of the service at least `ahead` days after `now`. */
function slotFrom(config: ReturnType<typeof demoConfig>, now: number, ahead: number): number {
  for (let days = ahead; days < ahead + 7; days++) {
    const slot = daySlots(config, SERVICE, localDay(now + days * DAY, config.centre.timeZone), { now })[0]
    if (slot) return slot.start
  }
  throw new Error(`no slot within a week of day +${ahead}`)
}

/** A booking as the API makes one: the IIN and phone in the vault, then `booking:make` with their ids. */
async function book(testHub: TestHub, slotStart: number, iin: string, phone: string) {
  const { engine, vault } = testHub.hub
  const personId = await vault.entries.put('iin', iin, engine.now())
  const phoneId = await vault.entries.put('phone', phone, engine.now())
  const ack = await engine.submit(
    'integration:egov-demo',
    requestId(),
    { kind: 'integration', integrationId: 'egov-demo' },
    {
      type: 'booking:make',
      serviceId: SERVICE,
      slotStart,
      personId,
      phoneId,
      channel: 'egov',
    },
  )
  const { booking } = expectOk(ack as never) as { booking: { id: string } }
  return { id: booking.id, personId, phoneId }
}

describe("the retention of bookings' IINs and phones", () => {
  it('erases, once the period has passed, what no live booking names; keeps the rest; replays after a restart', async () => {
    const config = demoConfig()
    config.bookings!.retentionDays = RETENTION_DAYS
    const clock = { now: Date.now() }
    const dataDir = makeTempDir()
    dirs.push(dataDir)
    const log = capturedLogger()
    const open = () =>
      startTestHub({
        config,
        dataDir,
        now: () => clock.now,
        logger: log.logger,
        hubOptions: { housekeepingIntervalMs: 50, retentionSweepMs: 60_000 },
      })
    hub = await open()
    const entries = hub.hub.vault.entries
    // Soon over (tomorrow), and one still ahead when the period has passed (over a week ahead).
    const soon = await book(hub, slotFrom(config, clock.now, 1), '871008401427', '+77012345678')
    const ahead = await book(hub, slotFrom(config, clock.now, 8), '760212350620', '+77471234567')
    // An IIN put for a booking the engine then refused: no booking names it.
    const orphan = await entries.put('iin', '800416300257', clock.now)
    const all = [soon.personId, soon.phoneId, ahead.personId, ahead.phoneId, orphan]

    // Two days on: within the period, the sweep erases nothing, even what no booking names.
    clock.now += 2 * DAY
    const state = () => hub!.hub.engine.state
    const sweep = () =>
      sweepBookingEntries({ config, entries, state, logger: log.logger, now: () => clock.now })
    expect(await sweep()).toBe(0)
    for (const id of all) expect(await entries.open(id), id).toBeDefined()

    // Past the period: the housekeeping's own sweep (with the new day) takes the orphan at once; the
    // booking that is over, once it has lapsed (the next sweep, a minute later on the hub's clock).
    clock.now += 2 * DAY
    await expect.poll(() => entries.open(orphan), { timeout: 5_000 }).toBeUndefined()
    await expect
      .poll(() => hub!.hub.engine.state.bookings[soon.id]!.status, { timeout: 5_000 })
      .toBe('lapsed')
    clock.now += 61_000
    await expect.poll(() => entries.open(soon.personId), { timeout: 5_000 }).toBeUndefined()
    expect(await entries.open(soon.phoneId)).toBeUndefined()
    // Still booked: kept however old their last use.
    expect(await entries.open(ahead.personId)).toEqual({ kind: 'iin', value: '760212350620' })
    expect(await entries.open(ahead.phoneId)).toEqual({ kind: 'phone', value: '+77471234567' })

    // An audit line per sweep that erased anything: counts only, never a value or an id.
    const audit = log.lines.filter((line) => line.includes('"event":"booking-retention"'))
    expect(audit.map((line) => JSON.parse(line) as { erased: number; retentionDays: number })).toEqual([
      expect.objectContaining({ erased: 1, retentionDays: RETENTION_DAYS }),
      expect.objectContaining({ erased: 2, retentionDays: RETENTION_DAYS }),
    ])
    for (const value of ['871008401427', '800416300257', '7012345678', soon.personId, orphan])
      expect(audit.join('\n')).not.toContain(value)

    // The log still replays: the ids stay in the bookings, the values are gone.
    await hub.close()
    hub = await open()
    const replayed = hub.hub.engine.state
    expect(replayed.bookings[soon.id]).toMatchObject({ status: 'lapsed', personId: soon.personId })
    expect(replayed.bookings[ahead.id]).toMatchObject({ status: 'booked', personId: ahead.personId })
    expect(await hub.hub.vault.entries.open(soon.personId)).toBeUndefined()
    expect(await hub.hub.vault.entries.open(ahead.personId)).toEqual({ kind: 'iin', value: '760212350620' })
  })
})
