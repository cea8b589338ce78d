/**
 * Sealing personal data at rest: AES-256-GCM (`node:crypto`) with a fresh 96-bit nonce per value, and
 * a keyed hash (HMAC-SHA256) for finding a value without storing it.
 *
 * Each key in the ring is a 32-byte master secret; what is used is derived from it with HKDF-SHA256, one
 * sub-key per purpose (sealing, hashing, the check value, command fingerprints), so no two uses ever
 * share a key. A sealed value is `base64url(nonce ‖ ciphertext ‖ tag)`; the row keeps the key id beside
 * it. The caller names what a value is (`context`: table, field, row), bound in as additional
 * authenticated data: a sealed IIN copied to another row or field does not open there.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { VaultKeyError, type KeyRing } from './key-file'

const NONCE_BYTES = 12
const TAG_BYTES = 16

interface DerivedKey {
  id: string
  seal: Buffer
  hash: Buffer
  check: string
  fingerprint: Buffer
}

function derive(master: Buffer, purpose: string, bytes = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `kezek vault ${purpose} v1`, bytes))
}

/** A value that the key named opens no more (tampered with, or sealed with another key under that id). */
export class VaultOpenError extends Error {
  constructor(keyId: string, context: string) {
    super(`a value sealed under vault key ${keyId} (${context}) does not open: wrong key or damaged data`)
    this.name = 'VaultOpenError'
  }
}

export class Vault {
  private readonly keys = new Map<string, DerivedKey>()
  readonly currentKeyId: string

  constructor(ring: KeyRing) {
    for (const { id, key } of ring.keys) {
      this.keys.set(id, {
        id,
        seal: derive(key, 'seal'),
        hash: derive(key, 'hash'),
        check: derive(key, 'check', 16).toString('base64url'),
        fingerprint: derive(key, 'fingerprint'),
      })
    }
    if (!this.keys.has(ring.current)) throw new VaultKeyError(`the vault has no key ${ring.current}`)
    this.currentKeyId = ring.current
  }

  /** The ids of every key the vault holds, current first. */
  get keyIds(): string[] {
    return [this.currentKeyId, ...[...this.keys.keys()].filter((id) => id !== this.currentKeyId)]
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId)
  }

  /**
   * A value that tells whether a key is the same key as before without revealing it: the store keeps
   * one per key id it has seen, so a key file whose key under that id differs is caught before use.
   */
  checkValue(keyId: string): string {
    return this.key(keyId).check
  }

  /**
   * The secret keys of keyed command fingerprints, current first: a new answer is stored under the
   * first, and a retry's fingerprint is recognised under any (an answer stored before a rotation).
   */
  get fingerprintKeys(): Buffer[] {
    return this.keyIds.map((id) => this.key(id).fingerprint)
  }

  /** Seals `plain` under `keyId` (default: the current key), bound to `context`. */
  seal(plain: string, context: string, keyId = this.currentKeyId): string {
    const nonce = randomBytes(NONCE_BYTES)
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId).seal, nonce)
    cipher.setAAD(Buffer.from(context, 'utf8'))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url')
  }

  /** Opens a value sealed under `keyId` for `context`; throws `VaultOpenError` if it does not authenticate. */
  open(sealed: string, keyId: string, context: string): string {
    const bytes = Buffer.from(sealed, 'base64url')
    if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new VaultOpenError(keyId, context)
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId).seal, bytes.subarray(0, NONCE_BYTES))
    decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    try {
      const body = bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
    } catch {
      throw new VaultOpenError(keyId, context)
    }
  }

  /** The keyed hash of `value` (for `purpose`, e.g. "iin") under one key. */
  hash(value: string, purpose: string, keyId = this.currentKeyId): string {
    return createHmac('sha256', this.key(keyId).hash).update(`${purpose}\0${value}`).digest('base64url')
  }

  /** The keyed hash under every key, current first: a lookup matches rows sealed under any of them. */
  hashes(value: string, purpose: string): string[] {
    return this.keyIds.map((id) => this.hash(value, purpose, id))
  }

  private key(keyId: string): DerivedKey {
    const key = this.keys.get(keyId)
    if (!key) throw new VaultKeyError(`the vault key file holds no key ${keyId}`)
    return key
  }
}
