/**
 * Staff passwords, device keys and session tokens: how they are made, stored and checked.
 *
 * Passwords are stored as `scrypt$N$r$p$salt$hash` (salt and hash in base64url), so the cost can be
 * raised later without invalidating old hashes. Device keys and session tokens are long random strings,
 * so a plain SHA-256 is enough for them; a slow hash would only slow down every reconnect.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const SCRYPT_N = 2 ** 14
const SCRYPT_R = 8
const SCRYPT_P = 1
const SALT_BYTES = 16
const KEY_BYTES = 32

/** A stored hash asking for more than this is refused rather than allowed to exhaust memory or CPU. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16
/** Longer inputs are refused: nobody types them, and hashing megabytes per attempt is a cheap DoS. */
const MAX_PASSWORD_LENGTH = 1024

const STORED_PASSWORD = /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9+/=_-]+)\$([A-Za-z0-9+/=_-]+)$/
const STORED_DEVICE_KEY = /^sha256\$([0-9a-f]{64})$/

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** What OpenSSL allocates for scrypt (its B and V arrays); `maxmem` gets this plus some headroom. */
function scryptMemory(N: number, r: number, p: number): number {
  return 128 * r * (N + p + 2)
}

/** The most memory a stored hash may ask for: N = 2^20 at r = 8, about 1 GiB. */
const MAX_SCRYPT_MEMORY = scryptMemory(MAX_N, 8, 1)

/** The same password typed on different keyboards may arrive composed or decomposed (Kazakh letters). */
function normalize(plain: string): string {
  return plain.normalize('NFC')
}

/** Hashes a staff password for the centre config (`passwordHash`). */
export async function hashPassword(plain: string): Promise<string> {
  if (plain.length === 0) throw new TypeError('the password is empty')
  if (plain.length > MAX_PASSWORD_LENGTH)
    throw new TypeError(`the password is longer than ${MAX_PASSWORD_LENGTH}`)
  const salt = randomBytes(SALT_BYTES)
  const key = await scryptAsync(normalize(plain), salt, KEY_BYTES, {
    N: SCRYPT_N,
    r: SCRYPT_R,
    p: SCRYPT_P,
    maxmem: scryptMemory(SCRYPT_N, SCRYPT_R, SCRYPT_P) + 1024 * 1024,
  })
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

interface ParsedPasswordHash {
  N: number
  r: number
  p: number
  salt: Buffer
  hash: Buffer
}

function parsePasswordHash(stored: string): ParsedPasswordHash | undefined {
  const match = STORED_PASSWORD.exec(stored)
  if (!match) return undefined
  const [, nText, rText, pText, saltText, hashText] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const N = Number(nText)
  const r = Number(rText)
  const p = Number(pText)
  // scrypt needs N to be a power of two above 1.
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) return undefined
  if (r < 1 || r > MAX_R || p < 1 || p > MAX_P) return undefined
  if (scryptMemory(N, r, p) > MAX_SCRYPT_MEMORY) return undefined
  // Node's base64 decoder reads both alphabets, so hashes made by other tools in standard base64 work too.
  const salt = Buffer.from(saltText, 'base64')
  const hash = Buffer.from(hashText, 'base64')
  if (salt.length < 8 || hash.length < 16 || hash.length > 64) return undefined
  return { N, r, p, salt, hash }
}

/**
 * Checks a password against a stored `scrypt$...` hash. A malformed or unreasonably expensive stored hash
 * never matches. When the login is unknown, callers should still verify against some hash so that the
 * answer takes as long as for a known login.
 */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  if (typeof plain !== 'string' || typeof stored !== 'string' || plain.length > MAX_PASSWORD_LENGTH)
    return false
  const parsed = parsePasswordHash(stored)
  if (!parsed) return false
  const { N, r, p, salt, hash } = parsed
  const key = await scryptAsync(normalize(plain), salt, hash.length, {
    N,
    r,
    p,
    maxmem: scryptMemory(N, r, p) + 1024 * 1024,
  })
  return timingSafeEqual(key, hash)
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest()
}

/** Hashes a device (kiosk, display) key for the centre config (`keyHash`). */
export function hashDeviceKey(key: string): string {
  return `sha256$${sha256(key).toString('hex')}`
}

/** Checks a device key against a stored `sha256$<hex>`; a malformed stored value never matches. */
export function verifyDeviceKey(key: string, stored: string): boolean {
  if (typeof key !== 'string' || typeof stored !== 'string' || key.length > MAX_PASSWORD_LENGTH) return false
  const match = STORED_DEVICE_KEY.exec(stored)
  if (!match) return false
  return timingSafeEqual(sha256(key), Buffer.from(match[1]!, 'hex'))
}

// --- How hard a device key is to guess --------------------------------------------------------------

/** A device key must be as hard to guess as 16 random bytes. */
export const MIN_DEVICE_KEY_BITS = 128
/** Fewer different characters than this is a pattern (`aaaa…`, `abab…`), however long. */
const MIN_DEVICE_KEY_DISTINCT = 10
/** The hub refuses a longer key at connect time. */
const MAX_DEVICE_KEY_LENGTH = 200
/** Letters, digits and ASCII punctuation: what every keyboard, shell and config file carries unchanged. */
const DEVICE_KEY_CHARACTERS = /^[\x21-\x7e]+$/

/**
 * A device key's entropy as estimated from its look: its length times log2 of the alphabet its kinds of
 * character span (a–z 26, A–Z 26, 0–9 10, `-` and `_` 2, other ASCII punctuation 30; hex digits alone 16).
 * Right for a random key; for a key a person chose it is an upper bound, which is why keys are generated.
 */
export function deviceKeyBits(key: string): number {
  const alphabet = /^[0-9a-f]*[a-f][0-9a-f]*$|^[0-9A-F]*[A-F][0-9A-F]*$/.test(key)
    ? 16
    : (/[a-z]/.test(key) ? 26 : 0) +
      (/[A-Z]/.test(key) ? 26 : 0) +
      (/[0-9]/.test(key) ? 10 : 0) +
      (/[-_]/.test(key) ? 2 : 0) +
      (/[^A-Za-z0-9_-]/.test(key) ? 30 : 0)
  return alphabet > 1 ? key.length * Math.log2(alphabet) : 0
}

/**
 * Why a device key someone chose may not be used, in one line; null when it may. The rule: at most 200
 * visible ASCII characters, at least `MIN_DEVICE_KEY_BITS` by `deviceKeyBits`, from at least 10 different
 * characters: e.g. 32 random hex digits, or 24 random base64url characters (22 miss it when chance leaves
 * out a kind of character).
 */
export function deviceKeyProblem(key: string): string | null {
  if (key.length > MAX_DEVICE_KEY_LENGTH) {
    return `A device key is at most ${MAX_DEVICE_KEY_LENGTH} characters (the hub refuses longer ones).`
  }
  if (!DEVICE_KEY_CHARACTERS.test(key)) {
    return 'A device key is letters, digits and ASCII punctuation only, without spaces.'
  }
  const rule =
    `a device key needs ${MIN_DEVICE_KEY_BITS} bits (length × log2 of the alphabet it uses) from at least ` +
    `${MIN_DEVICE_KEY_DISTINCT} different characters, e.g. 32 random hex digits or 24 random base64url characters`
  const bits = deviceKeyBits(key)
  if (bits < MIN_DEVICE_KEY_BITS) {
    return `This device key is too easy to guess: it has about ${Math.floor(bits)} bits, and ${rule}.`
  }
  const distinct = new Set(key).size
  if (distinct < MIN_DEVICE_KEY_DISTINCT) {
    return `This device key is too easy to guess: it uses only ${distinct} different character${distinct === 1 ? '' : 's'}, and ${rule}.`
  }
  return null
}

/** A new random device key: 32 bytes, 43 base64url characters, 256 bits. */
export function newDeviceKey(): string {
  return newToken(32)
}

/** A random token (session, device key) in base64url: 32 bytes give 43 characters. */
export function newToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024)
    throw new RangeError('token size must be 16–1024 bytes')
  return randomBytes(bytes).toString('base64url')
}

/** How a session token is kept in the store: only its SHA-256 in hex, never the token itself. */
export function hashToken(token: string): string {
  return sha256(token).toString('hex')
}
