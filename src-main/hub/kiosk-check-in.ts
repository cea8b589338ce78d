/**
 * The kiosk's check-in by IIN and a one-time code (`kiosk-check-in:*`, kiosks only): the citizen without
 * their booking code types their IIN; when that IIN has a phone bound in the mobile-citizen database (the
 * registration desk's active binding) and a booking of today still to check in (found by the IIN's vault
 * entry, `entries.find`), a code goes to that phone (`PhoneChallenges`, purpose `check-in`), and the
 * right code checks the booking in through the engine (`booking:check-in`, the same ack, ticket and
 * print as by booking code).
 *
 * What it keeps private: the IIN goes from the kiosk to here and nowhere else (no fact, no log line, no
 * broadcast; the log says which kiosk and what happened, never who); answers carry only the masked phone;
 * nothing of the booking is said before the code is right. Each kiosk may start only a few look-ups
 * (`lookupRate`, a token bucket), so a kiosk cannot be used to ask of many IINs who comes today.
 *
 * Restarts: challenges are in memory (`phone-challenges.ts`), so one open when the hub stops is gone, and
 * the kiosk says "start again" (`challenge_unknown`). A confirmed check-in is the engine's: acknowledged
 * only once durable, and a retry of the confirm with the same request id gets its stored answer, before
 * and after a restart (it is looked up under `booking:check-in`, where the engine stored it).
 */
import { randomBytes } from 'node:crypto'
import {
  bookingCloses,
  bookingIndexOf,
  bookingOpens,
  localDay,
  type Booking,
  type CentreState,
  type Ticket,
} from '../../src-shared/domain'
import type { CentreConfig } from '../../src-shared/config'
import { checkIin } from '../../src-shared/kz/iin'
import {
  kioskCheckInSchemas,
  mayKioskCheckIn,
  type AckError,
  type KioskCheckInCommandType,
  type KioskCheckInPayload,
  type Principal,
} from '../../src-shared/protocol'
import type { CentreEngine } from './centre-engine'
import { errorAck } from './centre-engine'
import type { CommandTarget } from './command-gate'
import { CommandBucket, type CommandRateOptions } from './command-rate'
import { keyedFingerprint, requestScope, reusedAck } from './idempotency'
import type { Logger } from './logger'
import { ChallengeRefusal, PhoneChallenges, type ChallengeRefusalCode } from './phone-challenges'
import type { SmsGateway } from './registration/adapters/sms-gateway'
import type { SealedDeskStore } from './registration/sealed-desk-store'
import type { AsyncEventStore } from './store/types'
import type { VaultEntries } from './vault'

/** Look-ups a kiosk may start: 5 at once, then one every 2 minutes (30 an hour) on average. */
export const DEFAULT_LOOKUP_RATE: CommandRateOptions = { perSecond: 1 / 120, burst: 5 }

export interface KioskCheckInOptions {
  config: CentreConfig
  engine: CentreEngine
  /** The event store: a confirm retried after a restart finds the check-in's stored answer there. */
  store: AsyncEventStore
  /** The registration desk's store: the IIN's active binding, with its phone. */
  desk: Pick<SealedDeskStore, 'activeBindingForIin'>
  /** The vault entries: the IIN's entry id is the `personId` of its bookings. */
  entries: Pick<VaultEntries, 'find'>
  sms: SmsGateway
  logger: Logger
  now: () => number
  lookupRate?: CommandRateOptions
}

/** How long an answer is kept for a retry of its request: longer than a challenge lives. */
const ANSWER_TTL_MS = 15 * 60_000

/**
 * The answers of the last minutes by request, in memory: a retry (the kiosk asks again after a timeout
 * or a reconnect) joins or gets the first answer, so a start sends one SMS and a wrong code counts once.
 */
class RecentAnswers<A> {
  private readonly kept = new Map<string, { fingerprint: string; answer: Promise<A>; at: number }>()

  constructor(private readonly now: () => number) {}

  get(key: string): { fingerprint: string; answer: Promise<A> } | undefined {
    const cutoff = this.now() - ANSWER_TTL_MS
    // Oldest first (insertion order): stop at the first one still fresh.
    for (const [old, entry] of this.kept) {
      if (entry.at >= cutoff) break
      this.kept.delete(old)
    }
    return this.kept.get(key)
  }

  /** Keeps `answer`; one that fails (a bug, storage trouble) is dropped, so a retry runs again. */
  set(key: string, fingerprint: string, answer: Promise<A>): void {
    this.kept.set(key, { fingerprint, answer, at: this.now() })
    answer.catch(() => {
      if (this.kept.get(key)?.answer === answer) this.kept.delete(key)
    })
  }
}

/** What a challenge was opened for: whose booking (or remote ticket, `ticketId`), from which kiosk. */
interface CheckInSubject {
  personId: string | null
  bookingId: string | null
  ticketId: string | null
  kiosk: string
}

type Ack = object

/** The stable error codes of the challenge's refusals. */
const REFUSAL_CODES: Record<ChallengeRefusalCode, AckError['error']['code']> = {
  challenge_unknown: 'challenge_unknown',
  code_invalid: 'invalid_payload',
  code_wrong: 'otp_wrong',
  code_expired: 'otp_expired',
  attempts_exceeded: 'otp_attempts_exceeded',
  resend_too_soon: 'otp_resend_too_soon',
  phone_busy: 'phone_busy',
  sms_failed: 'sms_failed',
}

/**
 * The person's booking of today to check in at `now`: one whose window is open (the earliest slot),
 * else the next one still to come today; none when every booking of today is closed or used.
 */
export function bookingToCheckIn(
  state: CentreState,
  config: CentreConfig,
  personId: string,
  now: number,
): Booking | undefined {
  const today = localDay(now, config.centre.timeZone)
  const candidates = [...bookingIndexOf(state).ofPerson(personId)]
    .map((id) => state.bookings[id]!)
    .filter(
      (b) => b.status === 'booked' && b.day === today && now <= bookingCloses(b.slotStart, config.policy),
    )
    .sort((a, b) => a.slotStart - b.slotStart)
  return candidates.find((b) => now >= bookingOpens(b.slotStart, config.policy)) ?? candidates[0]
}

/** The remote ticket joined from home with this phone that waits for its holder's check-in, if any. */
export function remoteToCheckIn(state: CentreState, phoneId: string): Ticket | undefined {
  for (const id of state.expected ?? []) {
    const ticket = state.tickets[id]
    if (ticket?.status === 'expected' && ticket.remote?.phoneId === phoneId) return ticket
  }
  return undefined
}

export function kioskCheckIn(options: KioskCheckInOptions): CommandTarget<KioskCheckInCommandType> {
  const { config, engine, logger, now } = options
  const challenges = new PhoneChallenges<CheckInSubject>({
    sms: options.sms,
    logger,
    now,
    purpose: 'check-in',
  })
  const rate = options.lookupRate ?? DEFAULT_LOOKUP_RATE
  const buckets = new Map<string, CommandBucket>()
  const answers = new RecentAnswers<Ack>(now)
  /** Fingerprints of payloads with an IIN, kept in memory only: keyed by a secret of this process. */
  const secret = randomBytes(32)

  const note = (kiosk: string, command: KioskCheckInCommandType, outcome: string) =>
    logger.info({ event: 'kiosk-check-in', kiosk, command, outcome }, 'kiosk check-in by IIN')

  function refusal(error: unknown): AckError {
    if (error instanceof ChallengeRefusal) return errorAck(REFUSAL_CODES[error.code], error.message)
    throw error
  }

  async function start(kiosk: string, iinTyped: string): Promise<Ack> {
    let bucket = buckets.get(kiosk)
    if (!bucket)
      buckets.set(kiosk, (bucket = new CommandBucket(rate, rate.clock ?? (() => performance.now()))))
    if (!bucket.take()) {
      const minutes = Math.max(1, Math.ceil(bucket.retryAfterMs() / 60_000))
      return errorAck('rate_limited', `too many look-ups by IIN at this kiosk; wait ${minutes} min`)
    }
    const iin = checkIin(iinTyped)
    if (!iin.ok) return errorAck('iin_invalid', iin.message)
    const binding = await options.desk.activeBindingForIin(iin.iin)
    if (!binding?.phone)
      return errorAck('no_phone_bound', 'this IIN has no phone bound in the mobile-citizen database')
    const personId = (await options.entries.find('iin', iin.iin)) ?? null
    const booking = personId ? bookingToCheckIn(engine.state, config, personId, now()) : undefined
    // Else a ticket joined from home with the bound phone (the same number, the same vault entry).
    const phoneId = booking ? undefined : await options.entries.find('phone', binding.phone)
    const remote = phoneId ? remoteToCheckIn(engine.state, phoneId) : undefined
    if (!booking && !remote)
      return errorAck(
        'no_booking_today',
        'no booking of today or ticket joined from home to check in for this IIN',
      )
    try {
      const subject = { personId, bookingId: booking?.id ?? null, ticketId: remote?.id ?? null, kiosk }
      const sent = await challenges.start(binding.phone, subject)
      return { ok: true, ...sent }
    } catch (error) {
      return refusal(error)
    }
  }

  async function resend(kiosk: string, challengeId: string): Promise<Ack> {
    if (challenges.subjectOf(challengeId)?.kiosk !== kiosk) return unknownChallenge()
    try {
      return { ok: true, ...(await challenges.resend(challengeId)) }
    } catch (error) {
      return refusal(error)
    }
  }

  async function confirm(
    principal: Principal,
    kiosk: string,
    requestId: string,
    challengeId: string,
    code: string,
  ): Promise<Ack> {
    // Confirmed and checked in before a restart: the engine's stored answer, under its own command.
    const stored = await options.store.findResult(requestScope(kiosk, 'booking:check-in'), requestId)
    if (stored) return JSON.parse(stored.ack) as Ack
    if (challenges.subjectOf(challengeId)?.kiosk !== kiosk) return unknownChallenge()
    let subject: CheckInSubject
    try {
      subject = challenges.confirm(challengeId, code).subject
    } catch (error) {
      return refusal(error)
    }
    const state = engine.state
    const remote = subject.ticketId ? state.tickets[subject.ticketId] : undefined
    const held = subject.bookingId ? state.bookings[subject.bookingId] : undefined
    const checkInCode =
      remote?.status === 'expected'
        ? remote.remote?.code
        : held?.status === 'booked'
          ? held.code
          : subject.personId
            ? bookingToCheckIn(state, config, subject.personId, now())?.code
            : undefined
    if (!checkInCode) return errorAck('no_booking_today', 'no booking of today to check in for this IIN')
    const actor = { kind: 'device', deviceId: principal.id, deviceKind: 'kiosk' } as const
    return engine.submit(kiosk, requestId, actor, { type: 'booking:check-in', code: checkInCode })
  }

  function unknownChallenge(): AckError {
    return errorAck('challenge_unknown', 'this code request is not open (any more): start again')
  }

  /** One answer per request id: a retry (the kiosk asks again after a timeout) joins or gets the first. */
  function once(
    kiosk: string,
    type: KioskCheckInCommandType,
    data: KioskCheckInPayload<KioskCheckInCommandType>,
    run: () => Promise<Ack>,
  ): Promise<Ack> {
    const { requestId, ...fields } = data
    const fingerprint = keyedFingerprint(secret, fields)
    const scope = `${requestScope(kiosk, type)}|${requestId}`
    const earlier = answers.get(scope)
    if (earlier)
      return earlier.fingerprint === fingerprint ? earlier.answer : Promise.resolve(reusedAck(type))
    const answer = run().then((ack) => {
      const outcome = (ack as { ok: boolean; error?: { code: string } }).error?.code ?? 'ok'
      note(kiosk, type, outcome)
      return ack
    })
    answers.set(scope, fingerprint, answer)
    return answer
  }

  return {
    schemas: kioskCheckInSchemas,
    may: mayKioskCheckIn,
    submit(principal, principalKey, type, data) {
      if (type === 'kiosk-check-in:start') {
        const { iin } = data as KioskCheckInPayload<'kiosk-check-in:start'>
        return once(principalKey, type, data as never, () => start(principalKey, iin))
      }
      if (type === 'kiosk-check-in:resend') {
        const { challengeId } = data as KioskCheckInPayload<'kiosk-check-in:resend'>
        return once(principalKey, type, data as never, () => resend(principalKey, challengeId))
      }
      const { requestId, challengeId, code } = data as KioskCheckInPayload<'kiosk-check-in:confirm'>
      return once(principalKey, type, data as never, () =>
        confirm(principal, principalKey, requestId, challengeId, code),
      )
    },
  }
}
