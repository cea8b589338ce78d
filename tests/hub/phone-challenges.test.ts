import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import { ChallengeRefusal, PhoneChallenges } from '../../src-main/hub/phone-challenges'
import type { SmsGateway, SmsMessage } from '../../src-main/hub/registration/adapters/sms-gateway'

const PHONE = '+77012345678'

function setup(options: { failing?: boolean; maxSendsPerPhone?: number } = {}) {
  const sent: SmsMessage[] = []
  const lines: string[] = []
  let now = Date.UTC(2026, 11, 7, 5, 0)
  const sms: SmsGateway = {
    async send(message) {
      if (options.failing) throw new Error('gateway down')
      sent.push(message)
    },
  }
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    }),
  })
  const challenges = new PhoneChallenges<{ bookingSlot: string }>({
    sms,
    logger,
    now: () => now,
    purpose: 'booking',
    maxSendsPerPhone: options.maxSendsPerPhone,
  })
  const lastCode = () => /Код (\d{6})/.exec(sent.at(-1)!.text)![1]!
  return { sent, lines, challenges, lastCode, advance: (ms: number) => (now += ms), now: () => now }
}

async function refusal(run: () => unknown): Promise<ChallengeRefusal> {
  try {
    await run()
  } catch (error) {
    if (error instanceof ChallengeRefusal) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('phone challenges', () => {
  it('sends a code in kk and ru to the phone and confirms it once, giving back phone and subject', async () => {
    const t = setup()
    const opened = await t.challenges.start(PHONE, { bookingSlot: 'a' })
    expect(opened.phoneMasked).not.toContain('2345678')
    expect(opened.attemptsLeft).toBe(3)
    expect(opened.expiresAt - t.now()).toBe(5 * 60_000)
    expect(t.sent).toHaveLength(1)
    expect(t.sent[0]!.to).toBe(PHONE)
    expect(t.sent[0]!.text).toMatch(/жазылу.*записи/)
    expect(t.challenges.confirm(opened.challengeId, t.lastCode())).toEqual({
      phone: PHONE,
      subject: { bookingSlot: 'a' },
    })
    expect((await refusal(() => t.challenges.confirm(opened.challengeId, t.lastCode()))).code).toBe(
      'challenge_unknown',
    )
  })

  it('counts wrong codes and ends the challenge at the third', async () => {
    const t = setup()
    const { challengeId } = await t.challenges.start(PHONE, { bookingSlot: 'a' })
    const wrong = t.lastCode() === '000000' ? '111111' : '000000'
    const first = await refusal(() => t.challenges.confirm(challengeId, wrong))
    expect([first.code, first.detail.attemptsLeft]).toEqual(['code_wrong', 2])
    expect((await refusal(() => t.challenges.confirm(challengeId, wrong))).detail.attemptsLeft).toBe(1)
    expect((await refusal(() => t.challenges.confirm(challengeId, wrong))).code).toBe('attempts_exceeded')
    expect((await refusal(() => t.challenges.confirm(challengeId, t.lastCode()))).code).toBe(
      'challenge_unknown',
    )
  })

  it('refuses a code that is not six digits without using an attempt', async () => {
    const t = setup()
    const { challengeId } = await t.challenges.start(PHONE, { bookingSlot: 'a' })
    expect((await refusal(() => t.challenges.confirm(challengeId, '12a456'))).code).toBe('code_invalid')
    expect(t.challenges.confirm(challengeId, t.lastCode()).phone).toBe(PHONE)
  })

  it('refuses a right code after five minutes', async () => {
    const t = setup()
    const { challengeId } = await t.challenges.start(PHONE, { bookingSlot: 'a' })
    t.advance(5 * 60_000)
    expect((await refusal(() => t.challenges.confirm(challengeId, t.lastCode()))).code).toBe('code_expired')
  })

  it('resends a new code only after a minute, and the old code stops working', async () => {
    const t = setup()
    const { challengeId } = await t.challenges.start(PHONE, { bookingSlot: 'a' })
    const old = t.lastCode()
    const soon = await refusal(() => t.challenges.resend(challengeId))
    expect([soon.code, soon.detail.retryAt]).toEqual(['resend_too_soon', t.now() + 60_000])
    t.advance(60_000)
    const again = await t.challenges.resend(challengeId)
    expect(again.expiresAt).toBe(t.now() + 5 * 60_000)
    expect(t.sent).toHaveLength(2)
    // Each SMS its own reference: a gateway that sends one message per reference sends the new code too.
    expect(new Set(t.sent.map((m) => m.reference)).size).toBe(2)
    if (old !== t.lastCode()) {
      expect((await refusal(() => t.challenges.confirm(challengeId, old))).code).toBe('code_wrong')
    }
    expect(t.challenges.confirm(challengeId, t.lastCode()).phone).toBe(PHONE)
  })

  it('sends a phone at most its allowance of codes an hour', async () => {
    const t = setup({ maxSendsPerPhone: 2 })
    await t.challenges.start(PHONE, { bookingSlot: 'a' })
    await t.challenges.start(PHONE, { bookingSlot: 'b' })
    const busy = await refusal(() => t.challenges.start(PHONE, { bookingSlot: 'c' }))
    expect(busy.code).toBe('phone_busy')
    expect(t.sent).toHaveLength(2)
    await t.challenges.start('+77770001122', { bookingSlot: 'd' })
    t.advance(60 * 60_000)
    await t.challenges.start(PHONE, { bookingSlot: 'e' })
    expect(t.sent).toHaveLength(4)
  })

  it('opens nothing when the SMS cannot be sent, and logs no number or code', async () => {
    const t = setup({ failing: true })
    expect((await refusal(() => t.challenges.start(PHONE, { bookingSlot: 'a' }))).code).toBe('sms_failed')
    expect(t.challenges.size).toBe(0)
    expect(t.lines.join('')).toContain('one-time code not sent')
    expect(t.lines.join('')).not.toContain('2345678')
  })
})
