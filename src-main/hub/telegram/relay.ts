/**
 * The notifier's `TelegramSender` when the bot runs in its own process (`npm run bot`): the hub holds no
 * bot token, so a message is handed to the bot process, which sends it and reports back. The bot asks
 * for messages with a long poll (`GET /api/v1/telegram/outbox`) and reports each (`PUT
 * /api/v1/telegram/outbox/{id}`); `send` settles with that report, so the notifier's outbox records
 * sent or failed, and retries with its backoff, exactly as with the bot in the hub.
 *
 * - No bot process asking (none polled in the last `idleMs`): `send` fails at once, saying so; the
 *   outbox tries again later. Nothing waits on a bot that is not there.
 * - A message handed out but not reported within `leaseMs` (the bot process died) is handed out again;
 *   one not reported within `timeoutMs` fails, for the outbox to retry.
 * - Only the plain chat id and the text leave the hub, and only to the key with scope `telegram`.
 */
import { randomUUID } from 'node:crypto'
import type { TelegramSender } from '../notify/contracts'
import type { VaultEntries } from '../vault'
import { chatIdOf } from './sender'

/** A message as the bot process gets it. */
export interface RelayedMessage {
  id: string
  chatId: string
  text: string
}

export interface RelayOptions {
  entries: VaultEntries
  now?: () => number
  /** A bot that has not asked for this long is not there (ms); default 90 s (three long polls). */
  idleMs?: number
  /** A handed-out message unreported for this long is handed out again (ms); default 30 s. */
  leaseMs?: number
  /** A message unreported for this long fails (ms); default 120 s. */
  timeoutMs?: number
}

interface Pending extends RelayedMessage {
  handedAt: number | null
  settle(error: Error | null): void
}

export class TelegramRelay implements TelegramSender {
  private readonly pending = new Map<string, Pending>()
  private readonly waiters = new Set<() => void>()
  private lastAskedAt = Number.NEGATIVE_INFINITY
  private closed = false
  private readonly now: () => number
  private readonly idleMs: number
  private readonly leaseMs: number
  private readonly timeoutMs: number

  constructor(private readonly options: RelayOptions) {
    this.now = options.now ?? Date.now
    this.idleMs = options.idleMs ?? 90_000
    this.leaseMs = options.leaseMs ?? 30_000
    this.timeoutMs = options.timeoutMs ?? 120_000
  }

  /** Whether a bot process asked for messages lately (or is asking now). */
  get connected(): boolean {
    return this.waiters.size > 0 || this.now() - this.lastAskedAt < this.idleMs
  }

  async send(chat: string, text: string, reference: string): Promise<void> {
    if (this.closed) throw new Error('the hub is closing')
    if (!this.connected) throw new Error('no Telegram bot process is connected (npm run bot)')
    const chatId = await chatIdOf(this.options.entries, chat, reference)
    // Closed while the chat was looked up: nothing would ever settle it.
    if (this.closed) throw new Error('the hub is closing')
    const id = randomUUID()
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => settle(new Error(`the bot process did not report message ${id} (notification ${reference})`)),
        this.timeoutMs,
      )
      timer.unref()
      const settle = (error: Error | null) => {
        clearTimeout(timer)
        this.pending.delete(id)
        if (error) reject(error)
        else resolve()
      }
      this.pending.set(id, { id, chatId, text, handedAt: null, settle })
      this.wake()
    })
  }

  /**
   * Up to `max` messages to send: those never handed out, or handed out longer than the lease ago;
   * when there are none, waits up to `waitMs` for one (a long poll).
   */
  async take(waitMs: number, max = 20): Promise<RelayedMessage[]> {
    this.lastAskedAt = this.now()
    let ready = this.ready(max)
    if (ready.length === 0 && waitMs > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          this.waiters.delete(done)
          resolve()
        }
        const timer = setTimeout(done, waitMs)
        timer.unref()
        this.waiters.add(done)
      })
      this.lastAskedAt = this.now()
      ready = this.ready(max)
    }
    const at = this.now()
    for (const message of ready) this.pending.get(message.id)!.handedAt = at
    return ready
  }

  /** The bot process's report: sent, or failed with its reason. False when no such message waits. */
  report(id: string, outcome: { sent: true } | { sent: false; reason: string }): boolean {
    const message = this.pending.get(id)
    if (!message) return false
    message.settle(outcome.sent ? null : new Error(`Telegram refused it: ${outcome.reason}`))
    return true
  }

  /** Fails every message not yet reported and ends every long poll. */
  close(): void {
    this.closed = true
    for (const message of [...this.pending.values()]) message.settle(new Error('the hub is closing'))
    this.wake()
  }

  private ready(max: number): RelayedMessage[] {
    const staleBefore = this.now() - this.leaseMs
    const ready: RelayedMessage[] = []
    for (const { id, chatId, text, handedAt } of this.pending.values()) {
      if (ready.length >= max) break
      if (handedAt === null || handedAt <= staleBefore) ready.push({ id, chatId, text })
    }
    return ready
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}
