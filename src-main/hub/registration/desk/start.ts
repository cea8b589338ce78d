/**
 * `registration:start` and `registration:change-phone`: the desk checks the citizen's data, sends the
 * first code, and only then stores the challenge (superseding the citizen's other pending ones).
 */
import { randomUUID } from 'node:crypto'
import { checkIin, maskIin, type IinWarning } from '../../../../src-shared/kz/iin'
import { maskPhone, normalizePhone } from '../../../../src-shared/kz/phone'
import type { RegistrationStarted } from '../../../../src-shared/protocol'
import { resendAt } from '../../../../src-shared/registration/otp'
import type { ChallengeRow } from '../registration-rows'
import { audit } from './audit'
import { checkActive, checkDesk, checkDeskFields, checkTicket } from './checks'
import { newCode, sendCode } from './codes'
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

export async function register(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'registration:start'>,
  remember: Remember,
): Promise<object> {
  checkDesk(ctx, actor, fields.deskId)
  checkTicket(ctx, fields.ticketId ?? null)
  const iin = checkIin(fields.iin)
  if (!iin.ok) refuse('iin_invalid', `IIN: ${iin.message}`)
  const phone = normalizePhone(fields.phone)
  if (!phone.ok) refuse('phone_invalid', `phone: ${phone.message}`)
  checkDeskFields(ctx, fields)
  return ctx.lock.run(`iin:${iin.iin}`, async () => {
    const active = await ctx.store.activeBindingForIin(iin.iin)
    if (active) {
      refuse(
        'binding_exists',
        `IIN ${active.iinMasked} is already bound to ${active.phoneMasked} (binding ${active.id}); ` +
          'use registration:change-phone to move it to another number',
      )
    }
    return openChallenge(ctx, actor, {
      kind: 'register',
      iin: iin.iin,
      phone: phone.e164,
      deskId: fields.deskId,
      ticketId: fields.ticketId ?? null,
      replacesBindingId: null,
      consentLanguage: fields.consent.language,
      warnings: iin.warnings,
      remember,
    })
  })
}

export async function changePhone(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'registration:change-phone'>,
  remember: Remember,
): Promise<object> {
  checkDesk(ctx, actor, fields.deskId)
  checkTicket(ctx, fields.ticketId ?? null)
  const binding = await ctx.store.getBinding(fields.bindingId)
  if (!binding) refuse('unknown_binding', `no binding ${fields.bindingId}`)
  const phone = normalizePhone(fields.phone)
  if (!phone.ok) refuse('phone_invalid', `phone: ${phone.message}`)
  checkDeskFields(ctx, fields)
  return ctx.lock.run(`iin:${binding.iin ?? binding.id}`, async () => {
    const current = (await ctx.store.getBinding(binding.id))!
    checkActive(current)
    if (current.phone === phone.e164) {
      refuse('phone_unchanged', `binding ${current.id} is already to ${current.phoneMasked}`)
    }
    return openChallenge(ctx, actor, {
      kind: 'change-phone',
      iin: current.iin!,
      phone: phone.e164,
      deskId: fields.deskId,
      ticketId: fields.ticketId ?? null,
      replacesBindingId: current.id,
      consentLanguage: fields.consent.language,
      warnings: [],
      remember,
    })
  })
}

interface ChallengeDraft {
  kind: ChallengeRow['kind']
  iin: string
  phone: string
  deskId: string
  ticketId: string | null
  replacesBindingId: string | null
  consentLanguage: 'kk' | 'ru'
  warnings: IinWarning[]
  remember: Remember
}

/** Sends the first code, then stores the challenge (superseding the citizen's other pending ones). */
async function openChallenge(
  ctx: DeskContext,
  actor: DeskActor,
  draft: ChallengeDraft,
): Promise<RegistrationStarted> {
  const id = randomUUID()
  const { code, salt, hash } = newCode(ctx.rules)
  await sendCode(ctx, draft.phone, code, draft.kind === 'register' ? 'register' : 'change-phone', id)
  const now = ctx.now()
  const row = challengeRow(ctx, actor, draft, { id, now, hash, salt })
  const ack = {
    ok: true as const,
    registrationId: id,
    iinMasked: row.iinMasked,
    phoneMasked: row.phoneMasked,
    expiresAt: row.expiresAt,
    resendAt: resendAt(timingOf(row), ctx.rules),
    attemptsLeft: ctx.rules.maxAttempts,
    warnings: draft.warnings,
  }
  // Read under the citizen's lock, so no other start for this IIN comes between the read and the write.
  const superseded = await ctx.store.pendingChallengesForIin(draft.iin)
  await ctx.store.transaction((tx) => {
    for (const other of superseded) {
      tx.finishChallenge(other.id, { status: 'cancelled', attempts: other.attempts, at: now })
    }
    tx.insertChallenge(row)
    audit(tx, ctx, actor, draft.deskId, 'start', {
      registrationId: id,
      bindingId: draft.replacesBindingId,
      newValue: masked(row.iinMasked, row.phoneMasked),
      detail: draft.kind === 'change-phone' ? 'phone change: code sent' : 'code sent',
      at: now,
    })
    draft.remember(tx, ack)
  })
  ctx.logger.info({ event: 'registration-started', registrationId: id, staffId: actor.staffId }, 'code sent')
  ctx.publish({
    change: 'started',
    registrationId: id,
    bindingId: null,
    staffId: actor.staffId,
    deskId: draft.deskId,
  })
  return ack
}

function challengeRow(
  ctx: DeskContext,
  actor: DeskActor,
  draft: ChallengeDraft,
  made: { id: string; now: number; hash: Buffer; salt: Buffer },
): ChallengeRow {
  const { id, now } = made
  return {
    id,
    kind: draft.kind,
    status: 'pending',
    iin: draft.iin,
    phone: draft.phone,
    iinMasked: maskIin(draft.iin),
    phoneMasked: maskPhone(draft.phone),
    replacesBindingId: draft.replacesBindingId,
    bindingId: null,
    ticketId: draft.ticketId,
    staffId: actor.staffId,
    deskId: draft.deskId,
    consentVersion: ctx.config.registration.consent.version,
    consentLanguage: draft.consentLanguage,
    documentChecked: true,
    codeHash: made.hash,
    codeSalt: made.salt,
    createdAt: now,
    day: today(ctx, now),
    sentAt: now,
    expiresAt: now + ctx.rules.ttlMs,
    attempts: 0,
    sends: 1,
    finishedAt: null,
  }
}
