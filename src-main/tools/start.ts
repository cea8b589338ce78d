/**
 * `npm start` (out/hub/start.js, built from this file by `npm run build:hub`, which `npm start` runs first
 * when a source changed): build what is out of date, start the hub, then open the face in Electron, or, where the
 * Electron binary is not installed, print each face's URL so the whole system runs in a browser.
 *
 *   npm start -- [--port 8080] [--data ./data] [--config centre.yaml] [--role kiosk]
 *                [--shell-config shell.json] [--lan] [--log-level info] [--browser] [--no-build]
 *
 * The hub is a plain Node child process (never inside Electron); Ctrl+C stops it cleanly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { FaceRole } from '../../src-shared/bridge'
import { HubStartError, startHubProcess, type HubProcess } from '../electron/hub-process'
import { defaultKeyFile } from '../hub/vault'
import {
  DEMO_DEVICES,
  FACE_ROLES,
  loadShellConfigFile,
  ShellConfigError,
  type ShellConfigFile,
} from '../electron/shell-config'
import { findElectronBinary } from './electron-binary.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * How this launcher runs the hub: built (`npm start` runs out/hub/start.js), it runs the built hub beside
 * it, plain JavaScript; from source (`tsx src-main/tools/start.ts`, as the tests do), the hub's
 * TypeScript through tsx, so that nothing run from source depends on a build being up to date.
 */
export function hubEntry(launcherUrl: string, root: string): string[] {
  const launcher = fileURLToPath(launcherUrl)
  return launcher.endsWith('.ts')
    ? ['--import', 'tsx', join(root, 'src-main/hub/cli.ts')]
    : [join(dirname(launcher), 'cli.js')]
}

const USAGE = `Usage: npm start -- [options]

  --port          hub TCP port (0 picks a free one)            default 8080, env KEZEK_PORT
  --data          hub data folder                               default ./data, env KEZEK_DATA
  --config        centre config file (JSON or YAML)             default: the demo centre, env KEZEK_CONFIG
  --role          face Electron shows: kiosk, consultant, display   default kiosk, env KEZEK_ROLE
  --shell-config  the Electron shell's JSON settings (device, printer)   env KEZEK_SHELL_CONFIG
  --lan           the hub listens on every interface
  --log-level     hub log level                                 default info
  --browser       do not open Electron even if it is installed
  --no-build      run what is already built`

export interface LaunchOptions {
  port: number
  dataDir: string
  configFile: string | null
  role: FaceRole
  shellConfigFile: string | null
  shellConfig: ShellConfigFile
  lan: boolean
  logLevel: string | null
  browserOnly: boolean
  build: boolean
}

export class LaunchError extends Error {
  override readonly name = 'LaunchError'
}

export function parseLaunchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): LaunchOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        data: { type: 'string' },
        config: { type: 'string' },
        role: { type: 'string' },
        'shell-config': { type: 'string' },
        lan: { type: 'boolean', default: false },
        'log-level': { type: 'string' },
        browser: { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }))
  } catch (error) {
    throw new LaunchError(`${(error as Error).message}\n\n${USAGE}`)
  }
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }

  const portText = values.port ?? env.KEZEK_PORT ?? '8080'
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) {
    throw new LaunchError(`--port: "${portText}" is not a port number (0–65535)`)
  }
  const shellConfigFile = values['shell-config'] ?? env.KEZEK_SHELL_CONFIG ?? null
  const shellConfig = shellConfigFile ? loadShellConfigFile(shellConfigFile) : {}
  const role = values.role ?? env.KEZEK_ROLE ?? shellConfig.role ?? 'kiosk'
  if (!(FACE_ROLES as readonly string[]).includes(role)) {
    throw new LaunchError(`--role: "${role}" is not a face the shell shows (use ${FACE_ROLES.join(', ')})`)
  }
  const configFile = values.config ?? env.KEZEK_CONFIG ?? null
  return {
    port: Number(portText),
    dataDir: resolve(values.data ?? env.KEZEK_DATA ?? 'data'),
    configFile: configFile ? resolve(configFile) : null,
    role: role as FaceRole,
    shellConfigFile: shellConfigFile ? resolve(shellConfigFile) : null,
    shellConfig,
    lan: values.lan,
    logLevel: values['log-level'] ?? null,
    browserOnly: values.browser,
    build: !values['no-build'],
  }
}

export interface FaceLink {
  face: string
  url: string
}

/** Every face's URL; kiosk and display carry device credentials when they are known. */
export function faceLinks(
  hubUrl: string,
  options: Pick<LaunchOptions, 'configFile' | 'shellConfig' | 'role'>,
): FaceLink[] {
  const demo = options.configFile === null
  const credentials = (role: 'kiosk' | 'display') => {
    const own = options.shellConfig
    if (own.deviceId && own.deviceKey && (own.role ?? options.role) === role) {
      return { deviceId: own.deviceId, deviceKey: own.deviceKey }
    }
    return demo ? DEMO_DEVICES[role] : null
  }
  const withDevice = (path: string, role: 'kiosk' | 'display') => {
    const device = credentials(role)
    const query = device
      ? `?${new URLSearchParams({ device: device.deviceId, key: device.deviceKey })}`
      : `?device=<${role} id>&key=<its key>`
    return `${hubUrl}${path}${query}`
  }
  return [
    { face: 'Kiosk', url: withDevice('/kiosk', 'kiosk') },
    { face: 'Consultant', url: `${hubUrl}/consultant` },
    { face: 'Hall display', url: withDevice('/display', 'display') },
    // The mobile-citizen registration desk is the consultant face, signed in as a registrar.
    { face: 'Registration desk (sign in as registrar)', url: `${hubUrl}/consultant` },
    { face: 'Supervisor', url: `${hubUrl}/supervisor` },
    { face: 'Reports (supervisor)', url: `${hubUrl}/supervisor/reports` },
    { face: 'Admin', url: `${hubUrl}/admin` },
    { face: 'Pair a kiosk or display', url: `${hubUrl}/pair` },
    { face: 'Booking', url: `${hubUrl}/book` },
    { face: 'Join the queue from home', url: `${hubUrl}/join` },
    // The demo sends its SMS (one-time codes) to a file, shown here to registrars and supervisors.
    ...(demo ? [{ face: 'SMS outbox', url: `${hubUrl}/desk/sms-outbox` }] : []),
  ]
}

/**
 * The command for the Chromium kiosk shell (`npm run kiosk:chromium`), which wipes each self-service
 * session as Electron does: a kiosk in a plain browser tab cannot. Null without a Chromium to run it.
 */
export function chromiumKioskHint(
  hubUrl: string,
  options: Pick<LaunchOptions, 'configFile' | 'shellConfig' | 'role'>,
  chromiumPresent = existsSync('/usr/bin/chromium'),
): string | null {
  if (!chromiumPresent) return null
  const kiosk = new URL(faceLinks(hubUrl, options)[0]!.url)
  const device = kiosk.searchParams.get('device') ?? '<kiosk id>'
  const key = kiosk.searchParams.get('key') ?? '<its key>'
  return `npm run kiosk:chromium -- --hub ${quoted(hubUrl)} --device ${quoted(device)} --key ${quoted(key)}`
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
function quoted(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}

/** Newest modification time of any file under these paths (0 when none exist). */
export function newestChange(paths: readonly string[]): number {
  let newest = 0
  const visit = (path: string) => {
    if (!existsSync(path)) return
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry))
    } else newest = Math.max(newest, stat.mtimeMs)
  }
  paths.forEach(visit)
  return newest
}

/** True when any output is missing or older than the newest source. */
export function isStale(outputs: readonly string[], sources: readonly string[]): boolean {
  if (outputs.some((output) => !existsSync(output))) return true
  const oldest = Math.min(...outputs.map((output) => statSync(output).mtimeMs))
  return newestChange(sources) > oldest
}

const at = (path: string) => join(ROOT, path)

function buildIfStale(what: string, command: string, outputs: string[], sources: string[]): void {
  if (!isStale(outputs.map(at), sources.map(at))) return
  console.log(`kezek: building ${what} (${command})…`)
  const result = spawnSync(command, {
    cwd: ROOT,
    shell: true,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`)
    throw new LaunchError(`building ${what} failed (${command})`)
  }
}

async function main(): Promise<void> {
  let options: LaunchOptions
  try {
    options = parseLaunchOptions(process.argv.slice(2), process.env)
  } catch (error) {
    if (error instanceof LaunchError || error instanceof ShellConfigError) exit(error.message, 2)
    throw error
  }

  const electron = options.browserOnly ? null : findElectronBinary()
  if (options.build) {
    buildIfStale(
      'the faces',
      'npm run build:renderer',
      ['out/renderer/index.html'],
      ['src-renderer', 'src-shared', 'package.json'],
    )
    if (electron) {
      buildIfStale(
        'the Electron shell',
        'npx electron-vite build',
        ['out/main/index.js', 'out/main/hub.js', 'out/preload/preload.cjs'],
        ['src-main', 'src-shared', 'electron.vite.config.ts'],
      )
    }
  }

  const args = [...hubEntry(import.meta.url, ROOT), '--port', String(options.port), '--data', options.dataDir]
  if (options.configFile) args.push('--config', options.configFile)
  if (options.lan) args.push('--lan')
  if (options.logLevel) args.push('--log-level', options.logLevel)

  // The hub makes the demo's vault key on its first start, beside (not in) the data folder: say where.
  const keyFile = defaultKeyFile(options.dataDir)
  const hadKey = existsSync(keyFile)
  let hub: HubProcess
  try {
    hub = await startHubProcess(
      { command: process.execPath, args, cwd: ROOT },
      { onLine: (line, stream) => (stream === 'stdout' ? console.log(readable(line)) : console.error(line)) },
    )
  } catch (error) {
    // The hub's own lines (a config error names file and field) have been passed on already.
    exit(`kezek: ${error instanceof HubStartError ? error.reason : (error as Error).message}`, 1)
  }
  console.log(`Kezek hub listening on ${hub.url}`)
  if (!hadKey && existsSync(keyFile)) {
    console.log(
      `kezek: made a demo vault key at ${keyFile}: it seals the IINs and phone numbers in the data;`,
    )
    console.log('       keep it apart from backups of the data folder (README: Personal data at rest)')
  }

  let shell: ChildProcess | null = null
  let stopping = false
  const stopAll = async (code: number) => {
    if (stopping) return
    stopping = true
    if (shell && shell.exitCode === null) shell.kill('SIGTERM')
    const hubCode = await hub.stop()
    process.exit(code || (hubCode === 0 || hubCode === 'SIGTERM' ? 0 : 1))
  }
  process.on('SIGINT', () => void stopAll(0))
  process.on('SIGTERM', () => void stopAll(0))
  void hub.exited.then((code) => {
    if (stopping) return
    console.error(`kezek: the hub stopped (exit ${code})`)
    void stopAll(typeof code === 'number' && code !== 0 ? code : 1)
  })

  const links = faceLinks(hub.url, options)
  if (!electron) {
    console.log(
      options.browserOnly
        ? 'kezek: --browser: not opening Electron; open the faces in a browser:'
        : 'kezek: Electron binary not installed (npm run electron:install fetches it), so open the faces in a browser:',
    )
    printLinks(links)
    const hint = chromiumKioskHint(hub.url, options)
    if (hint) {
      console.log("A kiosk that wipes each citizen's self-service session (a browser tab cannot):")
      console.log(`  ${hint}`)
    }
    console.log('Ctrl+C stops the hub.')
    return
  }

  const shellArgs = [ROOT, '--hub', hub.url, '--role', options.role]
  if (options.shellConfigFile) shellArgs.push('--shell-config', options.shellConfigFile)
  else {
    const device = options.role === 'consultant' || options.configFile ? null : DEMO_DEVICES[options.role]
    if (device) shellArgs.push('--device', device.deviceId, '--device-key', device.deviceKey)
  }
  console.log(`kezek: opening the ${options.role} in Electron; the other faces are in a browser:`)
  printLinks(links)
  const env = { ...process.env }
  delete env.ELECTRON_RUN_AS_NODE // would make the binary a plain Node
  shell = spawn(electron, shellArgs, { cwd: ROOT, stdio: 'inherit', env })
  shell.once('exit', (code) => {
    console.log('kezek: Electron closed; stopping the hub')
    void stopAll(code ?? 0)
  })
}

/** A hub log line, or for the warnings a person starting the demo must act on, its message as one line. */
export function readable(line: string): string {
  if (!line.includes('"event":"qr-loopback"')) return line
  try {
    return `kezek: ${(JSON.parse(line) as { msg: string }).msg}`
  } catch {
    return line
  }
}

function printLinks(links: readonly FaceLink[]): void {
  const width = Math.max(...links.map((link) => link.face.length))
  for (const link of links) console.log(`  ${link.face.padEnd(width)}  ${link.url}`)
}

function exit(message: string, code: number): never {
  console.error(message)
  process.exit(code)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void main()
