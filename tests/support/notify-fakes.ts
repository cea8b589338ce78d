/**
 * The notifications' contracts (`src-main/hub/notify/contracts.ts`) in memory, for tests of what calls
 * them (`/join`, the integration API's remote tickets): what was granted, per phone id and channel, and
 * when. The real ones (SQLite and PostgreSQL) are the notifier's and have their own contract tests.
 */
import type { NotifyChannel, NotifyConsents } from '../../src-main/hub/notify/contracts'

export class MemoryConsents implements NotifyConsents {
  /** phoneId → channel → when it was granted. */
  readonly granted = new Map<string, Map<NotifyChannel, number>>()

  async grant(phoneId: string, channels: readonly NotifyChannel[], at: number): Promise<void> {
    const mine = this.granted.get(phoneId) ?? new Map<NotifyChannel, number>()
    for (const channel of channels) if (!mine.has(channel)) mine.set(channel, at)
    this.granted.set(phoneId, mine)
  }

  async revoke(phoneId: string, channels: readonly NotifyChannel[]): Promise<void> {
    const mine = this.granted.get(phoneId)
    for (const channel of channels) mine?.delete(channel)
  }

  async channelsOf(phoneId: string): Promise<NotifyChannel[]> {
    return [...(this.granted.get(phoneId)?.keys() ?? [])]
  }
}
