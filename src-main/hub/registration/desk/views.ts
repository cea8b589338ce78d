/** What the registrar's screen is shown of a challenge and a binding: masked values only. */
import type { BindingView, DeliveryView, RegistrationView } from '../../../../src-shared/protocol'
import { attemptsLeft, resendAt, settle } from '../../../../src-shared/registration/otp'
import type { BindingRow, ChallengeRow, OutboxRow } from '../registration-rows'
import { timingOf, type DeskContext } from './context'

export function registrationView(ctx: DeskContext, row: ChallengeRow, now: number): RegistrationView {
  const timing = settle(timingOf(row), now)
  return {
    id: row.id,
    kind: row.kind,
    status: timing.status,
    iinMasked: row.iinMasked,
    phoneMasked: row.phoneMasked,
    deskId: row.deskId,
    ticketId: row.ticketId,
    staffId: row.staffId,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    resendAt: resendAt(timing, ctx.rules),
    attemptsLeft: attemptsLeft(timing, ctx.rules),
    bindingId: row.bindingId,
    replacesBindingId: row.replacesBindingId,
  }
}

/** A binding as the registrar's screen shows it, with its latest submission's delivery as stored now. */
export async function bindingView(ctx: DeskContext, row: BindingRow): Promise<BindingView> {
  return bindingViewWith(row, (await ctx.store.latestOutboxFor(row.id)) ?? null)
}

/**
 * The same view with a submission queued in this transaction, not yet readable: it is pending, due now.
 * (A command's stored answer is written with what it changed, so it cannot read it back first.)
 */
export function bindingViewQueued(row: BindingRow, now: number): BindingView {
  return bindingViewWith(row, {
    status: 'pending',
    attempts: 0,
    lastError: null,
    nextAttemptAt: now,
    deliveredAt: null,
  })
}

function bindingViewWith(
  row: BindingRow,
  outbox: Pick<OutboxRow, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt' | 'deliveredAt'> | null,
): BindingView {
  const delivery: DeliveryView | null = outbox
    ? {
        status: outbox.status,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
        nextAttemptAt: outbox.status === 'delivered' ? null : outbox.nextAttemptAt,
        deliveredAt: outbox.deliveredAt,
      }
    : null
  return {
    id: row.id,
    status: row.status,
    iinMasked: row.iinMasked,
    phoneMasked: row.phoneMasked,
    ticketId: row.ticketId,
    deskId: row.deskId,
    staffId: row.staffId,
    confirmedAt: row.confirmedAt,
    consent: { version: row.consentVersion, language: row.consentLanguage, at: row.consentAt },
    documentChecked: row.documentChecked,
    replacesBindingId: row.replaces,
    replacedBy: row.replacedBy,
    endedAt: row.endedAt,
    revokeReason: row.revokeReason,
    purged: row.purgedAt !== null,
    delivery,
  }
}
