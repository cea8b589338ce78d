/**
 * The kiosk shells' logger: one JSON line per message on stderr, each carrying the name of the part of
 * the shell that wrote it. Stdout stays free for what the shells print on purpose (the child hub's
 * lines, the start-up banner).
 *
 * `ignored` is for errors a shell lets go on purpose (a page that closed under a call, a load that
 * shows Chromium's own error page): logged at debug, so they are there when KEZEK_LOG_LEVEL=debug
 * looks for them and silent otherwise. Never a swallowed error without one of these. Errors are
 * scrubbed of what could name a citizen (`scrubPersonal`) before they are written.
 */
import pino, { type DestinationStream, type Logger } from 'pino'

export interface ShellLogger {
  /** An error let go on purpose, with why that is fine; debug level (expected noise). */
  ignored(reason: string, error: unknown): void
  /** Something went wrong that an operator may want to know about, but the shell goes on. */
  warn(message: string, error?: unknown): void
  error(message: string, error?: unknown): void
}

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])

let root: Logger | null = null

/** The shared root: KEZEK_LOG_LEVEL as for the hub (default info; an unknown level is not fatal here). */
function rootLogger(): Logger {
  if (!root) root = createRootLogger(pino.destination({ dest: 2, sync: true }))
  return root
}

function createRootLogger(destination: DestinationStream, level?: string): Logger {
  const wanted = level ?? process.env.KEZEK_LOG_LEVEL ?? 'info'
  return pino(
    {
      level: LEVELS.has(wanted) ? wanted : 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  )
}

function wrap(logger: Logger): ShellLogger {
  return {
    ignored: (reason, error) => logger.debug({ err: asError(error) }, `ignored: ${reason}`),
    warn: (message, error) =>
      error === undefined ? logger.warn(message) : logger.warn({ err: asError(error) }, message),
    error: (message, error) =>
      error === undefined ? logger.error(message) : logger.error({ err: asError(error) }, message),
  }
}

/**
 * What an error may say about the citizen in front of the kiosk goes before it is written: a portal
 * URL's query and fragment (the session reports pages without them too), and any run of ten or more
 * digits (an IIN, a phone number, in a download's file name or a URL's path).
 */
export function scrubPersonal(text: string): string {
  return text
    .replace(/\b(https?:\/\/[^\s?#'"]*)[?#][^\s'"]*/g, '$1?…')
    .replace(/\+?\d(?:[\s()-]?\d){9,}/g, '[digits]')
}

function asError(error: unknown): { type: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubPersonal(String(error)) }
  return {
    type: error.name,
    message: scrubPersonal(error.message),
    ...(error.stack ? { stack: scrubPersonal(error.stack) } : {}),
  }
}

/**
 * A logger for one part of a shell, e.g. `createShellLogger('chromium-shell')`. Tests pass their own
 * `destination` and `level`.
 */
export function createShellLogger(
  name: string,
  options: { destination?: DestinationStream; level?: string } = {},
): ShellLogger {
  const base = options.destination ? createRootLogger(options.destination, options.level) : rootLogger()
  return wrap(base.child({ name }))
}
