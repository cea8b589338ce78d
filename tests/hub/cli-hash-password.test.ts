/**
 * `npm run hash-password -- --device`: with nothing piped in it makes a random device key and prints it
 * with its hash; a key piped in is hashed only if it is hard enough to guess, and a weak one is refused
 * with one line that names the rule. The config keeps only the hash, so this is where keys are checked.
 * `--integration` does the same for an integration's API key.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG_PATH, loadCentreConfig } from '../../src-main/hub/config-file'
import { deviceKeyProblem, hashDeviceKey, verifyDeviceKey } from '../../src-main/hub/passwords'
import { PROJECT_ROOT } from '../support/hub-harness'

const CLI = fileURLToPath(new URL('../../src-main/hub/cli-hash-password.ts', import.meta.url))

function hashDevice(stdin: string, flag: '--device' | '--integration' = '--device') {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, flag], { cwd: PROJECT_ROOT })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  child.stdin.end(stdin)
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('hash-password --device', () => {
  it('makes a random 256-bit key and prints it with its keyHash', async () => {
    const { code, stdout } = await hashDevice('')
    expect(code).toBe(0)
    const [, key, keyHash] = /^key: (\S+)\nkeyHash: (\S+)\n$/.exec(stdout) ?? []
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(deviceKeyProblem(key!)).toBeNull()
    expect(verifyDeviceKey(key!, keyHash!)).toBe(true)
  })

  it('hashes a strong key of its own', async () => {
    const key = '3eb1bd439947eb762998e566ccc2e099'
    const { code, stdout } = await hashDevice(`${key}\n`)
    expect(code).toBe(0)
    expect(stdout).toBe(`${hashDeviceKey(key)}\n`)
  })

  it.each([
    ['a hand-picked 16-character key', 'Kiosk-Entrance-1'],
    ['a demo-style key', 'kezek-demo-kiosk-1'],
  ])('refuses %s with one line naming the rule, and prints no hash', async (_name, key) => {
    const { code, stdout, stderr } = await hashDevice(`${key}\n`)
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(stderr).toContain('needs 128 bits (length × log2 of the alphabet it uses)')
    expect(stderr).toContain('Nothing was hashed')
  })
})

describe('hash-password --integration', () => {
  it("makes a random 256-bit key whose keyHash the hub checks an integration's key against", async () => {
    const { code, stdout, stderr } = await hashDevice('', '--integration')
    expect(code).toBe(0)
    const [, key, keyHash] = /^key: (\S+)\nkeyHash: (\S+)\n$/.exec(stdout) ?? []
    expect(deviceKeyProblem(key!)).toBeNull()
    expect(verifyDeviceKey(key!, keyHash!)).toBe(true)
    expect(stderr).toContain("integration's entry")
  })

  it('hashes the demo integration key to the hash in the demo config, and refuses a weak key', async () => {
    const demo = await hashDevice('kezek-demo-egov-2026-integration-key\n', '--integration')
    const inConfig = loadCentreConfig(DEFAULT_CONFIG_PATH).integrations.find((i) => i.id === 'egov-demo')
    expect(demo).toMatchObject({ code: 0, stdout: `${inConfig?.keyHash}\n` })
    const weak = await hashDevice('egov-key-1\n', '--integration')
    expect(weak.code).toBe(1)
    expect(weak.stdout).toBe('')
    expect(weak.stderr).toMatch(/^This integration key is too easy to guess.*--integration/)
  })
})
