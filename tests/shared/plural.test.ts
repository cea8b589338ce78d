import { describe, expect, it } from 'vitest'
import { pluralForm } from '../../src-shared/i18n/plural'

describe('plural forms of the catalogue texts', () => {
  it('Russian: one, few, many', () => {
    const day = 'день | дня | дней'
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => pluralForm(day, n, 'ru'))).toEqual([
      'день',
      'дня',
      'дней',
      'дней',
      'день',
      'дня',
      'дней',
      'дней',
    ])
  })

  it('English: one and other; Kazakh: the one form', () => {
    expect([0, 1, 2].map((n) => pluralForm('{n} star | {n} stars', n, 'en'))).toEqual([
      '{n} stars',
      '{n} star',
      '{n} stars',
    ])
    expect(pluralForm('{n} жұлдыз', 5, 'kk')).toBe('{n} жұлдыз')
  })
})
