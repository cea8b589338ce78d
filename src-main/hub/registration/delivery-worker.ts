/**
 * Delivers the gateway outbox to the mobile-citizen database. A submission is committed with its
 * binding, so nothing is lost; the worker tries due rows one at a time, with the row's idempotency key,
 * so nothing is duplicated even when an attempt's outcome is unknown (a timeout after the database
 * stored it). Failures are retried with exponential backoff, without end: the registrar and supervisor
 * see the row as `retrying` with its last error. On start it picks up whatever a previous run left.
 */
import { maskIin } from '../../../src-shared/kz/iin'
import { maskPhone } from '../../../src-shared/kz/phone'
import type { Logger } from '../logger'
import type { CitizenSubmission, MobileCitizenGateway } from './adapters/mobile-citizen-gateway'
import type { SealedDeskStore } from './sealed-desk-store'
import type { OutboxRow } from './registration-rows'

export interface DeliveryWorkerOptions {
  store: SealedDeskStore
  gateway: MobileCitizenGateway
  logger: Logger
  now: () => number
  /** Delay after the first failure; it doubles with each further one, up to `maxDelayMs`. */
  baseDelayMs?: number
  maxDelayMs?: number
  /** Called after each attempt with the row as stored afterwards. */
  onAttempt?: (row: OutboxRow) => void | Promise<void>
}

const BATCH = 20

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private running: Promise<void> | null = null
  private again = false
  private stopped = true
  private readonly baseDelayMs: number
  private readonly maxDelayMs: number

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.baseDelayMs = options.baseDelayMs ?? 5_000
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000
  }

  start(): void {
    this.stopped = false
    this.kick()
  }

  /** Something new may be due: look now. */
  kick(): void {
    this.schedule(0)
  }

  /** Stops the timer and waits for an attempt in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  /** The delay before attempt `attempts + 1`, after `attempts` failures. */
  backoff(attempts: number): number {
    return Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** Math.max(0, attempts - 1))
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    const at = Date.now() + delayMs
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = null
      this.timerAt = Infinity
      void this.run()
    }, delayMs)
    this.timer.unref()
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = this.drain()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'gateway outbox run failed'))
      .finally(() => {
        this.running = null
        if (this.again) {
          this.again = false
          this.kick()
        } else {
          this.scheduleNext().catch((error: unknown) =>
            this.options.logger.error(
              { err: error },
              'gateway outbox: cannot read when the next submission is due',
            ),
          )
        }
      })
    return this.running
  }

  private async drain(): Promise<void> {
    const { store } = this.options
    for (;;) {
      if (this.stopped) return
      const due = await store.dueOutbox(this.options.now(), BATCH)
      if (due.length === 0) return
      for (const row of due) {
        if (this.stopped) return
        await this.attempt(row)
      }
      if (due.length < BATCH) return
    }
  }

  private async scheduleNext(): Promise<void> {
    const next = await this.options.store.nextOutboxAt()
    if (next === null) return
    this.schedule(Math.max(0, next - this.options.now()))
  }

  private async attempt(row: OutboxRow): Promise<void> {
    const { store, gateway, logger, now } = this.options
    const submission = JSON.parse(row.payload) as CitizenSubmission
    let failure: string | null = null
    try {
      await gateway.submit(submission)
    } catch (error) {
      failure = error instanceof Error ? error.message.slice(0, 200) : 'the gateway failed'
    }
    if (this.stopped && failure !== null) return // closing: the row stays due and is tried after a restart
    const at = now()
    if (failure === null) {
      await store.markDelivered(row.id, at, JSON.stringify(maskSubmission(submission)))
      logger.info(
        { event: 'gateway-delivered', outboxId: row.id, bindingId: row.bindingId },
        'submission delivered',
      )
    } else {
      const delay = this.backoff(row.attempts + 1)
      await store.markRetry(row.id, at + delay, failure)
      logger.warn(
        {
          event: 'gateway-retry',
          outboxId: row.id,
          bindingId: row.bindingId,
          attempts: row.attempts + 1,
          delay,
        },
        `submission not delivered: ${failure}`,
      )
    }
    const stored = await store.getOutbox(row.id)
    if (stored) await this.options.onAttempt?.(stored)
  }
}

/** The submission as kept after delivery: the same, with the IIN and phone masked. */
function maskSubmission(submission: CitizenSubmission): CitizenSubmission {
  return { ...submission, iin: maskIin(submission.iin), phone: maskPhone(submission.phone) }
}
