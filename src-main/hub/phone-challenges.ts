/**
 * One-time codes outside the registration desk: a citizen proves that they hold a phone (the `/book`
 * page before a booking is made, the kiosk's check-in by IIN). The desk's rules and hashing exactly
 * (`src-shared/registration/otp.ts`, `registration/desk/codes.ts`): 6 digits, valid 5 minutes, 3 wrong
 * entries, a resend at most once a minute, only a salted scrypt hash of the code kept.
 *
 * Challenges live in memory only: nothing here is an acknowledged fact, and a challenge is worth
 * nothing once its five minutes are over. A hub restart ends the open ones; the citizen asks for a new
 * code (`challenge_unknown` says so). A confirmed challenge is consumed at once, so a code works once.
 *
 * A phone gets at most `maxSendsPerPhone` codes in `sendWindowMs` (an SMS costs the centre money and
 * wakes the phone's owner: nobody may flood a number through the centre), and at most `maxOpen`
 * challenges are open at once, oldest dropped first.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { maskPhone } from '../../src-shared/kz/phone'
import {
  attemptsLeft,
  decideAttempt,
  decideResend,
  isOtpCode,
  OTP_RULES,
  openChallenge,
  resendAt,
  settle,
  type ChallengeTiming,
  type OtpRules,
} from '../../src-shared/registration/otp'
import { oneTimeCodeSms, type SmsPurpose } from '../../src-shared/registration/sms-text'
import type { Logger } from './logger'
import { hashCode, newCode } from './registration/desk/codes'
import type { SmsGateway } from './registration/adapters/sms-gateway'

export type ChallengeRefusalCode =
  | 'challenge_unknown'
  | 'code_invalid'
  | 'code_wrong'
  | 'code_expired'
  | 'attempts_exceeded'
  | 'resend_too_soon'
  | 'phone_busy'
  | 'sms_failed'

/** Why a challenge step was refused; `retryAt` (epoch ms) when waiting helps, `attemptsLeft` after a wrong code. */
export class ChallengeRefusal extends Error {
  constructor(
    readonly code: ChallengeRefusalCode,
    message: string,
    readonly detail: { retryAt?: number; attemptsLeft?: number } = {},
  ) {
    super(message)
    this.name = 'ChallengeRefusal'
  }
}

/** What the citizen's screen needs after a code was sent: never the number itself. */
export interface ChallengeSent {
  challengeId: string
  phoneMasked: string
  expiresAt: number
  resendAt: number
  attemptsLeft: number
}

/** A confirmed challenge: the phone proven, and what it was opened for. */
export interface ChallengeConfirmed<Subject> {
  phone: string
  subject: Subject
}

export interface PhoneChallengeOptions {
  sms: SmsGateway
  logger: Logger
  now: () => number
  purpose: SmsPurpose
  rules?: OtpRules
  /** Codes sent to one phone in `sendWindowMs` before it is `phone_busy`; default 5 an hour. */
  maxSendsPerPhone?: number
  sendWindowMs?: number
  /** Open challenges kept at once; default 10,000 (each is a few hundred bytes). */
  maxOpen?: number
}

interface Open<Subject> {
  timing: ChallengeTiming
  phone: string
  subject: Subject
  salt: Buffer
  hash: Buffer
  /** Codes sent for it so far: each SMS has its own reference (a gateway sends one message per reference). */
  sends: number
}

export class PhoneChallenges<Subject> {
  private readonly open = new Map<string, Open<Subject>>()
  /** Send times per phone, oldest first, inside the window. */
  private readonly sends = new Map<string, number[]>()
  private readonly rules: OtpRules
  private readonly maxSends: number
  private readonly sendWindowMs: number
  private readonly maxOpen: number

  constructor(private readonly options: PhoneChallengeOptions) {
    this.rules = options.rules ?? OTP_RULES
    this.maxSends = options.maxSendsPerPhone ?? 5
    this.sendWindowMs = options.sendWindowMs ?? 60 * 60_000
    this.maxOpen = options.maxOpen ?? 10_000
  }

  /** Sends a first code to `phone` (E.164) and opens a challenge for `subject`. */
  async start(phone: string, subject: Subject): Promise<ChallengeSent> {
    const now = this.options.now()
    this.sweep(now)
    const id = randomBytes(12).toString('base64url')
    const code = await this.send(phone, id, now)
    while (this.open.size >= this.maxOpen) this.open.delete(this.open.keys().next().value!)
    const timing = openChallenge(now, this.rules)
    this.open.set(id, { timing, phone, subject, salt: code.salt, hash: code.hash, sends: 1 })
    return this.sent(id, phone, timing)
  }

  /** A new code for an open challenge, once the resend time has come. */
  async resend(challengeId: string): Promise<ChallengeSent> {
    const now = this.options.now()
    const entry = this.find(challengeId)
    const decision = decideResend(entry.timing, now, this.rules)
    if (!decision.ok) {
      entry.timing = decision.next
      if (decision.reason === 'too_soon')
        throw new ChallengeRefusal('resend_too_soon', 'a new code can be sent a minute after the last', {
          retryAt: decision.retryAt,
        })
      this.finished(challengeId, decision.reason)
    }
    // A new reference: the same one would be the first message again to a gateway that deduplicates.
    const code = await this.send(entry.phone, `${challengeId}:${entry.sends + 1}`, now)
    Object.assign(entry, { timing: decision.next, salt: code.salt, hash: code.hash, sends: entry.sends + 1 })
    return this.sent(challengeId, entry.phone, decision.next)
  }

  /** Checks a code; the right one consumes the challenge and gives back its phone and subject. */
  confirm(challengeId: string, code: string): ChallengeConfirmed<Subject> {
    if (!isOtpCode(code, this.rules))
      throw new ChallengeRefusal('code_invalid', `the code is ${this.rules.digits} digits`)
    const entry = this.find(challengeId)
    const matches = timingSafeEqual(hashCode(code, entry.salt), entry.hash)
    const decision = decideAttempt(entry.timing, this.options.now(), matches, this.rules)
    entry.timing = decision.next
    if (decision.outcome === 'confirmed') {
      this.open.delete(challengeId)
      return { phone: entry.phone, subject: entry.subject }
    }
    if (decision.outcome === 'wrong')
      throw new ChallengeRefusal(
        'code_wrong',
        `wrong code; ${decision.attemptsLeft} attempt${decision.attemptsLeft === 1 ? '' : 's'} left`,
        { attemptsLeft: decision.attemptsLeft },
      )
    return this.finished(challengeId, decision.outcome)
  }

  /** What an open challenge was opened for (to check who may resend or confirm it), else undefined. */
  subjectOf(challengeId: string): Subject | undefined {
    return this.open.get(challengeId)?.subject
  }

  /** The phone an open challenge's code went to, to check a request against it before a code is spent. */
  phoneOf(challengeId: string): string | undefined {
    return this.open.get(challengeId)?.phone
  }

  /** Open challenges now (for tests and the hub's status). */
  get size(): number {
    return this.open.size
  }

  private find(challengeId: string): Open<Subject> {
    const entry = this.open.get(challengeId)
    if (!entry)
      throw new ChallengeRefusal(
        'challenge_unknown',
        'this code request is not open (any more): ask for a new code',
      )
    return entry
  }

  private finished(challengeId: string, reason: 'expired' | 'attempts_exceeded' | 'finished'): never {
    this.open.delete(challengeId)
    if (reason === 'expired')
      throw new ChallengeRefusal('code_expired', 'the code has expired: ask for a new one')
    if (reason === 'attempts_exceeded')
      throw new ChallengeRefusal('attempts_exceeded', 'too many wrong codes: ask for a new one')
    throw new ChallengeRefusal('challenge_unknown', 'this code request is finished: ask for a new code')
  }

  /** Counts the send against the phone's allowance, then sends; a failed send is not counted. */
  private async send(phone: string, reference: string, now: number): Promise<{ salt: Buffer; hash: Buffer }> {
    const recent = (this.sends.get(phone) ?? []).filter((at) => at > now - this.sendWindowMs)
    if (recent.length >= this.maxSends)
      throw new ChallengeRefusal(
        'phone_busy',
        `${maskPhone(phone)} has had ${this.maxSends} codes in the last hour; try again later`,
        { retryAt: recent[0]! + this.sendWindowMs },
      )
    const code = newCode(this.rules)
    const text = oneTimeCodeSms(code.code, this.options.purpose, Math.round(this.rules.ttlMs / 60_000))
    try {
      await this.options.sms.send({ to: phone, text, reference })
    } catch (error) {
      this.options.logger.warn(
        { event: 'sms-failed', purpose: this.options.purpose, reason: (error as Error).message },
        'one-time code not sent',
      )
      throw new ChallengeRefusal('sms_failed', `the SMS to ${maskPhone(phone)} could not be sent; try again`)
    }
    this.sends.set(phone, [...recent, now])
    return code
  }

  private sent(challengeId: string, phone: string, timing: ChallengeTiming): ChallengeSent {
    return {
      challengeId,
      phoneMasked: maskPhone(phone),
      expiresAt: timing.expiresAt,
      resendAt: resendAt(timing, this.rules),
      attemptsLeft: attemptsLeft(timing, this.rules),
    }
  }

  /** Drops challenges finished or expired and send records older than the window. */
  private sweep(now: number): void {
    for (const [id, entry] of this.open) {
      if (settle(entry.timing, now).status !== 'pending') this.open.delete(id)
    }
    for (const [phone, times] of this.sends) {
      if (times.at(-1)! <= now - this.sendWindowMs) this.sends.delete(phone)
    }
  }
}
