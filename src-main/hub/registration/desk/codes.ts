/** One-time codes: drawn at random, kept only as a slow salted hash, sent by SMS. */
import { randomBytes, randomInt, scryptSync } from 'node:crypto'
import { maskPhone } from '../../../../src-shared/kz/phone'
import type { OtpRules } from '../../../../src-shared/registration/otp'
import { oneTimeCodeSms, type SmsPurpose } from '../../../../src-shared/registration/sms-text'
import { refuse, type DeskContext } from './context'

/** scrypt cost for one-time codes: slow enough that the hash of a 6-digit code is not read back in 5 minutes. */
const CODE_HASH = { N: 2 ** 14, r: 8, p: 1 } as const

export function hashCode(code: string, salt: Buffer): Buffer {
  return scryptSync(code, salt, 32, CODE_HASH)
}

export function newCode(rules: OtpRules): { code: string; salt: Buffer; hash: Buffer } {
  const code = String(randomInt(0, 10 ** rules.digits)).padStart(rules.digits, '0')
  const salt = randomBytes(16)
  return { code, salt, hash: hashCode(code, salt) }
}

/** Sends a code; a gateway that does not take it is `sms_failed`, and nothing is stored. */
export async function sendCode(
  ctx: DeskContext,
  phone: string,
  code: string,
  purpose: SmsPurpose,
  reference: string,
): Promise<void> {
  const text = oneTimeCodeSms(code, purpose, Math.round(ctx.rules.ttlMs / 60_000))
  try {
    await ctx.sms.send({ to: phone, text, reference })
  } catch (error) {
    ctx.logger.warn(
      { event: 'sms-failed', registrationId: reference, reason: (error as Error).message },
      'one-time code not sent',
    )
    refuse('sms_failed', `the SMS to ${maskPhone(phone)} could not be sent; nothing was stored, try again`)
  }
}
