/**
 * The secret key of the registration commands' fingerprints.
 *
 * A registration payload holds an IIN and a phone number, and a plain hash of it is reversed by a brute
 * force over the IIN space. So its fingerprint is an HMAC under this key, which lives in its own file
 * beside the database and never in it: the database file alone (a copy, a backup) tells nothing about
 * whose payload a fingerprint was. Fingerprints live as long as their stored answers (two days); a
 * lost key only means that a retry of a command from before the loss is refused (`request_id_reused`)
 * instead of answered again.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../logger'

export const FINGERPRINT_KEY_FILE = 'registration-fingerprint.key'
const KEY_BYTES = 32

/** The key file is there but cannot serve: the hub stops with this, and changes nothing. */
export class FingerprintKeyError extends Error {
  constructor(file: string, problem: string) {
    super(
      `${file}: ${problem}. Restore it from your backup of the data folder, or delete it to start a new key ` +
        `(then only retries of registration commands sent before are refused as reused)`,
    )
    this.name = 'FingerprintKeyError'
  }
}

/**
 * The key beside `databaseFile`, made on first use (0600, written whole and synced before it gets its
 * name); a key of its own for each run when the database is in memory, which no restart outlives. An
 * existing file that is not exactly a key, or cannot be read, is refused with a `FingerprintKeyError`
 * and left as it is: a key made anew would silently refuse the retries of the last two days.
 */
export function loadFingerprintKey(databaseFile: string | null, logger: Logger): Buffer {
  if (databaseFile === null) return randomBytes(KEY_BYTES)
  const file = path.join(path.dirname(databaseFile), FINGERPRINT_KEY_FILE)
  const existing = readKey(file, logger)
  return existing ?? createKey(file)
}

function readKey(file: string, logger: Logger): Buffer | undefined {
  let key: Buffer
  try {
    key = readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new FingerprintKeyError(file, `cannot be read (${code ?? (error as Error).message})`)
  }
  if (key.length !== KEY_BYTES)
    throw new FingerprintKeyError(file, `is damaged: ${key.length} bytes where a key has ${KEY_BYTES}`)
  // POSIX modes only: on Windows the data folder's ACL is what protects it.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    logger.warn(
      { event: 'fingerprint-key-readable', file },
      'the registration fingerprint key is readable by other users; chmod 600 it',
    )
  }
  return key
}

function createKey(file: string): Buffer {
  const key = randomBytes(KEY_BYTES)
  // A fresh name that nothing else can have made ('wx'), so no leftover draft is reused.
  const draft = `${file}.${randomBytes(6).toString('hex')}.tmp`
  const fd = openSync(draft, 'wx', 0o600)
  try {
    writeSync(fd, key)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    // A link fails if the name exists: of two hubs starting at once, the first key wins.
    linkSync(draft, file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return readFileSync(file)
  } finally {
    rmSync(draft, { force: true })
  }
  syncFolder(path.dirname(file))
  return key
}

/** The new name must outlive a power cut, or the next start would make another key. */
function syncFolder(folder: string): void {
  // Windows cannot open a folder to sync it; NTFS journals the name itself.
  if (process.platform === 'win32') return
  const fd = openSync(folder, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
