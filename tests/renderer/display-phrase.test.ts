import { describe, expect, it } from 'vitest'
import { callPhrase, spokenTicketNumber } from '../../src-renderer/display/display-phrase'

describe('spokenTicketNumber', () => {
  it('names the letter and says the counter as a number, without leading zeros', () => {
    expect(spokenTicketNumber('A007', 'kk')).toBe('а 7')
    expect(spokenTicketNumber('B120', 'ru')).toBe('бэ 120')
    expect(spokenTicketNumber('R001', 'ru')).toBe('эр 1')
  })

  it('spells Cyrillic letters too, so a Russian voice never reads "В 7" as "в семь"', () => {
    expect(spokenTicketNumber('В007', 'ru')).toBe('вэ 7')
    expect(spokenTicketNumber('АБ012', 'kk')).toBe('а бэ 12')
  })

  it('names Kazakh letters in Kazakh and leaves them as written for a Russian voice', () => {
    expect(spokenTicketNumber('Қ005', 'kk')).toBe('қы 5')
    expect(spokenTicketNumber('Қ005', 'ru')).toBe('қ 5')
  })

  it('passes through anything that is not letters then digits', () => {
    expect(spokenTicketNumber('VIP-1', 'ru')).toBe('VIP-1')
  })
})

describe('callPhrase', () => {
  it('says the call in Kazakh: number, then the window', () => {
    expect(callPhrase({ number: 'A007', deskLabel: '3' }, 'kk')).toBe('А 7 нөмірлі талон, 3-терезеге өтіңіз')
  })

  it('says the call in Russian: number, then the window', () => {
    expect(callPhrase({ number: 'A007', deskLabel: '3' }, 'ru')).toBe('Талон а 7, пройдите к окну 3')
  })

  it('uses the desk label as configured, trimmed', () => {
    expect(callPhrase({ number: 'F012', deskLabel: ' 12 ' }, 'ru')).toBe('Талон эф 12, пройдите к окну 12')
    expect(callPhrase({ number: 'F012', deskLabel: '6А' }, 'kk')).toBe(
      'Эф 12 нөмірлі талон, 6А-терезеге өтіңіз',
    )
  })
})
