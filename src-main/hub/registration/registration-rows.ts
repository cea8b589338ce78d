/**
 * The registration desk's rows as the code sees them: one-time-code challenges, bindings, the gateway
 * outbox, the audit log, and the figures and purge candidates read from them, with personal data in
 * plain text. The stores keep them sealed (`desk-records.ts`); `sealed-desk-store.ts` maps between.
 */
import type { BindingStatus, RegistrationKind } from '../../../src-shared/protocol'
import type { ChallengeStatus } from '../../../src-shared/registration/otp'

export interface ChallengeRow {
  id: string
  kind: RegistrationKind
  status: ChallengeStatus
  iin: string | null
  phone: string | null
  iinMasked: string
  phoneMasked: string
  replacesBindingId: string | null
  bindingId: string | null
  ticketId: string | null
  staffId: string
  deskId: string
  consentVersion: string
  consentLanguage: 'kk' | 'ru'
  documentChecked: boolean
  codeHash: Buffer | null
  codeSalt: Buffer | null
  createdAt: number
  day: string
  sentAt: number
  expiresAt: number
  attempts: number
  sends: number
  finishedAt: number | null
}

export interface BindingRow {
  id: string
  iin: string | null
  phone: string | null
  iinMasked: string
  phoneMasked: string
  status: BindingStatus
  centreId: string
  ticketId: string | null
  staffId: string
  deskId: string
  registrationId: string
  createdAt: number
  confirmedAt: number
  day: string
  replaces: string | null
  replacedBy: string | null
  endedAt: number | null
  revokeReason: string | null
  consentVersion: string
  consentLanguage: 'kk' | 'ru'
  consentAt: number
  documentChecked: boolean
  purgedAt: number | null
}

export type OutboxStatus = 'pending' | 'retrying' | 'delivered'

export interface OutboxRow {
  id: number
  idempotencyKey: string
  bindingId: string
  kind: string
  /** JSON text; holds the full IIN and phone until delivered, masked values afterwards. */
  payload: string
  status: OutboxStatus
  attempts: number
  createdAt: number
  nextAttemptAt: number
  lastError: string | null
  deliveredAt: number | null
}

export type AuditAction =
  | 'start'
  | 'resend'
  | 'code-rejected'
  | 'expire'
  | 'fail'
  | 'create'
  | 'change'
  | 'revoke'
  | 'view'
  | 'export'
  | 'purge'

export interface AuditEntry {
  id?: number
  at: number
  day: string
  /** Null for the hub itself (retention purge, expiry sweep). */
  staffId: string | null
  deskId: string | null
  action: AuditAction
  bindingId: string | null
  registrationId: string | null
  /** Masked: `8710******27, +7 (701) ***-**-78`. */
  oldValue: string | null
  newValue: string | null
  detail: string | null
}

export interface StaffFigures {
  staffId: string
  started: number
  confirmed: number
  failed: number
  expired: number
  /** Replaced by a new start for the same IIN before it ended (the challenge `cancelled`). */
  superseded: number
  pending: number
}

export interface PurgedBinding {
  id: string
  iinMasked: string
  phoneMasked: string
}
