/**
 * `npm run kiosk:chromium -- --hub <url> --device <id> --key-file <path> [--role kiosk|display]
 * [--chromium <path>] [--printer <name>] [--ticket-printer <name>] [--windowed]`: the kiosk face in a system Chromium, full
 * screen, with the shell's self-service sessions (./shell.ts); or, with `--role display`, the hall
 * display, which plays its sound with nobody touching it (./display-shell.ts). The device key comes from a file, from `KEZEK_DEVICE_KEY`, or
 * (visible to every user in `ps`) from `--key`. A bad flag stops it with one line naming the flag, exit
 * status 2.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { displayArgs, launchChromiumDisplay } from './display-shell'
import { DEFAULT_CHROMIUM, kioskArgs, launchChromiumShell } from './shell'

/** Which face the shell shows. */
export type ChromiumShellRole = 'kiosk' | 'display'
const ROLES: readonly ChromiumShellRole[] = ['kiosk', 'display']

export interface ChromiumShellSettings {
  role: ChromiumShellRole
  hubUrl: string
  deviceId: string
  deviceKey: string
  executablePath: string
  printer: string | null
  /** The queue tickets' CUPS queue, watched for paper out; null: the system's default printer. */
  ticketPrinter: string | null
  windowed: boolean
}

/** A flag that cannot be used; the message starts with the flag. */
export class FlagError extends Error {
  override readonly name = 'FlagError'
}

/** The environment variable that may carry the device key instead of a flag. */
export const DEVICE_KEY_VARIABLE = 'KEZEK_DEVICE_KEY'

export const USAGE = `Usage: npm run kiosk:chromium -- --hub <url> --device <id> --key-file <path> [options]

  --hub <url>        the centre's hub, e.g. http://192.168.1.10:8080
  --role <role>      kiosk (default) or display: the hall display, its sound on without a touch
  --device <id>      this device's id in the centre config (e.g. kiosk-1, display-1)
  --key-file <path>  a file holding its device key (readable only by the kiosk's user)
                     or: the key in the environment variable ${DEVICE_KEY_VARIABLE}
  --key <key>        the key itself; any user of the machine can read it in \`ps\`: prefer the above
  --chromium <path>  the Chromium to drive (default ${DEFAULT_CHROMIUM})
  --printer <name>   CUPS printer for downloaded certificates (default: the system's default printer)
  --ticket-printer <name>
                     CUPS printer for queue tickets, an 80 mm roll (default: the system's default
                     printer); the shell watches its state (out of paper, offline) for the kiosk
  --windowed         a normal window instead of full-screen kiosk mode
  --help             this text`

const OPTIONS = {
  role: { type: 'string' },
  hub: { type: 'string' },
  device: { type: 'string' },
  key: { type: 'string' },
  'key-file': { type: 'string' },
  chromium: { type: 'string' },
  printer: { type: 'string' },
  'ticket-printer': { type: 'string' },
  windowed: { type: 'boolean' },
  help: { type: 'boolean' },
} as const

/** Parses and checks the flags; throws `FlagError`. Returns null for `--help`. */
export function parseChromiumShellArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ChromiumShellSettings | null {
  let values: { [name in keyof typeof OPTIONS]?: string | boolean }
  try {
    ;({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (error) {
    // Node's messages name the flag ("Unknown option '--hubb'", "Option '--hub <value>' argument missing").
    throw new FlagError(
      String((error as Error).message)
        .split('\n')[0]!
        .replace(/\. To specify.*$/, ''),
    )
  }
  if (values.help) return null
  const role = values.role === undefined ? 'kiosk' : String(values.role).trim()
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new FlagError(`--role: "${role}" is not one of ${ROLES.join(', ')}`)
  }
  for (const flag of ['printer', 'ticket-printer'] as const) {
    if (role === 'display' && values[flag] !== undefined) {
      throw new FlagError(`--${flag}: a display prints nothing; leave it out with --role display`)
    }
  }
  const text = (
    name: 'hub' | 'device' | 'key' | 'key-file' | 'chromium' | 'printer' | 'ticket-printer',
    what: string,
  ): string => {
    const value = values[name]
    if (typeof value !== 'string' || value.trim() === '') throw new FlagError(`--${name}: needed, ${what}`)
    return value.trim()
  }
  const hub = text('hub', "the hub's URL, e.g. http://192.168.1.10:8080")
  if (!URL.canParse(hub) || !/^https?:$/.test(new URL(hub).protocol)) {
    throw new FlagError(`--hub: "${hub}" is not an http:// or https:// URL`)
  }
  const deviceId = text('device', "this kiosk's device id, e.g. kiosk-1")
  if (deviceId.length > 64) throw new FlagError('--device: at most 64 characters')
  const { deviceKey, source } = readDeviceKey(values, env, text)
  if (deviceKey.length < 16 || deviceKey.length > 200) {
    throw new FlagError(`${source}: a device key has 16 to 200 characters`)
  }
  const executablePath = values.chromium === undefined ? DEFAULT_CHROMIUM : text('chromium', 'a path')
  try {
    if (!statSync(executablePath).isFile()) throw new Error('not a file')
    accessSync(executablePath, constants.X_OK)
  } catch {
    // Control flow: any reason it cannot run is the same answer, naming the flag.
    throw new FlagError(`--chromium: ${executablePath} is not an executable file (apt-get install chromium)`)
  }
  return {
    role: role as ChromiumShellRole,
    hubUrl: new URL(hub).origin,
    deviceId,
    deviceKey,
    executablePath,
    printer: values.printer === undefined ? null : text('printer', 'a CUPS printer name'),
    ticketPrinter:
      values['ticket-printer'] === undefined ? null : text('ticket-printer', 'a CUPS printer name'),
    windowed: values.windowed === true,
  }
}

/**
 * Chromium gone without being asked (killed, crashed) is a failure: exit status 1, so that systemd's
 * `Restart=on-failure` starts the kiosk again. Gone because the shell is stopping: nothing to do.
 */
export function exitWhenBrowserGone(
  browser: { once(event: 'disconnected', listener: () => void): unknown },
  stopping: () => boolean,
  exit: (code: number) => void,
): void {
  browser.once('disconnected', () => {
    if (stopping()) return
    console.error('kezek kiosk:chromium: Chromium closed unexpectedly')
    exit(1)
  })
}

/** The device key from exactly one of `--key-file`, `--key` and the environment, and where it came from. */
function readDeviceKey(
  values: { key?: string | boolean; 'key-file'?: string | boolean },
  env: Readonly<Record<string, string | undefined>>,
  text: (name: 'key' | 'key-file', what: string) => string,
): { deviceKey: string; source: string } {
  if (values.key !== undefined && values['key-file'] !== undefined) {
    throw new FlagError('--key: give the device key once, with --key-file or --key, not both')
  }
  if (values['key-file'] !== undefined) {
    const path = text('key-file', 'a file holding the device key')
    let content: string
    try {
      content = readFileSync(path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      throw new FlagError(`--key-file: cannot read ${path} (${code})`)
    }
    const deviceKey = content.trim()
    if (deviceKey === '') throw new FlagError(`--key-file: ${path} is empty`)
    return { deviceKey, source: '--key-file' }
  }
  if (values.key !== undefined) return { deviceKey: text('key', "this kiosk's device key"), source: '--key' }
  const fromEnv = env[DEVICE_KEY_VARIABLE]?.trim()
  if (fromEnv) return { deviceKey: fromEnv, source: DEVICE_KEY_VARIABLE }
  throw new FlagError(
    `--key: needed, this kiosk's device key: --key-file <path> or ${DEVICE_KEY_VARIABLE} (or --key <key>)`,
  )
}

async function main(): Promise<void> {
  let settings: ChromiumShellSettings | null
  try {
    settings = parseChromiumShellArgs(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof FlagError)) throw error
    console.error(`kezek kiosk:chromium: ${error.message} (--help lists the flags)`)
    process.exit(2)
  }
  if (!settings) {
    console.log(USAGE)
    return
  }
  const shell = settings.role === 'display' ? await startDisplay(settings) : await startKiosk(settings)
  let stopping = false
  const stop = () => {
    stopping = true
    void shell.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  exitWhenBrowserGone(
    shell.browser,
    () => stopping,
    (code) => process.exit(code),
  )
}

async function startKiosk(
  settings: ChromiumShellSettings,
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const shell = await launchChromiumShell({
    hubUrl: settings.hubUrl,
    deviceId: settings.deviceId,
    deviceKey: settings.deviceKey,
    executablePath: settings.executablePath,
    printer: settings.printer,
    ticketPrinter: settings.ticketPrinter,
    args: kioskArgs(!settings.windowed),
  })
  console.log(`Kezek kiosk (Chromium shell) on ${settings.hubUrl}/kiosk; Ctrl+C stops it.`)
  return shell
}

async function startDisplay(
  settings: ChromiumShellSettings,
): Promise<{ browser: Browser; close(): Promise<void> }> {
  const display = await launchChromiumDisplay({
    hubUrl: settings.hubUrl,
    deviceId: settings.deviceId,
    deviceKey: settings.deviceKey,
    executablePath: settings.executablePath,
    args: displayArgs(!settings.windowed),
  })
  console.log(`Kezek hall display (Chromium shell) on ${settings.hubUrl}/display, sound on; Ctrl+C stops it.`)
  return display
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`kezek kiosk:chromium: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
