/**
 * `npm run hub -- --store ...`: a store the hub cannot use stops it before it listens, with one line
 * that names the problem and exit status 2, like any other bad flag.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { makeTempDir, PROJECT_ROOT } from '../support/hub-harness'

const CLI = fileURLToPath(new URL('../../src-main/hub/cli.ts', import.meta.url))

function runHub(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEZEK_')))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--port', '0', '--data', makeTempDir(), ...args],
    { cwd: PROJECT_ROOT, env: { ...clean, ...env } },
  )
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('hub --store', () => {
  it.each([
    ['not a postgres:// URL', ['--store', 'mysql://kezek:pw@db/kezek'], /--store: expected a postgres:\/\//],
    [
      'a server that does not answer',
      ['--store', 'postgres://kezek:s3cret@127.0.0.1:1/kezek'],
      /--store: Cannot open the PostgreSQL store at postgres:\/\/kezek:\*\*\*@127\.0\.0\.1:1\/kezek: nothing accepts connections/,
    ],
  ])('stops with exit 2 and one line for %s', async (_, args, message) => {
    const { code, stdout, stderr } = await runHub(args)
    expect(code).toBe(2)
    expect(stdout).not.toMatch(/listening/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(message)
    expect(stderr).not.toContain('s3cret')
    expect(stderr).not.toContain(':pw@')
  })

  it('reads KEZEK_STORE when there is no flag', async () => {
    const { code, stderr } = await runHub([], { KEZEK_STORE: 'postgres://kezek@127.0.0.1:1/kezek' })
    expect(code).toBe(2)
    expect(stderr).toMatch(/--store: Cannot open the PostgreSQL store at postgres:\/\/kezek@127\.0\.0\.1:1/)
  })
})
