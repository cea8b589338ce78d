/**
 * What the registrar's fields say while they type: the domain notes' IIN and phone vectors, through the
 * helpers the registration panel uses, down to the message key and its parameters.
 */
import { describe, expect, it } from 'vitest'
import {
  codeDigits,
  formatBirthDate,
  formatCountdown,
  formatDateTime,
  iinFeedback,
  phoneFeedback,
} from '../../src-renderer/registration/registration-fields'
import { registrationApplies } from '../../src-renderer/registration/registration-applies'

describe('IIN as typed', () => {
  it('is valid for every valid vector of the domain notes, with what it encodes', () => {
    for (const iin of [
      '871008401427',
      '760212350620',
      '800416300257',
      '680503450037',
      '921029350851',
      '791028302728',
      '061211600012',
    ]) {
      const feedback = iinFeedback(iin, false)
      expect(feedback.state, iin).toBe('valid')
      expect(feedback.masked, iin).toBe(`${iin.slice(0, 4)}******${iin.slice(10)}`)
    }
    expect(iinFeedback('8710 0840 1427', false)).toMatchObject({
      state: 'valid',
      iin: '871008401427',
      birthDate: '1987-10-08',
      sex: 'female',
      warnings: [],
    })
  })

  it('counts the digits while typing, and calls a short number short once the field is left', () => {
    expect(iinFeedback('', false).state).toBe('empty')
    expect(iinFeedback('8710084', false)).toMatchObject({
      state: 'typing',
      message: { key: 'registration.iin.typing', params: { n: 7 } },
    })
    expect(iinFeedback('8710084', true)).toMatchObject({
      state: 'invalid',
      message: { key: 'registration.iin.length', params: { n: 7 } },
    })
    expect(iinFeedback('12345', true).message).toEqual({ key: 'registration.iin.length', params: { n: 5 } })
    expect(iinFeedback('8710084014270', false).message).toEqual({
      key: 'registration.iin.length',
      params: { n: 13 },
    })
  })

  it('names what is wrong with each invalid vector', () => {
    const key = (iin: string) => iinFeedback(iin, true).message?.key
    expect(key('871008401428')).toBe('registration.iin.checkDigit')
    expect(key('870108401427')).toBe('registration.iin.checkDigit')
    expect(key('061211600013')).toBe('registration.iin.checkDigit')
    expect(key('123456789012')).toBe('registration.iin.checkDigit')
    expect(key('900115301205')).toBe('registration.iin.neverIssued')
    expect(key('000000000000')).toBe('registration.iin.allZeros')
    // Letters are refused at once, not counted.
    expect(iinFeedback('92102B50851', false).message?.key).toBe('registration.iin.characters')
    // A business number with a right check digit.
    expect(key('080640001231')).toBe('registration.iin.bin')
  })

  it('warns, without refusing, when the first digits are no birth date or the 7th no century', () => {
    expect(iinFeedback('871399401404', true)).toMatchObject({ state: 'valid', warnings: ['birth_date'] })
    expect(iinFeedback('871008701406', true)).toMatchObject({ state: 'valid', warnings: ['century'] })
  })
})

describe('phone as typed', () => {
  it('reads every written form of the domain notes as one Kazakh mobile number', () => {
    const cases: Array<[string, string]> = [
      ['8 701 234 56 78', '+7 (701) 234-56-78'],
      ['+7 (747) 123-45-67', '+7 (747) 123-45-67'],
      ['87771234567', '+7 (777) 123-45-67'],
      ['7051234567', '+7 (705) 123-45-67'],
      ['007 775 111 22 33', '+7 (775) 111-22-33'],
    ]
    for (const [typed, display] of cases) {
      expect(phoneFeedback(typed, false), typed).toMatchObject({ state: 'valid', display })
    }
    expect(phoneFeedback('8 701 234 56 78', true).e164).toBe('+77012345678')
  })

  it('gives each refusal its reason, with the prefix the registrar can check', () => {
    const message = (typed: string) => phoneFeedback(typed, true).message
    expect(message('8 712 234 56 78')).toEqual({
      key: 'registration.phone.landline',
      params: { prefix: '712' },
    })
    expect(message('+7 912 345 67 89')).toEqual({
      key: 'registration.phone.russian',
      params: { prefix: '912' },
    })
    expect(message('8 703 123 45 67')).toEqual({
      key: 'registration.phone.notMobile',
      params: { prefix: '703' },
    })
    expect(message('+998 90 123 45 67')).toEqual({ key: 'registration.phone.foreign' })
    expect(message('8 701 234-56-7a')).toEqual({ key: 'registration.phone.characters' })
    expect(message('8 701 234 56 789')).toEqual({ key: 'registration.phone.length', params: { n: 12 } })
    // One digit short after 8 is short, not "Russian +7 870".
    expect(message('8 701 234 56 7')).toEqual({ key: 'registration.phone.length', params: { n: 10 } })
  })

  it('says nothing while a number is still being typed, but a foreign code at once', () => {
    for (const typed of ['8', '8 701', '+7 701 23', '+', '8 701 234 56 7']) {
      expect(phoneFeedback(typed, false).state, typed).toBe('typing')
    }
    expect(phoneFeedback('+9', false)).toMatchObject({
      state: 'invalid',
      message: { key: 'registration.phone.foreign' },
    })
  })
})

describe('small formats of the desk', () => {
  it('counts down in minutes and seconds, rounding up and never below zero', () => {
    expect(formatCountdown(300_000)).toBe('5:00')
    expect(formatCountdown(59_001)).toBe('1:00')
    expect(formatCountdown(59_000)).toBe('0:59')
    expect(formatCountdown(-5_000)).toBe('0:00')
  })

  it('keeps only the digits of a code, at most six', () => {
    expect(codeDigits('123 456')).toBe('123456')
    expect(codeDigits('12-34-5678')).toBe('123456')
    expect(codeDigits('abc')).toBe('')
  })

  it("writes dates as on a Kazakh ID card, in the centre's time zone", () => {
    expect(formatBirthDate('1987-10-08')).toBe('08.10.1987')
    // 2026-11-24 19:30 UTC is already the 25th in Astana (UTC+5).
    expect(formatDateTime(Date.UTC(2026, 10, 24, 19, 30), 'Asia/Almaty')).toBe('25.11.2026 00:30')
  })
})

describe('who gets the registration panel', () => {
  const mobile = { mobileRegistration: true }
  it('registrars, supervisors and admins, for a ticket of a mobile-registration service', () => {
    expect(registrationApplies({ serviceId: 'm' }, mobile, ['registrar'])).toBe(true)
    expect(registrationApplies({ serviceId: 'm' }, mobile, ['consultant', 'supervisor'])).toBe(true)
    expect(registrationApplies({ serviceId: 'm' }, mobile, ['admin'])).toBe(true)
  })

  it('not consultants, not other services, not without a ticket', () => {
    expect(registrationApplies({ serviceId: 'm' }, mobile, ['consultant'])).toBe(false)
    expect(registrationApplies({ serviceId: 'p' }, { mobileRegistration: false }, ['registrar'])).toBe(false)
    expect(registrationApplies(null, mobile, ['registrar'])).toBe(false)
    expect(registrationApplies({ serviceId: 'x' }, undefined, ['registrar'])).toBe(false)
  })
})
