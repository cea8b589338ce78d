/**
 * Slows down password guessing: after too many failed sign-ins for one login from one address, that pair
 * is locked for a while. Kept in memory: a hub restart forgets it, which is acceptable for a centre's LAN.
 */

/**
 * The limiter's key for a sign-in attempt: the client's address and the login as typed. Logins are
 * case-insensitive for people, so "Admin" and "admin" share one counter.
 */
export function signInKey(ip: string, login: string): string {
  return `${ip}\u0000${login.trim().toLowerCase()}`
}

export type SignInCheck = { allowed: true } | { allowed: false; retryAfterMs: number }

export interface SignInLimiterOptions {
  /** Failures within `windowMs` that lock the key. Default 5. */
  maxFailures?: number
  /** How far back failures count. Default 15 minutes. */
  windowMs?: number
  /** How long a locked key stays locked. Default 15 minutes. */
  lockMs?: number
  /** Keys remembered at most; stale ones go first, then the least recently active. Default 10,000. */
  maxEntries?: number
  now?: () => number
}

interface Entry {
  /** Times of recent failures, oldest first; never longer than `maxFailures`. */
  failures: number[]
  lockedUntil: number
}

const MINUTE = 60_000

/** Failed sign-ins per key (see `signInKey`), e.g. 5 within 15 minutes lock the key for 15 minutes. */
export class SignInLimiter {
  readonly #maxFailures: number
  readonly #windowMs: number
  readonly #lockMs: number
  readonly #maxEntries: number
  readonly #now: () => number
  // Map order is insertion order; an entry is re-inserted on every failure, so the first is the least active.
  readonly #entries = new Map<string, Entry>()

  constructor(options: SignInLimiterOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 5
    this.#windowMs = options.windowMs ?? 15 * MINUTE
    this.#lockMs = options.lockMs ?? 15 * MINUTE
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#now = options.now ?? Date.now
    if (this.#maxFailures < 1 || this.#windowMs <= 0 || this.#lockMs <= 0 || this.#maxEntries < 1) {
      throw new RangeError('sign-in limiter: maxFailures, windowMs, lockMs and maxEntries must be positive')
    }
  }

  /** Ask before checking the password: a locked key is refused without trying it. */
  check(key: string): SignInCheck {
    const at = this.#now()
    const entry = this.#entries.get(key)
    if (entry && entry.lockedUntil > at) return { allowed: false, retryAfterMs: entry.lockedUntil - at }
    return { allowed: true }
  }

  /** Record a wrong password (or an unknown login). */
  fail(key: string): void {
    const at = this.#now()
    const entry = this.#entries.get(key) ?? { failures: [], lockedUntil: 0 }
    // A caller that tries the password despite the lock gains nothing, and does not extend the lock either.
    if (entry.lockedUntil > at) return
    this.#entries.delete(key)
    this.#makeRoom(at)
    entry.failures = entry.failures.filter((time) => time > at - this.#windowMs)
    entry.failures.push(at)
    if (entry.failures.length >= this.#maxFailures) {
      entry.lockedUntil = at + this.#lockMs
      entry.failures = []
    }
    this.#entries.set(key, entry)
  }

  /** Record a successful sign-in: the key's failures are forgotten. */
  succeed(key: string): void {
    this.#entries.delete(key)
  }

  /** How many keys are remembered (for tests and health figures). */
  get size(): number {
    return this.#entries.size
  }

  #isStale(entry: Entry, at: number): boolean {
    return entry.lockedUntil <= at && (entry.failures.at(-1) ?? -Infinity) <= at - this.#windowMs
  }

  #makeRoom(at: number): void {
    const entries = this.#entries
    if (entries.size < this.#maxEntries) return
    for (const [key, entry] of entries) if (this.#isStale(entry, at)) entries.delete(key)
    // Still full: drop the least active unlocked keys, so flooding with new logins cannot unlock a locked one...
    for (const [key, entry] of entries) {
      if (entries.size < this.#maxEntries) return
      if (entry.lockedUntil <= at) entries.delete(key)
    }
    // ...unless every key is locked, when the oldest lock goes.
    for (const key of entries.keys()) {
      if (entries.size < this.#maxEntries) return
      entries.delete(key)
    }
  }
}
