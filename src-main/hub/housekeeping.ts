/**
 * The hub's own chores: every `intervalMs` it asks the engine whether a new local day has begun,
 * closes staff sockets whose session expired and lets the trackers see the time pass; once a day (when `day:opened` commits) old retry records
 * and expired sessions are pruned from the store, and old notifications from the outbox. Bookings' personal data past retention is erased
 * (`booking-retention.ts`) at the first tick, then at most every `retentionSweepMs` of the hub's clock
 * and with each new day; one sweep at a time.
 */
import type { EventEnvelope } from '../../src-shared/domain'
import { sweepBookingEntries } from './booking-retention'
import type { CentreEngine } from './centre-engine'
import type { Logger } from './logger'
import type { StaffSessions } from './staff-sessions'
import type { AsyncEventStore } from './store/types'
import type { VaultEntries } from './vault'

export interface HousekeepingOptions {
  engine: CentreEngine
  store: AsyncEventStore
  sessions: StaffSessions
  /** Bookings' IINs and phones, swept for retention. */
  entries: VaultEntries
  logger: Logger
  now: () => number
  /** Default every 30 s. */
  intervalMs?: number
  /** The retention sweep's period on the hub's clock; default an hour. */
  retentionSweepMs?: number
  /** The notifier: the entries it still needs (kept by the retention sweep), and its daily pruning. */
  notifier?: { entriesInUse(): Promise<string[]>; prune(): Promise<number> }
  /** Also run at each tick: what changes with the clock alone (the trackers' wait estimates). */
  onTick?: () => void
}

const RETRY_RECORDS_KEPT_MS = 2 * 24 * 60 * 60_000
const HOUR_MS = 60 * 60_000

export function startHousekeeping(options: HousekeepingOptions) {
  const { engine, store, sessions, entries, logger, now, intervalMs, onTick, notifier } = options
  let sweptAt = -Infinity
  /** The sweep in flight, if any: one at a time, and the hub's close waits for it. */
  let sweeping: Promise<void> | null = null
  const timer = setInterval(() => {
    engine.tick()
    sessions.closeExpired()
    onTick?.()
    if (now() - sweptAt >= (options.retentionSweepMs ?? HOUR_MS)) sweep()
  }, intervalMs ?? 30_000)
  timer.unref()

  function sweep(): void {
    if (sweeping) return
    sweptAt = now()
    sweeping = sweepBookingEntries({
      config: engine.config,
      entries,
      state: () => engine.state,
      keep: notifier && (() => notifier.entriesInUse()),
      logger,
      now,
    })
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error }, 'the retention sweep of bookings failed'),
      )
      .finally(() => (sweeping = null))
  }

  function prune(): void {
    void (async () => {
      const results = await store.pruneResults(now() - RETRY_RECORDS_KEPT_MS)
      const sessionsPruned = await store.pruneSessions(now())
      logger.info({ results, sessions: sessionsPruned }, 'pruned old retry records and expired sessions')
      await notifier?.prune()
    })().catch((error: unknown) => logger.error({ err: error }, 'pruning failed'))
  }

  return {
    /** Committed facts: a new day prunes what yesterday no longer needs. */
    onCommit(events: readonly EventEnvelope[]): void {
      if (!events.some((e) => e.type === 'day:opened')) return
      prune()
      sweep()
    },
    /** Stops the timer; resolves once a sweep in flight has ended. */
    async stop(): Promise<void> {
      clearInterval(timer)
      await sweeping
    },
  }
}
