import { describe, expect, it } from 'vitest'
import { longDay, nearDay, needsNewCode, refusalKey } from '../../src-renderer/book/book-words'
import { catalogues } from '../../src-shared/i18n'

const ZONE = 'Asia/Almaty'
/** 2026-12-07 10:00 in Almaty (UTC+5). */
const MONDAY_MORNING = Date.UTC(2026, 11, 7, 5, 0)

describe('the booking page words', () => {
  it("names days near the centre's today, and any day in the citizen's language", () => {
    expect(nearDay('2026-12-07', ZONE, MONDAY_MORNING)).toBe('today')
    expect(nearDay('2026-12-08', ZONE, MONDAY_MORNING)).toBe('tomorrow')
    expect(nearDay('2026-12-09', ZONE, MONDAY_MORNING)).toBeNull()
    // 23:30 in Almaty is still the 7th there, though the 8th has begun further east.
    expect(nearDay('2026-12-07', ZONE, Date.UTC(2026, 11, 7, 18, 30))).toBe('today')
    expect(longDay('2026-12-08', ZONE, 'kk')).toBe('8 желтоқсан, сейсенбі')
    expect(longDay('2026-12-08', ZONE, 'ru')).toBe('8 декабря, вторник')
    expect(longDay('2026-12-08', ZONE, 'en')).toBe('Tuesday, 8 December')
  })

  it('has plain words in every language for each refusal it names, and a fallback for the rest', () => {
    for (const code of ['slot_full', 'limit_period', 'booking_exists', 'code_wrong', 'manage_link_invalid']) {
      const key = refusalKey(code).split('.').at(-1)!
      for (const language of ['kk', 'ru', 'en'] as const)
        expect(catalogues[language].book.refusal[key as 'slot_full']).toBeTruthy()
    }
    expect(refusalKey('storage_failed')).toBe('book.refusal.other')
    expect(needsNewCode('attempts_exceeded')).toBe(true)
    expect(needsNewCode('code_wrong')).toBe(false)
  })
})
