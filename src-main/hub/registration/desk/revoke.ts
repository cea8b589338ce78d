/** `registration:revoke`: a binding ends at the citizen's request, and the database is told. */
import { audit } from './audit'
import { checkActive, checkDesk } from './checks'
import { masked, refuse, type DeskActor, type DeskContext, type Payload, type Remember } from './context'
import { enqueue } from './outbox'
import { bindingViewQueued } from './views'

/**
 * A registrar's free text (revoke reason) may hold an IIN or a phone number: runs of 10 or more digits
 * (spaces, dashes and brackets between them allowed) are masked. Dates and counts stay readable.
 */
export function scrubDigits(text: string): string {
  return text.replace(/\+?\d[\d\s()-]{8,}\d/g, (run) => {
    const digits = run.replace(/\D/g, '')
    return digits.length >= 10 ? `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}` : run
  })
}

export async function revoke(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'registration:revoke'>,
  remember: Remember,
): Promise<object> {
  checkDesk(ctx, actor, fields.deskId)
  const first = await ctx.store.getBinding(fields.bindingId)
  if (!first) refuse('unknown_binding', `no binding ${fields.bindingId}`)
  return ctx.lock.run(`iin:${first.iin ?? first.id}`, async () => {
    const binding = (await ctx.store.getBinding(fields.bindingId))!
    checkActive(binding)
    const now = ctx.now()
    const reason = scrubDigits(fields.reason)
    const revoked = { ...binding, status: 'revoked' as const, endedAt: now, revokeReason: reason }
    const ack = { ok: true, binding: bindingViewQueued(revoked, now) }
    await ctx.store.transaction((tx) => {
      tx.endBinding(binding.id, { status: 'revoked', at: now, reason })
      enqueue(tx, ctx, 'binding-revoked', revoked, actor, fields.deskId, now)
      audit(tx, ctx, actor, fields.deskId, 'revoke', {
        registrationId: null,
        bindingId: binding.id,
        oldValue: masked(binding.iinMasked, binding.phoneMasked),
        detail: reason,
        at: now,
      })
      remember(tx, ack)
    })
    ctx.logger.info(
      { event: 'binding-revoked', bindingId: binding.id, staffId: actor.staffId },
      'binding revoked',
    )
    ctx.publish({
      change: 'revoked',
      registrationId: null,
      bindingId: binding.id,
      staffId: actor.staffId,
      deskId: fields.deskId,
    })
    ctx.kickDelivery()
    return ack
  })
}
