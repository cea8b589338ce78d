/**
 * One centre's command pipeline: decide, persist, then ack and publish.
 *
 * Commands are serialised through one in-process queue. Whatever arrived while the previous batch was
 * being written is decided together and committed in one transaction (group commit): one fsync for
 * many tickets, and no ack before its events are durable. A retry with the same request id gets the
 * stored answer and changes nothing, even after a restart.
 *
 * Two kinds of store, one pipeline. A synchronous store (SQLite) commits inside `drain`, in the same
 * tick as the decisions: no Promise is awaited on that path. A store whose commit returns a Promise
 * (PostgreSQL) gets one commit in flight at a time: commands that arrive meanwhile wait in the queue and
 * form the next batch, which is decided only after the previous commit resolved, so batches commit in
 * order and each is decided on a state whose every earlier event is durable. While a commit is in
 * flight the in-memory state is ahead of the store: whatever shows state to clients asks
 * `whenSettled()` first (see fan-out.ts), so no one sees an event before it is durable.
 */
import type { CentreConfig } from '../../src-shared/config'
import {
  applyEvents,
  dayTurnover,
  evolve,
  initialState,
  rankMap,
  type Actor,
  type CentreState,
  type Command,
  type EventEnvelope,
} from '../../src-shared/domain'
import type { Ack, AckError } from '../../src-shared/protocol'
import { ClockChores } from './clock-chores'
import { errorAck } from './command-acks'
import { DayEndTickets } from './day-end-tickets'
import { decideOne, type DecideDeps } from './engine-decide'
import {
  answerFromStore,
  commandFingerprint,
  InflightRequests,
  requestScope,
  type StoredAnswer,
} from './idempotency'
import type { Logger } from './logger'
import { RecentEvents } from './recent-events'
import { TrackIndex } from './track-index'
import { isPromiseLike, type AsyncEventStore, type Awaitable, type StoredResult } from './store/types'

export interface EngineDeps {
  config: CentreConfig
  /** Any store; the constructor needs one that loads synchronously, `CentreEngine.open` takes any. */
  store: AsyncEventStore
  logger: Logger
  now?: () => number
  newId: () => string
  newToken: () => string
  /** How many recent events stay in memory for reconnecting clients. */
  recentEvents?: number
  /**
   * Called when a commit fails. The in-memory state is then ahead of the disk, so the hub must stop;
   * a restart rebuilds the state from what was acknowledged.
   */
  onFatal?: (error: unknown) => void
}

interface PendingCommand {
  principalKey: string
  requestId: string
  fingerprint: string
  actor: Actor
  command: Command
  resolve: (ack: Ack<object>) => void
}

export type CommitListener = (events: EventEnvelope[]) => void

export { errorAck } from './command-acks'

export class CentreEngine {
  readonly config: CentreConfig
  readonly state: CentreState
  private readonly store: AsyncEventStore
  private readonly logger: Logger
  /** The hub's clock (movable in tests), for whoever reads the state at "now". */
  readonly now: () => number
  private readonly deps: EngineDeps
  private categoryRanks: Record<string, number>
  private pending: PendingCommand[] = []
  private readonly inflight = new InflightRequests<Ack<object>>()
  private drainScheduled = false
  /** The hub's own commands the clock makes due (lapses, the remote sweep). */
  private readonly chores: ClockChores
  private failed = false
  /** An asynchronous commit is in flight: the state holds events that are not durable yet. */
  private committing = false
  /** Resolves when the commit in flight has resolved; made only when someone asks. */
  private settled: { promise: Promise<void>; resolve: () => void } | null = null
  /** The seq of the last event known durable (equal to `state.seq` whenever no commit is in flight). */
  private durable = 0
  private readonly listeners = new Set<CommitListener>()
  /** Recent events, oldest first, for catch-up without touching the disk. */
  private readonly recent: RecentEvents
  private readonly tracks = new TrackIndex()
  /** The tickets the last day change closed, for their trackers (hub-only, like the tokens). */
  readonly closedAtDayEnd = new DayEndTickets()

  /**
   * An engine on any store: reads today's events (awaiting an asynchronous store), then builds the
   * state from them.
   */
  static async open(deps: EngineDeps): Promise<CentreEngine> {
    return new CentreEngine(deps, await deps.store.eventsOfCurrentDay())
  }

  /**
   * An engine on a store that loads synchronously (SQLite). `todaysEvents` is what the store's
   * `eventsOfCurrentDay` answered, when the caller already has it (`CentreEngine.open`).
   */
  constructor(deps: EngineDeps, todaysEvents?: EventEnvelope[]) {
    this.deps = deps
    this.config = deps.config
    this.store = deps.store
    this.logger = deps.logger
    this.now = deps.now ?? Date.now
    this.chores = new ClockChores((...args) => this.submit(...args), deps.logger)
    this.recent = new RecentEvents(deps.recentEvents ?? 5000)
    this.categoryRanks = rankMap(deps.config)
    this.state = initialState(deps.config.centre.id)
    const events = todaysEvents ?? this.store.eventsOfCurrentDay()
    if (isPromiseLike(events)) {
      void events.catch(() => undefined)
      throw new Error('this store loads asynchronously: build the engine with CentreEngine.open')
    }
    this.load(events)
  }

  /** Rebuilds today's state from the log: the newest `day:opened` on. */
  private load(events: EventEnvelope[]): void {
    const first = events[0]
    if (first) this.state.seq = first.seq - 1
    else this.state.seq = this.store.lastSeq()
    for (const event of events) this.applyCommitted(event)
    if (this.state.seq !== this.store.lastSeq()) {
      throw new Error(
        `event log ends at seq ${this.store.lastSeq()} but today's events end at ${this.state.seq}`,
      )
    }
    this.durable = this.state.seq
    this.logger.info(
      { seq: this.state.seq, day: this.state.day, events: events.length },
      'centre state loaded',
    )
  }

  private applyCommitted(event: EventEnvelope): void {
    evolve(this.state, event)
    this.remember([event])
  }

  private remember(events: EventEnvelope[]): void {
    for (const event of events) this.tracks.note(event)
    this.recent.note(events)
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Today's ticket of a track token, or one the last day change closed. */
  ticketIdForToken(token: string): string | undefined {
    return this.tracks.ticketIdForToken(token) ?? this.closedAtDayEnd.ticketIdForToken(token)
  }

  /** The track token of today's ticket whose typed link carries `code` (already parsed). */
  trackTokenForCode(code: string): string | undefined {
    return this.tracks.tokenForCode(code)
  }

  /** The seq of the last durable event: what `/healthz` and catch-up may show. */
  get durableSeq(): number {
    return this.durable
  }

  /**
   * Undefined when the state holds only durable events (always, with a synchronous store); otherwise
   * a Promise that resolves once the commit in flight has resolved and its facts were published. Its
   * continuations run before the next batch is decided, so they see a state equal to the store's.
   */
  whenSettled(): Promise<void> | undefined {
    if (!this.committing) return undefined
    if (!this.settled) {
      let resolve!: () => void
      const promise = new Promise<void>((r) => (resolve = r))
      this.settled = { promise, resolve }
    }
    return this.settled.promise
  }

  /**
   * Events after `seq` if they are all still in memory; otherwise null and the client needs a
   * snapshot. A `seq` ahead of the hub (a client of a wiped data folder) also gets null.
   */
  eventsAfter(seq: number): EventEnvelope[] | null {
    return this.recent.after(seq, this.durable)
  }

  /**
   * Queues a command; resolves with its ack once its events are durable. Never rejects: every outcome,
   * including a storage failure, is an ack.
   *
   * A request id is scoped to its sender and command type: a retry of the same command gets the first
   * ack; a client that reuses an id for another kind of command gets that command decided, not an old
   * ack for something else. The same id with another payload of the same type is refused
   * (`request_id_reused`): it is a client bug, and answering it with the first ack would hide it.
   */
  submit(principalKey: string, requestId: string, actor: Actor, command: Command): Promise<Ack<object>> {
    if (this.failed)
      return Promise.resolve(errorAck('storage_failed', 'the hub cannot store commands; it is restarting'))
    const scope = requestScope(principalKey, command.type)
    const fingerprint = commandFingerprint(command)
    const running = this.inflight.join(scope, requestId, fingerprint, command.type)
    if (running) return running
    let stored: Awaitable<StoredAnswer | undefined>
    try {
      stored = this.store.findResult(scope, requestId)
    } catch (error) {
      return Promise.resolve(this.readFailed(error))
    }
    if (isPromiseLike(stored)) {
      return this.submitAfterLookup(stored, { principalKey: scope, requestId, fingerprint, actor, command })
    }
    // The synchronous path (SQLite): exactly as before the asynchronous one existed, no extra tick.
    const answered = answerFromStore<Ack<object>>(stored, fingerprint, command.type)
    if (answered) return Promise.resolve(answered)
    const promise = new Promise<Ack<object>>((resolve) => {
      this.pending.push({ principalKey: scope, requestId, fingerprint, actor, command, resolve })
    })
    this.inflight.track(scope, requestId, fingerprint, promise)
    this.scheduleDrain()
    return promise
  }

  /**
   * `submit` on a store whose lookups answer later (PostgreSQL). The ack promise exists, and is in
   * `inflight`, before the lookup answers, so a retry arriving meanwhile joins it; and the queue
   * resolves this very promise, so the ack still goes out before the facts, as on the synchronous path.
   */
  private submitAfterLookup(
    stored: Promise<StoredAnswer | undefined>,
    item: Omit<PendingCommand, 'resolve'>,
  ): Promise<Ack<object>> {
    let resolve!: (ack: Ack<object>) => void
    const promise = new Promise<Ack<object>>((r) => (resolve = r))
    void stored.then(
      (answer) => {
        if (this.failed)
          return resolve(errorAck('storage_failed', 'the command was not stored; try again shortly'))
        let answered
        try {
          answered = answerFromStore<Ack<object>>(answer, item.fingerprint, item.command.type)
        } catch (error) {
          return resolve(this.readFailed(error))
        }
        if (answered) return resolve(answered)
        this.pending.push({ ...item, resolve })
        this.scheduleDrain()
      },
      (error: unknown) => resolve(this.readFailed(error)),
    )
    this.inflight.track(item.principalKey, item.requestId, item.fingerprint, promise)
    return promise
  }

  private readFailed(error: unknown): AckError {
    this.logger.error({ err: error }, 'reading a stored result failed')
    return errorAck('storage_failed', 'the hub could not read its records; try again shortly')
  }

  /**
   * What the clock alone changes, even when nobody sends a command: a new local day after midnight,
   * bookings whose late window has closed lapse (one `booking:lapse` of the hub's own per tick at most),
   * and remote tickets are told to come, held or lapse (`ticket:remote-sweep`, likewise).
   */
  tick(): void {
    const now = this.now()
    if (dayTurnover(this.state, this.config, now).length > 0) return this.scheduleDrain()
    this.chores.run(this.state, this.config, now)
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return
    this.drainScheduled = true
    // setImmediate lets every command already read from the sockets join this batch.
    setImmediate(() => {
      this.drainScheduled = false
      this.drain()
    })
  }

  private drain(): void {
    // An asynchronous commit in flight: the queue waits and becomes the next batch when it resolves.
    if (this.failed || this.committing) return
    const batch = this.pending
    this.pending = []
    const now = this.now()
    const events: EventEnvelope[] = []
    const results: StoredResult[] = []
    const acks: Ack<object>[] = []
    try {
      // A new day first: yesterday's unfinished tickets closed, then the day opened.
      const turnover = dayTurnover(this.state, this.config, now)
      if (turnover.length > 0) {
        this.closedAtDayEnd.note(this.state, turnover, now)
        events.push(...applyEvents(this.state, turnover, now))
      }
      const decideDeps = this.decideDeps()
      for (const item of batch) {
        const ack = decideOne(this.state, decideDeps, item.actor, item.command, now, events)
        acks.push(ack)
        results.push({
          principal: item.principalKey,
          requestId: item.requestId,
          ack: JSON.stringify(ack),
          at: now,
          fingerprint: item.fingerprint,
        })
      }
      if (events.length === 0 && results.length === 0) return
      const committed = this.store.commit({ events, results })
      if (isPromiseLike(committed)) {
        this.committing = true
        committed.then(
          () => this.committedAsync(batch, acks, events),
          (error: unknown) => this.fail(error, batch),
        )
        return
      }
    } catch (error) {
      this.fail(error, batch)
      return
    }
    this.committed(batch, acks, events)
  }

  private committedAsync(batch: PendingCommand[], acks: Ack<object>[], events: EventEnvelope[]): void {
    this.committing = false
    this.committed(batch, acks, events)
    // After the acks and the facts' microtask: readers waiting to show state see exactly this batch.
    const settled = this.settled
    this.settled = null
    if (settled) queueMicrotask(settled.resolve)
    // The commands that queued meanwhile, and a day that turned meanwhile (`tick`), go next.
    this.scheduleDrain()
  }

  /** The batch is durable: remember it, ack each command, then publish the facts. */
  private committed(batch: PendingCommand[], acks: Ack<object>[], events: EventEnvelope[]): void {
    this.durable = this.state.seq
    this.remember(events)
    batch.forEach((item, i) => item.resolve(acks[i]!))
    if (events.length > 0) {
      // After the acks: each sender's ack continuation is already queued, so it answers before the
      // facts go out (durable, then ack, then broadcast).
      queueMicrotask(() => this.publish(events))
    }
  }

  private publish(events: EventEnvelope[]): void {
    for (const listener of this.listeners) {
      try {
        listener(events)
      } catch (error) {
        this.logger.error({ err: error }, 'commit listener failed')
      }
    }
  }

  private decideDeps(): DecideDeps {
    const { config, categoryRanks, logger } = this
    return { config, categoryRanks, logger, newId: this.deps.newId, newToken: this.deps.newToken }
  }

  private fail(error: unknown, batch: PendingCommand[]): void {
    this.failed = true
    this.committing = false
    this.logger.fatal({ err: error }, 'commit failed; the in-memory state is no longer trusted')
    for (const item of batch)
      item.resolve(errorAck('storage_failed', 'the command was not stored; try again shortly'))
    for (const item of this.pending)
      item.resolve(errorAck('storage_failed', 'the command was not stored; try again shortly'))
    this.pending = []
    this.deps.onFatal?.(error)
  }

  /**
   * The config changed (the hub's `LiveConfig`; `config` reads through to it): what the engine derived
   * from it once is derived again. Called synchronously, so between two batches of commands.
   */
  reconfigured(): void {
    this.categoryRanks = rankMap(this.config)
  }

  /** Waits until every queued command is committed (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.pending.length > 0 || this.drainScheduled || this.inflight.size > 0 || this.committing) {
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}
