/**
 * Delivers the outbox, like the registration desk's `delivery-worker.ts`: due rows, one attempt at a time
 * per channel (SMS and Telegram do not wait for each other), retries with exponential backoff up to
 * `notifications.retry`, and each row's status and why. Never on the ack path: it runs in its own turns,
 * and a gateway that is slow or down slows only this.
 *
 * Before each attempt the row is checked again: still true (`isStale`), still consented, a recipient
 * still there; otherwise it is skipped with the reason. The attempt is recorded (`sending`) before it
 * starts. After a crash such a row is tried again: an SMS carries the row's key as the gateway's
 * `reference`, and the gateway's contract is that a repeated reference is one message, so it arrives
 * once; Telegram has no such key, so the one message in flight at a kill -9 may arrive twice, and its row
 * says so (`resent-after-restart`).
 */
import type { CentreConfig } from '../../../src-shared/config'
import type { CentreState } from '../../../src-shared/domain'
import {
  afterQuietHours,
  isStale,
  NOTIFY_CHANNELS,
  notificationSettings,
  smsText,
  telegramText,
  type NotifyChannel,
} from '../../../src-shared/notifications'
import type { Logger } from '../logger'
import { GatewayError } from '../registration/adapters/http-post'
import type { SmsGateway } from '../registration/adapters/sms-gateway'
import type { VaultEntries } from '../vault'
import type { TelegramSender } from './contracts'
import type { NotifyRecords, OutboxReason, OutboxRow } from './notify-records'

export interface NotifyDeliveryOptions {
  records: NotifyRecords
  centre: { readonly state: CentreState; readonly config: CentreConfig }
  /** Opens the phone's and the chat's vault entries (only `open`: the notifier writes none). */
  entries: Pick<VaultEntries, 'open'>
  sms: SmsGateway
  /** Absent: no Telegram bot runs, and Telegram rows fail saying so. */
  telegram?: TelegramSender
  logger: Logger
  now: () => number
  /** After each attempt, with the row as stored afterwards (tests). */
  onAttempt?: (row: OutboxRow) => void
}

const BATCH = 20
/** After the outbox's store failed, the next look. */
const STORE_RETRY_MS = 5_000
/** An attempt abandoned because the hub is closing. */
const HALTED = Symbol('halted')

/** What an attempt found: the text and where to send it, or why not. */
type Prepared = { send: () => Promise<void> } | { skip: OutboxReason } | { fail: string }

/** One channel's rows, one attempt at a time. */
class Lane {
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private running: Promise<void> | null = null
  private again = false
  stopped = true

  constructor(
    private readonly channel: NotifyChannel,
    private readonly delivery: NotifyDelivery,
  ) {}

  kick(delayMs = 0): void {
    if (this.stopped) return
    const at = Date.now() + delayMs
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = null
      this.timerAt = Infinity
      this.run()
    }, delayMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  private run(): void {
    if (this.running) {
      this.again = true
      return
    }
    const { logger } = this.delivery
    this.running = this.delivery
      .drain(this.channel, () => this.stopped)
      .then(async () => {
        const next = await this.delivery.nextDueAt(this.channel)
        if (next !== null) this.kick(Math.max(0, next - this.delivery.now()))
      })
      .catch((error: unknown) => {
        // The outbox itself failed (the database): look again a little later, not in a tight loop.
        logger.error(
          { err: error, channel: this.channel },
          'notifications: the outbox cannot be read or written',
        )
        this.kick(STORE_RETRY_MS)
      })
      .finally(() => {
        this.running = null
        // Kicked while it ran (new rows may have come after it last looked): look again now.
        if (this.again) {
          this.again = false
          this.kick()
        }
      })
  }
}

export class NotifyDelivery {
  private readonly lanes: Record<NotifyChannel, Lane>
  readonly logger: Logger
  readonly now: () => number
  /** Resolves when the hub closes: a send still in flight is let go (its row stays `sending`). */
  private readonly halted: Promise<typeof HALTED>
  private halt!: () => void

  constructor(private readonly options: NotifyDeliveryOptions) {
    this.halted = new Promise((resolve) => (this.halt = () => resolve(HALTED)))
    this.logger = options.logger
    this.now = options.now
    this.lanes = { sms: new Lane('sms', this), telegram: new Lane('telegram', this) }
  }

  start(): void {
    for (const channel of NOTIFY_CHANNELS) {
      this.lanes[channel].stopped = false
      this.lanes[channel].kick()
    }
  }

  /** Something new may be due: look now. */
  kick(): void {
    for (const channel of NOTIFY_CHANNELS) this.lanes[channel].kick()
  }

  /** Stops the timers and waits for the attempts in progress. */
  async stop(): Promise<void> {
    this.halt()
    await Promise.all(NOTIFY_CHANNELS.map((channel) => this.lanes[channel].stop()))
  }

  async nextDueAt(channel: NotifyChannel): Promise<number | null> {
    return this.options.records.nextDueAt(channel)
  }

  /** The delay before the next attempt after `attempts` failed ones. */
  backoff(attempts: number): number {
    const { baseSeconds, maxSeconds } = notificationSettings(this.options.centre.config).retry
    return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempts - 1)) * 1000
  }

  async drain(channel: NotifyChannel, stopped: () => boolean): Promise<void> {
    for (;;) {
      if (stopped()) return
      const due = await this.options.records.due(channel, this.now(), BATCH)
      for (const row of due) {
        if (stopped()) return
        await this.attempt(row, stopped)
      }
      if (due.length < BATCH) return
    }
  }

  private async attempt(row: OutboxRow, stopped: () => boolean): Promise<void> {
    const { records, logger } = this.options
    let prepared: Prepared
    try {
      prepared = await this.prepare(row)
    } catch (error) {
      // Opening the recipient failed (e.g. a vault entry of a kind this version does not know): tried
      // again later like a failed attempt (counted, so it ends as failed), and never spins the lane.
      await records.markSending(row.key, this.now(), null)
      return this.settle(row, error)
    }
    const at = this.now()
    if ('skip' in prepared) {
      await records.markSkipped(row.key, prepared.skip, at)
    } else if ('fail' in prepared) {
      await records.markFailed(row.key, prepared.fail, at)
    } else {
      // Found `sending`: a restart cut the last attempt off, its outcome unknown.
      const cutOff = row.status === 'sending' && row.channel === 'telegram' ? 'resent-after-restart' : null
      await records.markSending(row.key, at, cutOff)
      const outcome = await Promise.race([
        prepared.send().then(
          () => null,
          (error: unknown) => error ?? new Error('the send failed'),
        ),
        this.halted,
      ])
      // Closing: the row stays `sending`, tried again after the restart.
      if (outcome === HALTED || (stopped() && outcome !== null)) return
      const failure = outcome
      await this.settle(row, failure)
    }
    const stored = await records.get(row.key)
    if (stored) {
      if (stored.status !== 'sent' && stored.status !== 'sending')
        logger.info(
          {
            event: 'notify',
            key: row.key,
            status: stored.status,
            reason: stored.reason,
            error: stored.error,
          },
          `notification ${stored.status}`,
        )
      this.options.onAttempt?.(stored)
    }
  }

  /** After an attempt: sent, retried later, or given up. */
  private async settle(row: OutboxRow, failure: unknown): Promise<void> {
    const { records, centre } = this.options
    const at = this.now()
    if (failure === null) return records.markSent(row.key, at)
    const message = failure instanceof Error ? failure.message.slice(0, 200) : 'the send failed'
    const attempts = row.attempts + 1
    const settings = notificationSettings(centre.config)
    const permanent = failure instanceof GatewayError && failure.permanent
    if (permanent || attempts >= settings.retry.maxAttempts) return records.markFailed(row.key, message, at)
    const next = afterQuietHours(
      at + this.backoff(attempts),
      settings.quietHours,
      centre.config.centre.timeZone,
    )
    await records.markRetry(row.key, next, message, at)
  }

  /** Whether the row still holds, and the text and recipient if it does. */
  private async prepare(row: OutboxRow): Promise<Prepared> {
    const { records, centre, entries } = this.options
    if (isStale(row.kind, row.subjectId, centre.state)) return { skip: 'stale' }
    if (!(await records.channelsOf(row.phoneId)).includes(row.channel)) return { skip: 'no-consent' }
    if (row.channel === 'sms') {
      const phone = await entries.open(row.phoneId)
      if (!phone) return { skip: 'no-recipient' }
      const text = smsText(row.kind, row.params)
      return { send: () => this.options.sms.send({ to: phone.value, text, reference: row.key }) }
    }
    const { telegram } = this.options
    if (!telegram) return { fail: 'no Telegram bot is configured' }
    const link = await records.chatOf(row.phoneId)
    const chat = link && (await entries.open(link.chatEntryId))
    if (!link || !chat) return { skip: 'no-recipient' }
    const text = telegramText(row.kind, row.params, link.language)
    return { send: () => telegram.send(chat.value, text, row.key) }
  }
}
