import { describe, expect, it } from 'vitest'
import {
  attemptsLeft,
  decideAttempt,
  decideResend,
  isOtpCode,
  openChallenge,
  OTP_RULES,
  resendAt,
  settle,
} from '../../src-shared/registration/otp'

const T0 = Date.UTC(2026, 10, 24, 6, 0, 0)
const SECOND = 1000
const MINUTE = 60 * SECOND

describe('one-time-code rules', () => {
  it('6 digits, valid 5 minutes, 3 attempts, one resend per 60 s', () => {
    expect(OTP_RULES).toEqual({ digits: 6, ttlMs: 5 * MINUTE, maxAttempts: 3, resendAfterMs: 60 * SECOND })
    expect(isOtpCode('012345')).toBe(true)
    for (const bad of ['12345', '1234567', '12a456', ' 123456', '']) expect(isOtpCode(bad), bad).toBe(false)
  })

  it('a new challenge is pending for 5 minutes and may be resent after 60 s', () => {
    const challenge = openChallenge(T0)
    expect(challenge).toEqual({ status: 'pending', sentAt: T0, expiresAt: T0 + 5 * MINUTE, attempts: 0 })
    expect(resendAt(challenge)).toBe(T0 + MINUTE)
    expect(attemptsLeft(challenge)).toBe(3)
    expect(settle(challenge, T0 + 5 * MINUTE - 1).status).toBe('pending')
    expect(settle(challenge, T0 + 5 * MINUTE).status).toBe('expired')
  })

  it('the right code confirms it', () => {
    expect(decideAttempt(openChallenge(T0), T0 + 4 * MINUTE, true)).toMatchObject({
      outcome: 'confirmed',
      next: { status: 'confirmed' },
    })
  })

  it('three wrong codes finish it; the right code does not help afterwards', () => {
    let challenge = openChallenge(T0)
    const first = decideAttempt(challenge, T0 + SECOND, false)
    expect(first).toMatchObject({ outcome: 'wrong', attemptsLeft: 2 })
    challenge = first.next
    const second = decideAttempt(challenge, T0 + 2 * SECOND, false)
    expect(second).toMatchObject({ outcome: 'wrong', attemptsLeft: 1 })
    challenge = second.next
    const third = decideAttempt(challenge, T0 + 3 * SECOND, false)
    expect(third).toMatchObject({ outcome: 'attempts_exceeded', next: { status: 'failed', attempts: 3 } })
    expect(decideAttempt(third.next, T0 + 4 * SECOND, true).outcome).toBe('attempts_exceeded')
    expect(decideResend(third.next, T0 + 2 * MINUTE)).toMatchObject({
      ok: false,
      reason: 'attempts_exceeded',
    })
  })

  it('an expired code is refused even when right, and cannot be resent', () => {
    const challenge = openChallenge(T0)
    expect(decideAttempt(challenge, T0 + 5 * MINUTE, true)).toMatchObject({
      outcome: 'expired',
      next: { status: 'expired' },
    })
    expect(decideResend(challenge, T0 + 6 * MINUTE)).toMatchObject({ ok: false, reason: 'expired' })
  })

  it('a resend within 60 s is refused with the time it becomes possible', () => {
    const challenge = openChallenge(T0)
    expect(decideResend(challenge, T0 + 59 * SECOND)).toMatchObject({
      ok: false,
      reason: 'too_soon',
      retryAt: T0 + MINUTE,
    })
  })

  it('a resend restarts the 5 minutes and the 60 s, and keeps the wrong attempts', () => {
    const wrong = decideAttempt(openChallenge(T0), T0 + 10 * SECOND, false).next
    const resent = decideResend(wrong, T0 + 4 * MINUTE)
    expect(resent).toMatchObject({
      ok: true,
      next: { status: 'pending', sentAt: T0 + 4 * MINUTE, expiresAt: T0 + 9 * MINUTE, attempts: 1 },
    })
    if (!resent.ok) throw new Error('resend refused')
    expect(decideResend(resent.next, T0 + 4 * MINUTE + 30 * SECOND)).toMatchObject({
      ok: false,
      reason: 'too_soon',
    })
    // Valid past the first code's 5 minutes, until 5 minutes after the resend.
    expect(decideAttempt(resent.next, T0 + 8 * MINUTE, true).outcome).toBe('confirmed')
    expect(decideAttempt(resent.next, T0 + 9 * MINUTE, true).outcome).toBe('expired')
  })

  it('a confirmed challenge is finished', () => {
    const confirmed = decideAttempt(openChallenge(T0), T0 + SECOND, true).next
    expect(decideAttempt(confirmed, T0 + 2 * SECOND, true).outcome).toBe('finished')
    expect(decideResend(confirmed, T0 + 2 * MINUTE)).toMatchObject({ ok: false, reason: 'finished' })
  })

  it('takes other rules when given', () => {
    const rules = { digits: 4, ttlMs: MINUTE, maxAttempts: 1, resendAfterMs: 0 }
    expect(isOtpCode('1234', rules)).toBe(true)
    const challenge = openChallenge(T0, rules)
    expect(decideAttempt(challenge, T0, false, rules).outcome).toBe('attempts_exceeded')
    expect(decideResend(challenge, T0, rules).ok).toBe(true)
  })
})
