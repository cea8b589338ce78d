/**
 * The engine's memory of recent durable events, oldest first, so that a reconnecting client catches
 * up without touching the disk. It keeps about `limit` (up to a quarter more, trimmed in one go).
 */
import type { EventEnvelope } from '../../src-shared/domain'

export class RecentEvents {
  private readonly events: EventEnvelope[] = []

  constructor(private readonly limit: number) {}

  /** Remembers a committed batch. */
  note(events: readonly EventEnvelope[]): void {
    this.events.push(...events)
    if (this.events.length > this.limit * 1.25) this.events.splice(0, this.events.length - this.limit)
  }

  /**
   * Events after `seq` up to `durable` if they are all still in memory; otherwise null and the client
   * needs a snapshot. A `seq` ahead of the hub (a client of a wiped data folder) also gets null.
   */
  after(seq: number, durable: number): EventEnvelope[] | null {
    if (seq > durable) return null
    if (seq === durable) return []
    const oldest = this.events[0]
    if (!oldest || oldest.seq > seq + 1) return null
    return this.events.slice(seq + 1 - oldest.seq)
  }
}
