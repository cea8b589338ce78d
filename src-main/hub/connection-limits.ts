/**
 * Limits on connecting, checked at the handshake (see `handshake.ts`).
 *
 * Guessing is slowed: failed handshakes (a wrong device key, an unknown tracker or staff token) are
 * counted per remote address, and an address over its limit is refused, without its credential being
 * looked at, until its lock runs out. Other addresses are not affected. A success does not wipe an
 * address's failures: any citizen holds a valid tracker token, and one would otherwise buy unlimited
 * guesses. The counting is the sign-in limiter's (one limiter in the hub), keyed by address alone.
 *
 * And each credential holds a bounded number of sockets at once: a ticket's track token, a device's key.
 * A place is taken when the handshake passes and given back when the socket (or its connection, should it
 * close before the socket joins) goes.
 */
import type { HubSocket } from './hub-io'
import { SignInLimiter } from './sign-in-limiter'

export interface ConnectionLimitOptions {
  /** Failed handshakes from one address within `failureWindowMs` that lock the address. */
  maxFailures: number
  /** How far back failures count, in milliseconds. */
  failureWindowMs: number
  /** How long a locked address is refused, in milliseconds. */
  lockMs: number
  /** Sockets one tracked ticket may have at once (a citizen's phone, perhaps a relative's). */
  perTracker: number
  /**
   * Sockets one device may have at once. A kiosk or display that reconnects holds its old socket until
   * the hub notices it gone (up to 18 s), so this is well above one.
   */
  perDevice: number
  /**
   * The clock the failures are timed by, in milliseconds: real time (`Date.now`) by default, not the
   * centre's clock, which tests and the bench move or freeze.
   */
  clock?: () => number
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimitOptions = {
  maxFailures: 10,
  failureWindowMs: 60_000,
  lockMs: 60_000,
  perTracker: 5,
  perDevice: 20,
}

/** Options from code, over the defaults: whole numbers of at least one, or a clear error naming the field. */
export function validConnectionLimits(options: Partial<ConnectionLimitOptions> = {}): ConnectionLimitOptions {
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options }
  for (const field of ['maxFailures', 'failureWindowMs', 'lockMs', 'perTracker', 'perDevice'] as const) {
    const value = limits[field]
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`connectionLimits.${field} must be a whole number of at least 1, got ${value}`)
  }
  return limits
}

export type Credential = 'device' | 'tracker'

export class ConnectionLimits {
  readonly #options: ConnectionLimitOptions
  readonly #failures: SignInLimiter
  /** Credential key (`device:<id>`, `tracker:<ticket id>`) -> sockets holding a place. */
  readonly #open = new Map<string, number>()

  constructor(options: ConnectionLimitOptions) {
    this.#options = options
    this.#failures = new SignInLimiter({
      maxFailures: options.maxFailures,
      windowMs: options.failureWindowMs,
      lockMs: options.lockMs,
      now: options.clock ?? Date.now,
    })
  }

  /** Milliseconds the address must still wait before its next handshake is looked at; 0 if none. */
  lockedFor(address: string): number {
    const check = this.#failures.check(address)
    return check.allowed ? 0 : Math.max(1, check.retryAfterMs)
  }

  /** A handshake from `address` whose credential was wrong or unknown. */
  failed(address: string): void {
    this.#failures.fail(address)
  }

  /** The most sockets a credential of this kind may have at once. */
  capOf(credential: Credential): number {
    return credential === 'device' ? this.#options.perDevice : this.#options.perTracker
  }

  /**
   * Takes a place for `socket` among those of its credential (`key`); false when all are taken. The
   * place is given back once, when the socket disconnects or its connection closes.
   */
  take(socket: HubSocket, credential: Credential, key: string): boolean {
    // Already closed: Socket.IO will not let the socket join, and no `close` would give the place back.
    if (socket.conn.readyState !== 'open') return true
    const held = this.#open.get(key) ?? 0
    if (held >= this.capOf(credential)) return false
    this.#open.set(key, held + 1)
    let given = false
    const giveBack = () => {
      if (given) return
      given = true
      const left = (this.#open.get(key) ?? 1) - 1
      if (left > 0) this.#open.set(key, left)
      else this.#open.delete(key)
    }
    socket.once('disconnect', giveBack)
    socket.conn.once('close', giveBack)
    return true
  }

  /** Sockets holding a place of this credential now. */
  held(key: string): number {
    return this.#open.get(key) ?? 0
  }
}
