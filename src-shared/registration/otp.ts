/**
 * The one-time-code rules of the registration desk, as pure functions of a challenge and the time.
 *
 * A challenge is one attempt to prove that the citizen holds the phone: a 6-digit code sent by SMS,
 * valid 5 minutes, at most 3 wrong entries, at most one resend per 60 s. A resend sends a new code
 * (only a hash of the code is kept, so the old one cannot be sent again), restarts the 5 minutes and
 * keeps the count of wrong entries. Once a challenge is expired or has used its attempts it is finished:
 * the registrar starts again. The hub makes the codes and passes its clock in; nothing here reads one.
 */

export interface OtpRules {
  /** Digits in a code. */
  digits: number
  /** How long a code is valid after it is sent, ms. */
  ttlMs: number
  /** Wrong codes allowed before the challenge is finished. */
  maxAttempts: number
  /** The least time between two sends of a code, ms. */
  resendAfterMs: number
}

export const OTP_RULES: Readonly<OtpRules> = Object.freeze({
  digits: 6,
  ttlMs: 5 * 60_000,
  maxAttempts: 3,
  resendAfterMs: 60_000,
})

export type ChallengeStatus = 'pending' | 'confirmed' | 'expired' | 'failed' | 'cancelled'

/** The timing part of a challenge: all the rules need. */
export interface ChallengeTiming {
  status: ChallengeStatus
  /** When the current code was sent. */
  sentAt: number
  /** When the current code stops working. */
  expiresAt: number
  /** Wrong codes entered so far. */
  attempts: number
}

export function isOtpCode(text: string, rules: OtpRules = OTP_RULES): boolean {
  return text.length === rules.digits && /^\d+$/.test(text)
}

/** A fresh challenge whose first code is sent at `now`. */
export function openChallenge(now: number, rules: OtpRules = OTP_RULES): ChallengeTiming {
  return { status: 'pending', sentAt: now, expiresAt: now + rules.ttlMs, attempts: 0 }
}

/** The earliest time a new code may be sent. */
export function resendAt(challenge: ChallengeTiming, rules: OtpRules = OTP_RULES): number {
  return challenge.sentAt + rules.resendAfterMs
}

export function attemptsLeft(challenge: ChallengeTiming, rules: OtpRules = OTP_RULES): number {
  return Math.max(0, rules.maxAttempts - challenge.attempts)
}

/** The challenge as it stands at `now`: a pending one whose code has run out is expired. */
export function settle(challenge: ChallengeTiming, now: number): ChallengeTiming {
  if (challenge.status === 'pending' && now >= challenge.expiresAt) return { ...challenge, status: 'expired' }
  return challenge
}

/** Why a finished challenge cannot go on. */
export type FinishedReason = 'expired' | 'attempts_exceeded' | 'finished'

function finishedReason(status: ChallengeStatus): FinishedReason | null {
  if (status === 'expired') return 'expired'
  if (status === 'failed') return 'attempts_exceeded'
  if (status === 'confirmed' || status === 'cancelled') return 'finished'
  return null
}

export type ResendDecision =
  | { ok: true; next: ChallengeTiming }
  | { ok: false; reason: 'too_soon'; retryAt: number; next: ChallengeTiming }
  | { ok: false; reason: FinishedReason; next: ChallengeTiming }

/** May a new code be sent at `now`? `next` is the challenge afterwards (store it when it changed). */
export function decideResend(
  challenge: ChallengeTiming,
  now: number,
  rules: OtpRules = OTP_RULES,
): ResendDecision {
  const current = settle(challenge, now)
  const finished = finishedReason(current.status)
  if (finished) return { ok: false, reason: finished, next: current }
  const earliest = resendAt(current, rules)
  if (now < earliest) return { ok: false, reason: 'too_soon', retryAt: earliest, next: current }
  return { ok: true, next: { ...current, sentAt: now, expiresAt: now + rules.ttlMs } }
}

export type AttemptDecision =
  | { outcome: 'confirmed'; next: ChallengeTiming }
  | { outcome: 'wrong'; attemptsLeft: number; next: ChallengeTiming }
  | { outcome: FinishedReason; next: ChallengeTiming }

/**
 * The outcome of entering a code at `now`; `matches` says whether it was the right one. An expired code
 * is refused even when right. The wrong entry that uses the last attempt finishes the challenge.
 */
export function decideAttempt(
  challenge: ChallengeTiming,
  now: number,
  matches: boolean,
  rules: OtpRules = OTP_RULES,
): AttemptDecision {
  const current = settle(challenge, now)
  const finished = finishedReason(current.status)
  if (finished) return { outcome: finished, next: current }
  if (matches) return { outcome: 'confirmed', next: { ...current, status: 'confirmed' } }
  const attempts = current.attempts + 1
  if (attempts >= rules.maxAttempts) {
    return { outcome: 'attempts_exceeded', next: { ...current, attempts, status: 'failed' } }
  }
  const next = { ...current, attempts }
  return { outcome: 'wrong', attemptsLeft: attemptsLeft(next, rules), next }
}
