/**
 * What every handler of the `/join` API gets, and how the centre's refusals of a join are answered
 * (problem+json naming the field, as `/book` and the integration API answer).
 */
import type { CentreConfig } from '../../../../src-shared/config'
import type { ErrorCode } from '../../../../src-shared/domain'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { VaultEntries } from '../../vault'
import type { BookingCodes } from '../book/codes'
import { refusal, type PageRefusal } from '../citizen-page'
import type { NotifyOffer } from '../notify-offer'
import { refusalStatus } from '../api/writes'

export interface JoinContext extends NotifyOffer {
  config: CentreConfig
  engine: CentreEngine
  /** Where the confirmed phone goes before the engine sees its id. */
  entries: VaultEntries
  /** One-time codes with the join SMS. */
  codes: BookingCodes
  /** The hub's failure limiter: wrong codes and wrong links count against the address. */
  limits: ConnectionLimits
}

/** The statuses of the centre's refusals of a join (anything else: the API's own table). */
export const JOIN_REFUSALS: Partial<Record<ErrorCode, number>> = {
  remote_join_off: 409,
  remote_join_full: 409,
  remote_daily_cap: 409,
  remote_phone_limit: 409,
  no_window_serves: 409,
  centre_closed: 409,
  invalid_payload: 400,
}

/** Which field of a join a refusal of the centre is about. */
const FIELD_OF: Partial<Record<ErrorCode, string>> = {
  unknown_service: 'body.serviceId',
  remote_join_off: 'body.serviceId',
  remote_join_full: 'body.serviceId',
  remote_daily_cap: 'body.serviceId',
  no_window_serves: 'body.serviceId',
  centre_closed: 'body.serviceId',
  remote_phone_limit: 'body.phone',
  invalid_payload: 'body.travelMinutes',
  request_id_reused: 'body.requestId',
}

/** A refusal of the centre as the page gets it. */
export function joinRefused(code: ErrorCode, detail: string): PageRefusal {
  return refusal(refusalStatus(code, JOIN_REFUSALS), code, FIELD_OF[code] ?? 'ticket', detail)
}
