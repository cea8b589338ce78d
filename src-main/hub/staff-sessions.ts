/**
 * Staff sign-in sessions: signing in (rate-limited per address and login), signing out (which closes the
 * session's sockets), finding the staff member behind a token, and closing sockets whose session expired.
 * Only the hash of a session token is stored; the token itself goes to the client once. A login marked
 * `mustChangePassword` gets no session: the right password is answered `must_change_password`, and
 * a session is opened only once the person has set their own (`admin/own-password-http.ts`).
 */
import type { CentreConfig, StaffConfig } from '../../src-shared/config'
import type { HubSocket } from './hub-io'
import type { Logger } from './logger'
import { hashToken, newToken, verifyPassword } from './passwords'
import { SignInLimiter, signInKey } from './sign-in-limiter'
import type { AsyncEventStore, Awaitable, StaffSessionRow } from './store/types'

export interface StaffSessionsOptions {
  config: CentreConfig
  store: AsyncEventStore
  logger: Logger
  now: () => number
  /** Staff session lifetime; default 12 hours. */
  ttlMs?: number
  /** The hub's connected sockets: sign-out and expiry close a session's own. */
  sockets: () => Iterable<HubSocket>
}

export interface OpenedSession {
  ok: true
  token: string
  expiresAt: number
  staff: StaffConfig
}

type Refusal =
  | { ok: false; reason: 'rate_limited'; retryAfterMs: number }
  | { ok: false; reason: 'unauthenticated' }

export type SignInResult = OpenedSession | Refusal | { ok: false; reason: 'must_change_password' }

export type VerifyResult = { ok: true; staff: StaffConfig } | Refusal

/** A valid hash of a random password, verified against for unknown logins. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

export class StaffSessions {
  readonly #config: CentreConfig
  readonly #store: AsyncEventStore
  readonly #logger: Logger
  readonly #now: () => number
  readonly #ttlMs: number
  readonly #sockets: () => Iterable<HubSocket>
  readonly #limiter: SignInLimiter
  /**
   * Sign-in attempts for one (address, login) run one after another: otherwise a burst of parallel
   * guesses would all pass the limiter's check before the first failure was counted.
   */
  readonly #queues = new Map<string, Promise<void>>()

  constructor(options: StaffSessionsOptions) {
    this.#config = options.config
    this.#store = options.store
    this.#logger = options.logger
    this.#now = options.now
    this.#ttlMs = options.ttlMs ?? 12 * 60 * 60_000
    this.#sockets = options.sockets
    this.#limiter = new SignInLimiter({ now: options.now })
  }

  /** A session for the right password, unless the person must first choose their own. */
  async signIn(address: string, login: string, password: string): Promise<SignInResult> {
    const checked = await this.verify(address, login, password)
    if (!checked.ok) return checked
    if (checked.staff.mustChangePassword) {
      this.#logger.info(
        { event: 'sign-in-password-change-required', staffId: checked.staff.id },
        'staff must choose a new password before signing in',
      )
      return { ok: false, reason: 'must_change_password' }
    }
    return this.open(checked.staff)
  }

  /**
   * Whether `password` is the login's, counted by the limiter as a sign-in is: the check behind a sign-in
   * and behind setting one's own password. Opens no session.
   */
  verify(address: string, login: string, password: string): Promise<VerifyResult> {
    const key = signInKey(address, login)
    const previous = this.#queues.get(key) ?? Promise.resolve()
    const attempt = previous.then(() => this.#checkPassword(key, login, password))
    const settled = attempt.then(
      () => undefined,
      () => undefined,
    )
    this.#queues.set(key, settled)
    void settled.then(() => {
      if (this.#queues.get(key) === settled) this.#queues.delete(key)
    })
    return attempt
  }

  async #checkPassword(key: string, login: string, password: string): Promise<VerifyResult> {
    const allowed = this.#limiter.check(key)
    if (!allowed.allowed) return { ok: false, reason: 'rate_limited', retryAfterMs: allowed.retryAfterMs }
    const staff = this.#config.staff.find((s) => s.login === login.trim().toLowerCase())
    // Verify even for an unknown login, so the answer takes as long and says as little.
    const valid = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH)
    // A disabled login is refused like a wrong password: the answer says nothing about the login.
    if (!staff || !valid || staff.disabled) {
      this.#limiter.fail(key)
      this.#logger.info({ event: 'sign-in-failed' }, 'sign-in failed')
      return { ok: false, reason: 'unauthenticated' }
    }
    this.#limiter.succeed(key)
    return { ok: true, staff }
  }

  /** A new session for a staff member whose password was just checked. */
  async open(staff: StaffConfig): Promise<OpenedSession> {
    const token = newToken(32)
    const createdAt = this.#now()
    const expiresAt = createdAt + this.#ttlMs
    await this.#store.saveSession({ tokenHash: hashToken(token), staffId: staff.id, createdAt, expiresAt })
    this.#logger.info({ event: 'sign-in', staffId: staff.id }, 'staff signed in')
    return { ok: true, token, expiresAt, staff }
  }

  /**
   * Ends every session of a staff member (a new password of their own: one stolen with the old password
   * or opened before a reset does not come back to life) and closes their sockets.
   */
  async endAllOf(staffId: string): Promise<void> {
    await this.#store.deleteSessionsOf(staffId)
    for (const socket of this.#sockets()) {
      const { principal } = socket.data
      if (principal.role === 'staff' && principal.id === staffId) socket.disconnect(true)
    }
  }

  /** Ends the session and disconnects its sockets. */
  async signOut(token: string): Promise<void> {
    const tokenHash = hashToken(token)
    await this.#store.deleteSession(tokenHash)
    const sessionKey = sessionKeyOf(tokenHash)
    for (const socket of this.#sockets()) {
      if (socket.data.sessionKey === sessionKey) socket.disconnect(true)
    }
  }

  /** The stored session of a token, as the store answers: at once (SQLite) or later (PostgreSQL). */
  find(token: string): Awaitable<StaffSessionRow | undefined> {
    return this.#store.findSession(hashToken(token))
  }

  /**
   * The staff member of a session that has not expired; none while the login is disabled or waits for
   * its person's own password (a reset ends the rights of sessions opened before it).
   */
  staffOf(session: StaffSessionRow | undefined): StaffConfig | undefined {
    if (!session || session.expiresAt <= this.#now()) return undefined
    const staff = this.#config.staff.find((s) => s.id === session.staffId)
    return staff?.disabled || staff?.mustChangePassword ? undefined : staff
  }

  /**
   * The config changed: staff who were disabled, removed, given other roles or a password they must
   * change lose their sockets now (a disabled or reset login's sessions end, `staffOf` no longer finds
   * them; the others sign in again with their new roles), and the face asks them to sign in.
   */
  configChanged(next: CentreConfig, previous: CentreConfig): void {
    const before = new Map(previous.staff.map((s) => [s.id, s]))
    const ended = new Set<string>()
    for (const old of before.values()) {
      const now = next.staff.find((s) => s.id === old.id)
      const reset = now?.mustChangePassword && now.passwordHash !== old.passwordHash
      if (!now || now.disabled || reset || now.roles.join() !== old.roles.join()) ended.add(old.id)
    }
    if (ended.size === 0) return
    for (const socket of this.#sockets()) {
      const { principal } = socket.data
      if (principal.role === 'staff' && ended.has(principal.id)) socket.disconnect(true)
    }
  }

  /** Staff sockets whose session has expired are closed; the face asks its user to sign in again. */
  closeExpired(): void {
    const at = this.#now()
    for (const socket of this.#sockets()) {
      const expiresAt = socket.data.sessionExpiresAt
      if (expiresAt !== undefined && expiresAt <= at) socket.disconnect(true)
    }
  }
}

/** What a staff socket carries to be found again at sign-out. */
export function sessionKeyOf(tokenHash: string): string {
  return `session:${tokenHash}`
}
