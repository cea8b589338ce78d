/**
 * The retention of bookings' personal data (Law 94-V: kept only as long as the purpose needs). A
 * booking's IIN and phone are vault entries (`vault/entries.ts`); the sweep erases each entry last put
 * more than `bookings.retentionDays` ago that no booking still booked or checked in names, and that the
 * notifier does not still need (a live consent or Telegram link, a notification not yet sent). Erasure keeps
 * the id, so the centre's log replays as before and the per-person limits still count by it; only the
 * value is gone (`open` answers nothing).
 *
 * Bounded: at most `batch` entries an erasure and `rounds` erasures a sweep (the next sweep goes on).
 * An entry put again between the read and the erasure (a booking being made now) is kept: the erasure
 * is conditional on the same cutoff. One audit line per sweep that erased anything: counts only.
 */
import { DEFAULT_BOOKING_RETENTION_DAYS, type CentreConfig } from '../../src-shared/config'
import type { CentreState } from '../../src-shared/domain'
import type { Logger } from './logger'
import type { VaultEntries } from './vault'

const DAY_MS = 24 * 60 * 60_000

export interface BookingRetentionOptions {
  config: CentreConfig
  entries: VaultEntries
  /** The centre's state now: its bookings still booked or checked in keep their entries. */
  state: () => CentreState
  logger: Logger
  now: () => number
  /**
   * Entries something else still needs (the notifier: phones with a live consent or Telegram link, their
   * chats, and the phones of notifications not yet sent): kept like those of live bookings.
   */
  keep?: () => Promise<Iterable<string>>
  /** Entries per erasure (default 500). */
  batch?: number
  /** Erasures per sweep at most (default 20). */
  rounds?: number
}

/** The configured period, in days (the section's default when the centre takes no bookings). */
export function bookingRetentionDays(config: CentreConfig): number {
  return config.bookings?.retentionDays ?? DEFAULT_BOOKING_RETENTION_DAYS
}

/** The entries live bookings name: never erased, however old their last use. */
function entriesInUse(state: CentreState): Set<string> {
  const inUse = new Set<string>()
  for (const booking of Object.values(state.bookings ?? {})) {
    if (booking.status !== 'booked' && booking.status !== 'checked_in') continue
    // A kiosk walk-in (booking-only service) names nobody: no person, no phone.
    if (booking.personId !== null) inUse.add(booking.personId)
    if (booking.phoneId !== null) inUse.add(booking.phoneId)
  }
  return inUse
}

/** One sweep: erases what is past retention and unused; resolves with how many entries it erased. */
export async function sweepBookingEntries(options: BookingRetentionOptions): Promise<number> {
  const { entries, logger } = options
  const batch = options.batch ?? 500
  const rounds = options.rounds ?? 20
  const days = bookingRetentionDays(options.config)
  const now = options.now()
  const cutoff = now - days * DAY_MS
  const inUse = entriesInUse(options.state())
  for (const id of (await options.keep?.()) ?? []) inUse.add(id)
  let erased = 0
  let kept = 0
  for (let round = 0; round < rounds; round++) {
    // Entries in use come back every time (they stay unerased): ask for enough to get past them.
    const limit = batch + inUse.size
    const candidates = await entries.unusedBefore(cutoff, limit)
    const due = candidates.filter((entry) => !inUse.has(entry.id)).slice(0, batch)
    kept = candidates.length - due.length
    if (due.length > 0) {
      erased += await entries.erase(
        due.map((entry) => entry.id),
        now,
        { unusedBefore: cutoff },
      )
    }
    if (candidates.length < limit || due.length === 0) break
  }
  if (erased > 0)
    logger.info(
      { event: 'booking-retention', erased, keptForLiveBookings: kept, retentionDays: days },
      "bookings' personal data past retention erased",
    )
  return erased
}
