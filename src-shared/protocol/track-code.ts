/**
 * The typed link under a ticket's QR code, for a phone without a camera app: `kezek.kz/t/7KQ2-M9XD`.
 *
 * The code is the first 40 bits of the ticket's track token (itself random, 144 bits) written in
 * Crockford's base32: eight characters with no I, L, O or U, so nothing reads as another letter; typed
 * back, case, dashes, spaces and the look-alikes (O for 0, I and L for 1) are forgiven. The hub answers
 * `/t/<code>` with a redirect to the tracker (`/t/<token>`); 40 random bits among a day's few thousand
 * tickets, with every unknown code counted against the asking address, are not guessed.
 */

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** Characters in a code, without its dash. */
export const TRACK_CODE_LENGTH = 8
const CODE_BITS = TRACK_CODE_LENGTH * 5

/** The short code of a track token, or null for a token too short or not base64url. */
export function trackCode(trackToken: string): string | null {
  let bits = ''
  for (const char of trackToken.slice(0, Math.ceil(CODE_BITS / 6))) {
    const value = BASE64URL.indexOf(char)
    if (value < 0) return null
    bits += value.toString(2).padStart(6, '0')
  }
  if (bits.length < CODE_BITS) return null
  let code = ''
  for (let at = 0; at < CODE_BITS; at += 5) code += CROCKFORD[parseInt(bits.slice(at, at + 5), 2)]
  return code
}

/** The code as printed and shown: two groups of four, `7KQ2-M9XD`. */
export function dashedTrackCode(code: string): string {
  const half = TRACK_CODE_LENGTH / 2
  return `${code.slice(0, half)}-${code.slice(half)}`
}

/** What a citizen typed as the code, read back to the code; null when it cannot be one. */
export function parseTrackCode(typed: string): string | null {
  const cleaned = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  if (cleaned.length !== TRACK_CODE_LENGTH) return null
  for (const char of cleaned) if (!CROCKFORD.includes(char)) return null
  return cleaned
}

/**
 * The link to type, from the tracker's URL that the QR code carries: its host (and port) and
 * `/t/<dashed code>`, no scheme (a phone's browser adds it). Null when the URL is not a tracker's.
 */
export function typedTrackLink(trackUrl: string): string | null {
  let url: URL
  try {
    url = new URL(trackUrl)
  } catch {
    // Not a URL: no link to show (control flow, the caller shows the QR code alone).
    return null
  }
  const match = /^(.*)\/t\/([^/]+)$/.exec(url.pathname)
  const code = match ? trackCode(decodeURIComponent(match[2]!)) : null
  if (!match || !code) return null
  return `${url.host}${match[1]}/t/${dashedTrackCode(code)}`
}
