/**
 * The simulated centres. Each scenario is one question about the wait estimate: the plain M/M/c case
 * (where the naive estimate is near the best a point can be), windows shared by services of different
 * lengths, priorities with no-shows and postponements, configured times that are wrong, a long tail.
 */

export interface ServiceSpec {
  id: string
  prefix: string
  /** The real mean service time, minutes. */
  trueMin: number
  /** What the centre's config says (`expectedMinutes`), minutes. */
  configuredMin: number
  /** Share of arrivals. */
  share: number
}

export interface Scenario {
  name: string
  description: string
  /** Desks, all open all day and serving every service. */
  windows: number
  /** Utilisation: arrival rate × mean true service time ÷ windows. */
  rho: number
  services: ServiceSpec[]
  serviceShape: 'exponential' | 'lognormal'
  /** Log-scale spread of lognormal service times. */
  sigma: number
  /** 1.6× the mean arrival rate in the first two hours, 0.8× after (same daily mean). */
  morningPeak: boolean
  /** Share of arrivals in a priority category (split evenly between the two categories). */
  priorityShare: number
  /** Share of first calls at which the citizen is not at the window. */
  absentShare: number
  /** Of the absent, the share the consultant postpones (they come back); the rest are no-shows. */
  returnShare: number
  /** Minutes a consultant waits for an absent citizen before moving on. */
  absentWaitMin: number
  /** When arrivals start, minutes after the centre's local midnight. */
  openMinute: number
  /** How long arrivals last; the windows then serve whoever waits. */
  arrivalMinutes: number
  /** Tickets issued this many minutes after opening or earlier are left out of the figures. */
  warmupMinutes: number
  /** Plain M/M/c (one service, memoryless, no priorities or absences): Erlang C applies. */
  erlang: boolean
}

const base: Omit<Scenario, 'name' | 'description' | 'rho' | 'services' | 'erlang'> = {
  windows: 4,
  serviceShape: 'exponential',
  sigma: 1,
  morningPeak: false,
  priorityShare: 0,
  absentShare: 0,
  returnShare: 0,
  absentWaitMin: 2,
  openMinute: 9 * 60,
  arrivalMinutes: 8 * 60,
  warmupMinutes: 0,
}

const one = (trueMin: number, configuredMin = trueMin): ServiceSpec[] => [
  { id: 'passport', prefix: 'A', trueMin, configuredMin, share: 1 },
]

export const SCENARIOS: readonly Scenario[] = [
  {
    ...base,
    name: 'plain-0.85',
    description: 'M/M/4, one 10-minute service, exact configured time',
    rho: 0.85,
    services: one(10),
    erlang: true,
  },
  {
    ...base,
    name: 'plain-0.95',
    description: 'M/M/4 at utilisation 0.95',
    rho: 0.95,
    services: one(10),
    erlang: true,
  },
  {
    ...base,
    name: 'shared-windows',
    description: 'two services, 4 and 12 minutes, half the arrivals each, on the same windows',
    rho: 0.85,
    services: [
      { id: 'short', prefix: 'A', trueMin: 4, configuredMin: 4, share: 0.5 },
      { id: 'long', prefix: 'B', trueMin: 12, configuredMin: 12, share: 0.5 },
    ],
    erlang: false,
  },
  {
    ...base,
    name: 'priorities',
    description: '15% priority categories, 10% absent at the call (half postponed, half no-shows)',
    rho: 0.85,
    services: one(10),
    priorityShare: 0.15,
    absentShare: 0.1,
    returnShare: 0.5,
    erlang: false,
  },
  {
    ...base,
    name: 'config-off',
    description: 'configured times 50% off: 10-minute service configured as 15, 20-minute as 10',
    rho: 0.85,
    services: [
      { id: 'passport', prefix: 'A', trueMin: 10, configuredMin: 15, share: 0.5 },
      { id: 'land', prefix: 'B', trueMin: 20, configuredMin: 10, share: 0.5 },
    ],
    erlang: false,
  },
  {
    ...base,
    name: 'lognormal',
    description: 'one 10-minute service with a long tail (lognormal, σ = 1, CV 1.3)',
    rho: 0.85,
    services: one(10),
    serviceShape: 'lognormal',
    erlang: false,
  },
  {
    ...base,
    name: 'morning-peak',
    description: 'plain 0.85 with 1.6× arrivals in the first two hours',
    rho: 0.85,
    services: one(10),
    morningPeak: true,
    erlang: false,
  },
  {
    ...base,
    name: 'erlang-check',
    description: 'M/M/4 at 0.85 with 1-minute service over 23 hours, first 2 hours left out: the long run',
    rho: 0.85,
    services: one(1),
    openMinute: 1,
    arrivalMinutes: 23 * 60,
    warmupMinutes: 120,
    erlang: true,
  },
]

/** What `npm run simulate` runs without `--scenario`. */
export const STANDARD_SET = [
  'plain-0.85',
  'plain-0.95',
  'shared-windows',
  'priorities',
  'config-off',
  'lognormal',
] as const

export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name)
}

/** Mean true service time over the arrival mix, minutes. */
export function meanServiceMin(scenario: Scenario): number {
  const total = scenario.services.reduce((sum, s) => sum + s.share, 0)
  return scenario.services.reduce((sum, s) => sum + s.share * s.trueMin, 0) / total
}

/** The scenario with the run's `--windows` and `--rho`, where given. */
export function withOverrides(scenario: Scenario, overrides: { windows?: number; rho?: number }): Scenario {
  return {
    ...scenario,
    windows: overrides.windows ?? scenario.windows,
    rho: overrides.rho ?? scenario.rho,
  }
}
