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
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../../logger'

export const FINGERPRINT_KEY_FILE = 'registration-fingerprint.key'
const KEY_BYTES = 32

/**
 * The key beside `databaseFile`, made on first use (0600, written whole before it gets its name);
 * a key of its own for each run when the database is in memory, which no restart outlives.
 */
export function loadFingerprintKey(databaseFile: string | null, logger: Logger): Buffer {
  if (databaseFile === null) return randomBytes(KEY_BYTES)
  const file = path.join(path.dirname(databaseFile), FINGERPRINT_KEY_FILE)
  const existing = readKey(file)
  if (existing && existing.length >= KEY_BYTES) return existing
  if (existing) {
    logger.warn(
      { event: 'fingerprint-key-replaced', bytes: existing.length },
      'fingerprint key too short; made anew',
    )
    rmSync(file, { force: true })
  }
  const key = randomBytes(KEY_BYTES)
  const draft = `${file}.${process.pid}.tmp`
  const fd = openSync(draft, 'w', 0o600)
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
  return key
}

function readKey(file: string): Buffer | undefined {
  try {
    return readFileSync(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
