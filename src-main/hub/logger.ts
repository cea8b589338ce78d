/**
 * The hub's logger: JSON lines on stdout, with anything that could carry personal data or a secret
 * replaced by "[redacted]" wherever it appears in the first three levels of a log object.
 *
 * Redaction is the safety net, not the plan: code should log ids and masked values in the first place.
 */
import { createRequire } from 'node:module'
import pino, { type DestinationStream, type Logger } from 'pino'

export type { Logger } from 'pino'

export interface LoggerOptions {
  /** pino level: 'fatal' … 'trace', or 'silent'. Default: env KEZEK_LOG_LEVEL, then 'info'. */
  level?: string
  /** Human-readable coloured lines through pino-pretty, for development. Default false. */
  pretty?: boolean
  /** Where the lines go. Default stdout. */
  destination?: DestinationStream
  /** Added to every line as `name`. */
  name?: string
}

/**
 * Field names whose value is personal data or a secret. Not `code`: error codes are what a log is for, so
 * a one-time SMS code is logged (if ever) as `oneTimeCode`.
 */
export const REDACTED_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'sessionToken',
  'tokenHash',
  'key',
  'trackToken',
  'ticketToken',
  'deviceKey',
  'keyHash',
  'secret',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'iin',
  'phone',
  'phoneNumber',
  'otp',
  'oneTimeCode',
  'smsCode',
] as const

/** pino's redaction has no "any depth" wildcard, so list the field at each of the first levels. */
const REDACT_PATHS = [
  ...REDACTED_FIELDS.flatMap((field) => [
    field,
    `*.${field}`,
    `*.*.${field}`,
    `*[*].${field}`,
    `*.*[*].${field}`,
  ]),
  // HTTP requests and the Socket.IO handshake, as logged by the hub.
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["set-cookie"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'handshake.auth',
  'handshake.headers.authorization',
  'handshake.headers.cookie',
  '*.handshake.auth',
  '*.handshake.headers.authorization',
  '*.handshake.headers.cookie',
]

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.KEZEK_LOG_LEVEL ?? 'info'
  if (!LEVELS.includes(level)) {
    throw new Error(
      `unknown log level "${level}" (KEZEK_LOG_LEVEL or --log-level): use one of ${LEVELS.join(', ')}`,
    )
  }
  const destination = options.destination ?? (options.pretty ? prettyStream() : undefined)
  return pino(
    {
      level,
      ...(options.name ? { name: options.name } : {}),
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
    },
    destination ?? pino.destination(1),
  )
}

/**
 * pino-pretty is a development dependency: load it in this thread when present (a worker-thread
 * transport would not survive bundling into the Electron app), else fall back to JSON lines.
 */
function prettyStream(): DestinationStream | undefined {
  try {
    const require = createRequire(import.meta.url)
    const pretty = require('pino-pretty') as (options: object) => DestinationStream
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
  } catch {
    return undefined
  }
}
