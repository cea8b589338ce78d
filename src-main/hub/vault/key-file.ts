/**
 * The vault's key file: the keys that seal personal data at rest, kept outside the data folder, so a
 * copy of the data (a backup, a stolen disk image of the data folder) is unreadable without it.
 *
 * JSON, 0600, written whole and synced before it takes its name (a crash leaves the old file or the new
 * one, never half of one):
 *
 *     { "kezek": "vault-keys", "version": 1, "current": "3f9a1c2b",
 *       "keys": [{ "id": "3f9a1c2b", "key": "<32 bytes, base64>", "createdAt": "2026-12-06T01:00:00.000Z" }] }
 *
 * `current` seals everything new; the other keys still open what they sealed until a rotation has moved
 * it (`npm run rotate-key`). A file that is not exactly this is refused with a `VaultKeyError` naming
 * the file and the field, and left as it is.
 */
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

export const KEY_BYTES = 32

/** The key file cannot serve (missing, unreadable, damaged, not the data's): the hub stops with this. */
export class VaultKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'VaultKeyError'
  }
}

export interface VaultKey {
  /** 8 hex digits; what each sealed row names as its `key_id`. */
  id: string
  key: Buffer
  createdAt: string
}

export interface KeyRing {
  current: string
  keys: VaultKey[]
}

const KEY_ID = /^[0-9a-f]{8}$/

const keyFileSchema = z
  .object({
    kezek: z.literal('vault-keys'),
    version: z.literal(1),
    current: z.string().regex(KEY_ID, 'a key id is 8 hex digits'),
    keys: z
      .array(
        z
          .object({
            id: z.string().regex(KEY_ID, 'a key id is 8 hex digits'),
            key: z
              .string()
              .refine(
                (text) =>
                  /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === KEY_BYTES,
                `a key is ${KEY_BYTES} bytes in base64`,
              ),
            createdAt: z.string(),
          })
          .strict(),
      )
      .min(1, 'the file holds no key'),
  })
  .strict()
  .superRefine((file, context) => {
    const ids = file.keys.map((key) => key.id)
    if (new Set(ids).size !== ids.length)
      context.addIssue({ code: 'custom', path: ['keys'], message: 'a key id repeats' })
    if (!ids.includes(file.current))
      context.addIssue({ code: 'custom', path: ['current'], message: `no key has the id ${file.current}` })
  })

/** A new key with a fresh id (never one the ring already has). */
export function newKey(taken: readonly string[] = [], at = new Date()): VaultKey {
  for (;;) {
    const id = randomBytes(4).toString('hex')
    if (!taken.includes(id)) return { id, key: randomBytes(KEY_BYTES), createdAt: at.toISOString() }
  }
}

/** Reads and checks the key file; undefined when there is none. */
export function readKeyFile(file: string): KeyRing | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new VaultKeyError(`vault key file ${file} cannot be read (${code ?? (error as Error).message})`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new VaultKeyError(`vault key file ${file} is damaged: it is not JSON`)
  }
  const parsed = keyFileSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const where = issue.path.length ? issue.path.join('.') : 'the file'
    throw new VaultKeyError(`vault key file ${file} is damaged: ${where}: ${issue.message}`)
  }
  return {
    current: parsed.data.current,
    keys: parsed.data.keys.map((key) => ({ ...key, key: Buffer.from(key.key, 'base64') })),
  }
}

/** True when others than the owner may read the file (POSIX modes only). */
export function readableByOthers(file: string): boolean {
  return process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0
}

/**
 * Writes the ring to `file` (0600) atomically: to a temporary name beside it, synced, renamed over the
 * old file, and the folder synced. Makes the folder (0700) when it is missing.
 */
export function writeKeyFile(file: string, ring: KeyRing): void {
  const folder = path.dirname(file)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const body = {
    kezek: 'vault-keys',
    version: 1,
    current: ring.current,
    keys: ring.keys.map((key) => ({ id: key.id, key: key.key.toString('base64'), createdAt: key.createdAt })),
  }
  // A random name: a crash between open and rename must not leave a name the next run cannot take.
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
  const fd = openSync(temporary, 'wx', 0o600)
  try {
    writeSync(fd, `${JSON.stringify(body, null, 2)}\n`)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(temporary, { force: true })
    throw error
  }
  closeSync(fd)
  renameSync(temporary, file)
  syncFolder(folder)
}

function syncFolder(folder: string): void {
  if (process.platform === 'win32') return
  const fd = openSync(folder, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
