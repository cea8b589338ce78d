import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkIin, iinCheckDigit, isValidIin, maskIin } from '../../src-shared/kz/iin'

describe('IIN vectors from the domain notes', () => {
  it.each([
    '871008401427',
    '760212350620',
    '800416300257',
    '680503450037',
    '921029350851',
    '791028302728',
    '061211600012',
  ])('%s is valid', (iin) => {
    const result = checkIin(iin)
    expect(result).toMatchObject({ ok: true, iin, warnings: [] })
  })

  it('061211600012 needs the second pass of the check digit', () => {
    const digits = [...'06121160001'].map(Number)
    const firstPass = digits.reduce((sum, d, i) => sum + (i + 1) * d, 0) % 11
    expect(firstPass).toBe(10)
    expect(iinCheckDigit(digits)).toBe(2)
  })

  it.each([
    ['871008401428', 'check_digit'],
    ['870108401427', 'check_digit'],
    ['061211600013', 'check_digit'],
    ['123456789012', 'check_digit'],
    ['900115301205', 'never_issued'],
    ['000000000000', 'all_zeros'],
    ['92102B50851', 'format'],
    ['12345', 'format'],
  ])('%s is refused (%s)', (iin, problem) => {
    const result = checkIin(iin)
    expect(result).toMatchObject({ ok: false, problem })
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10)
  })

  it('900115301205: both passes give 10, so no IIN was ever issued with these digits', () => {
    expect(iinCheckDigit([...'90011530120'].map(Number))).toBeNull()
  })
})

/** Builds an IIN from 11 digits by computing its check digit (null when never issued). */
function withCheckDigit(first11: number[]): string | null {
  const check = iinCheckDigit(first11)
  return check === null ? null : [...first11, check].join('')
}

describe('IIN refusals name what is wrong', () => {
  it('a business number (BIN: 5th digit 4, 5 or 6) with a right check digit is refused as a BIN', () => {
    for (const fifth of [4, 5, 6]) {
      const bin = withCheckDigit([1, 2, 0, 3, fifth, 0, 0, 1, 2, 3, 4])!
      expect(checkIin(bin)).toMatchObject({
        ok: false,
        problem: 'bin',
        message: expect.stringMatching(/BIN/),
      })
    }
  })

  it('says how many digits were typed', () => {
    expect(checkIin('87100840142')).toMatchObject({ ok: false, message: expect.stringContaining('11') })
  })

  it('accepts spaces and dashes between the digits', () => {
    expect(checkIin(' 8710 0840-1427 ')).toMatchObject({ ok: true, iin: '871008401427' })
  })
})

describe('IIN warnings (mismatches are allowed since 2013)', () => {
  it('reads the birth date and sex', () => {
    expect(checkIin('871008401427')).toMatchObject({ birthDate: '1987-10-08', sex: 'female' })
    expect(checkIin('760212350620')).toMatchObject({ birthDate: '1976-02-12', sex: 'male' })
  })

  it('warns, without refusing, when the first digits are not a date', () => {
    const iin = withCheckDigit([9, 9, 1, 3, 3, 2, 3, 0, 0, 0, 1])!
    const result = checkIin(iin)
    expect(result).toMatchObject({ ok: true, birthDate: null, warnings: [{ code: 'birth_date' }] })
  })

  it('warns when the 7th digit gives no century or sex, but not for 0 (foreign nationals)', () => {
    const odd = withCheckDigit([8, 7, 1, 0, 0, 8, 8, 0, 1, 4, 2])!
    expect(checkIin(odd)).toMatchObject({ ok: true, sex: null, warnings: [{ code: 'century' }] })
    const foreign = withCheckDigit([8, 7, 1, 0, 0, 8, 0, 0, 1, 4, 2])!
    expect(checkIin(foreign)).toMatchObject({ ok: true, sex: null, warnings: [] })
  })

  it('warns when the document says another birth date or sex', () => {
    const result = checkIin('871008401427', { birthDate: '1987-10-09', sex: 'male' })
    expect(result).toMatchObject({
      ok: true,
      warnings: [{ code: 'birth_date_mismatch' }, { code: 'sex_mismatch' }],
    })
    expect(checkIin('871008401427', { birthDate: '1987-10-08', sex: 'female' })).toMatchObject({
      warnings: [],
    })
  })
})

describe('IIN properties', () => {
  /** 11 digits of an individual's IIN: not a BIN, not all zeros. */
  const first11 = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 })
    .filter((d) => (d[4]! < 4 || d[4]! > 6) && d.some((x) => x !== 0))
  const firstPass = (d: number[]) => d.slice(0, 11).reduce((sum, x, i) => sum + (i + 1) * x, 0) % 11

  it('any number with a computed check digit is valid', () => {
    fc.assert(
      fc.property(first11, (digits) => {
        const iin = withCheckDigit(digits)
        fc.pre(iin !== null)
        expect(isValidIin(iin!)).toBe(true)
      }),
    )
  })

  it('a wrong check digit is always refused', () => {
    fc.assert(
      fc.property(first11, fc.integer({ min: 1, max: 9 }), (digits, shift) => {
        const iin = withCheckDigit(digits)
        fc.pre(iin !== null)
        const wrong = iin!.slice(0, 11) + String((Number(iin![11]) + shift) % 10)
        expect(isValidIin(wrong)).toBe(false)
      }),
    )
  })

  it('one mistyped digit among the first ten is caught when the first pass decides both numbers', () => {
    fc.assert(
      fc.property(
        first11,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (digits, position, shift) => {
          const iin = withCheckDigit(digits)
          fc.pre(iin !== null && firstPass(digits) !== 10)
          const typo = [...iin!].map(Number)
          typo[position] = (typo[position]! + shift) % 10
          fc.pre(firstPass(typo) !== 10)
          expect(isValidIin(typo.join(''))).toBe(false)
        },
      ),
    )
  })

  it('the 11th digit weighs 11 ≡ 0 in the first pass: a typo there is not caught (the official algorithm)', () => {
    expect(isValidIin('871008401437')).toBe(true)
  })

  it('the mask shows the first four and last two digits and never the middle six', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^\d{6}$/), (iin, middle) => {
        const mask = maskIin(iin)
        expect(mask).toBe(`${iin.slice(0, 4)}******${iin.slice(10)}`)
        // Two numbers differing only in the middle look the same.
        expect(maskIin(iin.slice(0, 4) + middle + iin.slice(10))).toBe(mask)
      }),
    )
    expect(maskIin('871008401427')).toBe('8710******27')
    expect(maskIin('garbage')).toBe('************')
  })
})
