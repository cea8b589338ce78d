/** Runs the chosen scenarios and gathers their figures: what the CLI prints and the tests compare. */
import type { SimulateOptions } from './args'
import { simulateScenario } from './loop'
import { mulberry32, seedFor } from './random'
import { summarise, type ScenarioResult } from './report'
import { scenarioNamed, withOverrides } from './scenarios'

export function runScenario(
  name: string,
  options: Pick<SimulateOptions, 'days' | 'seed' | 'windows' | 'rho' | 'oracle'>,
): ScenarioResult {
  const named = scenarioNamed(name)
  if (!named) throw new Error(`no scenario "${name}"`)
  const scenario = withOverrides(named, options)
  const oracle = options.oracle ? { seed: seedFor(options.seed, `${name}:oracle`) } : null
  const records = simulateScenario(scenario, options.days, mulberry32(seedFor(options.seed, name)), oracle)
  return summarise(scenario, options.days, records)
}

export function runAll(options: SimulateOptions): { scenarios: ScenarioResult[] } {
  return { scenarios: options.scenarios.map((name) => runScenario(name, options)) }
}
