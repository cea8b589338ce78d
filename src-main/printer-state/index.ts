/**
 * The kiosk's ticket printer as CUPS sees it (issue 16: "a printer out of paper, the shells report
 * it"): read with `lpstat`, and watched, so that the kiosk page hears of paper running out even when
 * nobody prints. Both kiosk shells use this one module; each only carries the state to its page.
 */
import { execFile } from 'node:child_process'
import type { PrintResult, ShellPrinterState } from '../../src-shared/bridge'
import type { PrinterState } from '../../src-shared/domain/types'
import { createShellLogger } from '../shell-logger'
import { parseLpstatDefault, parseLpstatPrinter, printerStateOf } from './lpstat-output'

export { parseLpstatDefault, parseLpstatPrinter, printerStateOf } from './lpstat-output'

const log = createShellLogger('printer-state')

/** What one look at the printer found. */
export type PrinterReading =
  | { state: PrinterState; printer: string; reasons: string[] }
  /** No such printer, no default printer, no CUPS, no `lpstat`: the shell cannot tell (never `ok`). */
  | { state: 'unknown'; printer: string | null; why: string }

export interface ReadPrinterOptions {
  /** The CUPS queue; null: the system's default printer. */
  printer: string | null
  /** The `lpstat` command (tests). Default `lpstat`. */
  lpstat?: string
  /** Give up on a scheduler that does not answer. Default 10 s. */
  timeoutMs?: number
}

/** Reads the printer's state once. Never throws: what it cannot read is `unknown`, with why. */
export async function readPrinterState(options: ReadPrinterOptions): Promise<PrinterReading> {
  const run = (args: string[]) => runLpstat(options.lpstat ?? 'lpstat', args, options.timeoutMs ?? 10_000)
  let name = options.printer
  try {
    if (name === null) {
      name = parseLpstatDefault(await run(['-r', '-d']))
      if (name === null) return { state: 'unknown', printer: null, why: 'CUPS has no default printer' }
    }
    const printer = parseLpstatPrinter(await run(['-l', '-p', name]), name)
    return { state: printerStateOf(printer), printer: name, reasons: printer.reasons }
  } catch (error) {
    return { state: 'unknown', printer: name, why: (error as Error).message }
  }
}

function runLpstat(command: string, args: string[], timeout: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      // CUPS's own words, whatever the kiosk's language; its -l form wraps no lines.
      { timeout, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout)
        const code = (error as NodeJS.ErrnoException).code
        if (code === 'ENOENT') return reject(new Error(`${command} is not installed (no CUPS client)`))
        const said = String(stderr).trim() || String(stdout).trim()
        reject(new Error(`${command} ${args.join(' ')} failed: ${said || error.message}`))
      },
    )
  })
}

export interface PrinterWatchOptions extends ReadPrinterOptions {
  /** How often the printer is read. Default 30 s. */
  intervalMs?: number
  /** A second look this long after each print: paper runs out at the end of a ticket. Default 5 s. */
  afterPrintMs?: number
  /** Called with each new state (not with every read), first with the first read's. */
  onChange(state: ShellPrinterState, reading: PrinterReading): void
}

export interface PrinterWatch {
  /** The last state read; `unknown` before the first read ends. */
  current(): ShellPrinterState
  /** Reads now (and tells `onChange` if the state changed). */
  check(): Promise<PrinterReading>
  /**
   * A print's result with the printer's state as CUPS has it now, unless the print already says
   * (and a second look a few seconds later).
   */
  afterPrint(result: PrintResult): Promise<PrintResult>
  stop(): void
}

/**
 * Reads the printer at once and then every `intervalMs`, one read at a time, and tells `onChange` when
 * the state is not what it was. Stops with `stop()`.
 */
export function watchPrinter(options: PrinterWatchOptions): PrinterWatch {
  let state: ShellPrinterState = 'unknown'
  let told = false
  let stopped = false
  let reading: Promise<PrinterReading> | null = null
  const timers = new Set<NodeJS.Timeout>()

  const take = (found: PrinterReading) => {
    if (stopped || (told && found.state === state)) return
    const was = state
    state = found.state
    told = true
    if (found.state === 'unknown') log.warn(`ticket printer state unknown: ${found.why}`)
    else if (found.state !== 'ok') {
      log.warn(`ticket printer ${found.printer} is ${found.state} (${found.reasons.join(' ') || 'stopped'})`)
    } else if (was !== 'unknown') log.warn(`ticket printer ${found.printer} is ok again`)
    try {
      options.onChange(found.state, found)
    } catch (error) {
      log.error('a printer state listener failed', error)
    }
  }
  const check = () => {
    // Two asks at once (a print during a poll) share one lpstat.
    reading ??= readPrinterState(options)
      .then((found) => {
        take(found)
        return found
      })
      .finally(() => (reading = null))
    return reading
  }
  const later = (ms: number, repeat: boolean) => {
    if (stopped) return
    const timer = setTimeout(() => {
      timers.delete(timer)
      void check().finally(() => repeat && later(ms, true))
    }, ms)
    timer.unref()
    timers.add(timer)
  }

  void check().finally(() => later(options.intervalMs ?? 30_000, true))
  return {
    current: () => state,
    check,
    async afterPrint(result) {
      later(options.afterPrintMs ?? 5_000, false)
      if (result.printer) return result
      const found = await check()
      // A failed print on a printer CUPS finds fine stays the page's `error`: the ticket is not out.
      if (found.state === 'unknown' || (!result.ok && found.state === 'ok')) return result
      return { ...result, printer: found.state }
    },
    stop() {
      stopped = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
    },
  }
}
