/**
 * `npx tsx bench/booking-cost.ts [sizes…]`: what deciding one `booking:make` costs the engine, in
 * process (no HTTP, vault or store), against a centre state that already holds N bookings. Measurement 8
 * starts from an empty state and makes a few thousand; this shows how its figure would change for a
 * centre whose horizon is fuller (a large ЦОН books about a thousand citizens a day, 14 days ahead).
 *
 * The state is filled by applying `booking:made` facts, as a replay of the log does, so filling is cheap;
 * then 300 more bookings are decided and applied one by one, each a new citizen in a free place, and the
 * mean is printed. Default sizes: 0, 1,000, 5,000, 10,000 and 20,000.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../src-main/hub/config-file'
import {
  applyEvents,
  dayChange,
  decide,
  initialState,
  localDay,
  localTime,
  type DomainEvent,
} from '../src-shared/domain'
import { benchPlaces, bookingBenchConfig } from './booking-data'

const SAMPLE = 300
const sizes = process.argv.slice(2).map(Number)
if (sizes.some((size) => !Number.isInteger(size) || size < 0)) {
  console.error('usage: tsx bench/booking-cost.ts [bookings already in the state …]')
  process.exit(2)
}

const config = bookingBenchConfig(loadCentreConfig(DEFAULT_CONFIG_PATH))
const { timeZone } = config.centre
const now = Date.now()
const ctx = {
  now,
  config,
  actor: { kind: 'integration', integrationId: 'egov-demo' } as const,
  newId: () => randomUUID(),
  newToken: () => randomBytes(18).toString('base64url'),
}

console.log(`booking:make decided and applied, mean of ${SAMPLE}, one core (${process.version})`)
for (const size of sizes.length > 0 ? sizes : [0, 1000, 5000, 10_000, 20_000]) {
  const state = initialState(config.centre.id)
  const opened = dayChange(state, config, now)
  if (opened) applyEvents(state, [opened], now)
  const places = benchPlaces(config, localDay(now, timeZone))
  const made: DomainEvent[] = []
  for (let n = 0; n < size; n++) {
    const { serviceId, slotStart } = places.next().value
    made.push({
      type: 'booking:made',
      bookingId: `b${n}`,
      code: n.toString(36).toUpperCase().padStart(6, '2'),
      serviceId,
      slotStart,
      slotEnd: slotStart + 15 * 60_000,
      day: localTime(slotStart, timeZone).day,
      personId: `ve_person${n}`,
      phoneId: `ve_phone${n}`,
      channel: 'egov',
      by: 'integration:egov-demo',
    })
  }
  applyEvents(state, made, now)
  const t0 = performance.now()
  for (let n = size; n < size + SAMPLE; n++) {
    const { serviceId, slotStart } = places.next().value
    const command = {
      type: 'booking:make',
      serviceId,
      slotStart,
      personId: `ve_person${n}`,
      phoneId: `ve_phone${n}`,
      channel: 'egov',
    } as const
    applyEvents(state, decide(state, command, ctx), now)
  }
  const us = ((performance.now() - t0) / SAMPLE) * 1000
  console.log(
    `  ${size.toLocaleString('en-US').padStart(7)} bookings in the state: ${us.toFixed(0).padStart(6)} µs`,
  )
}
