import { describe, expect, it } from 'vitest'
import { initialState } from '../../src-shared/domain/evolve'
import { median, percentile, selfServiceFigures } from '../../src-shared/self-service/figures'
import { kiosk, MINUTE } from './fixtures'
import { kiosk2, SelfServiceCentre } from './self-service-fixtures'

/**
 * A fixed morning: three sessions completed (6, 10 and 14 minutes), one abandoned, one timed out, one
 * still running; four help requests answered after 1, 2, 3 and 10 minutes (one of them resolved
 * without accepting), one cancelled, one still open for 5 minutes; two tickets served at a window, one
 * still waiting.
 */
function morning() {
  const c = new SelfServiceCentre()
  const finish = (minutes: number, outcome: 'completed' | 'abandoned' | 'timed_out', help?: number) => {
    const session = c.startSession()
    if (help !== undefined) {
      const id = c.askHelp({ sessionId: session })
      c.clock.advanceMinutes(help)
      c.run({ type: 'help:accept', helpId: id }, c.aigerim)
      c.run({ type: 'help:resolve', helpId: id }, c.aigerim)
      c.clock.advanceMinutes(minutes - help)
    } else {
      c.clock.advanceMinutes(minutes)
    }
    c.run({ type: 'selfservice:finish', sessionId: session, outcome }, kiosk)
  }
  finish(6, 'completed', 1)
  finish(10, 'completed', 2)
  finish(14, 'completed', 3)
  finish(4, 'abandoned')
  finish(8, 'timed_out')
  // Resolved by a consultant who walked over without accepting first.
  const walkedOver = c.askHelp()
  c.clock.advanceMinutes(10)
  c.run({ type: 'help:resolve', helpId: walkedOver }, c.bolat)
  const cancelled = c.askHelp()
  c.run({ type: 'help:cancel', helpId: cancelled }, kiosk)
  c.startSession(kiosk2)
  c.askHelp({}, kiosk2)
  c.clock.advanceMinutes(5)
  c.open('d3', c.aigerim)
  for (let i = 0; i < 2; i++) {
    c.issue('land')
    c.callNext('d3', c.aigerim)
    c.serve('d3', 5, c.aigerim)
  }
  c.issue('land')
  return c
}

describe('selfServiceFigures', () => {
  it("sums up the morning's sessions, help and channel shift", () => {
    const c = morning()
    expect(selfServiceFigures(c.state, c.clock.now())).toEqual({
      sessions: 6,
      active: 1,
      completed: 3,
      abandoned: 1,
      timedOut: 1,
      completionRate: 3 / 5,
      medianDurationMs: 10 * MINUTE,
      helpRequests: 6,
      helpOpen: 1,
      medianHelpResponseMs: 2.5 * MINUTE,
      p90HelpResponseMs: 10 * MINUTE,
      oldestOpenHelpMs: 15 * MINUTE,
      servedAtWindows: 2,
      channelShiftShare: 3 / 5,
    })
  })

  it('gives nulls, not zeros, for what was not measured', () => {
    expect(selfServiceFigures(initialState('almaty-1'), 0)).toEqual({
      sessions: 0,
      active: 0,
      completed: 0,
      abandoned: 0,
      timedOut: 0,
      completionRate: null,
      medianDurationMs: null,
      helpRequests: 0,
      helpOpen: 0,
      medianHelpResponseMs: null,
      p90HelpResponseMs: null,
      oldestOpenHelpMs: null,
      servedAtWindows: 0,
      channelShiftShare: null,
    })
  })

  it('counts a day of windows only as no channel shift, and one of self-service only as all', () => {
    const windows = new SelfServiceCentre()
    windows.open('d3', windows.aigerim)
    windows.issue('land')
    windows.callNext('d3', windows.aigerim)
    windows.serve('d3', 5, windows.aigerim)
    expect(selfServiceFigures(windows.state, windows.clock.now()).channelShiftShare).toBe(0)

    const online = new SelfServiceCentre()
    const session = online.startSession()
    online.run({ type: 'selfservice:finish', sessionId: session, outcome: 'completed' }, kiosk)
    expect(selfServiceFigures(online.state, online.clock.now()).channelShiftShare).toBe(1)
  })
})

describe('median and percentile', () => {
  it('take the middle, or the mean of the two middles', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })

  it('use the nearest rank', () => {
    const values = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    expect(percentile(values, 90)).toBe(90)
    expect(percentile(values, 91)).toBe(100)
    expect(percentile(values, 0)).toBe(10)
    expect(percentile([7], 90)).toBe(7)
    expect(percentile([], 50)).toBeNull()
  })
})
