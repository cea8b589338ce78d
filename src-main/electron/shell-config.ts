/**
 * The Electron shell's settings: which face this machine shows, where its hub is, the device's
 * credentials and the printers (tickets; certificates from self-service sessions). From flags, from a
 * JSON file (`--shell-config`), or both (flags win).
 *
 * Plain Node, no `electron` import: the `npm start` launcher reads the same file to print the face URLs.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import type { FaceRole } from '../../src-shared/bridge'
import { describeIssues } from '../../src-shared/config'

export const FACE_ROLES = ['kiosk', 'consultant', 'display'] as const satisfies readonly FaceRole[]

/** The demo centre's public device keys (docs/demo-accounts.md), for the built-in demo centre only. */
export { DEMO_DEVICES } from '../../src-shared/config/demo-devices'

const port = z.number().int().min(0).max(65535)
const text = z.string().trim().min(1).max(500)

const hubUrl = z
  .string()
  .trim()
  .url('must be a URL such as http://192.168.1.10:8080')
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must start with http:// or https://',
  )
  // Windows load `<hub>/<role>`; only the origin counts, also for the navigation lock.
  .transform((value) => new URL(value).origin)

/** The JSON file given with `--shell-config`. Relative paths are relative to the file. */
export const shellConfigFileSchema = z
  .object({
    role: z.enum(FACE_ROLES).optional(),
    /** The centre's hub, e.g. `http://192.168.1.10:8080`. Absent: the shell starts a hub on this machine. */
    hubUrl: hubUrl.optional(),
    /** Device id and key for a kiosk or display, as paired in the centre config (`devices`). */
    deviceId: z.string().trim().min(1).max(80).optional(),
    deviceKey: z.string().min(1).max(200).optional(),
    /** The OS name of the ticket printer; absent: the system's default printer. */
    printer: text.optional(),
    /** The OS name of the printer for certificates from self-service sessions; absent: the system's default. */
    certificatePrinter: text.optional(),
    /** Settings of the hub the shell starts itself (ignored when `hubUrl` is set). */
    hub: z
      .object({
        port: port.optional(),
        dataDir: text.optional(),
        configFile: text.optional(),
        /** Listen on every interface so other machines (consultants, displays) reach this hub. */
        lan: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((config) => (config.deviceId === undefined) === (config.deviceKey === undefined), {
    message: 'deviceId and deviceKey go together: give both or neither',
    path: ['deviceKey'],
  })

export type ShellConfigFile = z.infer<typeof shellConfigFileSchema>

/** Settings of a hub the shell starts as a child process. */
export interface OwnHubSettings {
  port: number
  /** Absent: the caller picks (the user's data folder in a packaged app). */
  dataDir?: string
  /** Absent: the built-in demo centre. */
  configFile?: string
  lan: boolean
}

export interface ShellSettings {
  role: FaceRole
  /** Origin of an existing hub; null when the shell starts its own (`ownHub`). */
  hubUrl: string | null
  ownHub: OwnHubSettings
  deviceId: string | null
  deviceKey: string | null
  printer: string | null
  /** Where a kiosk prints certificates from self-service sessions (A4); null: the system's default. */
  certificatePrinter: string | null
  /** The file the settings came from, for messages. */
  configFile: string | null
}

/** Settings that cannot be used; the message names the file (or flag) and the field. */
export class ShellConfigError extends Error {
  override readonly name = 'ShellConfigError'

  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      `Kezek shell settings (${source}) cannot be used:\n${problems.map((line) => `  ${line}`).join('\n')}`,
    )
  }
}

/** Reads and validates a `--shell-config` file. Throws `ShellConfigError`. */
export function loadShellConfigFile(file: string): ShellConfigFile {
  const path = resolve(file)
  let raw: string
  try {
    raw = readFileSync(path, 'utf8')
  } catch (error) {
    throw new ShellConfigError(path, [`cannot be read: ${(error as Error).message}`])
  }
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch (error) {
    throw new ShellConfigError(path, [`is not valid JSON: ${(error as Error).message}`])
  }
  const result = shellConfigFileSchema.safeParse(data)
  if (!result.success) throw new ShellConfigError(path, describeIssues(result.error))
  const config = result.data
  const relative = (value: string | undefined) =>
    value === undefined ? undefined : resolve(dirname(path), value)
  if (config.hub) {
    config.hub = {
      ...config.hub,
      dataDir: relative(config.hub.dataDir),
      configFile: relative(config.hub.configFile),
    }
  }
  return config
}

const FLAG_OPTIONS = {
  role: { type: 'string' },
  hub: { type: 'string' },
  device: { type: 'string' },
  'device-key': { type: 'string' },
  printer: { type: 'string' },
  'certificate-printer': { type: 'string' },
  'shell-config': { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  config: { type: 'string' },
  lan: { type: 'boolean' },
} as const

/** Flags map onto the file's fields, so one schema checks both and errors name the flag. */
const FLAG_FOR_FIELD: Record<string, string> = {
  role: '--role',
  hubUrl: '--hub',
  deviceId: '--device',
  deviceKey: '--device-key',
  printer: '--printer',
  certificatePrinter: '--certificate-printer',
  'hub.port': '--port',
  'hub.dataDir': '--data',
  'hub.configFile': '--config',
}

/**
 * Settings from the command line. Unknown arguments are ignored: Chromium and the OS add their own
 * switches to an Electron app's argv.
 */
export function parseShellSettings(argv: readonly string[]): ShellSettings {
  const { values } = parseArgs({
    args: [...argv],
    options: FLAG_OPTIONS,
    strict: false,
    allowPositionals: true,
  })
  const flag = (name: keyof typeof FLAG_OPTIONS): string | undefined => {
    const value = values[name]
    if (value === undefined) return undefined
    if (typeof value !== 'string') throw new ShellConfigError('command line', [`--${name}: needs a value`])
    return value
  }

  const configFile = flag('shell-config')
  const file = configFile ? loadShellConfigFile(configFile) : {}

  const portText = flag('port')
  if (portText !== undefined && !/^\d+$/.test(portText)) {
    throw new ShellConfigError('command line', [`--port: "${portText}" is not a port number (0–65535)`])
  }
  const fromFlags = {
    role: flag('role'),
    hubUrl: flag('hub'),
    deviceId: flag('device'),
    deviceKey: flag('device-key'),
    printer: flag('printer'),
    certificatePrinter: flag('certificate-printer'),
    hub: {
      port: portText === undefined ? undefined : Number(portText),
      dataDir: flag('data') && resolve(flag('data')!),
      configFile: flag('config') && resolve(flag('config')!),
      lan: values.lan === true ? true : undefined,
    },
  }
  const merged = {
    ...file,
    ...definedOnly(fromFlags),
    hub: { ...file.hub, ...definedOnly(fromFlags.hub) },
  }
  const result = shellConfigFileSchema.safeParse(merged)
  if (!result.success) {
    const source = configFile ? `${resolve(configFile)} and the command line` : 'command line'
    throw new ShellConfigError(
      source,
      describeIssues(result.error).map((line) => {
        const field = line.slice(0, line.indexOf(':'))
        const named = FLAG_FOR_FIELD[field]
        return named && !configFile ? `${named}${line.slice(field.length)}` : line
      }),
    )
  }
  const config = result.data
  return {
    role: config.role ?? 'kiosk',
    hubUrl: config.hubUrl ?? null,
    ownHub: {
      port: config.hub?.port ?? 8080,
      dataDir: config.hub?.dataDir,
      configFile: config.hub?.configFile,
      lan: config.hub?.lan ?? false,
    },
    deviceId: config.deviceId ?? null,
    deviceKey: config.deviceKey ?? null,
    printer: config.printer ?? null,
    certificatePrinter: config.certificatePrinter ?? null,
    configFile: configFile ? resolve(configFile) : null,
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && !isObject(v)),
  ) as Partial<T>
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null
}
