/** The audit trail: every read or change of personal data, with masked values only. */
import type { AuditAction, AuditEntry } from '../registration-rows'
import { today, type DeskContext } from './context'

export function audit(
  ctx: DeskContext,
  actor: { staffId: string } | null,
  deskId: string | null,
  action: AuditAction,
  entry: Partial<Pick<AuditEntry, 'oldValue' | 'newValue' | 'detail'>> &
    Pick<AuditEntry, 'registrationId' | 'bindingId' | 'at'>,
): void {
  ctx.store.audit({
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
