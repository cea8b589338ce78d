/**
 * The manage link's token: the booking's id and an HMAC of it under the vault's hashing key (a purpose of
 * its own), so the hub keeps nothing per link and nobody can make one for a booking they did not book.
 * Never the IIN or the phone. Checked in constant time under every key of the vault's ring, so a link
 * keeps working through a key rotation until the old key is dropped.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Vault } from '../../vault'

const PURPOSE = 'book:manage-link'
/** 32 base64url characters: 192 bits of the HMAC. */
const MAC_CHARS = 32
const BOOKING_ID = /^[A-Za-z0-9-]{1,64}$/

function macOf(vault: Vault, bookingId: string, keyId?: string): string {
  return vault.hash(bookingId, PURPOSE, keyId).slice(0, MAC_CHARS)
}

/**
 * Between the id and the MAC: URL-safe, in neither, and not a dot, which would make the page's address
 * look like a file to the hub's static server.
 */
const SEPARATOR = '~'

/** `<bookingId>~<mac>`: URL-safe as it is. */
export function manageToken(vault: Vault, bookingId: string): string {
  return `${bookingId}${SEPARATOR}${macOf(vault, bookingId)}`
}

/** The booking id a token names, when its HMAC is right under any key of the vault; null otherwise. */
export function bookingIdOf(vault: Vault, token: string): string | null {
  const at = token.lastIndexOf(SEPARATOR)
  const bookingId = token.slice(0, at)
  const sent = Buffer.from(token.slice(at + 1), 'utf8')
  if (at < 1 || !BOOKING_ID.test(bookingId) || sent.length !== MAC_CHARS) return null
  let matches = false
  for (const keyId of vault.keyIds) {
    // Every key is compared, so the time taken does not say which one matched.
    if (timingSafeEqual(Buffer.from(macOf(vault, bookingId, keyId), 'utf8'), sent)) matches = true
  }
  return matches ? bookingId : null
}
