/**
 * Runs the hub as a child process and waits for its `Kezek hub listening on <url>` line. Used by the
 * Electron shell (one-machine default) and by the `npm start` launcher.
 *
 * Plain Node, no `electron` import: the hub is never loaded into the Electron main process, so a hub
 * crash cannot take the kiosk window with it and the hub keeps Node's own runtime.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export const LISTENING_LINE = /^Kezek hub listening on (https?:\/\/\S+)\s*$/

export interface HubCommand {
  command: string
  args: string[]
  cwd?: string
  env?: NodeJS.ProcessEnv
}

export interface HubProcessOptions {
  /** Every other line the hub writes (its JSON log lines, its errors). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
  /** How long to wait for the listening line. Default 30 s. */
  readyTimeoutMs?: number
}

export interface HubProcess {
  /** The hub's base URL, as it printed it. */
  url: string
  child: ChildProcess
  /** Resolves with the exit code (or the signal's name) once the hub has exited. */
  exited: Promise<number | string>
  /** Asks the hub to stop (SIGTERM: it closes its store cleanly), SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<number | string>
}

/** The hub could not start; `output` holds what it said (a config error names file and field). */
export class HubStartError extends Error {
  override readonly name = 'HubStartError'

  constructor(
    /** What went wrong, without the hub's own lines. */
    readonly reason: string,
    readonly output: string,
  ) {
    super(output ? `${reason}\n${output}` : reason)
  }
}

export function startHubProcess(hub: HubCommand, options: HubProcessOptions = {}): Promise<HubProcess> {
  const child = spawn(hub.command, hub.args, {
    cwd: hub.cwd,
    env: hub.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  })
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'))
    child.once('error', () => resolve('spawn-error'))
  })

  const stop = async (graceMs = 10_000): Promise<number | string> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      timer.unref()
      const result = await exited
      clearTimeout(timer)
      return result
    }
    return exited
  }

  return new Promise<HubProcess>((resolve, reject) => {
    const said: string[] = []
    let ready = false
    const timer = setTimeout(() => {
      void stop(2_000)
      reject(
        new HubStartError(
          `the hub did not report listening within ${options.readyTimeoutMs ?? 30_000} ms`,
          said.join('\n'),
        ),
      )
    }, options.readyTimeoutMs ?? 30_000)

    const onLine = (stream: 'stdout' | 'stderr') => (line: string) => {
      const match = !ready && stream === 'stdout' ? LISTENING_LINE.exec(line) : null
      if (match) {
        ready = true
        clearTimeout(timer)
        resolve({ url: match[1]!, child, exited, stop })
        return
      }
      if (!ready) said.push(line)
      options.onLine?.(line, stream)
    }
    createInterface({ input: child.stdout! }).on('line', onLine('stdout'))
    createInterface({ input: child.stderr! }).on('line', onLine('stderr'))

    child.once('error', (error) => {
      clearTimeout(timer)
      reject(new HubStartError(`the hub could not be started (${hub.command}): ${error.message}`, ''))
    })
    void exited.then((code) => {
      if (ready) return
      clearTimeout(timer)
      // Let the last lines through readline before reporting them.
      setImmediate(() =>
        reject(new HubStartError(`the hub stopped before listening (exit ${code})`, said.join('\n'))),
      )
    })
  })
}
