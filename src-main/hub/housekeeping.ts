/**
 * The hub's own chores: every `intervalMs` it asks the engine whether a new local day has begun,
 * closes staff sockets whose session expired and lets the trackers see the time pass; once a day (when `day:opened` commits) old retry records
 * and expired sessions are pruned from the store.
 */
import type { EventEnvelope } from '../../src-shared/domain'
import type { CentreEngine } from './centre-engine'
import type { Logger } from './logger'
import type { StaffSessions } from './staff-sessions'
import type { AsyncEventStore } from './store/types'

export interface HousekeepingOptions {
  engine: CentreEngine
  store: AsyncEventStore
  sessions: StaffSessions
  logger: Logger
  now: () => number
  /** Default every 30 s. */
  intervalMs?: number
  /** Also run at each tick: what changes with the clock alone (the trackers' wait estimates). */
  onTick?: () => void
}

const RETRY_RECORDS_KEPT_MS = 2 * 24 * 60 * 60_000

export function startHousekeeping(options: HousekeepingOptions) {
  const { engine, store, sessions, logger, now, intervalMs, onTick } = options
  const timer = setInterval(() => {
    engine.tick()
    sessions.closeExpired()
    onTick?.()
  }, intervalMs ?? 30_000)
  timer.unref()

  function prune(): void {
    void (async () => {
      const results = await store.pruneResults(now() - RETRY_RECORDS_KEPT_MS)
      const sessionsPruned = await store.pruneSessions(now())
      logger.info({ results, sessions: sessionsPruned }, 'pruned old retry records and expired sessions')
    })().catch((error: unknown) => logger.error({ err: error }, 'pruning failed'))
  }

  return {
    /** Committed facts: a new day prunes what yesterday no longer needs. */
    onCommit(events: readonly EventEnvelope[]): void {
      if (events.some((e) => e.type === 'day:opened')) prune()
    },
    stop(): void {
      clearInterval(timer)
    },
  }
}
