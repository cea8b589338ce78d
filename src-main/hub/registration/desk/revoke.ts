/** `registration:revoke`: a binding ends at the citizen's request, and the database is told. */
import { audit } from './audit'
import { checkActive, checkDesk } from './checks'
import { masked, refuse, type DeskActor, type DeskContext, type Payload, type Remember } from './context'
import { enqueue } from './outbox'
import { bindingView } from './views'

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
  const first = ctx.store.getBinding(fields.bindingId)
  if (!first) refuse('unknown_binding', `no binding ${fields.bindingId}`)
  return ctx.lock.run(`iin:${first.iin ?? first.id}`, () => {
    const binding = ctx.store.getBinding(fields.bindingId)!
    checkActive(binding)
    const now = ctx.now()
    const reason = scrubDigits(fields.reason)
    let ack: object | undefined
    ctx.store.transaction(() => {
      ctx.store.endBinding(binding.id, { status: 'revoked', at: now, reason })
      enqueue(ctx, 'binding-revoked', { ...binding, revokeReason: reason }, actor, fields.deskId, now)
      audit(ctx, actor, fields.deskId, 'revoke', {
        registrationId: null,
        bindingId: binding.id,
        oldValue: masked(binding.iinMasked, binding.phoneMasked),
        detail: reason,
        at: now,
      })
      ack = { ok: true, binding: bindingView(ctx, ctx.store.getBinding(binding.id)!) }
      remember(ack)
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
    return ack!
  })
}
