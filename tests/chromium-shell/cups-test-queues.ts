/**
 * The printer-state tests' own CUPS queues (.ci/headful-setup.sh makes them, on the `kezek-test`
 * backend, .ci/cups/kezek-test-backend.sh): one that runs out of paper on its first job, and one to
 * take offline. Nobody else prints on them; every test leaves them as it found them: enabled, with
 * paper, no job waiting.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { vi } from 'vitest'
import { readPrinterState } from '../../src-main/printer-state'
import type { ShellPrinterState } from '../../src-shared/bridge'

const run = promisify(execFile)

export const PAPER_OUT_QUEUE = 'Kezek-Test-Printer-PaperOut'
export const OFFLINE_QUEUE = 'Kezek-Test-Printer-Offline'
/** The job title the test backend takes for a new paper roll. */
const REFILL = 'kezek-refill'

/** Waits until `lpstat` reads `state` for `printer` (CUPS runs a backend a moment after the job). */
export async function waitForPrinterState(printer: string, state: ShellPrinterState): Promise<void> {
  await vi.waitFor(
    async () => {
      const reading = await readPrinterState({ printer })
      if (reading.state !== state) throw new Error(`${printer} is ${JSON.stringify(reading)}, not ${state}`)
    },
    { timeout: 30_000, interval: 200 },
  )
}

/** Jobs that `queue` holds, as `lpstat -o` lists them. */
export async function jobsOn(queue: string): Promise<string[]> {
  const { stdout } = await run('lpstat', ['-o', queue])
  return stdout.split('\n').filter((line) => line.trim() !== '')
}

/** A job of a few bytes on `queue`, titled `title`. */
export async function printOn(queue: string, title: string): Promise<void> {
  const child = run('lp', ['-d', queue, '-t', title])
  child.child.stdin!.end(`${title}\n`)
  await child
}

/** A new roll in the paper-out queue: jobs dropped, queue enabled, the backend's report taken back. */
export async function refill(): Promise<void> {
  await run('cancel', ['-a', PAPER_OUT_QUEUE])
  await run('cupsenable', [PAPER_OUT_QUEUE])
  await printOn(PAPER_OUT_QUEUE, REFILL)
  await waitForPrinterState(PAPER_OUT_QUEUE, 'ok')
}

/** Runs `body` with `queue` disabled (as `cupsdisable` does it), and enables it again whatever happens. */
export async function whileDisabled(queue: string, body: () => Promise<void>): Promise<void> {
  await run('cupsdisable', ['-r', 'taken offline by a Kezek test', queue])
  try {
    await body()
  } finally {
    await run('cupsenable', [queue])
  }
}
