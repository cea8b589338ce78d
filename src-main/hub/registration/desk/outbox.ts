/**
 * Submissions to the mobile-citizen database: queued in the outbox in the transaction that confirmed or
 * revoked the binding, delivered by the worker, each delivery attempt told to the registration staff.
 */
import type { CitizenSubmission, SubmissionKind } from '../adapters/mobile-citizen-gateway'
import type { BindingRow, OutboxRow } from '../registration-rows'
import type { DeskWriter } from '../sealed-desk-store'
import type { DeskActor, DeskContext } from './context'

/** Queues the binding's submission in the transaction `tx` (sealed, as the store seals personal data). */
export function enqueue(
  tx: DeskWriter,
  ctx: DeskContext,
  kind: SubmissionKind,
  binding: BindingRow,
  actor: DeskActor,
  deskId: string,
  now: number,
): void {
  const submission: CitizenSubmission = {
    idempotencyKey: `${ctx.config.centre.id}:${binding.id}:${kind}`,
    kind,
    bindingId: binding.id,
    iin: binding.iin!,
    phone: binding.phone!,
    centreId: ctx.config.centre.id,
    deskId,
    staffId: actor.staffId,
    at: now,
    channel: 'centre-desk',
    confirmation: kind === 'binding-confirmed' ? 'sms-code' : null,
    consent:
      kind === 'binding-confirmed'
        ? { version: binding.consentVersion, language: binding.consentLanguage, at: binding.consentAt }
        : null,
    replacesBindingId: binding.replaces,
    reason: kind === 'binding-revoked' ? binding.revokeReason : null,
  }
  tx.insertOutbox({ submission, at: now })
}

export async function deliveryAttempted(ctx: DeskContext, row: OutboxRow): Promise<void> {
  const binding = await ctx.store.getBinding(row.bindingId)
  ctx.publish({
    change: row.status === 'delivered' ? 'delivered' : 'delivery-retrying',
    registrationId: binding?.registrationId ?? null,
    bindingId: row.bindingId,
    staffId: null,
    deskId: binding?.deskId ?? null,
  })
}
