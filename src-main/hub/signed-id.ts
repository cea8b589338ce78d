/**
 * An id the hub hands out as a link or a handle, signed so that nobody can make one for a thing they were
 * not given: the id and an HMAC of it under the vault's hashing key, for one purpose (a booking's manage
 * link, an integration's remote ticket). The hub keeps nothing per token. Checked in constant time under
 * every key of the vault's ring, so a token keeps working through a key rotation until the old key is
 * dropped. Never a personal value.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Vault } from './vault'

/** 32 base64url characters: 192 bits of the HMAC. */
const MAC_CHARS = 32
const ID = /^[A-Za-z0-9-]{1,64}$/

/**
 * Between the id and the MAC: URL-safe, in neither, and not a dot, which would make a page's address
 * look like a file to the hub's static server.
 */
const SEPARATOR = '~'

function macOf(vault: Vault, purpose: string, id: string, keyId?: string): string {
  return vault.hash(id, purpose, keyId).slice(0, MAC_CHARS)
}

/** `<id>~<mac>`: URL-safe as it is. */
export function signId(vault: Vault, purpose: string, id: string): string {
  return `${id}${SEPARATOR}${macOf(vault, purpose, id)}`
}

/** The id a token names, when its HMAC for `purpose` is right under any key of the vault; null otherwise. */
export function signedIdOf(vault: Vault, purpose: string, token: string): string | null {
  const at = token.lastIndexOf(SEPARATOR)
  const id = token.slice(0, at)
  const sent = Buffer.from(token.slice(at + 1), 'utf8')
  if (at < 1 || !ID.test(id) || sent.length !== MAC_CHARS) return null
  let matches = false
  for (const keyId of vault.keyIds) {
    // Every key is compared, so the time taken does not say which one matched.
    if (timingSafeEqual(Buffer.from(macOf(vault, purpose, id, keyId), 'utf8'), sent)) matches = true
  }
  return matches ? id : null
}
