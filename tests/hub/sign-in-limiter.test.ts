import { describe, expect, it } from 'vitest'
import { SignInLimiter, signInKey, type SignInLimiterOptions } from '../../src-main/hub/sign-in-limiter'

const MINUTE = 60_000

/** A limiter on a clock that only moves when the test says so. */
function limiterAt(start = Date.UTC(2025, 2, 10, 5, 0), options: SignInLimiterOptions = {}) {
  let time = start
  const limiter = new SignInLimiter({ now: () => time, ...options })
  return { limiter, advance: (ms: number) => (time += ms) }
}

const anna = signInKey('10.0.0.7', 'consultant1')

describe('sign-in limiter', () => {
  it('allows four failures and locks the login from that address at the fifth, for 15 minutes', () => {
    const { limiter, advance } = limiterAt()
    for (let i = 0; i < 4; i++) {
      limiter.fail(anna)
      expect(limiter.check(anna)).toEqual({ allowed: true })
      advance(1000)
    }
    limiter.fail(anna)
    expect(limiter.check(anna)).toEqual({ allowed: false, retryAfterMs: 15 * MINUTE })
    advance(5 * MINUTE)
    expect(limiter.check(anna)).toEqual({ allowed: false, retryAfterMs: 10 * MINUTE })
  })

  it('unlocks when the lock is over, and counts afresh', () => {
    const { limiter, advance } = limiterAt()
    for (let i = 0; i < 5; i++) limiter.fail(anna)
    advance(15 * MINUTE - 1)
    expect(limiter.check(anna).allowed).toBe(false)
    advance(1)
    expect(limiter.check(anna)).toEqual({ allowed: true })
    limiter.fail(anna)
    expect(limiter.check(anna)).toEqual({ allowed: true })
  })

  it('forgets failures older than the window', () => {
    const { limiter, advance } = limiterAt()
    for (let i = 0; i < 4; i++) limiter.fail(anna)
    advance(15 * MINUTE + 1)
    limiter.fail(anna)
    expect(limiter.check(anna)).toEqual({ allowed: true })
  })

  it('forgets the failures after a successful sign-in', () => {
    const { limiter } = limiterAt()
    for (let i = 0; i < 4; i++) limiter.fail(anna)
    limiter.succeed(anna)
    for (let i = 0; i < 4; i++) limiter.fail(anna)
    expect(limiter.check(anna)).toEqual({ allowed: true })
  })

  it('does not let failures during the lock extend it', () => {
    const { limiter, advance } = limiterAt()
    for (let i = 0; i < 5; i++) limiter.fail(anna)
    advance(10 * MINUTE)
    limiter.fail(anna)
    expect(limiter.check(anna)).toEqual({ allowed: false, retryAfterMs: 5 * MINUTE })
  })

  it('locks one login from one address only; the login is case-insensitive', () => {
    const { limiter } = limiterAt()
    for (let i = 0; i < 5; i++) limiter.fail(signInKey('10.0.0.7', i % 2 ? 'Consultant1' : ' consultant1'))
    expect(limiter.check(anna).allowed).toBe(false)
    expect(limiter.check(signInKey('10.0.0.8', 'consultant1')).allowed).toBe(true)
    expect(limiter.check(signInKey('10.0.0.7', 'consultant2')).allowed).toBe(true)
  })

  it('keeps at most maxEntries keys, dropping stale ones first and locked ones last', () => {
    const { limiter, advance } = limiterAt(0, { maxEntries: 3 })
    for (let i = 0; i < 5; i++) limiter.fail(anna)
    limiter.fail(signInKey('10.0.0.1', 'old'))
    advance(20 * MINUTE)
    for (let i = 0; i < 5; i++) limiter.fail(anna) // locked again, the most active entry
    limiter.fail(signInKey('10.0.0.2', 'a'))
    limiter.fail(signInKey('10.0.0.3', 'b'))
    expect(limiter.size).toBe(3)
    for (let i = 0; i < 10; i++) limiter.fail(signInKey('10.0.0.9', `flood-${i}`))
    expect(limiter.size).toBe(3)
    expect(limiter.check(anna).allowed).toBe(false)
  })
})
