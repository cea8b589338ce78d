/**
 * Kazakh mobile phone numbers: what the registrar types becomes E.164 (`+77012345678`), shown as
 * `+7 (701) 234-56-78`.
 *
 * Kazakhstan shares country code +7 with Russia, and the trunk prefix is 8. Which ranges are mobile
 * comes from libphonenumber's metadata (the `max` set, which also knows landlines), not from a table of
 * our own. Numbers are portable, so nothing here infers the operator.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

/** Why a number is refused. */
export type PhoneProblem = 'format' | 'not_kazakh' | 'landline' | 'not_mobile'

export type PhoneCheck = { ok: true; e164: string } | { ok: false; problem: PhoneProblem; message: string }

const EXAMPLE = 'e.g. 8 701 234 56 78 or +7 701 234 56 78'

function refuse(problem: PhoneProblem, message: string): PhoneCheck {
  return { ok: false, problem, message }
}

/**
 * Reads a number as written in the centre: `8 701 234 56 78`, `+7 (747) 123-45-67`, `87771234567`,
 * `7051234567`, `007 775 111 22 33`. Accepts exactly 10 national digits, or 11 with a leading 8 or 7,
 * or +7 / 007 and 10 digits; and only Kazakh mobile ranges.
 */
export function normalizePhone(input: string): PhoneCheck {
  const text = input.trim()
  if (text === '') return refuse('format', `enter a mobile number, ${EXAMPLE}`)
  if (!/^\+?[\d\s().-]+$/.test(text)) {
    return refuse(
      'format',
      `a phone number has only digits, spaces, brackets, dashes and a leading +; ${EXAMPLE}`,
    )
  }
  const digits = text.replace(/\D/g, '')
  const international = text.startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : null
  let national: string
  if (international !== null) {
    if (!international.startsWith('7')) {
      return refuse(
        'not_kazakh',
        `+${international.slice(0, 3)}… is not a Kazakh number; Kazakh numbers start with +7 7`,
      )
    }
    if (international.length !== 11) {
      return refuse('format', `after +7 come 10 digits; this number has ${international.length - 1}`)
    }
    national = international.slice(1)
  } else if (digits.length === 10) {
    national = digits
  } else if (digits.length === 11 && (digits.startsWith('8') || digits.startsWith('7'))) {
    national = digits.slice(1)
  } else {
    return refuse(
      'format',
      `a mobile number has 10 digits after 8 or +7; this one has ${digits.length} digits (${EXAMPLE})`,
    )
  }

  const e164 = `+7${national}`
  const parsed = parsePhoneNumberFromString(e164)
  const prefix = national.slice(0, 3)
  if (!national.startsWith('7') || parsed?.country === 'RU') {
    return refuse(
      'not_kazakh',
      parsed?.country === 'RU'
        ? `+7 ${prefix} is a Russian ${parsed.getType() === 'MOBILE' ? 'mobile ' : ''}number; the desk registers Kazakh mobile numbers (+7 7XX)`
        : `+7 ${prefix} is not a Kazakh number; Kazakh mobile numbers start with +7 7`,
    )
  }
  const type = parsed?.getType()
  if (type === 'MOBILE' && parsed?.country === 'KZ') return { ok: true, e164 }
  if (type === 'FIXED_LINE' || /^7[12]/.test(national)) {
    return refuse(
      'landline',
      `${prefix}… is a landline (city) number; the one-time code needs a mobile phone`,
    )
  }
  return refuse('not_mobile', `${prefix} is not a Kazakh mobile range; check the number with the citizen`)
}

export function isKazakhMobile(input: string): boolean {
  return normalizePhone(input).ok
}

const E164_KZ = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/

/** `+77012345678` → `+7 (701) 234-56-78`; anything else is returned as it is. */
export function formatPhone(e164: string): string {
  const m = E164_KZ.exec(e164)
  return m ? `+7 (${m[1]}) ${m[2]}-${m[3]}-${m[4]}` : e164
}

/** `+77012345678` → `+7 (701) ***-**-78`: the range and the last two digits, which the citizen recognises. */
export function maskPhone(e164: string): string {
  const m = E164_KZ.exec(e164)
  return m ? `+7 (${m[1]}) ***-**-${m[4]}` : '+7 (***) ***-**-**'
}
