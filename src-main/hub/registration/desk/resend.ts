/** `registration:resend`: a new code for a pending challenge, no sooner than the rules allow. */
import { attemptsLeft, decideResend, resendAt } from '../../../../src-shared/registration/otp'
import { audit } from './audit'
import { challenge } from './checks'
import { newCode, sendCode } from './codes'
import {
  masked,
  refuse,
  timingOf,
  type DeskActor,
  type DeskContext,
  type Payload,
  type Remember,
} from './context'
import { refuseFinished } from './finished'

export async function resend(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'registration:resend'>,
  remember: Remember,
): Promise<object> {
  const first = await challenge(ctx, fields.registrationId)
  return ctx.lock.run(`iin:${first.iin ?? first.id}`, async () => {
    const row = await challenge(ctx, fields.registrationId)
    const decision = decideResend(timingOf(row), ctx.now(), ctx.rules)
    if (!decision.ok) {
      if (decision.reason === 'too_soon') {
        const seconds = Math.ceil((decision.retryAt - ctx.now()) / 1000)
        refuse(
          'otp_resend_too_soon',
          `a new code can be sent in ${seconds} s (one per ${ctx.rules.resendAfterMs / 1000} s)`,
        )
      }
      return refuseFinished(ctx, actor, row, decision.reason, remember)
    }
    const { code, salt, hash } = newCode(ctx.rules)
    // Each code its own reference (`<id>:2`, …): a gateway sends one message per reference.
    const reference = `${row.id}:${row.sends + 1}`
    await sendCode(ctx, row.phone!, code, row.kind === 'register' ? 'register' : 'change-phone', reference)
    const now = ctx.now()
    const next = { ...decision.next, sentAt: now, expiresAt: now + ctx.rules.ttlMs }
    const ack = {
      ok: true as const,
      registrationId: row.id,
      expiresAt: next.expiresAt,
      resendAt: resendAt(next, ctx.rules),
      attemptsLeft: attemptsLeft(next, ctx.rules),
    }
    await ctx.store.transaction((tx) => {
      tx.recordSend(row.id, { sentAt: now, expiresAt: next.expiresAt, codeHash: hash, codeSalt: salt })
      audit(tx, ctx, actor, row.deskId, 'resend', {
        registrationId: row.id,
        bindingId: row.replacesBindingId,
        newValue: masked(row.iinMasked, row.phoneMasked),
        detail: `code sent again (send ${row.sends + 1})`,
        at: now,
      })
      remember(tx, ack)
    })
    ctx.publish({
      change: 'resent',
      registrationId: row.id,
      bindingId: null,
      staffId: actor.staffId,
      deskId: row.deskId,
    })
    return ack
  })
}
