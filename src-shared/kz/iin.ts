/**
 * The IIN (ЖСН / ИИН), Kazakhstan's individual identification number: 12 digits, YYMMDD, a
 * century-and-sex digit, 4 serial digits and a check digit.
 *
 * Only the check digit decides validity. Since Government Decree 853 (2013) the first digits need not
 * match the birth date or sex, so a mismatch is a warning for the registrar, never a refusal. A BIN
 * (business number) has the same shape and check digit but is refused: the desk binds individuals only.
 */

/** Why an IIN is refused. */
export type IinProblem = 'format' | 'all_zeros' | 'bin' | 'never_issued' | 'check_digit'

/** What the registrar should double-check with the citizen's document. */
export type IinWarningCode = 'birth_date' | 'century' | 'birth_date_mismatch' | 'sex_mismatch'

export interface IinWarning {
  code: IinWarningCode
  message: string
}

export type Sex = 'male' | 'female'

export type IinCheck =
  | {
      ok: true
      /** The 12 digits, without spaces. */
      iin: string
      /** YYYY-MM-DD when the first digits and the century digit make a real date, else null. */
      birthDate: string | null
      sex: Sex | null
      warnings: IinWarning[]
    }
  | { ok: false; problem: IinProblem; message: string }

/** What the document says, when the registrar has it: a difference becomes a warning. */
export interface IinExpectations {
  birthDate?: string
  sex?: Sex
}

const WEIGHTS_FIRST = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
const WEIGHTS_SECOND = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

/** The check digit for the first 11 digits, or null when both passes give 10 (never issued). */
export function iinCheckDigit(first11: readonly number[]): number | null {
  const weighted = (weights: number[]) => weights.reduce((sum, w, i) => sum + w * first11[i]!, 0) % 11
  let check = weighted(WEIGHTS_FIRST)
  if (check === 10) check = weighted(WEIGHTS_SECOND)
  return check === 10 ? null : check
}

/** Century of the birth year and sex from the 7th digit; 0 (foreign nationals) and 7–9 give neither. */
function centuryAndSex(digit: number): { century: number; sex: Sex } | null {
  if (digit < 1 || digit > 6) return null
  return { century: 1800 + 100 * Math.floor((digit - 1) / 2), sex: digit % 2 === 1 ? 'male' : 'female' }
}

function realDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day > daysInMonth) return null
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * Checks an IIN as typed (spaces and dashes between digits are allowed). Refusals name what is wrong;
 * warnings do not stop the registration.
 */
export function checkIin(input: string, expected: IinExpectations = {}): IinCheck {
  const iin = input.replace(/[\s-]/g, '')
  if (!/^\d{12}$/.test(iin)) {
    const digits = iin.replace(/\D/g, '').length
    return {
      ok: false,
      problem: 'format',
      message:
        digits === iin.length
          ? `an IIN has 12 digits; this one has ${digits}`
          : 'an IIN has 12 digits and nothing else; this one contains other characters',
    }
  }
  const d = [...iin].map(Number)
  if (d.every((digit) => digit === 0)) {
    return { ok: false, problem: 'all_zeros', message: 'an IIN of all zeros is not a real number' }
  }
  const check = iinCheckDigit(d.slice(0, 11))
  if (check === null) {
    return { ok: false, problem: 'never_issued', message: 'no IIN is issued with these first 11 digits' }
  }
  if (check !== d[11]) {
    return {
      ok: false,
      problem: 'check_digit',
      message: 'the check digit (the last one) does not match: a digit was probably mistyped',
    }
  }
  // After the check digit, so that a mistyped IIN is reported as mistyped, not as a business number.
  if (d[4]! >= 4 && d[4]! <= 6) {
    return {
      ok: false,
      problem: 'bin',
      message: 'this is a BIN (business identification number), not an IIN: register individuals only',
    }
  }

  const warnings: IinWarning[] = []
  const cs = centuryAndSex(d[6]!)
  const yy = d[0]! * 10 + d[1]!
  const mm = d[2]! * 10 + d[3]!
  const dd = d[4]! * 10 + d[5]!
  // Without a century (foreign nationals) a date is still checked, in a leap year so 29 Feb passes.
  const birthDate = realDate(cs ? cs.century + yy : 2000, mm, dd)
  if (!birthDate) {
    warnings.push({
      code: 'birth_date',
      message: 'the first six digits are not a date of birth; check the IIN against the document',
    })
  }
  if (!cs && d[6] !== 0) {
    warnings.push({
      code: 'century',
      message: `the 7th digit (${d[6]}) gives no century or sex; check the IIN against the document`,
    })
  }
  const knownBirthDate = cs && birthDate ? birthDate : null
  if (expected.birthDate && knownBirthDate && expected.birthDate !== knownBirthDate) {
    warnings.push({
      code: 'birth_date_mismatch',
      message: 'the IIN does not encode the date of birth in the document (allowed since 2013)',
    })
  }
  if (expected.sex && cs && expected.sex !== cs.sex) {
    warnings.push({
      code: 'sex_mismatch',
      message: 'the IIN does not encode the sex in the document (allowed since 2013)',
    })
  }
  return { ok: true, iin, birthDate: knownBirthDate, sex: cs?.sex ?? null, warnings }
}

/** Whether `input` is an IIN the desk accepts. */
export function isValidIin(input: string): boolean {
  return checkIin(input).ok
}

/** `871008401427` → `8710******27`: enough to tell two people apart in a list, not to identify one. */
export function maskIin(iin: string): string {
  const digits = iin.replace(/\D/g, '')
  if (digits.length !== 12) return '************'
  return `${digits.slice(0, 4)}******${digits.slice(10)}`
}
