/** The periodic sweeps: codes that ran out are closed, and personal data past retention is erased. */
import { masked, type DeskContext } from './context'
import { audit } from './audit'

export const DAY_MS = 24 * 60 * 60_000

/** Marks pending challenges past their expiry as expired and erases their data; returns how many. */
export async function expireCodes(ctx: DeskContext): Promise<number> {
  const now = ctx.now()
  const rows = await ctx.store.expiredPendingChallenges(now)
  if (rows.length === 0) return 0
  await ctx.store.transaction((tx) => {
    for (const row of rows) {
      tx.finishChallenge(row.id, { status: 'expired', attempts: row.attempts, at: now })
      audit(tx, ctx, null, row.deskId, 'expire', {
        registrationId: row.id,
        bindingId: row.replacesBindingId,
        oldValue: masked(row.iinMasked, row.phoneMasked),
        detail: 'code expired unused',
        at: now,
      })
    }
  })
  for (const row of rows) {
    ctx.publish({
      change: 'expired',
      registrationId: row.id,
      bindingId: null,
      staffId: row.staffId,
      deskId: row.deskId,
    })
  }
  return rows.length
}

/**
 * Erases the IIN and phone of bindings past the retention period (replaced and revoked ones counted
 * from when they ended, any binding from its confirmation); the masked copies stay. Returns how many.
 */
export async function purge(ctx: DeskContext): Promise<number> {
  const now = ctx.now()
  const cutoff = now - ctx.config.registration.retentionDays * DAY_MS
  const due = await ctx.store.purgeCandidates(cutoff)
  if (due.length === 0) return 0
  // The sweep is the one purger (it runs one at a time), so every candidate read is purged here.
  await ctx.store.transaction((tx) => {
    for (const binding of due) {
      tx.purgeBinding(binding, now)
      audit(tx, ctx, null, null, 'purge', {
        registrationId: null,
        bindingId: binding.id,
        oldValue: masked(binding.iinMasked, binding.phoneMasked),
        detail: `retention of ${ctx.config.registration.retentionDays} days`,
        at: now,
      })
    }
  })
  // Old page images of what was erased go too (SQLite's WAL), not only at the next clean stop.
  await ctx.store.afterErasure()
  ctx.logger.info(
    { event: 'registration-purge', bindings: due.length },
    'personal data past retention erased',
  )
  return due.length
}
