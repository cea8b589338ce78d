/**
 * The mobile-citizen registration desk: binds a citizen's IIN to a mobile phone proven with a one-time
 * code, changes or revokes a binding, and keeps the audit trail, the daily figures and the retention
 * period. The hub calls it after it has validated and authorised a command (steps 1–2); here each
 * command is decided, persisted in one transaction with its retry record, and answered (steps 3–5).
 *
 * Nothing here enters the queue's event log. Personal data is written only to the registration tables,
 * returned in full only in the registrar's `registration:confirm` ack, and masked everywhere else.
 */
import { randomInt, randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto'
import type { CentreConfig, StaffConfig } from '../../../src-shared/config'
import type { CentreState } from '../../../src-shared/domain'
import { localDay } from '../../../src-shared/domain/time'
import { checkIin, maskIin, type IinWarning } from '../../../src-shared/kz/iin'
import { maskPhone, normalizePhone } from '../../../src-shared/kz/phone'
import {
  REGISTRATION_QUERIES,
  registrationSchemas,
  type AckError,
  type BindingView,
  type DeliveryView,
  type RegistrationAck,
  type RegistrationCommandType,
  type RegistrationCounts,
  type RegistrationSettings,
  type RegistrationStarted,
  type RegistrationUpdate,
  type RegistrationView,
  type Role,
} from '../../../src-shared/protocol'
import {
  attemptsLeft,
  decideAttempt,
  decideResend,
  OTP_RULES,
  resendAt,
  settle,
  type ChallengeTiming,
  type OtpRules,
} from '../../../src-shared/registration/otp'
import { oneTimeCodeSms, type SmsPurpose } from '../../../src-shared/registration/sms-text'
import type { z } from 'zod'
import { errorAck } from '../centre-engine'
import type { Logger } from '../logger'
import type {
  CitizenSubmission,
  MobileCitizenGateway,
  SubmissionKind,
} from './adapters/mobile-citizen-gateway'
import { OutboxSmsGateway, type SmsGateway } from './adapters/sms-gateway'
import { DeliveryWorker } from './delivery-worker'
import type {
  AuditAction,
  AuditEntry,
  BindingRow,
  ChallengeRow,
  OutboxRow,
  RegistrationStore,
} from './registration-store'

/** Who sends a registration command; the hub has authenticated them. */
export interface DeskActor {
  staffId: string
  roles: readonly Role[]
  /** The idempotency scope, as for queue commands: `staff:<id>`. */
  principalKey: string
}

export interface RegistrationDeskOptions {
  config: CentreConfig
  store: RegistrationStore
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

type Payload<T extends RegistrationCommandType> = Omit<z.output<(typeof registrationSchemas)[T]>, 'requestId'>
type Answer<T extends RegistrationCommandType> = RegistrationAck<T>

const DAY_MS = 24 * 60 * 60_000
/** Sent SMS in the demo outbox file are dropped after this long: their codes are long dead. */
const SMS_OUTBOX_KEEP_MS = DAY_MS
/** scrypt cost for one-time codes: slow enough that the hash of a 6-digit code is not read back in 5 minutes. */
const CODE_HASH = { N: 2 ** 14, r: 8, p: 1 } as const
const STEP_IN_ROLES: readonly Role[] = ['supervisor', 'admin']

/** Serialises the work on one key (a citizen's IIN), so two commands for one citizen never interleave. */
class KeyedLock {
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

class Refusal extends Error {
  constructor(readonly ack: AckError) {
    super(ack.error.message)
  }
}

function refuse(code: AckError['error']['code'], message: string): never {
  throw new Refusal(errorAck(code, message))
}

function masked(iinMasked: string, phoneMasked: string): string {
  return `${iinMasked}, ${phoneMasked}`
}

/**
 * A registrar's free text (revoke reason) may hold an IIN or a phone number: runs of 10 or more digits
 * (spaces, dashes and brackets between them allowed) are masked. Dates and counts stay readable.
 */
export function scrubDigits(text: string): string {
  return text.replace(/\+?\d[\d\s()-]{8,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '')
    return digits.length >= 10 ? `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}` : run
  })
}

function hashCode(code: string, salt: Buffer): Buffer {
  return scryptSync(code, salt, 32, CODE_HASH)
}

function timingOf(row: ChallengeRow): ChallengeTiming {
  return { status: row.status, sentAt: row.sentAt, expiresAt: row.expiresAt, attempts: row.attempts }
}

export class RegistrationDesk {
  private readonly config: CentreConfig
  private readonly store: RegistrationStore
  private readonly logger: Logger
  private readonly now: () => number
  private readonly rules: OtpRules
  private readonly options: RegistrationDeskOptions
  private readonly worker: DeliveryWorker
  private readonly lock = new KeyedLock()
  private readonly inflight = new Map<string, Promise<unknown>>()
  private readonly listeners = new Set<(update: RegistrationUpdate) => void>()
  private sweepTimer: NodeJS.Timeout | null = null
  private sweeping: Promise<void> | null = null

  constructor(options: RegistrationDeskOptions) {
    this.options = options
    this.config = options.config
    this.store = options.store
    this.logger = options.logger
    this.now = options.now
    this.rules = options.rules ?? OTP_RULES
    this.worker = new DeliveryWorker({
      store: options.store,
      gateway: options.gateway,
      logger: options.logger,
      now: options.now,
      baseDelayMs: options.deliveryBaseDelayMs,
      maxDelayMs: options.deliveryMaxDelayMs,
      onAttempt: (row) => this.deliveryAttempted(row),
    })
  }

  /** Starts the outbox worker (resuming what a previous run left), the expiry and retention sweeps. */
  start(): void {
    this.worker.start()
    void this.sweep()
    this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 60_000)
    this.sweepTimer.unref()
  }

  async close(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    this.sweepTimer = null
    await this.sweeping
    await this.worker.stop()
    await Promise.allSettled([...this.inflight.values()])
  }

  /** Listens for `registration:updated` facts (staff only; ids and counts). */
  onUpdate(listener: (update: RegistrationUpdate) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The demo SMS outbox, when SMS go there. */
  get smsOutbox(): OutboxSmsGateway | null {
    return this.options.sms instanceof OutboxSmsGateway ? this.options.sms : null
  }

  /** Wakes the outbox worker (after a gateway came back, say). */
  deliverNow(): void {
    this.worker.kick()
  }

  // --- commands -----------------------------------------------------------------------------------

  /**
   * Decides, persists and answers one validated, authorised command. Never rejects. A command already
   * answered under this request id gets that answer again; queries are answered afresh each time.
   */
  handle<T extends RegistrationCommandType>(
    actor: DeskActor,
    type: T,
    payload: z.output<(typeof registrationSchemas)[T]>,
  ): Promise<Answer<T>> {
    const { requestId, ...fields } = payload as { requestId: string } & Payload<T>
    if (REGISTRATION_QUERIES.has(type)) return this.guard(() => this.query(actor, type, fields as Payload<T>))
    const key = `${actor.principalKey}\u0000${requestId}`
    const running = this.inflight.get(key)
    if (running) return running as Promise<Answer<T>>
    const promise = this.guard(async () => {
      const stored = this.store.findResult(actor.principalKey, `reg:${requestId}`)
      if (stored !== undefined) return this.replay(JSON.parse(stored) as Answer<T>)
      return this.decide(actor, type, fields as Payload<T>, requestId)
    })
    this.inflight.set(key, promise)
    void promise.then(() => this.inflight.delete(key))
    return promise
  }

  private async guard<A>(work: () => Promise<A> | A): Promise<A> {
    try {
      return await work()
    } catch (error) {
      if (error instanceof Refusal) return error.ack as A
      this.logger.error({ err: error }, 'registration command failed')
      return errorAck('storage_failed', 'the registration was not stored; try again shortly') as A
    }
  }

  private async decide<T extends RegistrationCommandType>(
    actor: DeskActor,
    type: T,
    fields: Payload<T>,
    requestId: string,
  ): Promise<Answer<T>> {
    const remember = (ack: object) =>
      this.store.saveResult(actor.principalKey, `reg:${requestId}`, JSON.stringify(ack), this.now())
    const decided = (async (): Promise<object> => {
      switch (type) {
        case 'registration:start':
          return this.register(actor, fields as Payload<'registration:start'>, remember)
        case 'registration:change-phone':
          return this.changePhone(actor, fields as Payload<'registration:change-phone'>, remember)
        case 'registration:resend':
          return this.resend(actor, fields as Payload<'registration:resend'>, remember)
        case 'registration:confirm':
          return this.confirm(actor, fields as Payload<'registration:confirm'>, remember)
        case 'registration:revoke':
          return this.revoke(actor, fields as Payload<'registration:revoke'>, remember)
        default:
          throw new Error(`no handler for ${type}`)
      }
    })()
    return (await decided) as Answer<T>
  }

  /** A stored confirm ack holds no personal data; the registrar's retry gets it back from the binding. */
  private replay<T extends RegistrationCommandType>(ack: Answer<T>): Answer<T> {
    const binding = (ack as { binding?: BindingView }).binding
    if (!ack.ok || !binding || !('registration' in ack)) return ack
    const row = this.store.getBinding(binding.id)
    if (!row?.iin || !row.phone) return ack
    return { ...ack, binding: { ...binding, iin: row.iin, phone: row.phone } }
  }

  // registration:start

  private async register(
    actor: DeskActor,
    fields: Payload<'registration:start'>,
    remember: (ack: object) => void,
  ): Promise<object> {
    this.checkDesk(actor, fields.deskId)
    this.checkTicket(fields.ticketId ?? null)
    const iin = checkIin(fields.iin)
    if (!iin.ok) refuse('iin_invalid', `IIN: ${iin.message}`)
    const phone = normalizePhone(fields.phone)
    if (!phone.ok) refuse('phone_invalid', `phone: ${phone.message}`)
    this.checkDeskFields(fields)
    return this.lock.run(`iin:${iin.iin}`, async () => {
      const active = this.store.activeBindingForIin(iin.iin)
      if (active) {
        refuse(
          'binding_exists',
          `IIN ${active.iinMasked} is already bound to ${active.phoneMasked} (binding ${active.id}); ` +
            'use registration:change-phone to move it to another number',
        )
      }
      return this.openChallenge(actor, {
        kind: 'register',
        iin: iin.iin,
        phone: phone.e164,
        deskId: fields.deskId,
        ticketId: fields.ticketId ?? null,
        replacesBindingId: null,
        consentLanguage: fields.consent.language,
        warnings: iin.warnings,
        remember,
      })
    })
  }

  // registration:change-phone

  private async changePhone(
    actor: DeskActor,
    fields: Payload<'registration:change-phone'>,
    remember: (ack: object) => void,
  ): Promise<object> {
    this.checkDesk(actor, fields.deskId)
    this.checkTicket(fields.ticketId ?? null)
    const binding = this.store.getBinding(fields.bindingId)
    if (!binding) refuse('unknown_binding', `no binding ${fields.bindingId}`)
    const phone = normalizePhone(fields.phone)
    if (!phone.ok) refuse('phone_invalid', `phone: ${phone.message}`)
    this.checkDeskFields(fields)
    return this.lock.run(`iin:${binding.iin ?? binding.id}`, async () => {
      const current = this.store.getBinding(binding.id)!
      this.checkActive(current)
      if (current.phone === phone.e164) {
        refuse('phone_unchanged', `binding ${current.id} is already to ${current.phoneMasked}`)
      }
      return this.openChallenge(actor, {
        kind: 'change-phone',
        iin: current.iin!,
        phone: phone.e164,
        deskId: fields.deskId,
        ticketId: fields.ticketId ?? null,
        replacesBindingId: current.id,
        consentLanguage: fields.consent.language,
        warnings: [],
        remember,
      })
    })
  }

  /** Sends the first code, then stores the challenge (superseding the citizen's other pending ones). */
  private async openChallenge(
    actor: DeskActor,
    draft: {
      kind: ChallengeRow['kind']
      iin: string
      phone: string
      deskId: string
      ticketId: string | null
      replacesBindingId: string | null
      consentLanguage: 'kk' | 'ru'
      warnings: IinWarning[]
      remember: (ack: object) => void
    },
  ): Promise<RegistrationStarted> {
    const id = randomUUID()
    const { code, salt, hash } = this.newCode()
    await this.sendCode(draft.phone, code, draft.kind === 'register' ? 'register' : 'change-phone', id)
    const now = this.now()
    const row: ChallengeRow = {
      id,
      kind: draft.kind,
      status: 'pending',
      iin: draft.iin,
      phone: draft.phone,
      iinMasked: maskIin(draft.iin),
      phoneMasked: maskPhone(draft.phone),
      replacesBindingId: draft.replacesBindingId,
      bindingId: null,
      ticketId: draft.ticketId,
      staffId: actor.staffId,
      deskId: draft.deskId,
      consentVersion: this.config.registration.consent.version,
      consentLanguage: draft.consentLanguage,
      documentChecked: true,
      codeHash: hash,
      codeSalt: salt,
      createdAt: now,
      day: this.today(now),
      sentAt: now,
      expiresAt: now + this.rules.ttlMs,
      attempts: 0,
      sends: 1,
      finishedAt: null,
    }
    const ack = {
      ok: true as const,
      registrationId: id,
      iinMasked: row.iinMasked,
      phoneMasked: row.phoneMasked,
      expiresAt: row.expiresAt,
      resendAt: resendAt(timingOf(row), this.rules),
      attemptsLeft: this.rules.maxAttempts,
      warnings: draft.warnings,
    }
    this.store.transaction(() => {
      for (const other of this.store.pendingChallengesForIin(draft.iin)) {
        this.store.finishChallenge(other.id, { status: 'cancelled', attempts: other.attempts, at: now })
      }
      this.store.insertChallenge(row)
      this.audit(actor, draft.deskId, 'start', {
        registrationId: id,
        bindingId: draft.replacesBindingId,
        newValue: masked(row.iinMasked, row.phoneMasked),
        detail: draft.kind === 'change-phone' ? 'phone change: code sent' : 'code sent',
        at: now,
      })
      draft.remember(ack)
    })
    this.logger.info(
      { event: 'registration-started', registrationId: id, staffId: actor.staffId },
      'code sent',
    )
    this.publish({
      change: 'started',
      registrationId: id,
      bindingId: null,
      staffId: actor.staffId,
      deskId: draft.deskId,
    })
    return ack
  }

  // registration:resend

  private async resend(
    actor: DeskActor,
    fields: Payload<'registration:resend'>,
    remember: (ack: object) => void,
  ): Promise<object> {
    const first = this.challenge(fields.registrationId)
    return this.lock.run(`iin:${first.iin ?? first.id}`, async () => {
      const row = this.challenge(fields.registrationId)
      const decision = decideResend(timingOf(row), this.now(), this.rules)
      if (!decision.ok) {
        if (decision.reason === 'too_soon') {
          const seconds = Math.ceil((decision.retryAt - this.now()) / 1000)
          refuse(
            'otp_resend_too_soon',
            `a new code can be sent in ${seconds} s (one per ${this.rules.resendAfterMs / 1000} s)`,
          )
        }
        return this.refuseFinished(actor, row, decision.reason, remember)
      }
      const { code, salt, hash } = this.newCode()
      await this.sendCode(row.phone!, code, row.kind === 'register' ? 'register' : 'change-phone', row.id)
      const now = this.now()
      const next = { ...decision.next, sentAt: now, expiresAt: now + this.rules.ttlMs }
      const ack = {
        ok: true as const,
        registrationId: row.id,
        expiresAt: next.expiresAt,
        resendAt: resendAt(next, this.rules),
        attemptsLeft: attemptsLeft(next, this.rules),
      }
      this.store.transaction(() => {
        this.store.recordSend(row.id, {
          sentAt: now,
          expiresAt: next.expiresAt,
          codeHash: hash,
          codeSalt: salt,
        })
        this.audit(actor, row.deskId, 'resend', {
          registrationId: row.id,
          bindingId: row.replacesBindingId,
          newValue: masked(row.iinMasked, row.phoneMasked),
          detail: `code sent again (send ${row.sends + 1})`,
          at: now,
        })
        remember(ack)
      })
      this.publish({
        change: 'resent',
        registrationId: row.id,
        bindingId: null,
        staffId: actor.staffId,
        deskId: row.deskId,
      })
      return ack
    })
  }

  // registration:confirm

  private async confirm(
    actor: DeskActor,
    fields: Payload<'registration:confirm'>,
    remember: (ack: object) => void,
  ): Promise<object> {
    const first = this.challenge(fields.registrationId)
    return this.lock.run(`iin:${first.iin ?? first.id}`, () => {
      const row = this.challenge(fields.registrationId)
      const now = this.now()
      const matches =
        row.codeHash !== null &&
        row.codeSalt !== null &&
        timingSafeEqual(hashCode(fields.code, row.codeSalt), row.codeHash)
      const decision = decideAttempt(timingOf(row), now, matches, this.rules)
      if (decision.outcome === 'wrong') {
        const ack = errorAck(
          'otp_wrong',
          `wrong code; ${decision.attemptsLeft} attempt${decision.attemptsLeft === 1 ? '' : 's'} left`,
        )
        this.store.transaction(() => {
          this.store.recordAttempts(row.id, decision.next.attempts)
          this.audit(actor, row.deskId, 'code-rejected', {
            registrationId: row.id,
            bindingId: row.replacesBindingId,
            newValue: masked(row.iinMasked, row.phoneMasked),
            detail: `wrong code, ${decision.attemptsLeft} left`,
            at: now,
          })
          remember(ack)
        })
        this.publish({
          change: 'code-rejected',
          registrationId: row.id,
          bindingId: null,
          staffId: actor.staffId,
          deskId: row.deskId,
        })
        return ack
      }
      if (decision.outcome !== 'confirmed')
        return this.refuseFinished(actor, row, decision.outcome, remember, decision.next)
      return this.bind(actor, row, now, remember)
    })
  }

  /** The right code: the binding is created (and the old one replaced) with its submission, in one go. */
  private bind(actor: DeskActor, row: ChallengeRow, now: number, remember: (ack: object) => void): object {
    const iin = row.iin!
    const phone = row.phone!
    const replaced = row.replacesBindingId ? this.store.getBinding(row.replacesBindingId) : undefined
    if (row.kind === 'register') {
      const active = this.store.activeBindingForIin(iin)
      if (active)
        refuse('binding_exists', `IIN ${active.iinMasked} was bound to ${active.phoneMasked} meanwhile`)
    } else if (!replaced || replaced.status !== 'active' || replaced.purgedAt !== null) {
      refuse('binding_inactive', `binding ${row.replacesBindingId} is no longer active; start again`)
    }
    const binding: BindingRow = {
      id: randomUUID(),
      iin,
      phone,
      iinMasked: row.iinMasked,
      phoneMasked: row.phoneMasked,
      status: 'active',
      centreId: this.config.centre.id,
      ticketId: row.ticketId,
      staffId: actor.staffId,
      deskId: row.deskId,
      registrationId: row.id,
      createdAt: row.createdAt,
      confirmedAt: now,
      day: this.today(now),
      replaces: replaced?.id ?? null,
      replacedBy: null,
      endedAt: null,
      revokeReason: null,
      consentVersion: row.consentVersion,
      consentLanguage: row.consentLanguage,
      consentAt: row.createdAt,
      documentChecked: row.documentChecked,
      purgedAt: null,
    }
    let ack: { ok: true; registration: RegistrationView; binding: BindingView } | undefined
    this.store.transaction(() => {
      // The old binding ends first: one IIN has at most one active binding at any moment.
      if (replaced) this.store.endBinding(replaced.id, { status: 'replaced', at: now })
      this.store.insertBinding(binding)
      if (replaced) this.store.linkReplacement(replaced.id, binding.id)
      this.store.finishChallenge(row.id, {
        status: 'confirmed',
        attempts: row.attempts,
        at: now,
        bindingId: binding.id,
      })
      this.enqueue('binding-confirmed', binding, actor, row.deskId, now)
      this.audit(actor, row.deskId, replaced ? 'change' : 'create', {
        registrationId: row.id,
        bindingId: binding.id,
        oldValue: replaced ? masked(replaced.iinMasked, replaced.phoneMasked) : null,
        newValue: masked(binding.iinMasked, binding.phoneMasked),
        detail: replaced ? `replaces binding ${replaced.id}` : row.ticketId ? `ticket ${row.ticketId}` : null,
        at: now,
      })
      if (replaced) {
        this.audit(actor, row.deskId, 'change', {
          registrationId: row.id,
          bindingId: replaced.id,
          oldValue: masked(replaced.iinMasked, replaced.phoneMasked),
          newValue: masked(binding.iinMasked, binding.phoneMasked),
          detail: `replaced by binding ${binding.id}`,
          at: now,
        })
      }
      const registration = this.registrationView(this.store.getChallenge(row.id)!, now)
      const view = this.bindingView(this.store.getBinding(binding.id)!)
      // The stored answer has no personal data; `replay` adds it back for the registrar's retry.
      remember({ ok: true, registration, binding: view })
      ack = { ok: true, registration, binding: { ...view, iin, phone } }
    })
    this.logger.info(
      { event: 'binding-confirmed', bindingId: binding.id, registrationId: row.id, staffId: actor.staffId },
      replaced ? 'phone changed' : 'binding confirmed',
    )
    this.publish({
      change: 'confirmed',
      registrationId: row.id,
      bindingId: binding.id,
      staffId: actor.staffId,
      deskId: row.deskId,
    })
    this.worker.kick()
    return ack!
  }

  /** A challenge that cannot go on: expiry and the last wrong code are stored; the answer says start again. */
  private refuseFinished(
    actor: DeskActor,
    row: ChallengeRow,
    reason: 'expired' | 'attempts_exceeded' | 'finished',
    remember: (ack: object) => void,
    next: ChallengeTiming = settle(timingOf(row), this.now()),
  ): AckError {
    const now = this.now()
    const ack =
      reason === 'expired'
        ? errorAck(
            'otp_expired',
            `the code expired ${Math.round(this.rules.ttlMs / 60_000)} minutes after it was sent; start again`,
          )
        : reason === 'attempts_exceeded'
          ? errorAck(
              'otp_attempts_exceeded',
              `${this.rules.maxAttempts} wrong codes: this registration is closed; start again`,
            )
          : errorAck(
              'registration_finished',
              `registration ${row.id} is already ${row.status}; start again for another`,
            )
    const closes = row.status === 'pending' && (next.status === 'expired' || next.status === 'failed')
    this.store.transaction(() => {
      if (closes) {
        this.store.finishChallenge(row.id, {
          status: next.status as 'expired' | 'failed',
          attempts: next.attempts,
          at: now,
        })
        this.audit(actor, row.deskId, next.status === 'expired' ? 'expire' : 'fail', {
          registrationId: row.id,
          bindingId: row.replacesBindingId,
          oldValue: masked(row.iinMasked, row.phoneMasked),
          detail: next.status === 'expired' ? 'code expired' : `${next.attempts} wrong codes`,
          at: now,
        })
      }
      remember(ack)
    })
    if (closes) {
      this.publish({
        change: next.status === 'expired' ? 'expired' : 'failed',
        registrationId: row.id,
        bindingId: null,
        staffId: actor.staffId,
        deskId: row.deskId,
      })
    }
    return ack
  }

  // registration:revoke

  private async revoke(
    actor: DeskActor,
    fields: Payload<'registration:revoke'>,
    remember: (ack: object) => void,
  ): Promise<object> {
    this.checkDesk(actor, fields.deskId)
    const first = this.store.getBinding(fields.bindingId)
    if (!first) refuse('unknown_binding', `no binding ${fields.bindingId}`)
    return this.lock.run(`iin:${first.iin ?? first.id}`, () => {
      const binding = this.store.getBinding(fields.bindingId)!
      this.checkActive(binding)
      const now = this.now()
      const reason = scrubDigits(fields.reason)
      let ack: object | undefined
      this.store.transaction(() => {
        this.store.endBinding(binding.id, { status: 'revoked', at: now, reason })
        this.enqueue('binding-revoked', { ...binding, revokeReason: reason }, actor, fields.deskId, now)
        this.audit(actor, fields.deskId, 'revoke', {
          registrationId: null,
          bindingId: binding.id,
          oldValue: masked(binding.iinMasked, binding.phoneMasked),
          detail: reason,
          at: now,
        })
        ack = { ok: true, binding: this.bindingView(this.store.getBinding(binding.id)!) }
        remember(ack)
      })
      this.logger.info(
        { event: 'binding-revoked', bindingId: binding.id, staffId: actor.staffId },
        'binding revoked',
      )
      this.publish({
        change: 'revoked',
        registrationId: null,
        bindingId: binding.id,
        staffId: actor.staffId,
        deskId: fields.deskId,
      })
      this.worker.kick()
      return ack!
    })
  }

  // queries

  private query<T extends RegistrationCommandType>(actor: DeskActor, type: T, fields: Payload<T>): Answer<T> {
    if (type === 'registration:settings') {
      const { version, kk, ru } = this.config.registration.consent
      const settings: RegistrationSettings = {
        consent: { version, kk, ru },
        codeDigits: this.rules.digits,
        codeTtlMs: this.rules.ttlMs,
        maxAttempts: this.rules.maxAttempts,
        resendAfterMs: this.rules.resendAfterMs,
        retentionDays: this.config.registration.retentionDays,
      }
      return { ok: true, ...settings } as Answer<T>
    }
    if (type === 'registration:status') {
      const { registrationId } = fields as Payload<'registration:status'>
      const row = this.challenge(registrationId)
      const binding = row.bindingId ? this.store.getBinding(row.bindingId) : undefined
      return {
        ok: true,
        registration: this.registrationView(row, this.now()),
        binding: binding ? this.bindingView(binding) : null,
      } as Answer<T>
    }
    const { deskId, iin: typed } = fields as Payload<'binding:find'>
    this.checkDesk(actor, deskId)
    const iin = checkIin(typed)
    if (!iin.ok) refuse('iin_invalid', `IIN: ${iin.message}`)
    const rows = this.store.bindingsForIin(iin.iin)
    const now = this.now()
    this.store.transaction(() => {
      if (rows.length === 0) {
        this.audit(actor, deskId, 'view', {
          registrationId: null,
          bindingId: null,
          newValue: maskIin(iin.iin),
          detail: 'lookup: no binding',
          at: now,
        })
      }
      for (const row of rows) {
        this.audit(actor, deskId, 'view', {
          registrationId: null,
          bindingId: row.id,
          newValue: masked(row.iinMasked, row.phoneMasked),
          detail: 'lookup by IIN',
          at: now,
        })
      }
    })
    return { ok: true, bindings: rows.map((row) => this.bindingView(row)) } as Answer<T>
  }

  // checks

  private checkDesk(actor: DeskActor, deskId: string): void {
    if (!this.config.desks.some((d) => d.id === deskId))
      refuse('unknown_desk', `no desk ${deskId} in this centre`)
    const desk = this.options.centre().desks[deskId]
    const stepsIn = actor.roles.some((role) => STEP_IN_ROLES.includes(role))
    if (desk && desk.status !== 'closed' && desk.staffId && desk.staffId !== actor.staffId && !stepsIn) {
      refuse('not_your_desk', `desk ${deskId} is open for another staff member`)
    }
  }

  private checkTicket(ticketId: string | null): void {
    if (ticketId !== null && !this.options.centre().tickets[ticketId]) {
      refuse('unknown_ticket', `no ticket ${ticketId} today`)
    }
  }

  private checkDeskFields(fields: {
    documentChecked: boolean
    consent: { accepted: boolean; textVersion?: string }
  }): void {
    if (!fields.documentChecked) {
      refuse(
        'document_not_checked',
        'confirm that the citizen showed the original ID document (no copy is kept)',
      )
    }
    if (!fields.consent.accepted) {
      refuse('consent_required', "the citizen's consent to processing the IIN and phone is required")
    }
    const current = this.config.registration.consent.version
    if (fields.consent.textVersion !== undefined && fields.consent.textVersion !== current) {
      refuse('consent_required', `the consent text has changed (now version ${current}); show the new text`)
    }
  }

  private checkActive(binding: BindingRow): void {
    if (binding.status !== 'active') refuse('binding_inactive', `binding ${binding.id} is ${binding.status}`)
    if (binding.purgedAt !== null) {
      refuse(
        'binding_inactive',
        `binding ${binding.id} was erased after the retention period; register again`,
      )
    }
  }

  private challenge(id: string): ChallengeRow {
    const row = this.store.getChallenge(id)
    if (!row) refuse('unknown_registration', `no registration ${id}`)
    return row
  }

  // codes

  private newCode(): { code: string; salt: Buffer; hash: Buffer } {
    const code = String(randomInt(0, 10 ** this.rules.digits)).padStart(this.rules.digits, '0')
    const salt = randomBytes(16)
    return { code, salt, hash: hashCode(code, salt) }
  }

  private async sendCode(phone: string, code: string, purpose: SmsPurpose, reference: string): Promise<void> {
    const text = oneTimeCodeSms(code, purpose, Math.round(this.rules.ttlMs / 60_000))
    try {
      await this.options.sms.send({ to: phone, text, reference })
    } catch (error) {
      this.logger.warn(
        { event: 'sms-failed', registrationId: reference, reason: (error as Error).message },
        'one-time code not sent',
      )
      refuse('sms_failed', `the SMS to ${maskPhone(phone)} could not be sent; nothing was stored, try again`)
    }
  }

  // outbox

  private enqueue(
    kind: SubmissionKind,
    binding: BindingRow,
    actor: DeskActor,
    deskId: string,
    now: number,
  ): void {
    const submission: CitizenSubmission = {
      idempotencyKey: `${this.config.centre.id}:${binding.id}:${kind}`,
      kind,
      bindingId: binding.id,
      iin: binding.iin!,
      phone: binding.phone!,
      centreId: this.config.centre.id,
      deskId,
      staffId: actor.staffId,
      at: now,
      channel: 'centre-desk',
      confirmation: kind === 'binding-confirmed' ? 'sms-code' : null,
      consent:
        kind === 'binding-confirmed'
          ? { version: binding.consentVersion, language: binding.consentLanguage, at: binding.consentAt }
          : null,
      replacesBindingId: binding.replaces,
      reason: kind === 'binding-revoked' ? binding.revokeReason : null,
    }
    this.store.insertOutbox({
      idempotencyKey: submission.idempotencyKey,
      bindingId: binding.id,
      kind,
      payload: JSON.stringify(submission),
      at: now,
    })
  }

  private deliveryAttempted(row: OutboxRow): void {
    const binding = this.store.getBinding(row.bindingId)
    this.publish({
      change: row.status === 'delivered' ? 'delivered' : 'delivery-retrying',
      registrationId: binding?.registrationId ?? null,
      bindingId: row.bindingId,
      staffId: null,
      deskId: binding?.deskId ?? null,
    })
  }

  // sweeps

  /** Closes pending challenges whose code has run out, and applies the retention period. */
  sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping
    this.sweeping = (async () => {
      try {
        this.expireCodes()
        this.purge()
        await this.smsOutbox?.prune(this.now() - SMS_OUTBOX_KEEP_MS)
      } catch (error) {
        this.logger.error({ err: error }, 'registration sweep failed')
      }
    })().finally(() => {
      this.sweeping = null
    })
    return this.sweeping
  }

  /** Marks pending challenges past their expiry as expired and erases their data; returns how many. */
  expireCodes(): number {
    const now = this.now()
    const rows = this.store.expiredPendingChallenges(now)
    if (rows.length === 0) return 0
    this.store.transaction(() => {
      for (const row of rows) {
        this.store.finishChallenge(row.id, { status: 'expired', attempts: row.attempts, at: now })
        this.audit(null, row.deskId, 'expire', {
          registrationId: row.id,
          bindingId: row.replacesBindingId,
          oldValue: masked(row.iinMasked, row.phoneMasked),
          detail: 'code expired unused',
          at: now,
        })
      }
    })
    for (const row of rows) {
      this.publish({
        change: 'expired',
        registrationId: row.id,
        bindingId: null,
        staffId: row.staffId,
        deskId: row.deskId,
      })
    }
    return rows.length
  }

  /**
   * Erases the IIN and phone of bindings past the retention period (replaced and revoked ones counted
   * from when they ended, any binding from its confirmation); the masked copies stay. Returns how many.
   */
  purge(): number {
    const now = this.now()
    const cutoff = now - this.config.registration.retentionDays * DAY_MS
    const due = this.store.purgeCandidates(cutoff)
    if (due.length === 0) return 0
    let purged = 0
    this.store.transaction(() => {
      for (const binding of due) {
        if (!this.store.purgeBinding(binding, now)) continue
        purged += 1
        this.audit(null, null, 'purge', {
          registrationId: null,
          bindingId: binding.id,
          oldValue: masked(binding.iinMasked, binding.phoneMasked),
          detail: `retention of ${this.config.registration.retentionDays} days`,
          at: now,
        })
      }
    })
    this.logger.info({ event: 'registration-purge', bindings: purged }, 'personal data past retention erased')
    return purged
  }

  // figures and exports

  /** Registrations started on the centre's local `day` and how they ended, per registrar. */
  stats(day: string): RegistrationStats {
    const rows = this.store.figures(day, this.now())
    const staff = new Map(this.config.staff.map((s) => [s.id, s]))
    const registrars = rows.map((row) => ({ ...row, name: staffName(staff.get(row.staffId)) ?? row.staffId }))
    const totals = { started: 0, confirmed: 0, failed: 0, expired: 0, pending: 0 }
    for (const row of rows) {
      totals.started += row.started
      totals.confirmed += row.confirmed
      totals.failed += row.failed
      totals.expired += row.expired
      totals.pending += row.pending
    }
    return { day, totals, registrars }
  }

  statsCsv(day: string, by: StaffConfig): string {
    this.auditExport(by, `stats.csv for ${day}`)
    const { totals, registrars } = this.stats(day)
    const header = ['day', 'staff_id', 'staff_name', 'started', 'confirmed', 'failed', 'expired', 'pending']
    const rows = registrars.map((r) => [
      day,
      r.staffId,
      r.name,
      r.started,
      r.confirmed,
      r.failed,
      r.expired,
      r.pending,
    ])
    rows.push([
      day,
      'total',
      '',
      totals.started,
      totals.confirmed,
      totals.failed,
      totals.expired,
      totals.pending,
    ])
    return toCsv([header, ...rows])
  }

  /** The audit log of the local days `from`–`to` as CSV (masked values only); the export is audited first. */
  auditCsv(from: string, to: string, by: StaffConfig): string {
    this.auditExport(by, `audit.csv for ${from} to ${to}`)
    const staff = new Map(this.config.staff.map((s) => [s.id, s]))
    const header = [
      'at',
      'day',
      'staff_id',
      'staff_name',
      'desk_id',
      'action',
      'binding_id',
      'registration_id',
      'old_value',
      'new_value',
      'detail',
    ]
    const rows = this.store
      .auditBetween(from, to)
      .map((e) => [
        new Date(e.at).toISOString(),
        e.day,
        e.staffId ?? 'hub',
        e.staffId ? (staffName(staff.get(e.staffId)) ?? '') : '',
        e.deskId ?? '',
        e.action,
        e.bindingId ?? '',
        e.registrationId ?? '',
        e.oldValue ?? '',
        e.newValue ?? '',
        e.detail ?? '',
      ])
    return toCsv([header, ...rows])
  }

  private auditExport(by: StaffConfig, what: string): void {
    const now = this.now()
    this.store.transaction(() =>
      this.audit({ staffId: by.id }, null, 'export', {
        registrationId: null,
        bindingId: null,
        detail: what,
        at: now,
      }),
    )
  }

  // views

  private registrationView(row: ChallengeRow, now: number): RegistrationView {
    const timing = settle(timingOf(row), now)
    return {
      id: row.id,
      kind: row.kind,
      status: timing.status,
      iinMasked: row.iinMasked,
      phoneMasked: row.phoneMasked,
      deskId: row.deskId,
      ticketId: row.ticketId,
      staffId: row.staffId,
      createdAt: row.createdAt,
      expiresAt: row.expiresAt,
      resendAt: resendAt(timing, this.rules),
      attemptsLeft: attemptsLeft(timing, this.rules),
      bindingId: row.bindingId,
      replacesBindingId: row.replacesBindingId,
    }
  }

  private bindingView(row: BindingRow): BindingView {
    const outbox = this.store.latestOutboxFor(row.id)
    const delivery: DeliveryView | null = outbox
      ? {
          status: outbox.status,
          attempts: outbox.attempts,
          lastError: outbox.lastError,
          nextAttemptAt: outbox.status === 'delivered' ? null : outbox.nextAttemptAt,
          deliveredAt: outbox.deliveredAt,
        }
      : null
    return {
      id: row.id,
      status: row.status,
      iinMasked: row.iinMasked,
      phoneMasked: row.phoneMasked,
      ticketId: row.ticketId,
      deskId: row.deskId,
      staffId: row.staffId,
      confirmedAt: row.confirmedAt,
      consent: { version: row.consentVersion, language: row.consentLanguage, at: row.consentAt },
      documentChecked: row.documentChecked,
      replacesBindingId: row.replaces,
      replacedBy: row.replacedBy,
      endedAt: row.endedAt,
      revokeReason: row.revokeReason,
      purged: row.purgedAt !== null,
      delivery,
    }
  }

  // audit and facts

  private audit(
    actor: { staffId: string } | null,
    deskId: string | null,
    action: AuditAction,
    entry: Partial<Pick<AuditEntry, 'oldValue' | 'newValue' | 'detail'>> &
      Pick<AuditEntry, 'registrationId' | 'bindingId' | 'at'>,
  ): void {
    this.store.audit({
      at: entry.at,
      day: this.today(entry.at),
      staffId: actor?.staffId ?? null,
      deskId,
      action,
      bindingId: entry.bindingId,
      registrationId: entry.registrationId,
      oldValue: entry.oldValue ?? null,
      newValue: entry.newValue ?? null,
      detail: entry.detail ?? null,
    })
  }

  private publish(update: Omit<RegistrationUpdate, 'type' | 'at' | 'today'>): void {
    if (this.listeners.size === 0) return
    const now = this.now()
    const { totals } = this.stats(this.today(now))
    const today: RegistrationCounts = {
      started: totals.started,
      confirmed: totals.confirmed,
      failed: totals.failed,
      expired: totals.expired,
    }
    const fact: RegistrationUpdate = { type: 'registration:updated', at: now, ...update, today }
    for (const listener of this.listeners) {
      try {
        listener(fact)
      } catch (error) {
        this.logger.error({ err: error }, 'registration listener failed')
      }
    }
  }

  private today(at: number): string {
    return localDay(at, this.config.centre.timeZone)
  }
}

export interface RegistrationStats {
  day: string
  totals: { started: number; confirmed: number; failed: number; expired: number; pending: number }
  registrars: Array<{
    staffId: string
    name: string
    started: number
    confirmed: number
    failed: number
    expired: number
    pending: number
  }>
}

function staffName(staff: StaffConfig | undefined): string | undefined {
  return staff ? `${staff.firstName} ${staff.lastName}`.trim() : undefined
}

/**
 * RFC 4180 CSV: every field quoted, quotes doubled, CRLF line ends. A field that a spreadsheet would
 * read as a formula (= + - @ at the start) gets a leading apostrophe.
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const field = (value: string | number) => {
    let text = String(value)
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
    return `"${text.replace(/"/g, '""')}"`
  }
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n'
}
