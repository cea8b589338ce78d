#!/usr/bin/env node
// Runs `vitest run` with a human reporter and a JSON report, then prints one plain summary line
// (`N passed, N failed[, N skipped]`) that CI can read without parsing vitest's coloured output.
// Extra arguments pass through: `npm test -- tests/hub`, `npm test -- -t "call next"`.
// Fails when vitest fails, when any test failed, when the report is missing, or when no test ran.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const reportFile = join(root, 'test-results', 'vitest.json')
mkdirSync(dirname(reportFile), { recursive: true })
rmSync(reportFile, { force: true })

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')
const args = [
  vitest,
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...process.argv.slice(2),
]
const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
if (run.error) console.error(`vitest did not start: ${run.error.message}`)
const vitestStatus = run.status ?? 1

let report = null
if (existsSync(reportFile)) {
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'))
  } catch (error) {
    console.error(`vitest report ${reportFile} is not JSON: ${error.message}`)
  }
} else {
  console.error(`vitest wrote no report at ${reportFile}`)
}

const count = (key) => (report && Number.isInteger(report[key]) ? report[key] : 0)
const passed = count('numPassedTests')
const failed = count('numFailedTests')
const skipped = count('numPendingTests') + count('numTodoTests')

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`)

const problems = []
if (vitestStatus !== 0) problems.push(`vitest exited with ${run.signal ?? vitestStatus}`)
if (!report) problems.push('no vitest report')
if (failed > 0) problems.push(`${failed} failed`)
// A file that fails to import fails no test, only its suite.
if (failed === 0 && count('numFailedTestSuites') > 0)
  problems.push(`${count('numFailedTestSuites')} test files failed`)
if (report && passed + failed === 0) problems.push('no tests ran')
if (problems.length > 0) {
  console.error(`tests not green: ${problems.join('; ')}`)
  process.exit(vitestStatus !== 0 ? vitestStatus : 1)
}
