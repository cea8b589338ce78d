/**
 * What the registrar's fields say while they type: the IIN and phone rules of src-shared (the same the
 * hub applies), turned into message keys of the `registration` catalogue with their parameters. Pure,
 * so the wording can be tested without a screen.
 */
import { checkIin, maskIin, type IinWarningCode } from '../../src-shared/kz/iin'
import { formatPhone, normalizePhone } from '../../src-shared/kz/phone'

/** A message of the catalogue and what fills it. */
export interface FieldMessage {
  key: string
  params?: Record<string, string | number>
}

/** `empty`: nothing typed; `typing`: on the way, nothing wrong yet; `invalid` and `valid` are final. */
export type FieldState = 'empty' | 'typing' | 'invalid' | 'valid'

export interface IinFeedback {
  state: FieldState
  /** The reason it is refused, or progress while typing. */
  message: FieldMessage | null
  /** The 12 digits once valid. */
  iin: string | null
  /** `8710******27` once valid. */
  masked: string | null
  /** What the IIN encodes, for the registrar to compare with the document. */
  birthDate: string | null
  sex: 'male' | 'female' | null
  warnings: IinWarningCode[]
}

const IIN_PROBLEM_KEYS = {
  all_zeros: 'registration.iin.allZeros',
  never_issued: 'registration.iin.neverIssued',
  check_digit: 'registration.iin.checkDigit',
  bin: 'registration.iin.bin',
} as const

/**
 * The IIN as typed. While only digits (spaces and dashes allowed) and fewer than 12 are typed it is
 * `typing`, with a count; once the field is left (`done`) a short number is `invalid`.
 */
export function iinFeedback(input: string, done: boolean): IinFeedback {
  const none = { iin: null, masked: null, birthDate: null, sex: null, warnings: [] }
  const compact = input.replace(/[\s-]/g, '')
  if (compact === '') return { state: 'empty', message: null, ...none }
  if (!/^\d*$/.test(compact)) {
    return { state: 'invalid', message: { key: 'registration.iin.characters' }, ...none }
  }
  if (compact.length < 12 && !done) {
    return {
      state: 'typing',
      message: { key: 'registration.iin.typing', params: { n: compact.length } },
      ...none,
    }
  }
  const check = checkIin(compact)
  if (!check.ok) {
    const message: FieldMessage =
      check.problem === 'format'
        ? { key: 'registration.iin.length', params: { n: compact.length } }
        : { key: IIN_PROBLEM_KEYS[check.problem] }
    return { state: 'invalid', message, ...none }
  }
  return {
    state: 'valid',
    message: null,
    iin: check.iin,
    masked: maskIin(check.iin),
    birthDate: check.birthDate,
    sex: check.sex,
    warnings: check.warnings.map((w) => w.code),
  }
}

export interface PhoneFeedback {
  state: FieldState
  message: FieldMessage | null
  /** `+77012345678` once valid. */
  e164: string | null
  /** `+7 (701) 234-56-78` once valid. */
  display: string | null
}

/** The national digits of a +7 number as typed (after +7, 007, 8 or 7). */
function nationalDigits(input: string): string {
  const digits = input.replace(/\D/g, '')
  if (input.trim().startsWith('+')) return digits.slice(1)
  if (digits.startsWith('007')) return digits.slice(3)
  if (digits.length === 11 && /^[78]/.test(digits)) return digits.slice(1)
  return digits
}

/**
 * The phone as typed, with the hub's own rules (libphonenumber's metadata). Short numbers are `typing`
 * until the field is left; every refusal names its reason (landline, Russian, not a mobile range...).
 */
export function phoneFeedback(input: string, done: boolean): PhoneFeedback {
  const none = { e164: null, display: null }
  const text = input.trim()
  if (text === '') return { state: 'empty', message: null, ...none }
  const check = normalizePhone(text)
  if (check.ok) return { state: 'valid', message: null, e164: check.e164, display: formatPhone(check.e164) }

  const digits = text.replace(/\D/g, '')
  if (text === '+') return { state: 'typing', message: null, ...none }
  // +998..., 0044...: foreign from the first digits on.
  const countryDigits = text.startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : null
  if (countryDigits && !countryDigits.startsWith('7')) {
    return { state: 'invalid', message: { key: 'registration.phone.foreign' }, ...none }
  }
  if (check.problem === 'format' && !/^\+?[\d\s().-]+$/.test(text)) {
    return { state: 'invalid', message: { key: 'registration.phone.characters' }, ...none }
  }
  // How many digits this way of writing needs: +7 and 10, 007 and 10, 8 (or 7) and 10, or 10 alone.
  const international = text.startsWith('+') || digits.startsWith('00')
  const needed = text.startsWith('+') ? 11 : digits.startsWith('00') ? 13 : /^[78]/.test(digits) ? 11 : 10
  // Fewer digits than that: still being typed, unless the registrar has moved on.
  if (digits.length < needed && !done) return { state: 'typing', message: null, ...none }
  // `8 701 234 56 7`: read as ten national digits it would be a Russian number, but it is one digit short.
  const trunkShort = !international && digits.length === 10 && digits.startsWith('8')
  if (check.problem === 'format' || trunkShort) {
    return {
      state: 'invalid',
      message: { key: 'registration.phone.length', params: { n: digits.length } },
      ...none,
    }
  }
  const prefix = nationalDigits(text).slice(0, 3)
  if (check.problem === 'not_kazakh') {
    // +7 outside 7XX: Russia shares the country code.
    return { state: 'invalid', message: { key: 'registration.phone.russian', params: { prefix } }, ...none }
  }
  return {
    state: 'invalid',
    message: {
      key: check.problem === 'landline' ? 'registration.phone.landline' : 'registration.phone.notMobile',
      params: { prefix },
    },
    ...none,
  }
}

/** The 6 digits of a one-time code as typed or pasted ("123 456", "123-456"). */
export function codeDigits(input: string, digits = 6): string {
  return input.replace(/\D/g, '').slice(0, digits)
}

/** `4:59` for a countdown; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`
}

/** `1987-10-08` → `08.10.1987`, as on a Kazakh ID card. */
export function formatBirthDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-')
  return `${day}.${month}.${year}`
}

/** `24.11.2026 10:32` in the centre's time zone, whatever this PC's zone and locale. */
export function formatDateTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`
}
