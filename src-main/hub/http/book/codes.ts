/**
 * The citizen pages' one-time codes (`/book`, and `/join` with its own SMS purpose): the hub's
 * `PhoneChallenges` (the registration desk's rules: 6 digits, 5 minutes, 3 wrong entries, a resend after
 * a minute, only a salted slow hash kept) with the page's SMS, and what a code was spent on.
 *
 * A code works once. So that a booking whose answer was lost can still be asked for again, a spent
 * challenge remembers the request id it was spent on for the code's lifetime: the same challenge with
 * the same request id and phone goes on to the engine, which answers the first booking again (its
 * stored ack); anything else is told the code is used. After a hub restart that memory is gone, and a
 * new code with the same request id gives the same booking.
 */
import type { Logger } from '../../logger'
import { ChallengeRefusal, PhoneChallenges, type ChallengeSent } from '../../phone-challenges'
import type { SmsGateway } from '../../registration/adapters/sms-gateway'
import type { SmsPurpose } from '../../../../src-shared/registration/sms-text'
import { OTP_RULES } from '../../../../src-shared/registration/otp'

interface Spent {
  requestId: string
  phone: string
  until: number
}

/** Spent challenges remembered at most (a few dozen bytes each). */
const MAX_SPENT = 10_000

export interface BookingCodesOptions {
  sms: SmsGateway
  logger: Logger
  now: () => number
  /** What the SMS says the code is for; default `booking`. */
  purpose?: SmsPurpose
}

export class BookingCodes {
  private readonly challenges: PhoneChallenges<null>
  private readonly spent = new Map<string, Spent>()

  constructor(private readonly options: BookingCodesOptions) {
    this.challenges = new PhoneChallenges<null>({ ...options, purpose: options.purpose ?? 'booking' })
  }

  /** Sends a code to `phone` (E.164). */
  start(phone: string): Promise<ChallengeSent> {
    return this.challenges.start(phone, null)
  }

  resend(challengeId: string): Promise<ChallengeSent> {
    return this.challenges.resend(challengeId)
  }

  /**
   * True when this request is the retry of one the challenge's code was already spent on (no code is
   * checked then). Throws `ChallengeRefusal` when the challenge was spent on another request or phone.
   */
  isRetry(challengeId: string, requestId: string, phone: string): boolean {
    const spent = this.spent.get(challengeId)
    if (!spent || spent.until <= this.options.now()) return false
    if (spent.requestId === requestId && spent.phone === phone) return true
    throw new ChallengeRefusal('challenge_unknown', 'this code was used already: ask for a new code')
  }

  /**
   * Checks that the challenge's code went to `phone`, without spending anything: a request naming another
   * number is refused before its code is tried.
   */
  sentTo(challengeId: string, phone: string): boolean {
    const sent = this.challenges.phoneOf(challengeId)
    return sent === undefined || sent === phone
  }

  /** Spends the challenge's code on `requestId`; throws `ChallengeRefusal` when it is not the right code. */
  spend(challengeId: string, code: string, requestId: string): void {
    const { phone } = this.challenges.confirm(challengeId, code)
    const now = this.options.now()
    for (const [id, spent] of this.spent) if (spent.until <= now) this.spent.delete(id)
    while (this.spent.size >= MAX_SPENT) this.spent.delete(this.spent.keys().next().value!)
    this.spent.set(challengeId, { requestId, phone, until: now + OTP_RULES.ttlMs })
  }
}
