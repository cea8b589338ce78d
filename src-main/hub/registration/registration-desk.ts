/**
 * The mobile-citizen registration desk: binds a citizen's IIN to a mobile phone proven with a one-time
 * code, changes or revokes a binding, and keeps the audit trail, the daily figures and the retention
 * period. The hub calls it after it has validated and authorised a command (steps 1–2); here each
 * command is decided, persisted in one transaction with its retry record, and answered (steps 3–5).
 *
 * Nothing here enters the queue's event log. Personal data is written only to the registration tables,
 * returned in full only in the registrar's `registration:confirm` ack, and masked everywhere else.
 *
 * This class is the desk's one entry point; it composes the parts in `desk/`, each of which is handed
 * one shared `DeskContext`: the command path (`commands.ts`), one file per flow (`start.ts` for start
 * and change-phone, `resend.ts`, `confirm.ts`, `revoke.ts`), `queries.ts`, and the concerns they share.
 */
import type { Language, StaffConfig } from '../../../src-shared/config'
import type {
  RegistrationCommandType,
  RegistrationUpdate,
  registrationSchemas,
} from '../../../src-shared/protocol'
import { OTP_RULES } from '../../../src-shared/registration/otp'
import type { z } from 'zod'
import { OutboxSmsGateway } from './adapters/sms-gateway'
import { DeliveryWorker } from './delivery-worker'
import { DeskCommands } from './desk/commands'
import {
  KeyedLock,
  type Answer,
  type DeskActor,
  type DeskContext,
  type RegistrationDeskOptions,
} from './desk/context'
import { publishUpdate } from './desk/facts'
import type { SupervisorAuditLine } from '../reports/supervisor-audit'
import { auditCsv, auditExport, stats, statsCsv, type RegistrationStats } from './desk/figures'
import { deliveryAttempted } from './desk/outbox'
import { expireCodes, purge } from './desk/sweeps'

export type { DeskActor, RegistrationDeskOptions } from './desk/context'
export type { RegistrationStats } from './desk/figures'
export { scrubDigits } from './desk/revoke'

export class RegistrationDesk {
  private readonly options: RegistrationDeskOptions
  private readonly ctx: DeskContext
  private readonly commands: DeskCommands
  private readonly worker: DeliveryWorker
  private readonly listeners = new Set<(update: RegistrationUpdate) => void>()
  private sweepTimer: NodeJS.Timeout | null = null
  private sweeping: Promise<void> | null = null
  /** Facts go out one after another, in the order they happened (each reads the day's counts first). */
  private publishing: Promise<void> = Promise.resolve()

  constructor(options: RegistrationDeskOptions) {
    this.options = options
    const ctx: DeskContext = {
      config: options.config,
      store: options.store,
      logger: options.logger,
      now: options.now,
      rules: options.rules ?? OTP_RULES,
      sms: options.sms,
      centre: options.centre,
      lock: new KeyedLock(),
      kickDelivery: () => this.worker.kick(),
      publish: (update) => {
        this.publishing = this.publishing
          .then(() => publishUpdate(ctx, this.listeners, update))
          .catch((error: unknown) => ctx.logger.error({ err: error }, 'registration fact not sent'))
      },
    }
    this.ctx = ctx
    this.commands = new DeskCommands(ctx, options.store.fingerprintKeys)
    this.worker = new DeliveryWorker({
      store: options.store,
      gateway: options.gateway,
      logger: options.logger,
      now: options.now,
      baseDelayMs: options.deliveryBaseDelayMs,
      maxDelayMs: options.deliveryMaxDelayMs,
      onAttempt: (row) => deliveryAttempted(ctx, row),
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
    await this.commands.settled()
    await this.publishing
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

  /**
   * Decides, persists and answers one validated, authorised command. Never rejects. A command already
   * answered under this request id gets that answer again; queries are answered afresh each time.
   */
  handle<T extends RegistrationCommandType>(
    actor: DeskActor,
    type: T,
    payload: z.output<(typeof registrationSchemas)[T]>,
  ): Promise<Answer<T>> {
    return this.commands.handle(actor, type, payload)
  }

  /** Closes pending challenges whose code has run out, and applies the retention period. */
  sweep(): Promise<void> {
    if (this.sweeping) return this.sweeping
    this.sweeping = (async () => {
      try {
        await this.expireCodes()
        await this.purge()
        // A sent code is kept in the demo outbox only while it can still be entered.
        await this.smsOutbox?.prune(this.ctx.now() - this.ctx.rules.ttlMs)
      } catch (error) {
        this.ctx.logger.error({ err: error }, 'registration sweep failed')
      }
    })().finally(() => {
      this.sweeping = null
    })
    return this.sweeping
  }

  /** Marks pending challenges past their expiry as expired and erases their data; returns how many. */
  expireCodes(): Promise<number> {
    return expireCodes(this.ctx)
  }

  /** Erases the IIN and phone of bindings past the retention period; returns how many. */
  purge(): Promise<number> {
    return purge(this.ctx)
  }

  /** Registrations started on the centre's local `day` and how they ended, per registrar. */
  stats(day: string): Promise<RegistrationStats> {
    return stats(this.ctx, day)
  }

  /** The day's figures as CSV, headers in `language`; the export is audited first. */
  statsCsv(day: string, by: StaffConfig, language: Language): Promise<string> {
    return statsCsv(this.ctx, day, by, language)
  }

  /** The audit log of the local days `from`–`to` as CSV (masked values only); the export is audited first. */
  auditCsv(
    from: string,
    to: string,
    by: StaffConfig,
    language: Language,
    more: readonly SupervisorAuditLine[] = [],
  ): Promise<string> {
    return auditCsv(this.ctx, from, to, by, language, more)
  }

  /** An export made elsewhere (the supervisor's figures) leaves its audit entry here, with the others. */
  auditExport(by: StaffConfig, what: string): Promise<void> {
    return auditExport(this.ctx, by, what)
  }
}
