/**
 * The key of the registration commands' fingerprints: made once beside the database, kept as it is, and
 * a damaged or unreadable one stops the hub with the file named, changing nothing.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import {
  FINGERPRINT_KEY_FILE,
  FingerprintKeyError,
  loadFingerprintKey,
} from '../../src-main/hub/registration/desk/fingerprint-key'

let dir: string
let database: string
let lines: string[]
const logger = () =>
  createLogger({ level: 'warn', destination: { write: (line: string) => lines.push(line) } })
const keyFile = () => path.join(dir, FINGERPRINT_KEY_FILE)

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kezek-fingerprint-key-'))
  database = path.join(dir, 'kezek.sqlite')
  lines = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the registration fingerprint key', () => {
  it('is made at the first start, 32 bytes readable by the hub alone, and the same at the next', () => {
    const first = loadFingerprintKey(database, logger())
    expect(first).toHaveLength(32)
    expect(readFileSync(keyFile())).toEqual(first)
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600)
    expect(loadFingerprintKey(database, logger())).toEqual(first)
    // No draft is left beside it.
    expect(readdirSync(dir)).toEqual([FINGERPRINT_KEY_FILE])
    expect(lines).toEqual([])
  })

  it.each([
    ['empty', Buffer.alloc(0), /0 bytes where a key has 32/],
    ['truncated', Buffer.alloc(10, 7), /10 bytes where a key has 32/],
    ['too long', Buffer.alloc(40, 7), /40 bytes where a key has 32/],
  ])('refuses a key file that is %s, names it and leaves it as it is', (_kind, content, problem) => {
    writeFileSync(keyFile(), content, { mode: 0o600 })
    const load = () => loadFingerprintKey(database, logger())
    expect(load).toThrow(FingerprintKeyError)
    expect(load).toThrow(problem)
    expect(load).toThrow(keyFile())
    expect(load).toThrow(/Restore it from your backup/)
    expect(readFileSync(keyFile())).toEqual(content)
    expect(readdirSync(dir)).toEqual([FINGERPRINT_KEY_FILE])
  })

  it('refuses a key it cannot read, naming the file and why', () => {
    mkdirSync(keyFile())
    expect(() => loadFingerprintKey(database, logger())).toThrow(
      /registration-fingerprint\.key: cannot be read \(EISDIR\)/,
    )
    expect(statSync(keyFile()).isDirectory()).toBe(true)
  })

  it.skipIf(process.platform === 'win32')('warns when other users may read the key', () => {
    writeFileSync(keyFile(), Buffer.alloc(32, 1), { mode: 0o600 })
    chmodSync(keyFile(), 0o644)
    expect(loadFingerprintKey(database, logger())).toEqual(Buffer.alloc(32, 1))
    expect(lines.join('')).toMatch(/readable by other users; chmod 600 it/)
  })

  it('is a new one for every run of an in-memory database, and writes no file', () => {
    const a = loadFingerprintKey(null, logger())
    const b = loadFingerprintKey(null, logger())
    expect(a).toHaveLength(32)
    expect(a).not.toEqual(b)
    expect(readdirSync(dir)).toEqual([])
  })
})
