/**
 * One wait estimate: the supervisor's figures give a newcomer the minutes the kiosk's ticket prints, with
 * the centre's own `policy.estimateWindow` (the hub's ack is `estimateWait` of the ticket just issued).
 */
import { describe, expect, it } from 'vitest'
import { publicConfig } from '../../src-shared/config'
import { estimateWait, newcomerEstimate } from '../../src-shared/domain'
import { dayFigures } from '../../src-shared/figures'
import { MINUTE, TestCentre } from './fixtures'

/** Passport served at d2 for these minutes each, then `waiting` visitors in the queue behind one in hand. */
function passportDay(minutes: number[], waiting: number, policy = {}) {
  const c = new TestCentre({ policy })
  c.open('d2', c.bolat)
  for (const m of minutes) {
    c.issue('passport')
    c.callNext('d2', c.bolat)
    c.serve('d2', m, c.bolat)
  }
  c.issue('passport')
  c.callNext('d2', c.bolat)
  for (let i = 0; i < waiting; i++) c.issue('passport')
  return c
}

/** The supervisor's newcomer estimate for passport, from what the hub sends its face. */
function supervisorEstimate(c: TestCentre): number {
  const figures = dayFigures(c.state, publicConfig(c.config), c.clock.now())
  return figures.services.find((s) => s.serviceId === 'passport')!.newcomerEstimateMinutes
}

/** What the kiosk prints: the estimate of the ticket the hub has just issued. */
function kioskEstimate(c: TestCentre): number {
  const ticket = c.issue('passport')
  return estimateWait(c.state, c.config, ticket.id, c.clock.now())!.minutes
}

describe('dayFigures: the newcomer estimate is the one wait estimate', () => {
  it("averages the centre's own policy.estimateWindow, as the kiosk's ticket does", () => {
    // Window 2: the last two services (2 and 4 min) average 3; the default window of 10 would give 10.4.
    const c = passportDay([20, 20, 20, 2, 4], 2, { estimateWindow: 2 })
    const supervisor = supervisorEstimate(c)
    // Two ahead and one in hand at the one open desk: ceil(2.5 × 3) = 8.
    expect(supervisor).toBe(8)
    expect(newcomerEstimate(c.state, c.config, 'passport')).toEqual({ ahead: 2, minutes: 8 })
    expect(kioskEstimate(c)).toBe(supervisor)
  })

  it('follows a window wider than the default', () => {
    // Window 12 keeps all twelve times (6 of 1 min, 6 of 13): 7 on average; the default 10 would give 8.2.
    const times = [1, 1, 1, 1, 1, 1, 13, 13, 13, 13, 13, 13]
    const c = passportDay(times, 0, { estimateWindow: 12 })
    expect(c.state.serviceTimes.passport).toHaveLength(12)
    const supervisor = supervisorEstimate(c)
    expect(supervisor).toBe(Math.ceil(0.5 * 7))
    expect(kioskEstimate(c)).toBe(supervisor)
  })

  it('agrees with the kiosk as the day goes on', () => {
    const c = passportDay([9, 3, 5], 0, { estimateWindow: 1 })
    for (const minutes of [6, 1, 12]) {
      const supervisor = supervisorEstimate(c)
      expect(kioskEstimate(c)).toBe(supervisor)
      c.clock.advanceMinutes(1)
      c.serve('d2', minutes, c.bolat)
      c.callNext('d2', c.bolat)
    }
    expect(c.state.serviceTimes.passport!.at(-1)).toBe(12 * MINUTE)
    // Window 1: only the last service (12 min) counts; nobody waits, one in hand: ceil(0.5 × 12) = 6.
    expect(supervisorEstimate(c)).toBe(6)
  })
})
