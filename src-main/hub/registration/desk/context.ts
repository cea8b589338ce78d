/**
 * What every part of the registration desk shares: who sends a command, the desk's options, and the
 * context each flow is handed (configuration, store, clock, code rules, the per-citizen lock, and the
 * way out for facts). The facade (`../registration-desk.ts`) builds one context and passes it on.
 */
import type { CentreConfig } from '../../../../src-shared/config'
import type { CentreState } from '../../../../src-shared/domain'
import { localDay } from '../../../../src-shared/domain/time'
import type {
  AckError,
  RegistrationAck,
  RegistrationCommandType,
  RegistrationUpdate,
  registrationSchemas,
  Role,
} from '../../../../src-shared/protocol'
import type { ChallengeTiming, OtpRules } from '../../../../src-shared/registration/otp'
import type { z } from 'zod'
import { errorAck } from '../../centre-engine'
import type { Logger } from '../../logger'
import type { MobileCitizenGateway } from '../adapters/mobile-citizen-gateway'
import type { SmsGateway } from '../adapters/sms-gateway'
import type { DeskWriter, SealedDeskStore } from '../sealed-desk-store'
import type { ChallengeRow } from '../registration-rows'

/** Who sends a registration command; the hub has authenticated them. */
export interface DeskActor {
  staffId: string
  roles: readonly Role[]
  /** The idempotency scope, as for queue commands: `staff:<id>`. */
  principalKey: string
}

export interface RegistrationDeskOptions {
  config: CentreConfig
  store: SealedDeskStore
  sms: SmsGateway
  gateway: MobileCitizenGateway
  logger: Logger
  now: () => number
  /** The queue's current state, to check desks and tickets. */
  centre: () => CentreState
  rules?: OtpRules
  /** Delivery retries: first delay, doubling up to the maximum. */
  deliveryBaseDelayMs?: number
  deliveryMaxDelayMs?: number
  /** How often expired codes are closed and the retention period applied (default every minute). */
  sweepIntervalMs?: number
}

export type Payload<T extends RegistrationCommandType> = Omit<
  z.output<(typeof registrationSchemas)[T]>,
  'requestId'
>
export type Answer<T extends RegistrationCommandType> = RegistrationAck<T>

/** Stores a command's answer in the transaction (`tx`) that stores what the command changed. */
export type Remember = (tx: DeskWriter, ack: object) => void

/** A `registration:updated` fact before the desk adds its time and the day's counts. */
export type DeskUpdate = Omit<RegistrationUpdate, 'type' | 'at' | 'today'>

export interface DeskContext {
  readonly config: CentreConfig
  readonly store: SealedDeskStore
  readonly logger: Logger
  readonly now: () => number
  readonly rules: OtpRules
  readonly sms: SmsGateway
  /** The queue's current state, to check desks and tickets. */
  readonly centre: () => CentreState
  /** Serialises the work on one citizen (`iin:<IIN>`). */
  readonly lock: KeyedLock
  /** Wakes the outbox worker after a submission was queued. */
  kickDelivery(): void
  /** Sends a `registration:updated` fact to the hub's listeners. */
  publish(update: DeskUpdate): void
}

/** Serialises the work on one key (a citizen's IIN), so two commands for one citizen never interleave. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const next = previous.then(work, work)
    const tail = next.catch(() => undefined)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return next
  }
}

/** A refusal thrown inside a flow; the command path answers it as an error ack. */
export class Refusal extends Error {
  constructor(readonly ack: AckError) {
    super(ack.error.message)
  }
}

export function refuse(code: AckError['error']['code'], message: string): never {
  throw new Refusal(errorAck(code, message))
}

export function masked(iinMasked: string, phoneMasked: string): string {
  return `${iinMasked}, ${phoneMasked}`
}

export function timingOf(row: ChallengeRow): ChallengeTiming {
  return { status: row.status, sentAt: row.sentAt, expiresAt: row.expiresAt, attempts: row.attempts }
}

/** The centre's local day of `at`. */
export function today(ctx: Pick<DeskContext, 'config'>, at: number): string {
  return localDay(at, ctx.config.centre.timeZone)
}
