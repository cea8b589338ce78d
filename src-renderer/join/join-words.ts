/**
 * The words of the `/join` page that depend on data: why a service cannot be joined now, and a refusal in
 * plain words (the join's own, else the booking page's words for the one-time code and the rest). Pure.
 */
import { refusalKey as bookRefusalKey } from '../book/book-words'

/** Refusals `/join` has its own words for. */
const OWN = new Set([
  'remote_phone_limit',
  'remote_daily_cap',
  'remote_join_full',
  'no_window_serves',
  'centre_closed',
  'remote_join_off',
  'invalid_payload',
  'ticket_link_invalid',
  'invalid_transition',
  'forbidden',
])

/** Why a service cannot be joined now, as the catalogue key of a short reason. */
const REASONS = new Set([
  'no_window_serves',
  'remote_join_full',
  'centre_closed',
  'remote_daily_cap',
  'remote_join_off',
])

/** The catalogue key of a refusal's words. */
export function joinRefusalKey(code: string): string {
  return OWN.has(code) ? `join.refusal.${code}` : bookRefusalKey(code)
}

/** The catalogue key of the reason a service cannot be joined now. */
export function reasonKey(code: string): string {
  return `join.reason.${REASONS.has(code) ? code : 'other'}`
}

/** Refusals about the one-time code: the page goes back to the code step with them. */
export function isCodeProblem(code: string): boolean {
  return ['code_wrong', 'code_expired', 'attempts_exceeded', 'challenge_unknown', 'code_invalid'].includes(
    code,
  )
}
