/**
 * The mobile-citizen registration desk's commands, queries and fact: a second family beside the queue's
 * commands. They never touch the queue's event log (which is immutable and goes to every screen), so
 * their acks carry no `seq`, and their one fact, `registration:updated`, has none either.
 *
 * Personal data (IIN, phone) travels only in commands from the registrar and in the ack of
 * `registration:confirm` back to that registrar. Everything else carries masked values or none.
 */
import { z } from 'zod'
import type { IinWarning } from '../kz/iin'
import type { ChallengeStatus } from '../registration/otp'
import type { AckError } from './messages'
import { requestIdSchema, type Role } from './commands'

const id = z.string().min(1).max(64)
const base = { requestId: requestIdSchema }

/** As typed at the desk; the hub checks and normalises it (so a bad one is `iin_invalid`, not `invalid_payload`). */
const iinInput = z.string().min(1).max(32)
const phoneInput = z.string().min(1).max(32)

/** The citizen's consent as recorded at the desk: they accepted the text shown in `language`. */
export const consentInputSchema = z
  .object({
    accepted: z.boolean(),
    language: z.enum(['kk', 'ru']),
    /** The consent text version shown; when given, it must be the hub's current one. */
    textVersion: z.string().min(1).max(40).optional(),
  })
  .strict()

/** What every new challenge needs: where, for which ticket, and the two checks the registrar confirms. */
const deskFields = {
  deskId: id,
  /** The ticket being served; the binding is attached to it. */
  ticketId: id.nullable().optional(),
  /** The registrar saw the original ID document (no copy is stored). */
  documentChecked: z.boolean(),
  consent: consentInputSchema,
}

export const registrationSchemas = {
  /** Start binding an IIN to a phone: sends a one-time code to the phone. */
  'registration:start': z.object({ ...base, ...deskFields, iin: iinInput, phone: phoneInput }).strict(),
  /** Send a new code for a pending registration (at most one per 60 s). */
  'registration:resend': z.object({ ...base, registrationId: id }).strict(),
  /** The code the citizen read out; right, it confirms the binding. */
  'registration:confirm': z
    .object({
      ...base,
      registrationId: id,
      code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
    })
    .strict(),
  /** Start moving an active binding to a new phone: the same code flow, to the new phone. */
  'registration:change-phone': z
    .object({ ...base, ...deskFields, bindingId: id, phone: phoneInput })
    .strict(),
  /** End an active binding. */
  'registration:revoke': z
    .object({ ...base, deskId: id, bindingId: id, reason: z.string().trim().min(1).max(500) })
    .strict(),
  /** Query: a registration's state (to pick up the desk screen after a reload). */
  'registration:status': z.object({ ...base, registrationId: id }).strict(),
  /**
   * Query: the registration still waiting for its code at this desk for this ticket, if any: the desk
   * screen picks it up after the browser was closed (nothing of it was kept there).
   */
  'registration:open': z.object({ ...base, deskId: id, ticketId: id.nullable() }).strict(),
  /** Query: the consent text and the code rules, for the desk screen. */
  'registration:settings': z.object({ ...base }).strict(),
  /** Query: the bindings of an IIN, masked; audited as a view. */
  'binding:find': z.object({ ...base, deskId: id, iin: iinInput }).strict(),
} as const

export type RegistrationCommandType = keyof typeof registrationSchemas
export type RegistrationPayload<T extends RegistrationCommandType> = z.input<(typeof registrationSchemas)[T]>

export const REGISTRATION_COMMAND_TYPES = Object.keys(registrationSchemas) as RegistrationCommandType[]

/** Queries change nothing but the audit log; their answers are not stored, so a retry asks again. */
export const REGISTRATION_QUERIES: ReadonlySet<RegistrationCommandType> = new Set([
  'registration:status',
  'registration:open',
  'registration:settings',
  'binding:find',
])

export function isRegistrationCommandType(name: string): name is RegistrationCommandType {
  return Object.hasOwn(registrationSchemas, name)
}

/** The registrar's desk; supervisors and admins may step in. Nobody else sees or sends personal data. */
export const REGISTRATION_ROLES: readonly Role[] = ['registrar', 'supervisor', 'admin']

export const REGISTRATION_COMMAND_ROLES: Record<RegistrationCommandType, readonly Role[]> = {
  'registration:start': REGISTRATION_ROLES,
  'registration:resend': REGISTRATION_ROLES,
  'registration:confirm': REGISTRATION_ROLES,
  'registration:change-phone': REGISTRATION_ROLES,
  'registration:revoke': REGISTRATION_ROLES,
  'registration:status': REGISTRATION_ROLES,
  'registration:open': REGISTRATION_ROLES,
  'registration:settings': REGISTRATION_ROLES,
  'binding:find': REGISTRATION_ROLES,
}

export function mayRegister(roles: readonly Role[], command: RegistrationCommandType): boolean {
  const allowed = REGISTRATION_COMMAND_ROLES[command]
  return roles.some((role) => allowed.includes(role))
}

export type BindingStatus = 'active' | 'replaced' | 'revoked'
export type RegistrationKind = 'register' | 'change-phone'
export type { ChallengeStatus as RegistrationStatus } from '../registration/otp'

/** The submission of a binding to the mobile-citizen database, as the registrar sees it. */
export interface DeliveryView {
  /** `pending`: not tried yet; `retrying`: failed, tried again later; `delivered`: accepted. */
  status: 'pending' | 'retrying' | 'delivered'
  attempts: number
  lastError: string | null
  nextAttemptAt: number | null
  deliveredAt: number | null
}

/** One registration (a one-time-code challenge), masked. */
export interface RegistrationView {
  id: string
  kind: RegistrationKind
  status: ChallengeStatus
  iinMasked: string
  phoneMasked: string
  deskId: string
  ticketId: string | null
  staffId: string
  createdAt: number
  /** When the current code stops working. */
  expiresAt: number
  /** The earliest time a new code may be sent. */
  resendAt: number
  attemptsLeft: number
  /** The binding it created, once confirmed. */
  bindingId: string | null
  /** For a phone change: the binding it replaces. */
  replacesBindingId: string | null
}

/** A binding of an IIN to a phone. `iin` and `phone` are present only in the `registration:confirm` ack. */
export interface BindingView {
  id: string
  status: BindingStatus
  iinMasked: string
  /** `+7 (701) ***-**-78` */
  phoneMasked: string
  /** 12 digits; only in the registrar's `registration:confirm` ack. */
  iin?: string
  /** E.164 (`+77012345678`); only in the registrar's `registration:confirm` ack. */
  phone?: string
  ticketId: string | null
  deskId: string
  staffId: string
  confirmedAt: number
  consent: { version: string; language: 'kk' | 'ru'; at: number }
  documentChecked: boolean
  replacesBindingId: string | null
  replacedBy: string | null
  endedAt: number | null
  revokeReason: string | null
  /** The hub has erased the full IIN and phone (retention); only the masked copies remain. */
  purged: boolean
  /** The latest submission of this binding to the mobile-citizen database, if any. */
  delivery: DeliveryView | null
}

export interface RegistrationSettings {
  consent: { version: string; kk: string; ru: string }
  codeDigits: number
  codeTtlMs: number
  maxAttempts: number
  resendAfterMs: number
  retentionDays: number
}

/** What `registration:start` and `registration:change-phone` answer. */
export interface RegistrationStarted {
  registrationId: string
  iinMasked: string
  phoneMasked: string
  expiresAt: number
  resendAt: number
  attemptsLeft: number
  /** Things to double-check with the document (birth date or sex not encoded in the IIN). */
  warnings: IinWarning[]
}

export interface RegistrationResults {
  'registration:start': RegistrationStarted
  'registration:resend': { registrationId: string; expiresAt: number; resendAt: number; attemptsLeft: number }
  'registration:confirm': { registration: RegistrationView; binding: BindingView }
  'registration:change-phone': RegistrationStarted
  'registration:revoke': { binding: BindingView }
  'registration:status': { registration: RegistrationView; binding: BindingView | null }
  'registration:open': { registration: RegistrationView | null }
  'registration:settings': RegistrationSettings
  'binding:find': { bindings: BindingView[] }
}

/** Registration acks have no `seq`: nothing of them enters the queue's event log. */
export type RegistrationAck<T extends RegistrationCommandType> =
  | ({ ok: true } & RegistrationResults[T])
  | AckError

/**
 * The staff-only fact of the registration desk, sent to registrar, supervisor and admin sockets when a
 * registration or a submission changes. It is not part of the event log: no `seq`, no replay on
 * reconnect (ask `registration:status` or the stats endpoint instead). Ids and counts only.
 */
export interface RegistrationUpdate {
  type: 'registration:updated'
  at: number
  registrationId: string | null
  bindingId: string | null
  /** What happened. */
  change:
    | 'started'
    | 'resent'
    | 'code-rejected'
    | 'confirmed'
    | 'expired'
    | 'failed'
    | 'revoked'
    | 'delivered'
    | 'delivery-retrying'
  staffId: string | null
  deskId: string | null
  /** Today's figures of the centre, for the supervisor view. */
  today: RegistrationCounts
}

export interface RegistrationCounts {
  started: number
  confirmed: number
  failed: number
  expired: number
}

type RegistrationCommandEvents = {
  [T in RegistrationCommandType]: (
    payload: RegistrationPayload<T>,
    ack: (result: RegistrationAck<T>) => void,
  ) => void
}
export type ClientToHubRegistrationEvents = RegistrationCommandEvents

export type HubToClientRegistrationEvents = {
  'registration:updated': (update: RegistrationUpdate) => void
}
