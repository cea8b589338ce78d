import { describe, expect, it } from 'vitest'
import {
  addDays,
  benchIins,
  benchPhone,
  benchPlaces,
  bookingBenchConfig,
  FIRST_DAY_AHEAD,
} from '../../bench/booking-data'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { daySlots, localTime } from '../../src-shared/domain'
import { checkIin } from '../../src-shared/kz/iin'
import { normalizePhone } from '../../src-shared/kz/phone'

const take = <T>(items: Iterator<T>, count: number): T[] =>
  Array.from({ length: count }, () => items.next().value as T)

describe("the bookings bench's citizens and places", () => {
  it('gives every booking a different citizen with a valid IIN and a Kazakh mobile number', () => {
    const iins = take(benchIins(), 25_000)
    expect(new Set(iins).size).toBe(iins.length)
    const refused = iins.filter((iin) => !checkIin(iin).ok)
    expect(refused).toEqual([])
    // The same list every run.
    expect(take(benchIins(), 3)).toEqual(iins.slice(0, 3))

    const phones = Array.from({ length: 1000 }, (_, n) => benchPhone(n))
    expect(new Set(phones).size).toBe(phones.length)
    expect(phones.every((phone) => normalizePhone(phone).ok)).toBe(true)
  })

  it('runs the demo centre with room for every booking and the integration unthrottled', () => {
    const demo = loadCentreConfig(DEFAULT_CONFIG_PATH)
    const config = bookingBenchConfig(demo)
    expect(config.integrations.find((i) => i.id === 'egov-demo')?.rateLimit).toEqual({
      perSecond: 1_000_000,
      burst: 1_000_000,
    })
    // Only the bench's copy changes: the demo keeps the default rate of 20 a second.
    expect(demo.integrations.find((i) => i.id === 'egov-demo')?.rateLimit?.perSecond).toBe(20)
    expect(config.bookings?.limits).toEqual(demo.bookings?.limits)
    const perDay = Object.keys(config.bookings!.services)
      .flatMap((serviceId) => daySlots(config, serviceId, '2027-03-01'))
      .reduce((sum, slot) => sum + slot.capacity, 0)
    expect(perDay).toBeGreaterThan(3000)
  })

  it('hands out each slot no more often than it holds citizens, from two days ahead', () => {
    const config = bookingBenchConfig(loadCentreConfig(DEFAULT_CONFIG_PATH))
    const today = '2027-03-01'
    const places = take(benchPlaces(config, today), 8000)
    const perSlot = new Map<string, number>()
    for (const { serviceId, slotStart } of places) {
      const key = `${serviceId}@${slotStart}`
      perSlot.set(key, (perSlot.get(key) ?? 0) + 1)
    }
    const days = new Set(places.map((p) => localTime(p.slotStart, config.centre.timeZone).day))
    for (const day of days) {
      for (const serviceId of Object.keys(config.bookings!.services)) {
        for (const slot of daySlots(config, serviceId, day)) {
          expect(perSlot.get(`${serviceId}@${slot.start}`) ?? 0).toBeLessThanOrEqual(slot.capacity)
        }
      }
    }
    expect([...days].sort()[0]).toBe(addDays(today, FIRST_DAY_AHEAD))
  })
})
