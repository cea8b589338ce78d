/** The periodic sweeps: codes that ran out are closed, and personal data past retention is erased. */
import { masked, type DeskContext } from './context'
import { audit } from './audit'

export const DAY_MS = 24 * 60 * 60_000

/**
 * Marks pending challenges past their expiry as expired and erases their data; returns how many. Each
 * under its citizen's lock and read again there, so a confirm decided just before the expiry is never
 * overruled by it (on PostgreSQL a confirm's read and its commit are apart in time).
 */
export async function expireCodes(ctx: DeskContext): Promise<number> {
  const due = await ctx.store.expiredPendingChallenges(ctx.now())
  let expired = 0
  for (const candidate of due) {
    const done = await ctx.lock.run(`iin:${candidate.iin ?? candidate.id}`, async () => {
      const row = await ctx.store.getChallenge(candidate.id)
      const now = ctx.now()
      if (!row || row.status !== 'pending' || row.expiresAt > now) return false
      await ctx.store.transaction((tx) => {
        tx.finishChallenge(row.id, { status: 'expired', attempts: row.attempts, at: now })
        audit(tx, ctx, null, row.deskId, 'expire', {
          registrationId: row.id,
          bindingId: row.replacesBindingId,
          oldValue: masked(row.iinMasked, row.phoneMasked),
          detail: 'code expired unused',
          at: now,
        })
      })
      ctx.publish({
        change: 'expired',
        registrationId: row.id,
        bindingId: null,
        staffId: row.staffId,
        deskId: row.deskId,
      })
      return true
    })
    if (done) expired += 1
  }
  return expired
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
