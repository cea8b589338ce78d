/**
 * Keeps the report tables up with the centre's log, as the notifications' outbox feed does: every
 * committed fact is folded into the rows it changes (`rows.ts`), written together with the cursor (the
 * last seq folded) in one transaction. On start it catches up from the cursor, so what a kill -9 left
 * between a commit and its rows is folded from the log; a fact is never folded twice, since the cursor
 * moves with the rows. New tables (or tables of another version) are projected from the log's start.
 * Never on the ack path: the engine tells it after the acks, and it works in its own turns.
 */
import type { EventEnvelope } from '../../../src-shared/domain'
import type { Logger } from '../logger'
import type { AsyncEventStore } from '../store/types'
import type { ReportRecords } from './records'
import { ReportFold, rowIdsOf, type ReportCentre } from './rows'

export interface ReportProjectorOptions {
  records: ReportRecords
  store: Pick<AsyncEventStore, 'eventsAfter' | 'lastSeq'>
  centre: ReportCentre
  logger: Logger
  /** How long to wait before writing again after a failed write; default 1 s. */
  retryMs?: number
}

/** Facts read from the log at a time while catching up. */
const PAGE = 5000
/** Rows held in memory between batches (a few days of a busy centre) before they are let go. */
const HELD_ROWS = 40_000

export class ReportProjector {
  private queue: EventEnvelope[] = []
  /** The last seq whose rows are written. */
  private handled = 0
  private running: Promise<void> | null = null
  private retryTimer: NodeJS.Timeout | null = null
  private stopped = false
  private started = false
  private fold: ReportFold
  private idleWaiters: Array<() => void> = []

  constructor(private readonly options: ReportProjectorOptions) {
    this.fold = new ReportFold(options.centre)
  }

  /** The last seq whose facts are in the report tables. */
  get seq(): number {
    return this.handled
  }

  /** True once the start's catch-up is done: the tables then follow the commits within a turn or two. */
  get caughtUp(): boolean {
    return this.started
  }

  /**
   * Opens the tables, then catches up with the log from the cursor in the background (a first start on
   * a year's log takes a while; the hub serves meanwhile, reports say how far they are) and follows the
   * commits. Rejects when the tables cannot be opened; `idle()` waits for the catch-up.
   */
  async start(): Promise<void> {
    const { records, logger } = this.options
    const cursor = await records.open()
    this.handled = cursor
    this.fold.load({ tickets: [], sessions: [], bookings: [], pauses: await records.openPauses() })
    const started = Date.now()
    this.running = this.catchUp()
      .then(() => {
        if (this.handled > cursor)
          logger.info(
            { event: 'reports-catch-up', from: cursor, to: this.handled, ms: Date.now() - started },
            'report rows made from facts committed before the start',
          )
        this.started = !this.stopped
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'reports: catching up with the log failed; trying again')
        this.retryLater()
      })
      .finally(() => {
        this.running = null
        if (this.started) this.run()
        if (this.started && this.queue.every((e) => e.seq <= this.handled)) this.wakeIdle()
      })
  }

  /** Empties the tables and projects the whole log again (after a change of how rows are folded). */
  async rebuild(): Promise<void> {
    this.started = false
    await this.running
    await this.options.records.clear()
    this.fold = new ReportFold(this.options.centre)
    this.handled = 0
    await this.catchUp()
    this.started = !this.stopped
    this.run()
  }

  private async catchUp(): Promise<void> {
    const { records, store } = this.options
    const long = store.lastSeq() - this.handled > PAGE
    if (long) records.catchingUp?.(true)
    try {
      while (!this.stopped) {
        const page = await store.eventsAfter(this.handled, PAGE)
        if (page.length === 0) break
        await this.write(page)
        if (page.length < PAGE) break
        // Commands and acks go between pages (SQLite answers in the same thread).
        await new Promise((resolve) => setImmediate(resolve))
      }
    } finally {
      if (long) records.catchingUp?.(false)
    }
  }

  /** Committed facts (the engine's commit listener): queued, written in a later turn. */
  onCommit(events: readonly EventEnvelope[]): void {
    if (this.stopped) return
    this.queue.push(...events)
    this.run()
  }

  /** Resolves once every fact told of so far is written (tests, and a report that must be current). */
  async idle(): Promise<void> {
    if (!this.running && this.queue.every((e) => e.seq <= this.handled)) return
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
  }

  /** Waits for the writes in progress; facts still queued are folded from the log at the next start. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.running
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private run(): void {
    if (this.running || this.stopped || !this.started) return
    this.running = this.drain()
      .catch((error: unknown) => {
        this.options.logger.error(
          { err: error },
          'reports: the report rows could not be written; trying again',
        )
        // What was folded but not stored is read again from the log.
        this.queue = []
        this.retryLater()
      })
      .finally(() => {
        this.running = null
        if (this.queue.length > 0 && !this.retryTimer) this.run()
        else if (!this.retryTimer) this.wakeIdle()
      })
  }

  private wakeIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  /** What was folded but not stored is read again from the log, after a pause. */
  private retryLater(): void {
    this.fold = new ReportFold(this.options.centre)
    this.started = false
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.recover()
    }, this.options.retryMs ?? 1000)
    this.retryTimer.unref()
  }

  /** After a failed write: the open pauses and the cursor from the tables, the rest from the log. */
  private async recover(): Promise<void> {
    if (this.stopped) return
    try {
      this.handled = await this.options.records.open()
      this.fold.load({
        tickets: [],
        sessions: [],
        bookings: [],
        pauses: await this.options.records.openPauses(),
      })
      this.started = false
      await this.catchUp()
    } catch (error) {
      this.options.logger.error({ err: error }, 'reports: catching up failed; trying again')
      this.retryLater()
      return
    }
    this.started = true
    this.run()
    if (this.queue.every((e) => e.seq <= this.handled)) this.wakeIdle()
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      const batch = this.queue.filter((event) => event.seq > this.handled)
      this.queue = []
      if (batch.length > 0) await this.write(batch)
    }
  }

  /** Folds the facts (after loading the rows they change) and stores the rows with the cursor. */
  private async write(events: readonly EventEnvelope[]): Promise<void> {
    const { records } = this.options
    // A gap (facts the queue never got) is read from the log first.
    if (events[0]!.seq > this.handled + 1) {
      const gap = await this.options.store.eventsAfter(this.handled, events[0]!.seq - this.handled - 1)
      events = [...gap, ...events]
    }
    const missing = this.fold.missing(rowIdsOf(events))
    if (missing.tickets.length + missing.sessions.length + missing.bookings.length > 0)
      this.fold.load(await records.load(missing))
    for (const event of events) this.fold.apply(event)
    const last = events[events.length - 1]!.seq
    await records.write(this.fold.take(), last)
    this.handled = Math.max(this.handled, last)
    // Every row is stored now: the next facts load what they need again.
    if (this.fold.size > HELD_ROWS) this.fold.forget()
  }
}
