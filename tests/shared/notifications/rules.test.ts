/**
 * The notification rules: which facts notify whom through which channels, with what, from when (quiet
 * hours, the reminder's hour), consent and the Telegram link, keys that make each once, and dropping
 * what is no longer true when it is due.
 */
import { describe, expect, it } from 'vitest'
import { centreConfigSchema, type CentreConfig } from '../../../src-shared/config'
import type { Command, EventEnvelope } from '../../../src-shared/domain/types'
import {
  draftsOf,
  intentsOf,
  isStale,
  type NotifyIntent,
  type Reach,
} from '../../../src-shared/notifications'
import { bookingCentre, MINUTE, MONDAY_09_00, system, TestCentre } from '../fixtures'

const DAY = 24 * 60 * MINUTE
const TUESDAY_09_00 = MONDAY_09_00 + DAY
const integration = { kind: 'integration', integrationId: 'egov' } as const
const SMS_ONLY: Reach = { consented: ['sms'], telegramLinked: false }
const BOTH: Reach = { consented: ['sms', 'telegram'], telegramLinked: true }

/** The booking test centre with the remote queue (passport) and notifications on; `settings` overrides. */
function centre(settings: Record<string, unknown> = {}, start = MONDAY_09_00 + 60 * MINUTE): TestCentre {
  const base = bookingCentre().config
  const config: CentreConfig = centreConfigSchema.parse({
    ...base,
    remoteQueue: { enabled: true, services: ['passport'], holdMinutes: 10 },
    notifications: { enabled: true, ...settings },
  })
  return new TestCentre({ config, start })
}

/** Everything the facts of one command call for, with this reach for every phone. */
function intents(c: TestCentre, events: EventEnvelope[], reach: Reach | null = SMS_ONLY): NotifyIntent[] {
  return events.flatMap((fact) =>
    intentsOf(draftsOf(fact, c.state, c.config), () => reach ?? undefined, c.config),
  )
}

const book = (slotStart = TUESDAY_09_00): Command => ({
  type: 'booking:make',
  serviceId: 'passport',
  slotStart,
  personId: 've_person',
  phoneId: 've_phone',
  channel: 'egov',
})

/** Joins passport from home, with window 2 open (a remote ticket needs a window serving it). */
function join(c: TestCentre, travelMinutes = 20) {
  if (c.state.desks.d2?.status !== 'open') c.open('d2', c.bolat)
  const events = c.run(
    { type: 'ticket:join', serviceId: 'passport', phoneId: 've_phone', channel: 'web', travelMinutes },
    system,
  )
  const joined = events.find((e) => e.type === 'ticket:joined')!
  return { events, ticketId: (joined as { ticketId: string }).ticketId }
}

describe('a booking', () => {
  it('is confirmed at once and reminded the day before at the reminder hour, each keyed once', () => {
    const c = centre({ reminderHour: 18 })
    const events = c.run(book(), integration)
    const made = events.find((e) => e.type === 'booking:made')!
    const found = intents(c, events)
    expect(found).toEqual([
      {
        key: `${made.seq}:bookingConfirmed:sms`,
        kind: 'bookingConfirmed',
        channel: 'sms',
        phoneId: 've_phone',
        subjectId: (made as { bookingId: string }).bookingId,
        params: { date: '11.03', time: '09:00', code: expect.stringMatching(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/) },
        notBefore: made.at,
        seq: made.seq,
      },
      expect.objectContaining({
        key: `reminder:${(made as { bookingId: string }).bookingId}:sms`,
        kind: 'bookingReminder',
        // Monday 18:00 in Almaty (UTC+5).
        notBefore: MONDAY_09_00 + 9 * 60 * MINUTE,
      }),
    ])
  })

  it('gets no reminder when booked after the reminder hour of the day before', () => {
    const c = centre({ reminderHour: 9 })
    const found = intents(c, c.run(book(), integration))
    expect(found.map((i) => i.kind)).toEqual(['bookingConfirmed'])
  })

  it('is told of a cancellation, but not of a reschedule (its new time is confirmed instead)', () => {
    const c = centre()
    const made = c.run(book(), integration).find((e) => e.type === 'booking:made') as { bookingId: string }
    const moved = c.run(
      { type: 'booking:reschedule', bookingId: made.bookingId, slotStart: TUESDAY_09_00 + 15 * MINUTE },
      integration,
    )
    expect(intents(c, moved).map((i) => i.kind)).toEqual(['bookingConfirmed', 'bookingReminder'])
    const newId = (moved.find((e) => e.type === 'booking:made') as { bookingId: string }).bookingId
    const cancelled = intents(c, c.run({ type: 'booking:cancel', bookingId: newId }, integration))
    expect(cancelled).toMatchObject([{ kind: 'bookingCancelled', params: { date: '11.03', time: '09:15' } }])
  })

  it('says nothing for a kind the centre turned off, or when notifications are off', () => {
    const quiet = centre({ events: { bookingConfirmed: false } })
    expect(intents(quiet, quiet.run(book(), integration)).map((i) => i.kind)).toEqual(['bookingReminder'])
    const off = centre({ enabled: false })
    expect(intents(off, off.run(book(), integration))).toEqual([])
  })
})

describe('consent and channels', () => {
  it('goes only to the channels consented to, Telegram only when linked, nowhere without consent', () => {
    const c = centre()
    const events = c.run(book(), integration)
    const channels = (reach: Reach | null) =>
      intents(c, events, reach)
        .filter((i) => i.kind === 'bookingConfirmed')
        .map((i) => i.key.split(':').at(-1))
    expect(channels(BOTH)).toEqual(['sms', 'telegram'])
    expect(channels({ consented: ['sms', 'telegram'], telegramLinked: false })).toEqual(['sms'])
    expect(channels({ consented: ['telegram'], telegramLinked: true })).toEqual(['telegram'])
    expect(channels({ consented: [], telegramLinked: true })).toEqual([])
    expect(channels(null)).toEqual([])
  })

  it('gives every fact, kind and channel its own key, and the same fact the same keys again', () => {
    const c = centre()
    const events = c.run(book(), integration)
    const first = intents(c, events, BOTH).map((i) => i.key)
    expect(new Set(first).size).toBe(first.length)
    expect(intents(c, events, BOTH).map((i) => i.key)).toEqual(first)
  })
})

describe('quiet hours', () => {
  it('defers what falls inside them to their end, across midnight', () => {
    // 22:30 Monday in Almaty: quiet from 21:00 to 08:00.
    const c = centre({ quietHours: { from: '21:00', to: '08:00' } }, MONDAY_09_00 + 13.5 * 60 * MINUTE)
    const found = intents(c, c.run(book(TUESDAY_09_00 + DAY), integration))
    // Tuesday 08:00 in Almaty.
    expect(found[0]).toMatchObject({ kind: 'bookingConfirmed', notBefore: TUESDAY_09_00 - 60 * MINUTE })
  })

  it('defers within a day when they span no midnight, and leaves what is outside alone', () => {
    const c = centre({ quietHours: { from: '09:30', to: '11:00' } }, MONDAY_09_00 + 45 * MINUTE)
    const [confirmed] = intents(c, c.run(book(), integration))
    expect(confirmed!.notBefore).toBe(MONDAY_09_00 + 2 * 60 * MINUTE)
    const early = centre({ quietHours: { from: '09:30', to: '11:00' } }, MONDAY_09_00 + 10 * MINUTE)
    const [now] = intents(early, early.run(book(), integration))
    expect(now!.notBefore).toBe(MONDAY_09_00 + 10 * MINUTE)
  })

  it('drops a deferred "come now" if the ticket was checked in meanwhile, and a reminder of a cancelled booking', () => {
    const c = centre({ quietHours: null })
    const { ticketId } = join(c)
    expect(isStale('comeNow', ticketId, c.state)).toBe(false)
    c.run(
      { type: 'booking:check-in', code: c.ticket(ticketId).remote!.code },
      { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' },
    )
    expect(isStale('comeNow', ticketId, c.state)).toBe(true)
    expect(isStale('remoteJoined', ticketId, c.state)).toBe(false)
    expect(isStale('lapsed', ticketId, c.state)).toBe(false)

    const made = c.run(book(), integration).find((e) => e.type === 'booking:made') as { bookingId: string }
    expect(isStale('bookingReminder', made.bookingId, c.state)).toBe(false)
    c.run({ type: 'booking:cancel', bookingId: made.bookingId }, integration)
    expect(isStale('bookingReminder', made.bookingId, c.state)).toBe(true)
    expect(isStale('bookingCancelled', made.bookingId, c.state)).toBe(false)
  })
})

describe('a remote ticket', () => {
  it('is told it joined, to come (with the wait and people ahead), that its turn came (until when), and that it lapsed', () => {
    const c = centre({ quietHours: null })
    const { events, ticketId } = join(c, 30)
    expect(intents(c, events)).toMatchObject([
      {
        kind: 'remoteJoined',
        subjectId: ticketId,
        params: { number: 'A001', code: expect.stringMatching(/-/) },
      },
    ])
    // d2 is free: told to come and held at once; it lapses 10 minutes after its holder could arrive (30).
    const swept = c.run({ type: 'ticket:remote-sweep' }, system)
    const found = intents(c, swept)
    expect(found.map((i) => i.kind)).toEqual(['comeNow', 'held'])
    expect(found[0]!.params).toMatchObject({ number: 'A001', ahead: 0 })
    const until = new Date(c.clock.now() + 40 * MINUTE)
    const hhmm = `${String((until.getUTCHours() + 5) % 24).padStart(2, '0')}:${String(until.getUTCMinutes()).padStart(2, '0')}`
    expect(found[1]!.params).toEqual({ number: 'A001', time: hhmm })
    c.clock.advanceMinutes(41)
    expect(intents(c, c.run({ type: 'ticket:remote-sweep' }, system))).toMatchObject([
      { kind: 'lapsed', params: { number: 'A001' } },
    ])
  })

  it('is told the window it is called to, by the label in the config; a walk-in with no phone is not', () => {
    const c = centre({ quietHours: null })
    const { ticketId } = join(c)
    c.run(
      { type: 'booking:check-in', code: c.ticket(ticketId).remote!.code },
      { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' },
    )
    const called = c.run({ type: 'ticket:call-next', deskId: 'd2' }, c.bolat)
    expect(intents(c, called)).toMatchObject([
      { kind: 'called', subjectId: ticketId, params: { number: 'A001', window: '2' } },
    ])
    expect(isStale('called', ticketId, c.state)).toBe(false)
    c.issue('passport')
    c.serve('d2', 5, c.bolat)
    expect(isStale('called', ticketId, c.state)).toBe(true)
    expect(intents(c, c.run({ type: 'ticket:call-next', deskId: 'd2' }, c.bolat))).toEqual([])
  })
})
