/**
 * One wait estimate: the supervisor's figures give a newcomer the minutes the kiosk's ticket prints, with
 * the centre's own policy (the hub's ack is `estimateWait` of the ticket just issued).
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
function supervisorEstimate(c: TestCentre): number | null {
  const figures = dayFigures(c.state, publicConfig(c.config), c.clock.now())
  return figures.services.find((s) => s.serviceId === 'passport')!.newcomerEstimateMinutes
}

/** What the kiosk prints: the estimate of the ticket the hub has just issued. */
function kioskEstimate(c: TestCentre): number | null {
  const ticket = c.issue('passport')
  return estimateWait(c.state, c.config, ticket.id, c.clock.now())!.minutes
}

describe('dayFigures: the newcomer estimate is the one wait estimate', () => {
  it("reads the centre's own policy.estimateWindow, as the kiosk's ticket does", () => {
    // Window 4: the last four visits (2 min each) pull the configured 10 down; all nine would not.
    const times = [20, 20, 20, 20, 20, 2, 2, 2, 2]
    const narrow = passportDay(times, 2, { estimateWindow: 4 })
    const wide = passportDay(times, 2, { estimateWindow: 9 })
    const supervisor = supervisorEstimate(narrow)!
    expect(supervisor).toBeLessThan(supervisorEstimate(wide)!)
    expect(newcomerEstimate(narrow.state, narrow.config, 'passport', narrow.clock.now())).toMatchObject({
      ahead: 2,
      windows: 1,
      minutes: supervisor,
    })
    expect(kioskEstimate(narrow)).toBe(supervisor)
    expect(kioskEstimate(wide)).toBe(supervisorEstimate(passportDay(times, 2, { estimateWindow: 9 })))
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
    expect(c.state.serviceTimes.passport!.at(-1)).toBe(13 * MINUTE)
  })

  it('is null for a service no open window serves, as the ticket prints no minutes', () => {
    const c = passportDay([5], 0)
    c.serve('d2', 5, c.bolat)
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    expect(supervisorEstimate(c)).toBeNull()
    expect(kioskEstimate(c)).toBeNull()
  })
})
