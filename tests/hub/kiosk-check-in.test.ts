/**
 * The kiosk's check-in by IIN and a one-time code on a real hub (the demo centre, a movable clock): no
 * bound phone, no booking today, a code to the bound phone (masked), the right code checking the booking
 * in (the ticket booked for its slot), wrong codes, expiry, resend, another kiosk, the rate, a restart
 * mid-challenge and after the check-in; and no IIN or phone in any log line, fact or broadcast.
 */
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../src-main/hub/logger'
import type { SqliteEventStore } from '../../src-main/hub/store/sqlite-store'
import type { EventEnvelope } from '../../src-shared/domain'
import { remoteQueueSchema } from '../../src-shared/config'
import {
  demoConfig,
  expectOk,
  makeTempDir,
  removeDataDir,
  startTestHub,
  type TestClient,
  type TestHub,
} from '../support/hub-harness'
import { bindPhone, bookFor, checkInCode, kioskSend, mondayAt } from './fixtures/kiosk-check-in'
import { outboxLines, wrongCode } from './fixtures/registration'

const MINUTE = 60_000
const IIN = '871008401427'
const PHONE = { typed: '8 701 234 56 78', digits: '7012345678' }
const UNBOUND_IIN = '760212350620'

let hub: TestHub
let dataDir: string
let kiosk: TestClient
const clock = { now: 0 }
const logLines: string[] = []

async function start(): Promise<void> {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'))
      done()
    },
  })
  hub = await startTestHub({
    dataDir,
    now: () => clock.now,
    logger: createLogger({ level: 'debug', destination }),
  })
  kiosk = await hub.deviceClient('kiosk-1')
}

beforeEach(async () => {
  clock.now = mondayAt('10:00')
  logLines.length = 0
  dataDir = makeTempDir()
  await start()
})

afterEach(async () => {
  await hub.close()
  removeDataDir(dataDir)
})

/** IIN bound, a booking at 10:30 (check-in from 10:20); the clock at 10:25. */
async function bookedAndBound(slot = '10:30'): Promise<{ id: string; code: string }> {
  await bindPhone(hub, IIN, PHONE.typed)
  const booking = await bookFor(hub, IIN, mondayAt(slot))
  clock.now = mondayAt('10:25')
  return booking
}

const refusal = (ack: { ok: boolean; error?: { code: string } }) => (ack.ok ? 'ok' : ack.error!.code)
const checkInSms = () => outboxLines(dataDir).filter((line) => line.text.includes('по записи'))

describe('check-in by IIN', () => {
  it('says when the IIN has no bound phone, or no booking today, and sends nothing', async () => {
    expect(refusal(await kioskSend(kiosk, 'kiosk-check-in:start', { iin: '871008401428' }))).toBe(
      'iin_invalid',
    )
    expect(refusal(await kioskSend(kiosk, 'kiosk-check-in:start', { iin: UNBOUND_IIN }))).toBe(
      'no_phone_bound',
    )
    await bindPhone(hub, IIN, PHONE.typed)
    expect(refusal(await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN }))).toBe('no_booking_today')
    // A booking tomorrow is not one of today.
    await bookFor(hub, IIN, mondayAt('10:30') + 24 * 60 * MINUTE)
    expect(refusal(await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN }))).toBe('no_booking_today')
    expect(checkInSms()).toEqual([])
  })

  it('sends a code to the bound phone (masked in the answer); the right code checks the booking in', async () => {
    const booking = await bookedAndBound()
    const display = await hub.deviceClient('display-1')
    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    expect(sent.phoneMasked).toBe('+7 (701) ***-**-78')
    expect(sent).toMatchObject({
      attemptsLeft: 3,
      expiresAt: clock.now + 5 * MINUTE,
      resendAt: clock.now + MINUTE,
    })
    expect(checkInSms()).toHaveLength(1)
    // Nothing of the booking before the code.
    expect(JSON.stringify(sent)).not.toContain(booking.code)

    const requestId = 'confirm-0001'
    const code = checkInCode(hub, sent.challengeId)
    const confirmed = await kioskSend(kiosk, 'kiosk-check-in:confirm', {
      requestId,
      challengeId: sent.challengeId,
      code,
    })
    if (!confirmed.ok) throw new Error(confirmed.error.message)
    expect(confirmed.ticket.number).toMatch(/^F\d+$/)
    const state = hub.hub.engine.state
    expect(state.bookings[booking.id]).toMatchObject({ status: 'checked_in', ticketId: confirmed.ticket.id })
    expect(state.tickets[confirmed.ticket.id]).toMatchObject({
      bookedFor: mondayAt('10:30'),
      status: 'waiting',
    })
    await display.waitFor<EventEnvelope>('booking:checked-in')

    // The kiosk asks again (no answer seen): the same ticket, no second one.
    const again = await kioskSend(kiosk, 'kiosk-check-in:confirm', {
      requestId,
      challengeId: sent.challengeId,
      code,
    })
    expect(again).toEqual(confirmed)
    expect(Object.keys(hub.hub.engine.state.tickets)).toHaveLength(1)
  })

  it('checks in a ticket joined from home with the bound phone, when there is no booking', async () => {
    await hub.close()
    const config = demoConfig()
    config.remoteQueue = remoteQueueSchema.parse({ enabled: true, services: ['id-card-passport'] })
    hub = await startTestHub({ dataDir, config, now: () => clock.now })
    kiosk = await hub.deviceClient('kiosk-1')
    await bindPhone(hub, IIN, PHONE.typed)
    const consultant = await hub.staffClient('consultant1')
    expectOk(await consultant.command('desk:open', { deskId: 'desk-4', serviceIds: ['id-card-passport'] }))
    const phoneId = await hub.hub.vault.entries.put('phone', `+7${PHONE.digits}`, clock.now)
    const joined = await hub.hub.engine.submit(
      'hub',
      'join-0001',
      { kind: 'citizen', bookingId: null },
      {
        type: 'ticket:join',
        serviceId: 'id-card-passport',
        phoneId,
        channel: 'web',
      },
    )
    if (!joined.ok) throw new Error(joined.error.message)
    const ticketId = (joined as unknown as { ticket: { id: string } }).ticket.id
    expect(hub.hub.engine.state.tickets[ticketId]!.status).toBe('expected')

    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const code = checkInCode(hub, sent.challengeId)
    const confirmed = await kioskSend(kiosk, 'kiosk-check-in:confirm', {
      challengeId: sent.challengeId,
      code,
    })
    if (!confirmed.ok) throw new Error(confirmed.error.message)
    expect(confirmed.ticket.id).toBe(ticketId)
    expect(hub.hub.engine.state.tickets[ticketId]).toMatchObject({ status: 'waiting' })
  })

  it('three wrong codes end the challenge; then even the right one is refused and the booking stays booked', async () => {
    const booking = await bookedAndBound()
    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const code = checkInCode(hub, sent.challengeId)
    const confirm = (given: string) =>
      kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code: given })
    const first = await confirm(wrongCode(code))
    expect(refusal(first)).toBe('otp_wrong')
    expect(!first.ok && first.error.message).toContain('2 attempts left')
    expect(refusal(await confirm(wrongCode(code)))).toBe('otp_wrong')
    expect(refusal(await confirm(wrongCode(code)))).toBe('otp_attempts_exceeded')
    expect(refusal(await confirm(code))).toBe('challenge_unknown')
    expect(hub.hub.engine.state.bookings[booking.id]!.status).toBe('booked')
  })

  it('a code expires after 5 minutes; a new one comes a minute after the last, and only it works', async () => {
    await bookedAndBound()
    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const first = checkInCode(hub, sent.challengeId)
    const resend = () => kioskSend(kiosk, 'kiosk-check-in:resend', { challengeId: sent.challengeId })
    expect(refusal(await resend())).toBe('otp_resend_too_soon')
    clock.now += MINUTE
    expect(refusal(await resend())).toBe('ok')
    const second = checkInCode(hub, sent.challengeId)
    expect(second).not.toBe(first)
    const confirm = (code: string) =>
      kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code })
    if (first !== second) expect(refusal(await confirm(first))).toBe('otp_wrong')
    clock.now += 5 * MINUTE + 1
    expect(refusal(await confirm(second))).toBe('otp_expired')
  })

  it('another kiosk cannot resend or confirm the challenge; staff cannot start one', async () => {
    await bookedAndBound()
    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const other = await hub.deviceClient('kiosk-2')
    const code = checkInCode(hub, sent.challengeId)
    expect(
      refusal(await kioskSend(other, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code })),
    ).toBe('challenge_unknown')
    expect(refusal(await kioskSend(other, 'kiosk-check-in:resend', { challengeId: sent.challengeId }))).toBe(
      'challenge_unknown',
    )
    const consultant = await hub.staffClient('consultant1')
    expect(refusal(await kioskSend(consultant, 'kiosk-check-in:start', { iin: IIN }))).toBe('forbidden')
    // The right kiosk still can.
    expect(
      refusal(await kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code })),
    ).toBe('ok')
  })

  it('a kiosk may look up only a few IINs in a row', async () => {
    const answers = []
    for (let i = 0; i < 6; i++)
      answers.push(refusal(await kioskSend(kiosk, 'kiosk-check-in:start', { iin: UNBOUND_IIN })))
    expect(answers).toEqual([...Array<string>(5).fill('no_phone_bound'), 'rate_limited'])
    // Another kiosk has its own allowance.
    const other = await hub.deviceClient('kiosk-2')
    expect(refusal(await kioskSend(other, 'kiosk-check-in:start', { iin: UNBOUND_IIN }))).toBe(
      'no_phone_bound',
    )
  })

  it('too early: the code is sent, and once it is right the kiosk learns when to come back', async () => {
    await bookedAndBound('11:30')
    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const code = checkInCode(hub, sent.challengeId)
    const ack = await kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code })
    expect(refusal(ack)).toBe('booking_too_early')
    expect(!ack.ok && ack.error.message).toContain('from 11:20')
  })
})

describe('a restart of the hub', () => {
  it('loses an open challenge (start again), and keeps an acknowledged check-in for its retry', async () => {
    await bookedAndBound()
    const open = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!open.ok) throw new Error(open.error.message)
    const openCode = checkInCode(hub, open.challengeId)
    await hub.close()
    await start()
    expect(
      refusal(
        await kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: open.challengeId, code: openCode }),
      ),
    ).toBe('challenge_unknown')

    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const payload = {
      requestId: 'confirm-0002',
      challengeId: sent.challengeId,
      code: checkInCode(hub, sent.challengeId),
    }
    const confirmed = await kioskSend(kiosk, 'kiosk-check-in:confirm', payload)
    expect(refusal(confirmed)).toBe('ok')
    await hub.close()
    await start()
    expect(await kioskSend(kiosk, 'kiosk-check-in:confirm', payload)).toEqual(confirmed)
  })
})

describe('privacy', () => {
  it('no IIN or phone in any log line, stored fact or broadcast; the log says which kiosk and what happened', async () => {
    const display = await hub.deviceClient('display-1')
    await bookedAndBound()
    await kioskSend(kiosk, 'kiosk-check-in:start', { iin: UNBOUND_IIN })
    const sent = await kioskSend(kiosk, 'kiosk-check-in:start', { iin: IIN })
    if (!sent.ok) throw new Error(sent.error.message)
    const code = checkInCode(hub, sent.challengeId)
    await kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code: wrongCode(code) })
    expect(
      refusal(await kioskSend(kiosk, 'kiosk-check-in:confirm', { challengeId: sent.challengeId, code })),
    ).toBe('ok')
    await display.waitFor('booking:checked-in')

    const stored = (
      (hub.store as SqliteEventStore).db.prepare('SELECT data FROM events').pluck().all() as string[]
    ).join('\n')
    const broadcast = JSON.stringify([kiosk.received, display.received])
    const logs = logLines.join('')
    for (const text of [stored, broadcast, logs]) {
      for (const secret of [IIN, UNBOUND_IIN, PHONE.digits, '8710******27'])
        expect(text).not.toContain(secret)
    }
    const outcomes = logLines
      .map((line) => JSON.parse(line) as { event?: string; kiosk?: string; outcome?: string })
      .filter((line) => line.event === 'kiosk-check-in')
      .map((line) => `${line.kiosk} ${line.outcome}`)
    expect(outcomes).toEqual([
      'device:kiosk-1 no_phone_bound',
      'device:kiosk-1 ok',
      'device:kiosk-1 otp_wrong',
      'device:kiosk-1 ok',
    ])
  })
})
