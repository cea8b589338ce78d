/**
 * Writes, once only: every POST, PUT, PATCH or DELETE carries an `Idempotency-Key`, and becomes one
 * engine command whose request id is that key, sent as the integration (`integration:<id>`).
 *
 * The engine already keeps a command's answer with its events (`command_results`, in the same
 * transaction, scoped per sender and command, with a fingerprint of the command; see `idempotency.ts`),
 * so the API keeps nothing of its own:
 * - the same key with the same body is the same command: the engine answers the stored ack, and the
 *   route builds the same answer from it (status and body), also after a restart or a kill -9;
 * - the same key with another body is another command under a used request id: the engine refuses it
 *   with `request_id_reused`, answered here as 422 `idempotency_key_reused`, and nothing changes;
 * - a request refused before the engine (a bad body, a missing scope) is not stored: it changed nothing,
 *   and the same key may be sent again with the request put right.
 *
 * Stored answers are kept two days (`housekeeping.ts`).
 */
import type { IncomingMessage } from 'node:http'
import type { IntegrationConfig } from '../../../../src-shared/config'
import type { ErrorCode } from '../../../../src-shared/domain'
import type { Ack, AckError } from '../../../../src-shared/protocol'
import type { CentreEngine } from '../../centre-engine'
import { problem, problemDetails, type Problem } from './problem'
import type { CommandRoute, EngineWrite } from './route'

/** 1–128 of letters, digits and `_ - : .`: a UUID, a ULID or the caller's own request id all fit. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,128}$/

/** A write's valid `Idempotency-Key`, or the 400 to answer. */
export type IdempotencyKey = { ok: true; key: string } | { ok: false; problem: Problem }

/** The request's `Idempotency-Key`, or the 400 that says what is wrong with it. */
export function idempotencyKeyOf(req: IncomingMessage): IdempotencyKey {
  const sent = req.headers['idempotency-key']
  if (sent === undefined || sent === '') {
    return {
      ok: false,
      problem: problem(
        400,
        'idempotency_key_required',
        'a write needs an Idempotency-Key header: a new random value per action, the same one when you retry it',
        [{ path: 'header.Idempotency-Key', message: 'required' }],
      ),
    }
  }
  if (Array.isArray(sent) || !IDEMPOTENCY_KEY_PATTERN.test(sent)) {
    return {
      ok: false,
      problem: problem(
        400,
        'idempotency_key_invalid',
        'send one Idempotency-Key of 1–128 letters, digits, _ - : or .',
        [{ path: 'header.Idempotency-Key', message: 'must be 1–128 of A–Z a–z 0–9 _ - : .' }],
      ),
    }
  }
  return { ok: true, key: sent }
}

/** The idempotency scope's sender: an integration's own, apart from every staff member and device. */
export function integrationPrincipal(integration: IntegrationConfig): string {
  return `integration:${integration.id}`
}

/** Submits a write's command as the integration, with the key as its request id; never rejects. */
export function submitWrite(
  engine: CentreEngine,
  integration: IntegrationConfig,
  key: string,
  write: EngineWrite,
): Promise<Ack<object>> {
  return engine.submit(integrationPrincipal(integration), key, write.actor, write.command)
}

/** A route's answer to an engine ack: its success body, or the refusal as a problem. */
export function answerOf(
  route: CommandRoute,
  ack: Ack<object>,
  context: Parameters<CommandRoute['answer']>[1],
): { status: number; body: unknown } | { problem: Problem } {
  if (ack.ok) {
    return { status: route.response.status, body: route.answer(ack as { ok: true; seq: number }, context) }
  }
  return { problem: ackProblem(ack, route.refusals) }
}

/** The HTTP status of a refusal by the engine or the domain. */
export function refusalStatus(code: ErrorCode, refusals: CommandRoute['refusals'] = {}): number {
  const own = refusals[code]
  if (own !== undefined) return own
  switch (code) {
    case 'request_id_reused':
      return 422
    case 'storage_failed':
      return 503
    case 'internal':
      return 500
    case 'forbidden':
      return 403
    case 'rate_limited':
      return 429
    case 'invalid_payload':
      return 400
    default:
      // `unknown_service`: the body names something the centre does not have. Anything else: the
      // centre's state does not allow it now (closed, full, already done).
      return code.startsWith('unknown_') ? 422 : 409
  }
}

/** An engine refusal as a problem; a reused request id is the API's `idempotency_key_reused`. */
export function ackProblem(ack: AckError, refusals?: CommandRoute['refusals']): Problem {
  const { code, message } = ack.error
  if (code === 'request_id_reused') {
    return problem(
      422,
      'idempotency_key_reused',
      'this Idempotency-Key was already used for another request; make a new key for a new action',
    )
  }
  return { ...problemDetails(ack.error.details), ...problem(refusalStatus(code, refusals), code, message) }
}
