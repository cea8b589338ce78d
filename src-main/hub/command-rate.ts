/**
 * How many commands one connection may send: a token bucket per socket. A kiosk issues a ticket every
 * few seconds and a consultant a command every few seconds, so the default (100 a second, bursts of 200)
 * never touches real use; it bounds what one buggy or hostile connection can take of the hub's one
 * thread. Kept by hand because it runs on every command: synchronous, two numbers per socket, no timers.
 * The same bucket meters the HTTP API per integration key (`http/api/`).
 *
 * The rate comes from the centre config (`limits`, see `commandRateFor`), per role and per device.
 */
import type { LimitsConfig } from '../../src-shared/config'
import type { Principal } from '../../src-shared/protocol'

export interface CommandRateOptions {
  /** Commands per second, sustained. */
  perSecond: number
  /** Commands that may arrive at once after a quiet spell. */
  burst: number
  /**
   * The clock the buckets refill by, in milliseconds. Real elapsed time (`performance.now`) by default,
   * not the centre's clock, which tests and the bench move or freeze; tests of the limit itself pass
   * their own, so that a loaded machine's slow sends do not refill the bucket under them.
   */
  clock?: () => number
}

/**
 * The rate of one connection as the config sets it: the device's own line in `limits.deviceCommands`,
 * else its role's in `limits.commands` (staff, device or tracker).
 */
export function commandRateFor(limits: LimitsConfig, principal: Principal): CommandRateOptions {
  if (principal.role === 'staff') return limits.commands.staff
  if (principal.role === 'tracker') return limits.commands.tracker
  return limits.deviceCommands[principal.id] ?? limits.commands.device
}

export class CommandBucket {
  #tokens: number
  #updatedAt: number

  constructor(
    private readonly options: CommandRateOptions,
    private readonly now: () => number,
  ) {
    this.#tokens = options.burst
    this.#updatedAt = now()
  }

  /** Takes one command's token; false when the connection is over its rate (nothing is taken then). */
  take(): boolean {
    const now = this.now()
    const refill = ((now - this.#updatedAt) / 1000) * this.options.perSecond
    this.#tokens = Math.min(this.options.burst, this.#tokens + Math.max(0, refill))
    this.#updatedAt = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Milliseconds until the next command would be accepted. */
  retryAfterMs(): number {
    return Math.max(0, Math.ceil(((1 - this.#tokens) / this.options.perSecond) * 1000))
  }
}

/** Checks options from code or a config file: positive finite numbers, a burst of at least one command. */
export function validCommandRate(options: CommandRateOptions): CommandRateOptions {
  const { perSecond, burst } = options
  if (!Number.isFinite(perSecond) || perSecond <= 0)
    throw new Error(`commandRate.perSecond must be a positive number, got ${perSecond}`)
  if (!Number.isFinite(burst) || burst < 1)
    throw new Error(`commandRate.burst must be at least 1, got ${burst}`)
  return options
}
