/** What the registrar's screen is shown of a challenge and a binding: masked values only. */
import type { BindingView, DeliveryView, RegistrationView } from '../../../../src-shared/protocol'
import { attemptsLeft, resendAt, settle } from '../../../../src-shared/registration/otp'
import type { BindingRow, ChallengeRow } from '../registration-rows'
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

export function bindingView(ctx: DeskContext, row: BindingRow): BindingView {
  const outbox = ctx.store.latestOutboxFor(row.id)
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
