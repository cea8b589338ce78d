/** The command line of `npm run simulate`, checked: a bad flag is a clear one-line error, never a guess. */
import { SCENARIOS, STANDARD_SET, scenarioNamed } from './scenarios'

export interface SimulateOptions {
  scenarios: string[]
  /** True when no `--scenario` was given: the standard set, plus the Erlang C check in the table. */
  standard: boolean
  days: number
  seed: number
  windows?: number
  rho?: number
  json: boolean
  /** Also the oracle's estimate (`oracle.ts`): slow, so only on request. */
  oracle?: boolean
}

/** A flag the simulator cannot use; the message names it. */
export class FlagError extends Error {
  override name = 'FlagError'
}

const VALUE_FLAGS = ['--windows', '--rho', '--days', '--seed', '--scenario'] as const

function integer(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new FlagError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`)
  return n
}

export function parseArgs(argv: readonly string[]): SimulateOptions {
  const options: SimulateOptions = {
    scenarios: [...STANDARD_SET],
    standard: true,
    days: 20,
    seed: 1,
    json: false,
    oracle: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--json') {
      options.json = true
      continue
    }
    if (arg === '--oracle') {
      options.oracle = true
      continue
    }
    const eq = arg.indexOf('=')
    const flag = eq >= 0 ? arg.slice(0, eq) : arg
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) throw new FlagError(`unknown flag "${arg}"`)
    const raw = eq >= 0 ? arg.slice(eq + 1) : argv[++i]
    if (raw === undefined || raw === '') throw new FlagError(`${flag} needs a value`)
    setFlag(options, flag, raw)
  }
  return options
}

function setFlag(options: SimulateOptions, flag: string, raw: string): void {
  switch (flag) {
    case '--windows':
      options.windows = integer(flag, raw, 1, 200)
      return
    case '--days':
      options.days = integer(flag, raw, 1, 10_000)
      return
    case '--seed':
      options.seed = integer(flag, raw, 0, 2 ** 32 - 1)
      return
    case '--rho': {
      const rho = Number(raw)
      if (!Number.isFinite(rho) || rho <= 0 || rho >= 1)
        throw new FlagError(`--rho must be a utilisation above 0 and below 1, got "${raw}"`)
      options.rho = rho
      return
    }
    case '--scenario': {
      const names = raw.split(',').map((s) => s.trim())
      for (const name of names) {
        if (!scenarioNamed(name)) {
          const known = SCENARIOS.map((s) => s.name).join(', ')
          throw new FlagError(`--scenario "${name}" is not one of: ${known}`)
        }
      }
      options.scenarios = names
      options.standard = false
      return
    }
  }
}
