import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FlagError, parseArgs } from '../../bench/simulate/args'
import { erlangC, erlangCWaitMin, kezekEstimate, naiveEstimateMin } from '../../bench/simulate/estimators'
import { runAll } from '../../bench/simulate/run'
import { rankMap } from '../../src-shared/domain'
import { TestCentre } from '../shared/fixtures'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

const small = (seed: number) =>
  runAll({ scenarios: ['priorities', 'shared-windows'], standard: false, days: 2, seed, json: true })

describe('simulate', () => {
  it('gives identical JSON for the same seed, and other numbers for another', () => {
    const first = JSON.stringify(small(7))
    expect(JSON.stringify(small(7))).toBe(first)
    expect(JSON.stringify(small(8))).not.toBe(first)
    const parsed = JSON.parse(first) as { scenarios: Record<string, unknown>[] }
    expect(parsed.scenarios.map((s) => s.name)).toEqual(['priorities', 'shared-windows'])
    for (const s of parsed.scenarios) {
      expect(Object.keys(s)).toEqual([
        'name',
        'days',
        'tickets',
        'meanWaitMin',
        'erlangCMin',
        'kezek',
        'naive',
      ])
      expect(s.tickets).toBeGreaterThan(100)
      expect(s.erlangCMin).toBeNull()
      expect(s.kezek).toEqual({
        maeMin: expect.any(Number),
        biasMin: expect.any(Number),
        coverage80: expect.any(Number),
      })
    }
  })

  it("measures Kezek's estimate against the naive one and its range against the waits", () => {
    const [priorities, shared] = small(7).scenarios
    // Two services of 4 and 12 minutes on the same windows: the naive estimate counts neither the other
    // service nor the time in hand, and is far off; Kezek's is not.
    expect(shared!.kezek.maeMin).toBeLessThan(0.75 * shared!.naive.maeMin)
    expect(Math.abs(shared!.kezek.biasMin)).toBeLessThan(Math.abs(shared!.naive.biasMin))
    // The range holds most realised waits, but is no blanket: neither nearly all nor few.
    for (const s of [priorities!, shared!]) {
      expect(s.kezek.coverage80).toBeGreaterThan(0.6)
      expect(s.kezek.coverage80).toBeLessThan(0.95)
    }
  })

  it('gives Erlang C for a plain scenario only', () => {
    const { scenarios } = runAll({ scenarios: ['plain-0.85'], standard: false, days: 1, seed: 1, json: true })
    // M/M/4, a = 3.4 erlangs, 10-minute service: C ≈ 0.6897, Wq = C × 10 / 0.6.
    expect(scenarios[0]!.erlangCMin).toBeCloseTo(11.49, 2)
  })

  it('computes Erlang C as the textbook does', () => {
    // M/M/1: the probability of waiting is the utilisation.
    expect(erlangC(1, 0.8)).toBeCloseTo(0.8, 12)
    // M/M/2 with a = 1 erlang: C = (1/2 · 2) / (1 + 1 + 1) = 1/3, Wq = C / (cμ − λ) = 1/3 of a service time.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12)
    expect(erlangCWaitMin(2, 0.5, 1)).toBeCloseTo(1 / 3, 12)
    // M/M/3 with a = 2: C = 4/9 (Kleinrock's tables give 0.4444).
    expect(erlangC(3, 2)).toBeCloseTo(4 / 9, 12)
    expect(erlangCWaitMin(3, 1, 10)).toBe(Infinity)
  })

  it('counts the naive estimate as queue position × configured time ÷ open windows', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.open('d2', c.bolat)
    c.issue('passport')
    c.clock.advanceMinutes(1)
    c.issue('passport')
    c.issue('birth')
    c.clock.advanceMinutes(1)
    const third = c.issue('passport')
    c.clock.advanceMinutes(1)
    const pregnant = c.issue('passport', { categoryId: 'pregnant' })
    const now = c.clock.now()
    // Passport is configured at 10 minutes and served by both open desks; birth's ticket is not counted.
    expect(naiveEstimateMin(c.state, c.config, third.id)).toBe((2 * 10) / 2)
    // The naive estimate ignores priorities: the pregnant visitor is fourth in queue order.
    expect(naiveEstimateMin(c.state, c.config, pregnant.id)).toBe((3 * 10) / 2)
    // Kezek's counts her first: both desks are free, so it says 0, with no range.
    expect(kezekEstimate(c.state, c.config, pregnant.id, now, rankMap(c.config))).toEqual({
      minutes: 0,
      low: null,
      high: null,
    })
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    expect(naiveEstimateMin(c.state, c.config, third.id)).toBe(2 * 10)
  })

  it('refuses a bad flag with a line naming it', () => {
    expect(() => parseArgs(['--windows', '0'])).toThrow(FlagError)
    expect(() => parseArgs(['--windows', '0'])).toThrow(/--windows/)
    expect(() => parseArgs(['--rho=1.2'])).toThrow(/--rho/)
    expect(() => parseArgs(['--days'])).toThrow(/--days needs a value/)
    expect(() => parseArgs(['--scenario', 'plain,nope'])).toThrow(/--scenario "plain"/)
    expect(() => parseArgs(['--fast'])).toThrow(/"--fast"/)
    expect(parseArgs(['--scenario', 'lognormal', '--rho', '0.9', '--json'])).toMatchObject({
      scenarios: ['lognormal'],
      standard: false,
      rho: 0.9,
      json: true,
      days: 20,
    })
  })

  it('exits 2 with one line on stderr for a bad flag', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/simulate/cli.ts', '--seed', 'x'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trim().split('\n')).toEqual([
      'simulate: --seed must be a whole number from 0 to 4294967295, got "x"',
    ])
  })
})
