/**
 * The simulator's oracle (`bench/simulate/oracle.ts`): the true remaining service time given the time
 * spent, and the median wait it plays forward, against textbook values.
 */
import { describe, expect, it } from 'vitest'
import { consultant, deskId, kiosk, MINUTE, SimCentre } from '../../bench/simulate/centre'
import { remainingMinutes } from '../../bench/simulate/models'
import { oracleEstimateMin } from '../../bench/simulate/oracle'
import { mulberry32, normalUpperTail } from '../../bench/simulate/random'
import { scenarioNamed, type Scenario } from '../../bench/simulate/scenarios'

const scenario = (name: string, windows: number): Scenario => ({ ...scenarioNamed(name)!, windows })

describe('oracle', () => {
  it('draws the time still to go of a lognormal service given the time spent', () => {
    const s = scenario('lognormal', 1)
    const service = s.services[0]!
    const mean = (elapsed: number) => {
      const rng = mulberry32(3)
      let sum = 0
      for (let i = 0; i < 40_000; i++) sum += remainingMinutes(s, service, elapsed, rng)
      return sum / 40_000
    }
    // E[X − e | X > e] of a lognormal (mean m, σ): m·Q(z − σ) / Q(z) − e, z = (ln e − μ) / σ.
    const mu = Math.log(service.trueMin) - s.sigma ** 2 / 2
    const residual = (e: number) => {
      const z = (Math.log(e) - mu) / s.sigma
      return (service.trueMin * normalUpperTail(z - s.sigma)) / normalUpperTail(z) - e
    }
    expect(mean(0)).toBeCloseTo(service.trueMin, 0)
    for (const e of [5, 30, 90]) expect(Math.abs(mean(e) / residual(e) - 1)).toBeLessThan(0.05)
    // A long tail: the longer a visit has run, the longer it still runs, unlike a memoryless one.
    expect(residual(90)).toBeGreaterThan(3 * service.trueMin)
  })

  it('gives the median of the wait: one window, one in hand and one ahead, memoryless', () => {
    const s = scenario('plain-0.85', 1)
    const sim = new SimCentre(s)
    const start = Date.UTC(2025, 2, 10, 5, 0, 0)
    sim.exec({ type: 'desk:open', deskId: deskId(0) }, consultant(0), start)
    const issue = () => {
      const events = sim.exec({ type: 'ticket:issue', serviceId: 'passport', categoryId: null }, kiosk, start)
      const issued = events.find((e) => e.type === 'ticket:issued')
      if (issued?.type !== 'ticket:issued') throw new Error('no ticket issued')
      return issued.ticketId
    }
    const held = issue()
    sim.exec({ type: 'ticket:call-next', deskId: deskId(0) }, consultant(0), start)
    sim.exec({ type: 'ticket:start', ticketId: held }, consultant(0), start)
    issue()
    const last = issue()
    const now = start + 3 * MINUTE
    const oracle = (seed: number) =>
      oracleEstimateMin(
        sim.state,
        {
          scenario: s,
          config: sim.config,
          categoryRanks: sim.categoryRanks,
          opening: start,
          closing: start + s.arrivalMinutes * MINUTE,
          absentOnce: new Set(),
          seed,
        },
        last,
        now,
      )
    // The rest of the service in hand and one more: Gamma(2, 10 min), whose median is 16.78 minutes.
    expect(Math.abs(oracle(1) / 16.78 - 1)).toBeLessThan(0.06)
    expect(oracle(1)).toBe(oracle(1))
    expect(oracle(2)).not.toBe(oracle(1))
  })
})
