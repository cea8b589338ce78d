/**
 * The typed link under the QR code: eight characters a citizen can read off paper and type on a phone,
 * read back forgivingly, and carrying the first 40 random bits of the ticket's track token.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  dashedTrackCode,
  parseTrackCode,
  trackCode,
  typedTrackLink,
} from '../../src-shared/protocol/track-code'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Crockford base32 of the first five bytes, by another road (a 40-bit number) than the code's. */
function expectedCode(bytes: Buffer): string {
  let value = BigInt(`0x${bytes.subarray(0, 5).toString('hex')}`)
  let code = ''
  for (let i = 0; i < 8; i++) {
    code = CROCKFORD[Number(value & 31n)]! + code
    value >>= 5n
  }
  return code
}

describe('the track code', () => {
  it("is the first 40 bits of the token's bytes in Crockford's base32", () => {
    expect(trackCode('AAAAAAAAAAAAAAAAAAAAAAAA')).toBe('00000000')
    expect(trackCode('________________________')).toBe('ZZZZZZZZ')
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(18)
      expect(trackCode(bytes.toString('base64url'))).toBe(expectedCode(bytes))
    }
  })

  it('has no code for a token too short or not base64url', () => {
    expect(trackCode('abc123')).toBeNull()
    expect(trackCode('abc$12345678')).toBeNull()
  })

  it('reads back what a citizen typed: case, dashes, spaces and look-alike letters forgiven', () => {
    expect(dashedTrackCode('7KQ2M9XD')).toBe('7KQ2-M9XD')
    expect(parseTrackCode('7kq2-m9xd')).toBe('7KQ2M9XD')
    expect(parseTrackCode(' 7KQ2 M9XD ')).toBe('7KQ2M9XD')
    expect(parseTrackCode('OIL0-1234')).toBe('0110' + '1234')
    // U is not in the alphabet; seven or nine characters are not a code.
    expect(parseTrackCode('7KQ2-M9XU')).toBeNull()
    expect(parseTrackCode('7KQ2-M9X')).toBeNull()
    expect(parseTrackCode('7KQ2-M9XDA')).toBeNull()
  })

  it("makes the link to type from the QR code's URL: host, port and path prefix kept, no scheme", () => {
    const token = randomBytes(18).toString('base64url')
    const code = trackCode(token)!
    const dashed = dashedTrackCode(code)
    expect(typedTrackLink(`https://kezek.example.kz/t/${token}`)).toBe(`kezek.example.kz/t/${dashed}`)
    expect(typedTrackLink(`http://192.168.1.10:8080/t/${token}`)).toBe(`192.168.1.10:8080/t/${dashed}`)
    expect(typedTrackLink(`https://example.kz/kezek/t/${token}`)).toBe(`example.kz/kezek/t/${dashed}`)
    expect(parseTrackCode(dashed)).toBe(code)
    expect(typedTrackLink('https://kezek.example.kz/kiosk')).toBeNull()
    expect(typedTrackLink('not a url')).toBeNull()
  })
})
