/**
 * The vault: AES-256-GCM sealing bound to what a value is, keyed hashes for lookups, the key file (its
 * checks and its atomic writes), and `openVault`'s refusals of a missing or wrong key, which change nothing.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import {
  defaultKeyFile,
  newKey,
  openVault,
  readKeyFile,
  Vault,
  VaultKeyError,
  VaultOpenError,
  writeKeyFile,
  type KeyRing,
  type SealedLedger,
} from '../../src-main/hub/vault'

const IIN = '760212350620'
const silent = createLogger({ level: 'silent' })
const dirs: string[] = []

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kezek-vault-'))
  dirs.push(dir)
  return dir
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function ring(...keys: ReturnType<typeof newKey>[]): KeyRing {
  return { current: keys[0]!.id, keys }
}

/** A store's view of its keys, as the vault asks it (the real stores keep this in `vault_keys`). */
function ledger(
  inUse: string[] = [],
  checks: Record<string, string> = {},
): SealedLedger & {
  checks: Record<string, string>
} {
  return {
    checks,
    keyIdsInUse: () => inUse,
    keyChecks: () => ({ ...checks }),
    saveKeyCheck: (id, check) => {
      checks[id] ??= check
    },
  }
}

describe('sealing', () => {
  it('opens what it sealed, and only where it was sealed', () => {
    const vault = new Vault(ring(newKey()))
    const sealed = vault.seal(IIN, 'bindings:b1:iin')
    expect(sealed).not.toContain(IIN)
    expect(vault.open(sealed, vault.currentKeyId, 'bindings:b1:iin')).toBe(IIN)
    // Two seals of one value differ (a fresh nonce each time).
    expect(vault.seal(IIN, 'bindings:b1:iin')).not.toBe(sealed)
    // Copied to another row or field, it does not open.
    expect(() => vault.open(sealed, vault.currentKeyId, 'bindings:b2:iin')).toThrow(VaultOpenError)
    expect(() => vault.open(sealed, vault.currentKeyId, 'bindings:b1:phone')).toThrow(VaultOpenError)
  })

  it('refuses a value changed by one bit, or opened with another key under the same id', () => {
    const key = newKey()
    const vault = new Vault(ring(key))
    const sealed = Buffer.from(vault.seal(IIN, 'c'), 'base64url')
    sealed[14] = sealed[14]! ^ 1
    expect(() => vault.open(sealed.toString('base64url'), key.id, 'c')).toThrow(VaultOpenError)
    const impostor = new Vault(ring({ ...newKey(), id: key.id }))
    expect(() => impostor.open(vault.seal(IIN, 'c'), key.id, 'c')).toThrow(VaultOpenError)
    expect(() => vault.open('short', key.id, 'c')).toThrow(VaultOpenError)
  })

  it('hashes an IIN under every key, the same each time, and differently per key', () => {
    const [a, b] = [newKey(), newKey()]
    const vault = new Vault({ current: b.id, keys: [a, b] })
    const hashes = vault.hashes(IIN, 'iin')
    expect(hashes).toHaveLength(2)
    expect(hashes[0]).toBe(vault.hash(IIN, 'iin', b.id))
    expect(hashes[1]).toBe(new Vault(ring(a)).hash(IIN, 'iin'))
    expect(hashes[0]).not.toBe(hashes[1])
    expect(hashes.join()).not.toContain(IIN)
    expect(vault.hash(IIN, 'iin')).not.toBe(vault.hash(IIN, 'phone'))
  })
})

describe('the key file', () => {
  it('is written whole, 0600, and read back', () => {
    const file = path.join(tempDir(), 'keys', 'vault.json')
    const key = newKey()
    writeKeyFile(file, ring(key))
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700)
    const read = readKeyFile(file)!
    expect(read.current).toBe(key.id)
    expect(read.keys[0]!.key.equals(key.key)).toBe(true)
    expect(readKeyFile(path.join(tempDir(), 'none.json'))).toBeUndefined()
  })

  it('names what is wrong in a damaged file', () => {
    const file = path.join(tempDir(), 'vault.json')
    const key = newKey()
    writeKeyFile(file, ring(key))
    const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    const cases: Array<[unknown, RegExp]> = [
      ['{ not json', /is damaged: it is not JSON/],
      [{ ...good, current: 'ffffffff' }, /current: no key has the id ffffffff/],
      [{ ...good, keys: [] }, /keys: the file holds no key/],
      [
        { ...good, keys: [{ ...(good.keys as object[])[0], key: 'c2hvcnQ=' }] },
        /keys\.0\.key: a key is 32 bytes/,
      ],
      [{ ...good, keys: [...(good.keys as object[]), ...(good.keys as object[])] }, /keys: a key id repeats/],
      [{ ...good, kezek: 'other' }, /kezek:/],
    ]
    for (const [content, message] of cases) {
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
      expect(() => readKeyFile(file)).toThrow(message)
      expect(() => readKeyFile(file)).toThrow(file)
    }
  })

  it('lives beside the data folder by default, never in it', () => {
    expect(defaultKeyFile('/srv/kezek/data')).toBe('/srv/kezek/data.vault-key.json')
    expect(defaultKeyFile('/srv/kezek/data/')).toBe('/srv/kezek/data.vault-key.json')
  })
})

describe('opening the vault for a store', () => {
  it('makes a key for a store with nothing sealed, and remembers its check value', async () => {
    const file = path.join(tempDir(), 'vault.json')
    const store = ledger()
    const vault = await openVault({ keyFile: file, ledger: store, logger: silent })
    expect(readKeyFile(file)!.current).toBe(vault.currentKeyId)
    expect(store.checks).toEqual({ [vault.currentKeyId]: vault.checkValue(vault.currentKeyId) })
    // Opened again: the same key.
    const again = await openVault({ keyFile: file, ledger: store, logger: silent })
    expect(again.seal('x', 'c')).toBeTruthy()
    expect(again.open(vault.seal('x', 'c'), vault.currentKeyId, 'c')).toBe('x')
  })

  it('refuses a missing key file when the store holds sealed data, and makes none', async () => {
    const file = path.join(tempDir(), 'vault.json')
    const opening = openVault({ keyFile: file, ledger: ledger(['3f9a1c2b']), logger: silent })
    await expect(opening).rejects.toThrow(VaultKeyError)
    await expect(opening).rejects.toThrow(/does not exist.*sealed with key 3f9a1c2b/)
    expect(readKeyFile(file)).toBeUndefined()
  })

  it('refuses a key file without the key the data was sealed with', async () => {
    const file = path.join(tempDir(), 'vault.json')
    writeKeyFile(file, ring(newKey()))
    const before = readFileSync(file)
    await expect(openVault({ keyFile: file, ledger: ledger(['3f9a1c2b']), logger: silent })).rejects.toThrow(
      /holds no key 3f9a1c2b/,
    )
    expect(readFileSync(file)).toEqual(before)
  })

  it('refuses a key file whose key has the right id but is not the same key', async () => {
    const file = path.join(tempDir(), 'vault.json')
    const key = newKey()
    writeKeyFile(file, ring(key))
    const store = ledger([key.id])
    await openVault({ keyFile: file, ledger: store, logger: silent })
    writeKeyFile(file, ring({ ...newKey(), id: key.id }))
    await expect(openVault({ keyFile: file, ledger: store, logger: silent })).rejects.toThrow(
      new RegExp(`holds a key ${key.id} that is not the key ${key.id} this store was sealed with`),
    )
  })

  it('accepts rows written before the vault (plain) as no key at all', async () => {
    const file = path.join(tempDir(), 'vault.json')
    const vault = await openVault({ keyFile: file, ledger: ledger(['plain']), logger: silent })
    expect(vault.keyIds).toHaveLength(1)
  })

  it('is not fooled by a store error: it surfaces, and no key is made', async () => {
    const file = path.join(tempDir(), 'vault.json')
    const broken: SealedLedger = {
      keyIdsInUse: () => Promise.reject(new Error('connection refused')),
      keyChecks: () => ({}),
      saveKeyCheck: () => undefined,
    }
    await expect(openVault({ keyFile: file, ledger: broken, logger: silent })).rejects.toThrow(
      'connection refused',
    )
    expect(readKeyFile(file)).toBeUndefined()
    expect(() => new Vault({ current: 'abcdabcd', keys: [newKey()] })).toThrow(VaultKeyError)
  })
})
