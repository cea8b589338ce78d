/**
 * One request id, one action: the retry rules that every command path shares (queue commands in the
 * centre engine, the registration desk's commands).
 *
 * A request id lives in a scope, its sender and command name (`requestScope`). The first answer is
 * stored with a fingerprint of the payload that got it. A request that arrives again in the same scope
 * is a true retry when its fingerprint matches, and gets the first answer (or joins it while it is
 * still being decided); with another fingerprint it is refused with `request_id_reused`, changes
 * nothing and is not stored. A stored answer without a fingerprint (rows older than fingerprints) is
 * not compared.
 *
 * Two fingerprints, one canonical form: `commandFingerprint` (plain sha256) for payloads without
 * personal data, `keyedFingerprint` (HMAC-SHA256 under a secret key kept outside the database) for
 * payloads holding an IIN or a phone number, whose plain hash a brute force over the IIN space reverses.
 */
import { createHash, createHmac } from 'node:crypto'
import type { AckError } from '../../src-shared/protocol'

/** A stored answer: the ack as JSON, and the fingerprint of the payload it answered (null on old rows). */
export interface StoredAnswer {
  ack: string
  fingerprint: string | null
}

/** The scope a request id lives in: one sender (`staff:<id>`, `device:<id>`) and one command name. */
export function requestScope(principalKey: string, type: string): string {
  return `${principalKey}|${type}`
}

/**
 * The payload as text. It is a schema's parsed output, whose keys come in the schema's order whatever
 * order the client sent, so plain JSON is canonical here; an optional field sent as null means what its
 * absence means (`categoryId`, `note`, `ticketId`…), so nulls are left out.
 */
function canonical(payload: object): string {
  return JSON.stringify(payload, (_key, value: unknown) => (value === null ? undefined : value))
}

/** The fingerprint of a payload that holds no personal data (a queue command, `{ type, ...fields }`). */
export function commandFingerprint(payload: object): string {
  return createHash('sha256').update(canonical(payload)).digest('base64url').slice(0, 22)
}

/**
 * The fingerprint of a payload that holds personal data: without `key`, the stored value tells nothing
 * about the IIN or phone it was made from.
 */
export function keyedFingerprint(key: Buffer, payload: object): string {
  return createHmac('sha256', key).update(canonical(payload)).digest('base64url').slice(0, 22)
}

/** The documented answer to a request id reused with another payload. */
export function reusedAck(type: string): AckError {
  return {
    ok: false,
    error: {
      code: 'request_id_reused',
      message: `this requestId was already used for a ${type} with another payload; make a new requestId for a new action`,
    },
  }
}

/**
 * What a stored answer says to a request: the first ack again (a true retry), `request_id_reused`
 * (another payload), or undefined when nothing is stored and the request must be decided.
 */
export function answerFromStore<A>(
  stored: StoredAnswer | undefined,
  fingerprint: string,
  type: string,
): A | AckError | undefined {
  if (stored === undefined) return undefined
  if (stored.fingerprint !== null && stored.fingerprint !== fingerprint) return reusedAck(type)
  return JSON.parse(stored.ack) as A
}

/** The requests being decided right now, so that a retry arriving meanwhile joins the first one. */
export class InflightRequests<A> {
  private readonly running = new Map<string, { fingerprint: string; ack: Promise<A> }>()

  /** The ack on its way for this request, `request_id_reused` for another payload, or undefined. */
  join(
    scope: string,
    requestId: string,
    fingerprint: string,
    type: string,
  ): Promise<A | AckError> | undefined {
    const running = this.running.get(`${scope}\u0000${requestId}`)
    if (!running) return undefined
    return running.fingerprint === fingerprint ? running.ack : Promise.resolve(reusedAck(type))
  }

  /** Remembers `ack` as this request's answer until it settles. */
  track(scope: string, requestId: string, fingerprint: string, ack: Promise<A>): void {
    const key = `${scope}\u0000${requestId}`
    this.running.set(key, { fingerprint, ack })
    const done = () => {
      if (this.running.get(key)?.ack === ack) this.running.delete(key)
    }
    void ack.then(done, done)
  }

  get size(): number {
    return this.running.size
  }

  /** Resolves once every request tracked now has been answered (for shutdown). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.ack))
  }
}
