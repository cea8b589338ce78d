import { describe, expect, it } from 'vitest'
import { bookedCentreConfig, simulateBookedDays } from '../../bench/simulate/booked-day'
import { daySlots } from '../../src-shared/domain'

describe('booked days in virtual time', () => {
  it('books every slot full, and gives the same figures for the same seed', () => {
    const first = simulateBookedDays({ days: 3, seed: 11 })
    expect(simulateBookedDays({ days: 3, seed: 11 })).toEqual(first)
    expect(simulateBookedDays({ days: 3, seed: 12 })).not.toEqual(first)
    // As many booked citizens as the slots hold: 2.1 passport and 4.2 certificate citizens a 15-minute slot.
    const config = bookedCentreConfig({ windows: 4, walkInShare: 0.3, maxPriorityStreak: 3 })
    const perDay = ['passport', 'certificate']
      .flatMap((id) => daySlots(config, id, '2025-03-10'))
      .reduce((sum, slot) => sum + slot.capacity, 0)
    expect(perDay).toBe(75 + 151)
    expect(first.booked).toBe(3 * perDay)
    expect(first.walkIns).toBeGreaterThan(200)
  })

  it('calls nearly every booked citizen who came on time within the late window', () => {
    const figures = simulateBookedDays({ days: 3, seed: 11 })
    expect(figures.bookedOnTime).toBeGreaterThanOrEqual(0.9)
    expect(figures.bookedLate.p50).toBeLessThan(5)
    // Walk-ins carry the share held back for them and wait longer than the booked citizens.
    expect(figures.walkInMeanWait).toBeGreaterThan(figures.bookedLate.p50)
  })
})
