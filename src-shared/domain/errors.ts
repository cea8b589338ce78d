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
  'not_served_here',
  'same_service',
  'queue_empty',
  'centre_closed',
  // protocol and hub
  'invalid_payload',
  'not_found',
  'method_not_allowed',
  'payload_too_large',
  'unknown_command',
  'forbidden',
  'unauthenticated',
  'rate_limited',
  'storage_failed',
  'internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** A command that the centre's state does not allow. Never thrown for a bug: those are plain Errors. */
export class DomainError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'DomainError'
    this.code = code
  }
}
