/**
 * Feeds the outbox from the centre's log: every committed fact goes through the rules
 * (`src-shared/notifications`), and what they call for is inserted once per key, together with the
 * cursor (the last seq handled), in one transaction. On start it catches up from the cursor, so whatever
 * a kill -9 left between a commit and its outbox rows is made from the log; a fact seen twice makes no
 * second row. Never on the ack path: the engine tells it after the acks, and it works in its own turns.
 */
import type { CentreConfig } from '../../../src-shared/config'
import type { CentreState, EventEnvelope } from '../../../src-shared/domain'
import { draftsOf, intentsOf, type NotifyIntent, type Reach } from '../../../src-shared/notifications'
import type { Logger } from '../logger'
import type { AsyncEventStore } from '../store/types'
import type { NotifyRecords } from './notify-records'

export interface OutboxFeedOptions {
  records: NotifyRecords
  store: AsyncEventStore
  /** The centre now (state after the facts it is told of) and its config. */
  centre: { readonly state: CentreState; readonly config: CentreConfig }
  logger: Logger
  now: () => number
  /** New rows are in the outbox. */
  onAdded: () => void
  /** How long to wait before writing again after a failed write; default 1 s. */
  retryMs?: number
}

/** Facts read from the log at a time while catching up. */
const PAGE = 500

export class OutboxFeed {
  private queue: EventEnvelope[] = []
  /** The last seq whose rows are written. */
  private handled = 0
  private running: Promise<void> | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private stopped = false
  /** Facts that commit while catching up wait for it. */
  private started = false

  constructor(private readonly options: OutboxFeedOptions) {}

  /**
   * Catches up from the cursor to the end of the log. The first time (no cursor yet) it starts at the
   * log's end: a centre that turns notifications on is not sent its whole history.
   */
  async start(): Promise<void> {
    const { records, store, now } = this.options
    const cursor = await records.cursor()
    if (cursor === null) {
      this.handled = store.lastSeq()
      await records.addIntents([], this.handled, now())
    } else {
      await this.catchUp(cursor)
    }
    this.started = true
    this.run()
  }

  private async catchUp(cursor: number): Promise<void> {
    const { store } = this.options
    this.handled = cursor
    for (;;) {
      const page = await store.eventsAfter(this.handled, PAGE)
      if (page.length === 0) break
      await this.write(page)
      if (page.length < PAGE) break
    }
    if (this.handled > cursor)
      this.options.logger.info(
        { event: 'notify-catch-up', from: cursor, to: this.handled },
        'notifications made from facts committed before the restart',
      )
  }

  /** Committed facts (the engine's commit listener): queued, written in a later turn. */
  onCommit(events: readonly EventEnvelope[]): void {
    if (this.stopped) return
    this.queue.push(...events)
    this.run()
  }

  /** Waits for the writes in progress; facts still queued are made from the log at the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.running
  }

  private run(): void {
    if (this.running || this.stopped || !this.started) return
    this.running = this.drain()
      .catch((error: unknown) => {
        this.options.logger.error(
          { err: error },
          'notifications: the outbox could not be written; trying again',
        )
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null
          this.run()
        }, this.options.retryMs ?? 1000)
        this.retryTimer.unref()
      })
      .finally(() => {
        this.running = null
        if (this.queue.length > 0 && !this.retryTimer) this.run()
      })
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      // Facts the catch-up already read are skipped; a batch leaves the queue once written.
      const batch = this.queue.filter((event) => event.seq > this.handled)
      if (batch.length === 0) {
        this.queue = []
        return
      }
      await this.write(batch)
      this.queue = this.queue.filter((event) => event.seq > this.handled)
    }
  }

  /** The rows of these facts, and the cursor at the last of them, in one transaction. */
  private async write(events: readonly EventEnvelope[]): Promise<void> {
    const { records, centre, now } = this.options
    const drafts = events.flatMap((event) => draftsOf(event, centre.state, centre.config))
    const reach = await this.reachOf(new Set(drafts.map((draft) => draft.phoneId)))
    const intents: NotifyIntent[] = intentsOf(drafts, (phoneId) => reach.get(phoneId), centre.config)
    const last = events[events.length - 1]!.seq
    await records.addIntents(intents, last, now())
    this.handled = Math.max(this.handled, last)
    if (intents.length > 0) this.options.onAdded()
  }

  /** Each phone's consents and Telegram link. */
  private async reachOf(phoneIds: ReadonlySet<string>): Promise<Map<string, Reach>> {
    const { records } = this.options
    const reach = new Map<string, Reach>()
    for (const phoneId of phoneIds) {
      const consented = await records.channelsOf(phoneId)
      if (consented.length === 0) continue
      const telegramLinked = consented.includes('telegram') && (await records.chatOf(phoneId)) !== undefined
      reach.set(phoneId, { consented, telegramLinked })
    }
    return reach
  }
}
