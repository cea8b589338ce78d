import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatPhone, isKazakhMobile, maskPhone, normalizePhone } from '../../src-shared/kz/phone'

describe('phone numbers as written in the centre', () => {
  it.each([
    ['8 701 234 56 78', '+77012345678'],
    ['+7 (747) 123-45-67', '+77471234567'],
    ['87771234567', '+77771234567'],
    ['7051234567', '+77051234567'],
    ['007 775 111 22 33', '+77751112233'],
    ['77011234567', '+77011234567'],
    [' +7 701 234 56 78 ', '+77012345678'],
  ])('%s → %s', (input, e164) => {
    expect(normalizePhone(input)).toEqual({ ok: true, e164 })
  })

  it.each([
    '700',
    '701',
    '702',
    '705',
    '706',
    '707',
    '708',
    '747',
    '760',
    '761',
    '762',
    '763',
    '764',
    '771',
    '775',
    '776',
    '777',
    '778',
    '785',
  ])('the mobile range %s is accepted', (range) => {
    expect(normalizePhone(`8${range}1234567`)).toEqual({ ok: true, e164: `+7${range}1234567` })
  })

  it.each(['703', '704', '709', '772', '773', '774', '779'])('%s is not a mobile range', (range) => {
    expect(normalizePhone(`8${range}1234567`)).toMatchObject({
      ok: false,
      problem: 'not_mobile',
      message: expect.stringContaining(range),
    })
  })

  it.each(['8 7172 55 55 55', '+7 727 258 58 58', '8 (7102) 12-34-56'])('%s is a landline', (input) => {
    expect(normalizePhone(input)).toMatchObject({
      ok: false,
      problem: 'landline',
      message: expect.stringMatching(/landline/),
    })
  })

  it.each(['+7 916 123 45 67', '8 999 123 45 67', '+7 (343) 212-34-56'])('%s is Russian', (input) => {
    expect(normalizePhone(input)).toMatchObject({
      ok: false,
      problem: 'not_kazakh',
      message: expect.stringMatching(/Russian/),
    })
  })

  it.each([
    ['+380 50 123 45 67', 'not_kazakh'],
    ['8 701 234 56', 'format'],
    ['8 701 234 56 789', 'format'],
    ['+7 701 234 56 78 9', 'format'],
    ['9 701 234 56 78', 'format'],
    ['eight 701', 'format'],
    ['', 'format'],
    ['+7 701 234 56 7a', 'format'],
  ])('%s is refused (%s)', (input, problem) => {
    const result = normalizePhone(input)
    expect(result).toMatchObject({ ok: false, problem })
  })
})

describe('display', () => {
  it('formats and masks E.164', () => {
    expect(formatPhone('+77012345678')).toBe('+7 (701) 234-56-78')
    expect(maskPhone('+77012345678')).toBe('+7 (701) ***-**-78')
    expect(maskPhone('not a phone')).toBe('+7 (***) ***-**-**')
  })
})

describe('phone properties', () => {
  const ranges = [
    '700',
    '701',
    '702',
    '705',
    '706',
    '707',
    '708',
    '747',
    '760',
    '764',
    '771',
    '775',
    '776',
    '777',
    '778',
    '785',
  ]
  const mobile = fc.tuple(fc.constantFrom(...ranges), fc.stringMatching(/^\d{7}$/))
  const spaced = (digits: string) =>
    `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 8)}-${digits.slice(8)}`

  it('every written form of a mobile number gives the same E.164', () => {
    fc.assert(
      fc.property(mobile, ([range, rest]) => {
        const national = range + rest
        const e164 = `+7${national}`
        for (const form of [
          `8${national}`,
          `7${national}`,
          national,
          `+7${national}`,
          `8 ${spaced(national)}`,
          `+7 (${range}) ${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`,
          `007 ${spaced(national)}`,
        ]) {
          expect(normalizePhone(form), form).toEqual({ ok: true, e164 })
        }
        expect(formatPhone(e164)).toBe(
          `+7 (${range}) ${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}`,
        )
      }),
    )
  })

  it('the mask shows the range and the last two digits, never the five between', () => {
    fc.assert(
      fc.property(mobile, fc.stringMatching(/^\d{5}$/), ([range, rest], other) => {
        const mask = maskPhone(`+7${range}${rest}`)
        expect(mask).toBe(`+7 (${range}) ***-**-${rest.slice(5)}`)
        expect(maskPhone(`+7${range}${other}${rest.slice(5)}`)).toBe(mask)
      }),
    )
  })

  it('nothing outside +7 7XX is taken for a Kazakh mobile', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-689]\d{9}$/), (national) => {
        expect(isKazakhMobile(`+7${national}`)).toBe(false)
      }),
    )
  })
})
