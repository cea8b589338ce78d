/** The audit trail: every read or change of personal data, with masked values only. */
import type { AuditAction, AuditEntry } from '../registration-rows'
import type { DeskWriter } from '../sealed-desk-store'
import { today, type DeskContext } from './context'

/** Adds an audit entry to the transaction `tx`. */
export function audit(
  tx: DeskWriter,
  ctx: DeskContext,
  actor: { staffId: string } | null,
  deskId: string | null,
  action: AuditAction,
  entry: Partial<Pick<AuditEntry, 'oldValue' | 'newValue' | 'detail'>> &
    Pick<AuditEntry, 'registrationId' | 'bindingId' | 'at'>,
): void {
  tx.audit({
    at: entry.at,
    day: today(ctx, entry.at),
    staffId: actor?.staffId ?? null,
    deskId,
    action,
    bindingId: entry.bindingId,
    registrationId: entry.registrationId,
    oldValue: entry.oldValue ?? null,
    newValue: entry.newValue ?? null,
    detail: entry.detail ?? null,
  })
}
