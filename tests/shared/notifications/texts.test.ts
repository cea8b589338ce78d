/**
 * Every notification's text: the SMS within two UCS-2 segments with the longest realistic values, in
 * Kazakh and Russian; Telegram's in the link's language; no IIN-like digits anywhere.
 */
import { describe, expect, it } from 'vitest'
import { LANGUAGES, NOTIFY_KINDS } from '../../../src-shared/config'
import { smsText, telegramText, type NotifyParams } from '../../../src-shared/notifications'
import { SMS_MAX_CHARS, ucs2Segments } from '../../../src-shared/registration/sms-text'

/** The longest values a centre gives: a two-letter prefix and a 4-digit counter, an 8-character window label. */
const LONGEST: NotifyParams = {
  number: 'ЖҚ1234',
  window: 'WWWWWWWW',
  minutes: 240,
  low: 180,
  high: 240,
  ahead: 1000,
  time: '23:59',
  date: '31.12',
  code: 'ABC-DEF',
}

describe('SMS texts', () => {
  it.each(NOTIFY_KINDS)(
    '%s fits two UCS-2 segments with the longest values, in Kazakh then Russian',
    (kind) => {
      const text = smsText(kind, LONGEST)
      expect(text.length).toBeLessThanOrEqual(SMS_MAX_CHARS)
      expect(ucs2Segments(text)).toBeLessThanOrEqual(2)
      expect(text.indexOf('ХҚО')).toBe(0)
      expect(text).toContain('ЦОН')
      expect(text).not.toMatch(/\d{12}/)
    },
  )

  it('fills in the values each kind says', () => {
    expect(smsText('called', { number: 'A012', window: '3' })).toBe(
      'ХҚО: A012, 3 терезеге өтіңіз. ЦОН: A012, пройдите к окну 3.',
    )
    expect(smsText('comeNow', { number: 'A012', minutes: 12, low: 10, high: 15, ahead: 4 })).toContain(
      '10–15 мин',
    )
    expect(smsText('comeNow', { number: 'A012', minutes: 12, low: null, high: null, ahead: 4 })).toContain(
      '~12 мин',
    )
    expect(smsText('held', { number: 'A012', time: '10:40' })).toContain('10:40')
  })
})

describe('Telegram texts', () => {
  it.each(LANGUAGES)('speaks %s for every kind, with the values', (language) => {
    for (const kind of NOTIFY_KINDS) {
      const text = telegramText(kind, LONGEST, language)
      expect(text.length).toBeGreaterThan(10)
      expect(text).not.toContain('undefined')
    }
    expect(telegramText('called', { number: 'A012', window: '3' }, language)).toMatch(/A012.*3/)
  })

  it('differs by language', () => {
    const texts = LANGUAGES.map((l) => telegramText('lapsed', { number: 'A1' }, l))
    expect(new Set(texts).size).toBe(LANGUAGES.length)
  })
})
