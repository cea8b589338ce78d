/**
 * `registration:confirm`: the registrar types the code the citizen received. The right code creates the
 * binding (replacing the old one on a phone change) with its submission, in one transaction; a wrong
 * one costs an attempt, and the last wrong one closes the challenge.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto'
import type { BindingView, RegistrationView } from '../../../../src-shared/protocol'
import { decideAttempt } from '../../../../src-shared/registration/otp'
import { errorAck } from '../../centre-engine'
import type { BindingRow, ChallengeRow } from '../registration-rows'
import { audit } from './audit'
import { challenge } from './checks'
import { hashCode } from './codes'
import {
  masked,
  refuse,
  timingOf,
  today,
  type DeskActor,
  type DeskContext,
  type Payload,
  type Remember,
} from './context'
import { refuseFinished } from './finished'
import { enqueue } from './outbox'
import { bindingViewQueued, registrationView } from './views'

export async function confirm(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'registration:confirm'>,
  remember: Remember,
): Promise<object> {
  const first = await challenge(ctx, fields.registrationId)
  return ctx.lock.run(`iin:${first.iin ?? first.id}`, async () => {
    const row = await challenge(ctx, fields.registrationId)
    const now = ctx.now()
    const matches =
      row.codeHash !== null &&
      row.codeSalt !== null &&
      timingSafeEqual(hashCode(fields.code, row.codeSalt), row.codeHash)
    const decision = decideAttempt(timingOf(row), now, matches, ctx.rules)
    if (decision.outcome === 'wrong') {
      const ack = errorAck(
        'otp_wrong',
        `wrong code; ${decision.attemptsLeft} attempt${decision.attemptsLeft === 1 ? '' : 's'} left`,
      )
      await ctx.store.transaction((tx) => {
        tx.recordAttempts(row.id, decision.next.attempts)
        audit(tx, ctx, actor, row.deskId, 'code-rejected', {
          registrationId: row.id,
          bindingId: row.replacesBindingId,
          newValue: masked(row.iinMasked, row.phoneMasked),
          detail: `wrong code, ${decision.attemptsLeft} left`,
          at: now,
        })
        remember(tx, ack)
      })
      ctx.publish({
        change: 'code-rejected',
        registrationId: row.id,
        bindingId: null,
        staffId: actor.staffId,
        deskId: row.deskId,
      })
      return ack
    }
    if (decision.outcome !== 'confirmed')
      return refuseFinished(ctx, actor, row, decision.outcome, remember, decision.next)
    return bind(ctx, actor, row, now, remember)
  })
}

/** The right code: the binding is created (and the old one replaced) with its submission, in one go. */
async function bind(
  ctx: DeskContext,
  actor: DeskActor,
  row: ChallengeRow,
  now: number,
  remember: Remember,
): Promise<object> {
  const iin = row.iin!
  const phone = row.phone!
  const replaced = row.replacesBindingId ? await ctx.store.getBinding(row.replacesBindingId) : undefined
  if (row.kind === 'register') {
    const active = await ctx.store.activeBindingForIin(iin)
    if (active)
      refuse('binding_exists', `IIN ${active.iinMasked} was bound to ${active.phoneMasked} meanwhile`)
  } else if (!replaced || replaced.status !== 'active' || replaced.purgedAt !== null) {
    refuse('binding_inactive', `binding ${row.replacesBindingId} is no longer active; start again`)
  }
  const binding = bindingRow(ctx, actor, row, now, replaced?.id ?? null)
  // What the challenge becomes once confirmed, and the binding with its queued submission.
  const finished: ChallengeRow = {
    ...row,
    status: 'confirmed',
    finishedAt: now,
    bindingId: binding.id,
    iin: null,
    phone: null,
    codeHash: null,
    codeSalt: null,
  }
  const registration: RegistrationView = registrationView(ctx, finished, now)
  const view: BindingView = bindingViewQueued(binding, now)
  await ctx.store.transaction((tx) => {
    // The old binding ends first: one IIN has at most one active binding at any moment.
    if (replaced) tx.endBinding(replaced.id, { status: 'replaced', at: now })
    tx.insertBinding(binding)
    if (replaced) tx.linkReplacement(replaced.id, binding.id)
    tx.finishChallenge(row.id, {
      status: 'confirmed',
      attempts: row.attempts,
      at: now,
      bindingId: binding.id,
    })
    enqueue(tx, ctx, 'binding-confirmed', binding, actor, row.deskId, now)
    audit(tx, ctx, actor, row.deskId, replaced ? 'change' : 'create', {
      registrationId: row.id,
      bindingId: binding.id,
      oldValue: replaced ? masked(replaced.iinMasked, replaced.phoneMasked) : null,
      newValue: masked(binding.iinMasked, binding.phoneMasked),
      detail: replaced ? `replaces binding ${replaced.id}` : row.ticketId ? `ticket ${row.ticketId}` : null,
      at: now,
    })
    if (replaced) {
      audit(tx, ctx, actor, row.deskId, 'change', {
        registrationId: row.id,
        bindingId: replaced.id,
        oldValue: masked(replaced.iinMasked, replaced.phoneMasked),
        newValue: masked(binding.iinMasked, binding.phoneMasked),
        detail: `replaced by binding ${binding.id}`,
        at: now,
      })
    }
    // The stored answer has no personal data; `replay` adds it back for the registrar's retry.
    remember(tx, { ok: true, registration, binding: view })
  })
  ctx.logger.info(
    { event: 'binding-confirmed', bindingId: binding.id, registrationId: row.id, staffId: actor.staffId },
    replaced ? 'phone changed' : 'binding confirmed',
  )
  ctx.publish({
    change: 'confirmed',
    registrationId: row.id,
    bindingId: binding.id,
    staffId: actor.staffId,
    deskId: row.deskId,
  })
  ctx.kickDelivery()
  return { ok: true, registration, binding: { ...view, iin, phone } }
}

function bindingRow(
  ctx: DeskContext,
  actor: DeskActor,
  row: ChallengeRow,
  now: number,
  replaces: string | null,
): BindingRow {
  return {
    id: randomUUID(),
    iin: row.iin!,
    phone: row.phone!,
    iinMasked: row.iinMasked,
    phoneMasked: row.phoneMasked,
    status: 'active',
    centreId: ctx.config.centre.id,
    ticketId: row.ticketId,
    staffId: actor.staffId,
    deskId: row.deskId,
    registrationId: row.id,
    createdAt: row.createdAt,
    confirmedAt: now,
    day: today(ctx, now),
    replaces,
    replacedBy: null,
    endedAt: null,
    revokeReason: null,
    consentVersion: row.consentVersion,
    consentLanguage: row.consentLanguage,
    consentAt: row.createdAt,
    documentChecked: row.documentChecked,
    purgedAt: null,
  }
}
