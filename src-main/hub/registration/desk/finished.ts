/** A challenge that cannot go on: expiry and the last wrong code are stored; the answer says start again. */
import type { AckError } from '../../../../src-shared/protocol'
import { settle, type ChallengeTiming } from '../../../../src-shared/registration/otp'
import { errorAck } from '../../centre-engine'
import type { ChallengeRow } from '../registration-rows'
import { audit } from './audit'
import { masked, timingOf, type DeskActor, type DeskContext, type Remember } from './context'

export async function refuseFinished(
  ctx: DeskContext,
  actor: DeskActor,
  row: ChallengeRow,
  reason: 'expired' | 'attempts_exceeded' | 'finished',
  remember: Remember,
  next: ChallengeTiming = settle(timingOf(row), ctx.now()),
): Promise<AckError> {
  const now = ctx.now()
  const ack = finishedAck(ctx, row, reason)
  const closes = row.status === 'pending' && (next.status === 'expired' || next.status === 'failed')
  await ctx.store.transaction((tx) => {
    if (closes) {
      tx.finishChallenge(row.id, {
        status: next.status as 'expired' | 'failed',
        attempts: next.attempts,
        at: now,
      })
      audit(tx, ctx, actor, row.deskId, next.status === 'expired' ? 'expire' : 'fail', {
        registrationId: row.id,
        bindingId: row.replacesBindingId,
        oldValue: masked(row.iinMasked, row.phoneMasked),
        detail: next.status === 'expired' ? 'code expired' : `${next.attempts} wrong codes`,
        at: now,
      })
    }
    remember(tx, ack)
  })
  if (closes) {
    ctx.publish({
      change: next.status === 'expired' ? 'expired' : 'failed',
      registrationId: row.id,
      bindingId: null,
      staffId: actor.staffId,
      deskId: row.deskId,
    })
  }
  return ack
}

function finishedAck(
  ctx: DeskContext,
  row: ChallengeRow,
  reason: 'expired' | 'attempts_exceeded' | 'finished',
): AckError {
  if (reason === 'expired') {
    return errorAck(
      'otp_expired',
      `the code expired ${Math.round(ctx.rules.ttlMs / 60_000)} minutes after it was sent; start again`,
    )
  }
  if (reason === 'attempts_exceeded') {
    return errorAck(
      'otp_attempts_exceeded',
      `${ctx.rules.maxAttempts} wrong codes: this registration is closed; start again`,
    )
  }
  return errorAck(
    'registration_finished',
    `registration ${row.id} is already ${row.status}; start again for another`,
  )
}
