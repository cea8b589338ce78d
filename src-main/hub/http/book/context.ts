/**
 * What every handler of the `/book` API gets, and how it answers: JSON, a file, or a refusal as
 * `application/problem+json` (the integration API's format) naming the field that is wrong
 * (`../citizen-page.ts`, which `/join` answers with too).
 */
import type { CentreConfig } from '../../../../src-shared/config'
import type { ErrorCode } from '../../../../src-shared/domain'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { Vault, VaultEntries } from '../../vault'
import {
  PageRefusal,
  parseBody,
  refusal,
  type PageAnswer,
  type PageProblemCode,
  type PageRequest,
} from '../citizen-page'
import type { NotifyOffer } from '../notify-offer'
import type { BookingCodes } from './codes'

/** The codes a `/book` answer may carry. */
export type BookProblemCode = PageProblemCode

/** The notifications offered (`../notify-offer.ts`): the same boxes as `/join`'s. */
export interface BookContext extends NotifyOffer {
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

export type BookRequest = PageRequest
export type BookAnswer = PageAnswer
export { PageRefusal as BookRefusal, parseBody, refusal }

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
export function centreRefusal(code: ErrorCode, detail: string, status: number): PageRefusal {
  return refusal(status, code, FIELD_OF[code] ?? 'booking', detail)
}
