/**
 * CPU pinning for the bench: the bench client on CPU 0, the server children on CPU 1.
 *
 * In a centre the hub has its machine and its 1,000 screens are other machines. Here one process stands
 * in for all the clients, on the same two cores as the server under test. Unpinned, the kernel sometimes
 * wakes the server on the client's core (notably after the hub's fsync, which the bare server never
 * does), and the two then take turns on one core while the other idles: that measures the scheduler,
 * not the server. Pinned, each side has a core of its own, as it would in a hall, and both servers get
 * the same treatment. `--no-pin` measures unpinned, for comparison.
 */
import { execFileSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

export interface Pinning {
  clientCpu: number
  serverCpu: number
}

/** Pins this process (every thread) to CPU 0; returns where servers go, or why it could not pin. */
export function pinBenchProcess(): Pinning | string {
  if (process.platform !== 'linux') return 'not Linux'
  if (availableParallelism() < 2) return 'fewer than 2 CPUs'
  try {
    execFileSync('taskset', ['--all-tasks', '--pid', '--cpu-list', '0', String(process.pid)], {
      stdio: 'ignore',
    })
  } catch (error) {
    return `taskset failed (${(error as Error).message.split('\n')[0]})`
  }
  return { clientCpu: 0, serverCpu: 1 }
}

/** The command that starts a server child on `cpu` (through taskset), or unpinned. */
export function pinnedCommand(cpu: number | undefined, command: string, args: string[]): [string, string[]] {
  if (cpu === undefined) return [command, args]
  return ['taskset', ['--cpu-list', String(cpu), command, ...args]]
}
