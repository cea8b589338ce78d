/** The `registration:updated` facts: ids and the day's counts, for registration staff only. */
import type { RegistrationCounts, RegistrationUpdate } from '../../../../src-shared/protocol'
import { today, type DeskContext, type DeskUpdate } from './context'
import { stats } from './figures'

/** Sends a fact with the day's counts to each listener; a listener that throws is logged, not fatal. */
export async function publishUpdate(
  ctx: DeskContext,
  listeners: ReadonlySet<(update: RegistrationUpdate) => void>,
  update: DeskUpdate,
): Promise<void> {
  if (listeners.size === 0) return
  const now = ctx.now()
  const { totals } = await stats(ctx, today(ctx, now))
  const counts: RegistrationCounts = {
    started: totals.started,
    confirmed: totals.confirmed,
    failed: totals.failed,
    expired: totals.expired,
  }
  const fact: RegistrationUpdate = { type: 'registration:updated', at: now, ...update, today: counts }
  for (const listener of listeners) {
    try {
      listener(fact)
    } catch (error) {
      ctx.logger.error({ err: error }, 'registration listener failed')
    }
  }
}
