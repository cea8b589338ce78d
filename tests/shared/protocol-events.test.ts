import { describe, expect, it } from 'vitest'
import type { EventEnvelope, EventOf } from '../../src-shared/domain/types'
import { checkEventEnvelope, displayEvent, FACT_TYPES, publicEvent } from '../../src-shared/protocol'
import { bookingCentre, kiosk, MINUTE, MONDAY_09_00, remoteConfig, system, TestCentre } from './fixtures'
import { SelfServiceCentre } from './self-service-fixtures'

const DAY = 24 * 60 * MINUTE

/** A day and the next morning of a centre, run through `decide` and `evolve`: one of every fact the hub makes. */
function aDayOfFacts(): EventEnvelope[] {
  const c = new SelfServiceCentre()
  c.issue('passport')
  c.issue('passport', { categoryId: 'disability', bookedFor: c.clock.now() + 30 * MINUTE })
  c.open('d1', c.aigerim)
  c.callNext('d1', c.aigerim)
  const served = c.state.desks.d1!.ticketId!
  c.run({ type: 'ticket:recall', ticketId: served }, c.aigerim)
  c.serve('d1', 7, c.aigerim)
  // The citizen rates it from its tracker (the hub sends this as the holder of the link).
  c.run(
    { type: 'ticket:rate', ticketId: served, score: 4 },
    { kind: 'citizen', bookingId: null, ticketId: served },
  )
  const missed = c.callNext('d1', c.aigerim).ticket
  c.run({ type: 'ticket:no-show', ticketId: missed.id }, c.aigerim)
  c.run({ type: 'ticket:undo', ticketId: missed.id }, c.aigerim)
  c.run({ type: 'ticket:no-show', ticketId: missed.id }, c.aigerim)
  const postponed = c.issue('passport')
  c.issue('passport')
  c.run({ type: 'ticket:postpone', ticketId: postponed.id, by: 1 }, c.aigerim)
  c.run({
    type: 'ticket:transfer',
    ticketId: postponed.id,
    serviceId: 'land',
    note: 'needs a land plot',
    reason: 'the citizen asked',
  })
  c.run({ type: 'ticket:cancel', ticketId: c.issue('birth').id, reason: 'the citizen asked' })
  c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
  c.run({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)
  c.run({ type: 'desk:close', deskId: 'd1' }, c.aigerim)
  // A supervisor opens a desk for a consultant: the fact names them as `by`.
  c.run({ type: 'desk:open', deskId: 'd2', staffId: 'bolat' }, c.saule)
  // The supervisor's acts: a ticket moved forward, a message read, a kiosk's printer out of paper.
  c.run({ type: 'ticket:prioritise', ticketId: c.issue('passport').id, front: true, reason: 'unwell' })
  c.run({ type: 'desk:message', deskId: 'd2', text: 'Window 3 needs you after this visitor' }, c.saule)
  const message = c.log.at(-1) as EventEnvelope<EventOf<'staff:messaged'>>
  c.run({ type: 'desk:message-read', messageId: message.messageId }, c.bolat)
  c.run({ type: 'device:report', printer: 'paper-out' }, kiosk)

  const session = c.startSession()
  c.run({ type: 'selfservice:step', sessionId: session, step: 1 }, kiosk)
  const help = c.askHelp({ sessionId: session, step: 1 })
  c.run({ type: 'help:accept', helpId: help }, c.bolat)
  c.run({ type: 'help:resolve', helpId: help }, c.bolat)
  c.run({ type: 'help:cancel', helpId: c.askHelp({ sessionId: session, step: 1 }) }, kiosk)
  c.run({ type: 'selfservice:finish', sessionId: session, outcome: 'completed' }, kiosk)

  // The next morning opens with the desks and service times the day ended with.
  c.clock.advance(DAY)
  c.issue('land')
  // The booking centre's facts first: the day centre's next morning stays the log's last day:opened.
  return [...aWeekOfBookings(), ...aRemoteMorning(), ...c.log]
}

/** Remote tickets: joined, told to come, held, one checked in at the kiosk, one lapsed. */
function aRemoteMorning(): EventEnvelope[] {
  const c = new TestCentre({ config: remoteConfig() })
  c.open('d1', c.aigerim)
  const first = c.join('passport', 've_p1', 0)
  c.join('passport', 've_p2', 0)
  c.run({ type: 'ticket:remote-sweep' }, system)
  c.run({ type: 'booking:check-in', code: first.remote!.code }, kiosk)
  c.clock.advanceMinutes(60)
  c.run({ type: 'ticket:remote-sweep' }, system)
  return c.log
}

/** A centre taking bookings: made, cancelled, checked in, lapsed, and carried into the next day. */
function aWeekOfBookings(): EventEnvelope[] {
  const c = bookingCentre()
  const integration = { kind: 'integration', integrationId: 'egov' } as const
  const tuesday = MONDAY_09_00 + DAY
  const book = (person: string, slotStart: number) => {
    const made = c.run(
      {
        type: 'booking:make',
        serviceId: 'passport',
        slotStart,
        personId: person,
        phoneId: null,
        channel: 'egov',
      },
      integration,
    )
    return made.find((event) => event.type === 'booking:made') as EventEnvelope<EventOf<'booking:made'>>
  }
  const cancelled = book('ve_a', tuesday)
  c.run({ type: 'booking:cancel', bookingId: cancelled.bookingId, reason: 'plans changed' }, integration)
  const visit = book('ve_b', tuesday)
  book('ve_c', tuesday + 15 * MINUTE)
  book('ve_d', tuesday + 2 * DAY)
  c.clock.set(tuesday - 5 * MINUTE)
  c.run({ type: 'booking:check-in', code: visit.code }, kiosk)
  c.clock.set(tuesday + 2 * 60 * MINUTE)
  c.run({ type: 'booking:lapse' }, { kind: 'system' })
  return c.log
}

/** A fact as the hub writes it to its log or to a socket: JSON. */
const asStored = (event: EventEnvelope): unknown => JSON.parse(JSON.stringify(event))

describe('the fact schemas', () => {
  const log = aDayOfFacts()

  it('have an example of every fact type the hub broadcasts', () => {
    expect([...new Set(log.map((event) => event.type))].sort()).toEqual([...FACT_TYPES].sort())
  })

  it('take every fact the hub makes, unchanged', () => {
    expect(log.findLast((event) => event.type === 'day:opened')).toMatchObject({
      desks: { d1: { status: 'closed' } },
      // The served visitor's 7 minutes at the window, and the postponed one's instant there.
      serviceTimes: { passport: [7 * MINUTE, 0] },
    })
    for (const event of log) expect(checkEventEnvelope(asStored(event))).toEqual({ ok: true, event })
  })

  it('take every fact as kiosks and displays receive it, without the private fields', () => {
    const stripped = log.flatMap((event) => [publicEvent(event), displayEvent(event)])
    expect(stripped.some((event) => event.type === 'ticket:issued' && event.trackToken === undefined)).toBe(
      true,
    )
    expect(stripped.some((event) => event.type === 'help:accepted' && event.firstName === undefined)).toBe(
      true,
    )
    for (const event of stripped) expect(checkEventEnvelope(asStored(event))).toEqual({ ok: true, event })
  })

  it('take a day:opened from before the desks and service times were carried over', () => {
    const event = { type: 'day:opened', day: '2026-11-30', seq: 1, at: 1_795_534_898_259 }
    expect(checkEventEnvelope(event)).toEqual({ ok: true, event })
  })

  const called = {
    type: 'ticket:called',
    ticketId: 't1',
    deskId: 'd1',
    staffId: null,
    reason: 'regular',
    seq: 17,
    at: 1,
  }
  const nextMorning = log.findLast((event) => event.type === 'day:opened')!
  const desk = (nextMorning as { desks: Record<string, object> }).desks.d1

  it.each([
    ['a field of the wrong type', { ...called, deskId: 3 }, ['deskId: expected string, received number']],
    ['a missing field', { ...called, deskId: undefined }, ['deskId: missing']],
    [
      'null where null is not allowed',
      { ...called, ticketId: null },
      ['ticketId: expected string, received null'],
    ],
    [
      'a value outside the union',
      { ...called, reason: 'vip' },
      [
        'reason: expected one of "booking", "priority", "regular", "aged", "streak", "direct", received "vip"',
      ],
    ],
    ['an unknown fact type', { ...called, type: 'ticket:teleported' }, ['type: not a fact this hub knows']],
    ['no type', { ...called, type: undefined }, ['type: missing']],
    ['an unknown field', { ...called, colour: 'red' }, ['colour: unknown field']],
    ['seq 0', { ...called, seq: 0 }, ['seq: Too small: expected number to be >0']],
    ['a fractional time', { ...called, at: 1.5 }, ['at: expected an integer, received 1.5']],
    [
      'a damaged desk inside day:opened',
      { ...nextMorning, desks: { d1: { ...desk, status: 'busy' } } },
      ['desks.d1.status: expected one of "closed", "open", "paused", received "busy"'],
    ],
    [
      'a day that is not YYYY-MM-DD',
      { ...nextMorning, day: '11/30/2026' },
      ['day: expected a day as YYYY-MM-DD'],
    ],
    ['not an object', ['ticket:called'], ['(top level): expected object, received array']],
  ])('refuse %s, naming the field', (_damage, value, problems) => {
    expect(checkEventEnvelope(asStored(value as EventEnvelope))).toEqual({ ok: false, problems })
  })
})
