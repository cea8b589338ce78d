/**
 * What every handler of the `/book` API gets, and how it answers: JSON, a file, or a refusal as
 * `application/problem+json` (the integration API's format) naming the field that is wrong.
 */
import type { z } from 'zod'
import type { CentreConfig } from '../../../../src-shared/config'
import type { ErrorCode } from '../../../../src-shared/domain'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { ChallengeRefusalCode } from '../../phone-challenges'
import type { Vault, VaultEntries } from '../../vault'
import { fieldErrors, problem, type Problem, type ProblemCode } from '../api/problem'
import type { BookingCodes } from './codes'

/** The codes a `/book` answer may carry: the API's, the centre's refusals, the one-time code's, and a bad link. */
export type BookProblemCode = ProblemCode | ChallengeRefusalCode | 'manage_link_invalid'

export interface BookContext {
  config: CentreConfig
  engine: CentreEngine
  /** Where a booking's IIN and phone go before the engine sees their ids. */
  entries: VaultEntries
  /** Signs and checks manage links. */
  vault: Vault
  codes: BookingCodes
  /** The hub's failure limiter: wrong codes and wrong links count against the address, as wrong keys do. */
  limits: ConnectionLimits
}

export interface BookRequest {
  params: Record<string, string>
  query: URLSearchParams
  /** The parsed JSON body of a POST (`undefined` for a GET). */
  body: unknown
  /** The client's address. */
  address: string
}

export type BookAnswer =
  | { status: number; json: unknown }
  | { status: number; file: string; headers: Record<string, string> }

/** A refusal: thrown by a handler, answered as problem+json with its headers. */
export class BookRefusal extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail)
    this.name = 'BookRefusal'
  }
}

/** A refusal of `code` naming the field at fault (`body.phone`, `path.token`). */
export function refusal(
  status: number,
  code: BookProblemCode,
  field: string,
  detail: string,
  headers?: Record<string, string>,
): BookRefusal {
  // The page switches on these codes as on the API's; `problem` only uses the code as text.
  return new BookRefusal(
    problem(status, code as ProblemCode, detail, [{ path: field, message: detail }]),
    headers,
  )
}

/** The body checked by `schema`, or the 400 naming every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const errors = fieldErrors(parsed.error, 'body')
  throw new BookRefusal(
    problem(400, 'validation_failed', `check these fields: ${errors.map((e) => e.path).join(', ')}`, errors),
  )
}

/** Which field of a request a refusal of the centre is about. */
const FIELD_OF: Partial<Record<ErrorCode, string>> = {
  unknown_service: 'body.serviceId',
  not_bookable: 'body.serviceId',
  bookings_disabled: 'body.serviceId',
  unknown_slot: 'body.slotStart',
  slot_full: 'body.slotStart',
  booking_exists: 'body.iin',
  limit_period: 'body.iin',
  limit_services_per_day: 'body.iin',
  request_id_reused: 'body.requestId',
}

/** The status of a refusal by the centre: the integration API's own table. */
export function centreRefusal(code: ErrorCode, detail: string, status: number): BookRefusal {
  return refusal(status, code, FIELD_OF[code] ?? 'booking', detail)
}
