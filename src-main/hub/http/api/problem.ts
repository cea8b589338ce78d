/**
 * The API's errors: `application/problem+json` (RFC 9457). Every answer that is not a success is a
 * problem with `type`, `title`, `status`, `detail`, and `code`, a stable machine code a client switches
 * on; a request whose fields are wrong also gets `errors`, one `{ path, message }` per bad field.
 *
 * `type` is `urn:kezek:problem:<code>` and `title` is fixed per code, so both identify the kind of
 * problem; `detail` says what happened this time, in English, for logs and people.
 */
import type { ServerResponse } from 'node:http'
import { z } from 'zod'
import { REFUSAL_INSTANTS, type ErrorCode, type RefusalDetails } from '../../../../src-shared/domain'

/**
 * The codes the API itself answers with (the HTTP layer, before a command reaches the engine). A write's
 * refusal by the centre (an engine ack) passes its own code on, e.g. `unknown_service` or, for bookings,
 * `slot_full`: see `ackProblem` in `writes.ts`.
 */
export const API_ERROR_CODES = [
  'invalid_json',
  'validation_failed',
  'payload_too_large',
  'unsupported_media_type',
  'cross_origin',
  'unauthenticated',
  'insufficient_scope',
  'not_found',
  'method_not_allowed',
  'rate_limited',
  'idempotency_key_required',
  'idempotency_key_invalid',
  'idempotency_key_reused',
  'storage_failed',
  'internal',
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** What a client switches on: one of the API's codes, or a code of the centre's own refusal. */
export type ProblemCode = ApiErrorCode | ErrorCode

/** One bad field of a request: where it is (`body.serviceId`, `header.Idempotency-Key`) and what is wrong. */
export interface FieldError {
  path: string
  message: string
}

type Instant = (typeof REFUSAL_INSTANTS)[number]

/** A refusal's details as the API writes them: the same members, instants as ISO 8601 strings. */
export type ProblemDetails = {
  [K in keyof RefusalDetails]?: K extends Instant ? string : RefusalDetails[K]
}

/**
 * An error answer, RFC 9457 members plus `code` (and `errors` for bad fields), and for a refusal by
 * the centre what it is about (`ProblemDetails`, extension members: `slotStart`, `opensAt`, …).
 */
export interface Problem extends ProblemDetails {
  type: string
  title: string
  status: number
  detail: string
  code: ProblemCode
  errors?: FieldError[]
}

/** A domain refusal's details as extension members of its problem: instants as ISO 8601. */
export function problemDetails(details: RefusalDetails | undefined): ProblemDetails {
  if (!details) return {}
  const members: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(details)) {
    if (value === undefined) continue
    members[name] =
      (REFUSAL_INSTANTS as readonly string[]).includes(name) && typeof value === 'number'
        ? new Date(value).toISOString()
        : value
  }
  return members as ProblemDetails
}

/** RFC 9457's media type, for every error answer of the API. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

const TITLES: Record<ApiErrorCode, string> = {
  invalid_json: 'The body is not valid JSON',
  validation_failed: 'The request has invalid fields',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'The body is not sent as JSON',
  cross_origin: 'Sent by a page of another origin',
  unauthenticated: 'Missing or unknown integration key',
  insufficient_scope: 'The key lacks the scope this request needs',
  not_found: 'No such API path',
  method_not_allowed: 'Method not allowed on this path',
  rate_limited: 'Too many requests',
  idempotency_key_required: 'Idempotency-Key header required',
  idempotency_key_invalid: 'Idempotency-Key header is malformed',
  idempotency_key_reused: 'Idempotency-Key reused with another request',
  storage_failed: 'The hub could not store or read its records',
  internal: 'Internal error',
}

/** The fixed title of a code: the table above, or the code in words (`unknown_service` → "Unknown service"). */
export function titleOf(code: ProblemCode): string {
  const known = (TITLES as Partial<Record<string, string>>)[code]
  if (known) return known
  const words = code.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A problem of `code`, with its fixed `type` and `title`; `errors` only for bad fields. */
export function problem(status: number, code: ProblemCode, detail: string, errors?: FieldError[]): Problem {
  return {
    type: `urn:kezek:problem:${code}`,
    title: titleOf(code),
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  }
}

/** Every bad field of a zod error, by its path under `where` (`body`, `query`). */
export function fieldErrors(error: z.ZodError, where: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = [where, ...issue.path.map(String)].join('.')
    // One line per unknown field, at its own path, as the config's messages do.
    return issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: `${at}.${key}`, message: 'unknown field' }))
      : [{ path: at, message: issue.message }]
  })
}

/** Sends a problem; `headers` such as `Allow`, `Retry-After` or `WWW-Authenticate` go with it. */
export function sendProblem(
  res: ServerResponse,
  answer: Problem,
  headers: Readonly<Record<string, string>> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value)
  res.statusCode = answer.status
  res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE)
  res.setHeader('Cache-Control', 'no-store')
  res.end(JSON.stringify(answer))
}

/** The schema of every error answer, for the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z
      .string()
      .meta({ description: '`urn:kezek:problem:<code>`', example: 'urn:kezek:problem:not_found' }),
    title: z.string().meta({ description: 'Fixed per code.' }),
    status: z.number().int().meta({ description: 'The HTTP status, repeated.' }),
    detail: z.string().meta({ description: 'What happened this time, in English.' }),
    code: z.string().meta({
      description:
        'A stable machine code: one of the API codes in docs/api.md, or the code of the centre refusing a write.',
      example: 'not_found',
    }),
    errors: z
      .array(
        z
          .object({
            path: z.string().meta({ example: 'body.serviceId' }),
            message: z.string(),
          })
          .strict(),
      )
      .optional()
      .meta({ description: 'With `validation_failed`: every bad field.' }),
    // A refusal by the centre says what it is about (docs/api.md, "Refusal details").
    serviceId: z.string().optional().meta({ description: 'The service the refusal is about.' }),
    slotStart: z.iso.datetime().optional().meta({ description: 'The slot asked for or booked.' }),
    day: z.string().optional().meta({ description: "The slot's local day, YYYY-MM-DD." }),
    opensAt: z.iso
      .datetime()
      .optional()
      .meta({ description: '`booking_too_early`: when the check-in opens.' }),
    closedAt: z.iso
      .datetime()
      .optional()
      .meta({ description: '`booking_too_late`: when the check-in closed.' }),
    limit: z.number().int().optional().meta({ description: '`limit_*`: the limit reached.' }),
    periodDays: z
      .number()
      .int()
      .optional()
      .meta({ description: '`limit_period`: the days the visits are counted in.' }),
  })
  .strict()
  .meta({ id: 'Problem', description: 'An error, as RFC 9457 application/problem+json.' })
