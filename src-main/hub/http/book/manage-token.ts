/**
 * The manage link's token: the booking's id signed for this purpose (`signed-id.ts`), so nobody can make
 * one for a booking they did not book.
 */
import { signedIdOf, signId } from '../../signed-id'
import type { Vault } from '../../vault'

const PURPOSE = 'book:manage-link'

/** `<bookingId>~<mac>`: URL-safe as it is. */
export function manageToken(vault: Vault, bookingId: string): string {
  return signId(vault, PURPOSE, bookingId)
}

/** The booking id a token names, when its HMAC is right under any key of the vault; null otherwise. */
export function bookingIdOf(vault: Vault, token: string): string | null {
  return signedIdOf(vault, PURPOSE, token)
}
