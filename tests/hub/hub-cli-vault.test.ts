/**
 * `npm run hub` with the vault key: a missing, wrong or damaged key file stops the hub before it
 * listens, with one line naming the file and the key, exit status 2; nothing is lost, and with the right
 * key the hub starts and the desk finds the citizen again.
 */
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultKeyFile, newKey, readKeyFile, writeKeyFile } from '../../src-main/hub/vault'
import { expectOk, makeTempDir, PROJECT_ROOT, removeDataDir, startTestHub } from '../support/hub-harness'
import { CITIZEN, codeFromOutbox, register, REGISTRAR_DESK, startPayload } from './fixtures/registration'

const CLI = fileURLToPath(new URL('../../src-main/hub/cli.ts', import.meta.url))

let dataDir: string
let keysDir: string
let keyId: string

function runHub(args: string[], env: Record<string, string> = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KEZEK_')))
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data', dataDir, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...clean, ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  dataDir = makeTempDir()
  keysDir = mkdtempSync(path.join(tmpdir(), 'kezek-keys-'))
  // One citizen registered: the store now holds data sealed under the default key beside the folder.
  const hub = await startTestHub({ dataDir })
  try {
    const registrar = await hub.staffClient('registrar')
    const start = expectOk(await register(registrar, 'registration:start', startPayload()))
    const code = codeFromOutbox(dataDir, start.registrationId)
    expectOk(
      await register(registrar, 'registration:confirm', { registrationId: start.registrationId, code }),
    )
  } finally {
    await hub.close()
  }
  keyId = readKeyFile(defaultKeyFile(dataDir))!.current
}, 60_000)

afterAll(() => {
  removeDataDir(dataDir)
  rmSync(keysDir, { recursive: true, force: true })
})

describe('hub --vault-key', () => {
  it('stops with one line when the key file named is missing, and makes none', async () => {
    const missing = path.join(keysDir, 'missing.json')
    const { code, stdout, stderr } = await runHub(['--vault-key', missing])
    expect(code).toBe(2)
    expect(stdout).not.toMatch(/listening/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(`vault key file ${missing} does not exist`)
    expect(stderr).toContain(`sealed with key ${keyId}`)
    expect(existsSync(missing)).toBe(false)
  })

  it('stops with one line for a key file from elsewhere (env KEZEK_VAULT_KEY_FILE)', async () => {
    const other = path.join(keysDir, 'other.json')
    const key = newKey()
    writeKeyFile(other, { current: key.id, keys: [key] })
    const { code, stderr } = await runHub([], { KEZEK_VAULT_KEY_FILE: other })
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(`vault key file ${other} holds no key ${keyId}`)
  })

  it('stops with one line for another key under the same id', async () => {
    const impostor = path.join(keysDir, 'impostor.json')
    writeKeyFile(impostor, { current: keyId, keys: [{ ...newKey(), id: keyId }] })
    const { code, stderr } = await runHub(['--vault-key', impostor])
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(
      new RegExp(`holds a key ${keyId} that is not the key ${keyId} this store was sealed with`),
    )
  })

  it('stops with one line for a damaged key file, and leaves it as it is', async () => {
    const damaged = path.join(keysDir, 'damaged.json')
    copyFileSync(defaultKeyFile(dataDir), damaged)
    const text = '{"kezek": "vault-keys", "version": 1, "current": "'
    writeFileSync(damaged, text)
    const { code, stderr } = await runHub(['--vault-key', damaged])
    expect(readFileSync(damaged, 'utf8')).toBe(text)
    expect(code).toBe(2)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toContain(`vault key file ${damaged} is damaged: it is not JSON`)
  })

  it('with the right key, nothing was lost: the desk finds the citizen', async () => {
    const hub = await startTestHub({ dataDir })
    try {
      const registrar = await hub.staffClient('registrar')
      const found = expectOk(
        await register(registrar, 'binding:find', { deskId: REGISTRAR_DESK, iin: CITIZEN.iin }),
      )
      expect(found.bindings.map((b) => b.status)).toEqual(['active'])
    } finally {
      await hub.close()
    }
  })
})
