/**
 * Who may call the API, and how often: the integration key (`Authorization: Bearer <key>`), its scopes,
 * and its rate.
 *
 * - **Key.** Checked against every integration's `keyHash` (hashed like a device key, see
 *   `passwords.ts`). A wrong key counts as a failure of the caller's address in the hub's one failure
 *   limiter (`ConnectionLimits`, the socket handshake's): past its limit the address is refused, without
 *   its key being looked at, until its lock runs out, whether it guesses here or at the socket. A request
 *   with no key at all guesses nothing and is not counted.
 * - **Scope.** Each route names the one scope it needs; a key without it gets 403 `insufficient_scope`.
 * - **Rate.** A token bucket per integration (the sockets' `CommandBucket`), at the integration's own
 *   `rateLimit` or the config's `limits.integration`; over it, 429 with `Retry-After`.
 */
import type { IncomingMessage } from 'node:http'
import type { ApiScope, CentreConfig, IntegrationConfig } from '../../../../src-shared/config'
import { CommandBucket } from '../../command-rate'
import type { ConnectionLimits } from '../../connection-limits'
import { verifyDeviceKey } from '../../passwords'
import { bearerToken } from '../respond'
import { problem, type Problem } from './problem'

/** A refusal and the headers that go with it. */
export interface Refusal {
  problem: Problem
  headers: Record<string, string>
}

/** The integration a request's key belongs to, or why the request may not go on. */
export type Admission = { ok: true; integration: IntegrationConfig } | ({ ok: false } & Refusal)

/** `Retry-After` in whole seconds, at least one. */
export function retryAfter(ms: number): Record<string, string> {
  return { 'Retry-After': String(Math.max(1, Math.ceil(ms / 1000))) }
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="kezek"' }

/** Keys, scopes and rates of the API's callers; one per hub, holding each integration's rate bucket. */
export class ApiAccess {
  readonly #integrations: readonly IntegrationConfig[]
  readonly #limits: ConnectionLimits
  readonly #default: CentreConfig['limits']['integration']
  readonly #clock: () => number
  readonly #buckets = new Map<string, CommandBucket>()

  /**
   * `limits` is the hub's failure limiter, shared with the socket handshake. `clock` times the rate
   * buckets: real elapsed time by default, as the sockets' (tests of the limit pass their own).
   */
  constructor(config: CentreConfig, limits: ConnectionLimits, clock: () => number = () => performance.now()) {
    this.#integrations = config.integrations
    this.#default = config.limits.integration
    this.#limits = limits
    this.#clock = clock
  }

  /** The integration whose key the request carries, or why it may not go on. */
  admit(req: IncomingMessage): Admission {
    const address = req.socket.remoteAddress ?? '?'
    const lockedMs = this.#limits.lockedFor(address)
    if (lockedMs > 0) {
      const seconds = Math.ceil(lockedMs / 1000)
      return refused(
        problem(429, 'rate_limited', `too many wrong keys from this address; wait ${seconds} s`),
        retryAfter(lockedMs),
      )
    }
    const key = bearerToken(req)
    if (!key) {
      return refused(
        problem(401, 'unauthenticated', 'send the integration key as Authorization: Bearer <key>'),
        CHALLENGE,
      )
    }
    const integration = this.#integrations.find((entry) => verifyDeviceKey(key, entry.keyHash))
    if (!integration) {
      this.#limits.failed(address)
      return refused(problem(401, 'unauthenticated', 'no integration has this key'), {
        'WWW-Authenticate': 'Bearer realm="kezek", error="invalid_token"',
      })
    }
    return { ok: true, integration }
  }

  /** Null when the integration holds `scope`; otherwise the 403 to answer. */
  lacksScope(integration: IntegrationConfig, scope: ApiScope): Refusal | null {
    if (integration.scopes.includes(scope)) return null
    return {
      problem: problem(
        403,
        'insufficient_scope',
        `the key of integration "${integration.id}" lacks the scope ${scope}, which this request needs`,
      ),
      headers: { 'WWW-Authenticate': `Bearer realm="kezek", error="insufficient_scope", scope="${scope}"` },
    }
  }

  /** Takes one request's token from the integration's bucket; null when there was one. */
  overRate(integration: IntegrationConfig): Refusal | null {
    let bucket = this.#buckets.get(integration.id)
    if (!bucket) {
      bucket = new CommandBucket(integration.rateLimit ?? this.#default, this.#clock)
      this.#buckets.set(integration.id, bucket)
    }
    if (bucket.take()) return null
    const waitMs = bucket.retryAfterMs()
    return {
      problem: problem(
        429,
        'rate_limited',
        `integration "${integration.id}" is over its rate; wait ${Math.max(1, Math.ceil(waitMs / 1000))} s`,
      ),
      headers: retryAfter(waitMs),
    }
  }
}

function refused(answer: Problem, headers: Record<string, string>): Admission {
  return { ok: false, problem: answer, headers }
}
