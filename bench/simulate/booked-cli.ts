/**
 * Booked days: every slot booked full, booked citizens on time, walk-ins at the walk-in share; how many
 * booked citizens are called within the policy's late window. See bench/SIMULATION.md, "Booked days".
 *
 *   npx tsx bench/simulate/booked-cli.ts                      40 days, seed 1, as a few lines
 *   npx tsx bench/simulate/booked-cli.ts --fill 0.5 --shape lognormal --streak 0 --json
 *
 * Exit 2 on a bad flag (one line naming it).
 */
import { parseArgs } from 'node:util'
import { BOOKED_DAY_DEFAULTS, simulateBookedDays, type BookedDayOptions } from './booked-day'

class FlagError extends Error {}

function number(
  flag: string,
  raw: string | undefined,
  min: number,
  max: number,
  whole: boolean,
): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n)))
    throw new FlagError(
      `--${flag} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${raw}"`,
    )
  return n
}

function options(argv: string[]): Partial<BookedDayOptions> & { json: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      days: { type: 'string' },
      seed: { type: 'string' },
      windows: { type: 'string' },
      fill: { type: 'string' },
      'walk-in-share': { type: 'string' },
      streak: { type: 'string' },
      shape: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  if (values.shape !== undefined && values.shape !== 'exponential' && values.shape !== 'lognormal')
    throw new FlagError(`--shape must be exponential or lognormal, got "${values.shape}"`)
  const picked = {
    days: number('days', values.days, 1, 1000, true),
    seed: number('seed', values.seed, 0, 2 ** 32 - 1, true),
    windows: number('windows', values.windows, 1, 50, true),
    fill: number('fill', values.fill, 0.01, 3, false),
    walkInShare: number('walk-in-share', values['walk-in-share'], 0, 0.9, false),
    maxPriorityStreak: number('streak', values.streak, 0, 100, true),
    shape: values.shape as BookedDayOptions['shape'] | undefined,
  }
  return {
    ...Object.fromEntries(Object.entries(picked).filter(([, value]) => value !== undefined)),
    json: values.json,
  }
}

function main(argv: string[]): number {
  let chosen: ReturnType<typeof options>
  try {
    chosen = options(argv)
  } catch (error) {
    if (!(error instanceof FlagError) && !(error instanceof TypeError)) throw error
    process.stderr.write(`booked days: ${error.message}\n`)
    return 2
  }
  const { json, ...overrides } = chosen
  const run = { ...BOOKED_DAY_DEFAULTS, ...overrides }
  const figures = simulateBookedDays(run)
  if (json) {
    process.stdout.write(`${JSON.stringify({ options: run, figures })}\n`)
    return 0
  }
  const late = figures.bookedLate
  process.stdout.write(
    [
      `${run.days} days, seed ${run.seed}, ${run.windows} windows, walk-in share ${run.walkInShare} filled ×${run.fill}, ${run.shape} service, streak bound ${run.maxPriorityStreak}`,
      `booked ${figures.booked}, walk-ins ${figures.walkIns}`,
      `booked called within the late window: ${Math.round(figures.bookedOnTime * 100)}%; days with all on time ${figures.daysAllOnTime}/${run.days}, with 95% ${figures.days95OnTime}/${run.days}`,
      `minutes after the slot's start (p50 / p90 / p95 / p99 / max): ${late.p50} / ${late.p90} / ${late.p95} / ${late.p99} / ${late.max}`,
      `walk-in wait, minutes (mean / p90): ${figures.walkInMeanWait} / ${figures.walkInP90Wait}`,
    ].join('\n') + '\n',
  )
  return 0
}

process.exitCode = main(process.argv.slice(2))
