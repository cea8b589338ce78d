/**
 * `npm run kiosk:chromium`: bad flags stop it before any browser starts, with one line naming the flag
 * and exit status 2 (run as a child process through tsx, as npm runs it).
 */
import { spawnSync } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { exitWhenBrowserGone } from '../../src-main/chromium-shell/cli'
import { PROJECT_ROOT } from '../support/hub-harness'

function run(...args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src-main/chromium-shell/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { status: result.status, stderr: result.stderr, stdout: result.stdout }
}

const KEY = 'kezek-demo-kiosk-1'
const GOOD = ['--hub', 'http://127.0.0.1:9', '--device', 'kiosk-1', '--key', KEY]

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
  ])('%j: one line naming the flag, exit status 2', (args, message) => {
    const { status, stderr, stdout } = run(...args)
    expect(status).toBe(2)
    expect(stdout).toBe('')
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`kezek kiosk:chromium: ${message}`)
  })

  it('--help lists the flags and exits cleanly', () => {
    const { status, stdout } = run('--help')
    expect(status).toBe(0)
    for (const flag of ['--hub', '--device', '--key', '--chromium', '--printer', '--windowed']) {
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
