/**
 * Keeps the centre store in step with the hub's event log, for one connection: a snapshot or the missed
 * events after every (re)connect, then each fact in seq order. A fact from further ahead than the next seq
 * means something was missed: it asks `sync:since`, buffers facts meanwhile, and marks the state untrusted
 * (`connection.synced = false`) until it has caught up.
 */
import type { EventEnvelope } from '../../src-shared/domain'
import type { Ack, Snapshot, SyncResult } from '../../src-shared/protocol'
import type { useCentreStore } from '../stores/centre'
import type { useConnectionStore } from '../stores/connection'
import type { HubSocket } from './hub-client'

const RESYNC_RETRY_MS = 1_000

type SyncPhase = 'awaiting-sync' | 'live' | 'resyncing'

export interface FactSyncDeps {
  socket: HubSocket
  centre: ReturnType<typeof useCentreStore>
  connection: ReturnType<typeof useConnectionStore>
  /** How long a `sync:since` waits for its answer before it is asked again. */
  syncTimeoutMs: number
}

export class FactSync {
  #phase: SyncPhase = 'awaiting-sync'
  /** Facts that arrived while the state was being (re)synced, applied once it is. */
  #buffer: EventEnvelope[] = []
  #closed = false
  #resyncTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly deps: FactSyncDeps) {}

  /** Connected: the hub sends a snapshot or the missed events right after the handshake. */
  connected(): void {
    this.#phase = 'awaiting-sync'
  }

  disconnected(): void {
    this.#phase = 'awaiting-sync'
    this.#stopTimer()
  }

  close(): void {
    this.#closed = true
    this.#stopTimer()
  }

  get closed(): boolean {
    return this.#closed
  }

  snapshot(snapshot: Snapshot): void {
    this.#applySnapshot(snapshot)
    // Facts buffered before the snapshot are mostly older than it; drainBuffer skips those.
    this.#drainBuffer()
  }

  events(events: readonly EventEnvelope[]): void {
    const rest = this.#safely(() => this.#applyInOrder(events))
    if (rest === null) return
    this.#buffer.push(...rest)
    this.#drainBuffer()
  }

  fact(event: EventEnvelope): void {
    if (this.#phase !== 'live') {
      this.#buffer.push(event)
      return
    }
    const outcome = this.#safely(() => this.deps.centre.receive(event))
    if (outcome === null) return
    if (outcome === 'gap') {
      this.#buffer.push(event)
      this.#resync()
      return
    }
    if (outcome === 'applied') this.#markSeq()
  }

  #markSeq(): void {
    this.deps.connection.lastSeq = this.deps.centre.state.seq
  }

  #trustNow(): void {
    this.#phase = 'live'
    this.deps.connection.synced = true
    this.#markSeq()
  }

  /** Applies facts in seq order; stops at a gap and returns the facts from the gap on. */
  #applyInOrder(events: readonly EventEnvelope[]): EventEnvelope[] {
    const sorted = [...events].sort((a, b) => a.seq - b.seq)
    for (let i = 0; i < sorted.length; i++) {
      const outcome = this.deps.centre.receive(sorted[i]!)
      if (outcome === 'gap') return sorted.slice(i)
    }
    return []
  }

  /** After a snapshot or catch-up: the buffered facts, then live again (or another resync). */
  #drainBuffer(): void {
    const pending = this.#buffer
    this.#buffer = []
    const rest = this.#safely(() => this.#applyInOrder(pending))
    if (rest === null) return
    if (rest.length > 0) {
      this.#buffer = rest
      this.#resync()
      return
    }
    this.#trustNow()
  }

  /** Runs `apply`; if the state cannot take the facts (a bug, or a wrong state), starts over from seq 0. */
  #safely<R>(apply: () => R): R | null {
    try {
      return apply()
    } catch (error) {
      console.error('kezek: the centre state could not apply a fact; resyncing from the start', error)
      this.deps.centre.resetState()
      this.#buffer = []
      this.#phase = 'resyncing'
      this.deps.connection.synced = false
      // Not at once: should the same fact fail again, ask once a second rather than in a loop.
      this.#scheduleResync()
      return null
    }
  }

  #resync(): void {
    if (this.#closed) return
    this.#phase = 'resyncing'
    this.deps.connection.synced = false
    this.#stopTimer()
    const { socket, centre, syncTimeoutMs } = this.deps
    if (!socket.connected) return // the reconnect handshake resyncs
    socket
      .timeout(syncTimeoutMs)
      .emitWithAck('sync:since', { seq: centre.state.seq })
      .then(
        (result: Ack<SyncResult>) => {
          if (this.#closed || this.#phase !== 'resyncing') return
          if (!result.ok) {
            this.#scheduleResync()
            return
          }
          if (result.kind === 'snapshot') this.#applySnapshot(result.snapshot)
          else if (this.#safely(() => this.#applyInOrder(result.events)) === null) return
          this.#drainBuffer()
        },
        () => {
          if (!this.#closed && this.#phase === 'resyncing') this.#scheduleResync()
        },
      )
  }

  #scheduleResync(): void {
    if (this.#closed || this.#resyncTimer) return
    this.#resyncTimer = setTimeout(() => {
      this.#resyncTimer = null
      if (this.#phase === 'resyncing') this.#resync()
    }, RESYNC_RETRY_MS)
  }

  #stopTimer(): void {
    if (this.#resyncTimer) clearTimeout(this.#resyncTimer)
    this.#resyncTimer = null
  }

  #applySnapshot(snapshot: Snapshot): void {
    this.deps.centre.replace(snapshot)
    this.deps.connection.serverOffsetMs = snapshot.serverTime - Date.now()
  }
}
