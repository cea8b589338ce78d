import { describe, expect, it } from 'vitest'
import { OTP_RULES } from '../../src-shared/registration/otp'
import {
  oneTimeCodeSms,
  SMS_MAX_CHARS,
  ucs2Segments,
  type SmsPurpose,
} from '../../src-shared/registration/sms-text'

const PURPOSES: SmsPurpose[] = ['register', 'change-phone', 'booking', 'check-in', 'telegram', 'join']
const MINUTES = OTP_RULES.ttlMs / 60_000

describe('one-time-code SMS', () => {
  it.each(PURPOSES)('%s: Kazakh first, then Russian, with the code and the validity', (purpose) => {
    const text = oneTimeCodeSms('042917', purpose, MINUTES)
    expect(text.startsWith('Код 042917')).toBe(true)
    expect(text.indexOf('Ешкімге айтпаңыз')).toBeGreaterThan(0)
    expect(text.indexOf('Никому не сообщайте')).toBeGreaterThan(text.indexOf('Ешкімге айтпаңыз'))
    expect(text).toContain(`${MINUTES} мин`)
  })

  it('the longest case fits two UCS-2 segments (134 characters)', () => {
    const longest = PURPOSES.flatMap((purpose) =>
      [MINUTES, 99].map((m) => oneTimeCodeSms('999999', purpose, m)),
    ).sort((a, b) => b.length - a.length)[0]!
    expect(SMS_MAX_CHARS).toBe(134)
    expect(longest.length).toBeLessThanOrEqual(SMS_MAX_CHARS)
    expect(ucs2Segments(longest)).toBeLessThanOrEqual(2)
    // Every character fits UCS-2 (Basic Multilingual Plane): no emoji or other surrogate pairs.
    expect([...longest].every((c) => c.codePointAt(0)! <= 0xffff)).toBe(true)
  })

  it('counts segments as a phone does: 70 in one, 67 per segment beyond', () => {
    expect(ucs2Segments('ә'.repeat(70))).toBe(1)
    expect(ucs2Segments('ә'.repeat(71))).toBe(2)
    expect(ucs2Segments('ә'.repeat(134))).toBe(2)
    expect(ucs2Segments('ә'.repeat(135))).toBe(3)
  })
})
