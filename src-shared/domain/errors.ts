/** Stable error codes. Clients switch on `code`; `message` is for logs and staff, in English. */
export const ERROR_CODES = [
  // domain
  'unknown_service',
  'unknown_category',
  'unknown_desk',
  'unknown_ticket',
  'invalid_transition',
  'desk_closed',
  'desk_paused',
  'desk_busy',
  'desk_taken',
  'not_your_desk',
  'unknown_staff',
  'nothing_to_undo',
  'undo_expired',
  'not_served_here',
  'same_service',
  'queue_empty',
  'centre_closed',
  // the citizen's rating after service
  'already_rated',
  'not_finished',
  'rating_closed',
  'unknown_reason',
  // what a consultant codes: a visit's outcome at finish, a pause's reason
  'outcome_required',
  'unknown_outcome',
  'unknown_pause_reason',
  // the supervisor's acts
  'reason_required',
  'unknown_message',
  // guided self-service and help requests
  'not_self_service',
  'unknown_session',
  'unknown_step',
  'session_ended',
  'other_kiosk',
  'unknown_help_request',
  'help_pending',
  'help_taken',
  'help_closed',
  // bookings
  'bookings_disabled',
  'not_bookable',
  'unknown_slot',
  'slot_full',
  'unknown_booking',
  'booking_exists',
  'booking_closed',
  'booking_too_early',
  'booking_too_late',
  'limit_services_per_day',
  'limit_period',
  // the remote queue: joining from home
  'remote_join_off',
  'remote_join_full',
  'remote_daily_cap',
  'remote_phone_limit',
  'no_window_serves',
  // the kiosk: booking-only services, and the check-in by IIN and a one-time code
  'booking_only',
  'no_phone_bound',
  'no_booking_today',
  'challenge_unknown',
  'phone_busy',
  // the Telegram bot in its own process (the integration API)
  'chat_not_linked',
  // mobile-citizen registration
  'iin_invalid',
  'phone_invalid',
  'consent_required',
  'document_not_checked',
  'otp_wrong',
  'otp_expired',
  'otp_attempts_exceeded',
  'otp_resend_too_soon',
  'sms_failed',
  'unknown_registration',
  'registration_finished',
  'unknown_binding',
  'binding_exists',
  'binding_inactive',
  'phone_unchanged',
  // protocol and hub
  'invalid_payload',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'cross_origin',
  'payload_too_large',
  'unknown_command',
  'forbidden',
  'unauthenticated',
  'unknown_staff_session',
  'staff_session_expired',
  'must_change_password',
  'too_many_connections',
  'rate_limited',
  'request_id_reused',
  'storage_failed',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/**
 * What a refusal is about, as fields a face words for itself in its own language (none parses `message`):
 * the service and slot concerned and the times that matter. Instants are epoch ms; `day` is the centre's
 * local day, `YYYY-MM-DD`. Only the bookings' refusals carry them so far; each names what applies to it.
 */
export interface RefusalDetails {
  serviceId?: string
  /** The slot asked for or booked, epoch ms. */
  slotStart?: number
  /** The slot's local day. */
  day?: string
  /** `booking_too_early`: when the check-in opens. */
  opensAt?: number
  /** `booking_too_late`: when the check-in closed. */
  closedAt?: number
  /** `limit_services_per_day`, `limit_period`: the limit reached (services a day, visits a period). */
  limit?: number
  /** `limit_period`: the period the visits are counted in, days. */
  periodDays?: number
  /** `otp_wrong`: the tries left with this code. */
  attemptsLeft?: number
}

/** The fields of `RefusalDetails` that are instants: the API writes them as ISO 8601. */
export const REFUSAL_INSTANTS = ['slotStart', 'opensAt', 'closedAt'] as const satisfies ReadonlyArray<
  keyof RefusalDetails
>

/** A command that the centre's state does not allow. Never thrown for a bug: those are plain Errors. */
export class DomainError extends Error {
  readonly code: ErrorCode
  /** What the refusal is about, for faces and integrations to word (absent when there is nothing to add). */
  readonly details: RefusalDetails | undefined
  constructor(code: ErrorCode, message: string, details?: RefusalDetails) {
    super(message)
    this.name = 'DomainError'
    this.code = code
    this.details = details
  }
}
