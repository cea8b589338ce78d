/**
 * `npm run simulate`: simulated days in virtual time that drive Kezek's own domain in-process, and how
 * far its wait estimate and the naive one are from the waits that follow. See bench/SIMULATION.md.
 *
 *   npm run simulate                                  the standard set as a table, plus the Erlang C check
 *   npm run simulate -- --scenario shared-windows --days 40 --seed 7
 *   npm run simulate -- --windows 6 --rho 0.9 --json  one JSON object: { "scenarios": [ ... ] }
 *
 * Exit 2 on a bad flag (one line naming it), 1 if the simulation itself fails.
 */
import { FlagError, parseArgs, type SimulateOptions } from './args'
import { formatErlangCheck, formatTable } from './report'
import { runAll, runScenario } from './run'

function main(argv: readonly string[]): number {
  let options: SimulateOptions
  try {
    options = parseArgs(argv)
  } catch (error) {
    if (!(error instanceof FlagError)) throw error
    process.stderr.write(`simulate: ${error.message}\n`)
    return 2
  }
  const result = runAll(options)
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`)
    return 0
  }
  const lines = [formatTable(result.scenarios)]
  // The plain days start empty and stop at closing, so their mean is not the long run's; erlang-check is.
  const longRun = result.scenarios.find((r) => r.name === 'erlang-check')
  if (longRun) lines.push(formatErlangCheck(longRun))
  else if (options.standard) lines.push(formatErlangCheck(runScenario('erlang-check', options)))
  lines.push(
    'Minutes. Bias = mean(estimate − realised wait): negative means citizens wait longer than printed.',
  )
  process.stdout.write(`${lines.join('\n')}\n`)
  return 0
}

process.exitCode = main(process.argv.slice(2))
