/**
 * `npm run kiosk:chromium`: bad flags (and a device key file that cannot be used) stop it before any
 * browser starts, with one line naming the flag and exit status 2 (run as a child process through tsx,
 * as npm runs it).
 */
import { spawnSync } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  DEVICE_KEY_VARIABLE,
  exitWhenBrowserGone,
  parseChromiumShellArgs,
} from '../../src-main/chromium-shell/cli'
import { PROJECT_ROOT } from '../support/hub-harness'

/** A folder of key files: a good one, an empty one, a short one. */
const keys = mkdtempSync(join(tmpdir(), 'kezek-chromium-cli-test-'))
afterAll(() => rmSync(keys, { recursive: true, force: true }))
const keyFile = (name: string, content: string) => {
  const path = join(keys, name)
  writeFileSync(path, content, { mode: 0o600 })
  return path
}

/** Runs the CLI; the device key variable only when `env` gives it. */
function run(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  return runWith({}, ...args)
}

function runWith(
  env: Record<string, string>,
  ...args: string[]
): { status: number | null; stderr: string; stdout: string } {
  const { [DEVICE_KEY_VARIABLE]: _ignored, ...inherited } = process.env
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/chromium-shell/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: result.status, stderr: result.stderr, stdout: result.stdout }
}

const KEY = 'kezek-demo-kiosk-1'
const GOOD = ['--hub', 'http://127.0.0.1:9', '--device', 'kiosk-1', '--key', KEY]
const NO_KEY = ['--hub', 'http://127.0.0.1:9', '--device', 'kiosk-1']

describe('npm run kiosk:chromium', () => {
  it.each([
    [[], '--hub: needed'],
    [['--hub'], "Option '--hub <value>' argument missing"],
    [
      ['--hub', 'ftp://hub', '--device', 'kiosk-1', '--key', KEY],
      '--hub: "ftp://hub" is not an http:// or https:// URL',
    ],
    [['--hub', 'http://127.0.0.1:9', '--key', KEY], '--device: needed'],
    [['--hub', 'http://127.0.0.1:9', '--device', 'kiosk-1'], '--key: needed'],
    [
      ['--hub', 'http://127.0.0.1:9', '--device', 'kiosk-1', '--key', 'short'],
      '--key: a device key has 16 to 200',
    ],
    [
      [...GOOD, '--chromium', '/nonexistent/chromium'],
      '--chromium: /nonexistent/chromium is not an executable file',
    ],
    [[...GOOD, '--kiosk-mode'], "Unknown option '--kiosk-mode'"],
    [
      [...NO_KEY, '--key-file', '/nonexistent/kiosk.key'],
      '--key-file: cannot read /nonexistent/kiosk.key (ENOENT)',
    ],
    [[...NO_KEY, '--key-file', tmpdir()], `--key-file: cannot read ${tmpdir()} (EISDIR)`],
    [
      [...NO_KEY, '--key-file', keyFile('empty.key', '\n')],
      `--key-file: ${join(keys, 'empty.key')} is empty`,
    ],
    [[...NO_KEY, '--key-file', keyFile('short.key', 'short\n')], '--key-file: a device key has 16 to 200'],
    [[...GOOD, '--key-file', keyFile('both.key', KEY)], '--key: give the device key once'],
    [[...GOOD, '--role', 'supervisor'], '--role: "supervisor" is not one of kiosk, display'],
    [[...GOOD, '--role', 'display', '--printer', 'Kezek-PDF'], '--printer: a display prints nothing'],
    [
      [...GOOD, '--role', 'display', '--ticket-printer', 'Kezek-Tickets'],
      '--ticket-printer: a display prints nothing',
    ],
    [[...GOOD, '--ticket-printer', ' '], '--ticket-printer: needed, a CUPS printer name'],
  ])('%j: one line naming the flag, exit status 2', (args, message) => {
    const { status, stderr, stdout } = run(...args)
    expect(status).toBe(2)
    expect(stdout).toBe('')
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`kezek kiosk:chromium: ${message}`)
  })

  it('takes the device key from --key-file or KEZEK_DEVICE_KEY, so that it is not on the command line', () => {
    const fromFile = parseChromiumShellArgs([...NO_KEY, '--key-file', keyFile('kiosk-1.key', `${KEY}\n`)], {})
    expect(fromFile?.deviceKey).toBe(KEY)
    expect(parseChromiumShellArgs(NO_KEY, { [DEVICE_KEY_VARIABLE]: KEY })?.deviceKey).toBe(KEY)
    // A flag wins over the environment; --key still works.
    expect(
      parseChromiumShellArgs(GOOD, { [DEVICE_KEY_VARIABLE]: 'another-key-of-16-chars' })?.deviceKey,
    ).toBe(KEY)
    const { status, stderr } = runWith({ [DEVICE_KEY_VARIABLE]: 'short' }, ...NO_KEY)
    expect(status).toBe(2)
    expect(stderr).toContain(`kezek kiosk:chromium: ${DEVICE_KEY_VARIABLE}: a device key has 16 to 200`)
  })

  it('--role display sets up the hall display; the kiosk is the default', () => {
    expect(parseChromiumShellArgs(GOOD, {})?.role).toBe('kiosk')
    const display = parseChromiumShellArgs(
      ['--hub', 'http://127.0.0.1:9', '--device', 'display-1', '--key', KEY, '--role', 'display'],
      {},
    )
    expect(display).toMatchObject({ role: 'display', deviceId: 'display-1', printer: null, windowed: false })
  })

  it("--ticket-printer names the tickets' queue; absent, the system default (null)", () => {
    expect(parseChromiumShellArgs(GOOD, {})?.ticketPrinter).toBeNull()
    expect(parseChromiumShellArgs([...GOOD, '--ticket-printer', 'Kezek-Tickets'], {})?.ticketPrinter).toBe(
      'Kezek-Tickets',
    )
  })

  it('--help lists the flags and exits cleanly', () => {
    const { status, stdout } = run('--help')
    expect(status).toBe(0)
    for (const flag of [
      '--role',
      '--hub',
      '--device',
      '--key-file',
      DEVICE_KEY_VARIABLE,
      '--key',
      '--chromium',
      '--printer',
      '--ticket-printer',
      '--windowed',
    ]) {
      expect(stdout).toContain(flag)
    }
  })
})

describe('the shell process when Chromium goes', () => {
  it('exits with status 1 when Chromium disconnects unasked, and not while it is stopping', () => {
    const codes: number[] = []
    const crashed = new EventEmitter()
    exitWhenBrowserGone(
      crashed,
      () => false,
      (code) => codes.push(code),
    )
    crashed.emit('disconnected')
    expect(codes).toEqual([1])

    const stopped = new EventEmitter()
    exitWhenBrowserGone(
      stopped,
      () => true,
      (code) => codes.push(code),
    )
    stopped.emit('disconnected')
    expect(codes).toEqual([1])
  })
})
