import { describe, expect, it } from 'vitest'
import type { CentreState, CommandType, EventEnvelope } from '../../src-shared/domain/types'
import {
  COMMAND_TYPES,
  commandSchemas,
  mayCommand,
  requestIdSchema,
  type Role,
} from '../../src-shared/protocol/commands'
import { publicEvent, publicState, publicTicket } from '../../src-shared/protocol/projection'
import { TestCentre } from './fixtures'

const requestId = 'req_0001-abcd'

/** A valid payload per command, and the fields that must be ids (strings). */
const VALID: Record<CommandType, Record<string, unknown>> = {
  'ticket:issue': { requestId, serviceId: 'passport', categoryId: 'pregnant', bookedFor: 1_741_582_800_000 },
  'ticket:call-next': { requestId, deskId: 'd1' },
  'ticket:call': { requestId, deskId: 'd1', ticketId: 't1' },
  'ticket:recall': { requestId, ticketId: 't1' },
  'ticket:start': { requestId, ticketId: 't1' },
  'ticket:finish': { requestId, ticketId: 't1' },
  'ticket:rate': { requestId, ticketId: 't1', score: 4, reason: 'polite' },
  'ticket:no-show': { requestId, ticketId: 't1' },
  'ticket:transfer': { requestId, ticketId: 't1', serviceId: 'land', note: 'bring the land deed' },
  'ticket:postpone': { requestId, ticketId: 't1', by: 3 },
  'ticket:cancel': { requestId, ticketId: 't1', reason: 'the citizen left' },
  'ticket:prioritise': { requestId, ticketId: 't1', front: true, categoryId: 'pregnant', reason: 'unwell' },
  'ticket:undo': { requestId, ticketId: 't1' },
  'desk:open': { requestId, deskId: 'd1', serviceIds: ['passport', 'birth'], staffId: 'aigerim' },
  'desk:pause': { requestId, deskId: 'd1', reason: 'printer to fix' },
  'desk:message': { requestId, deskId: 'd1', text: 'Please take window 3 after this visitor' },
  'desk:message-read': { requestId, messageId: 'm1' },
  'device:report': { requestId, printer: 'paper-out' },
  'desk:resume': { requestId, deskId: 'd1' },
  'desk:close': { requestId, deskId: 'd1' },
  'desk:release': { requestId, deskId: 'd1', reason: 'she went home unwell' },
  'selfservice:start': { requestId, serviceId: 'passport' },
  'selfservice:step': { requestId, sessionId: 's1', step: 2 },
  'selfservice:finish': { requestId, sessionId: 's1', outcome: 'completed' },
  'help:request': { requestId, serviceId: 'passport', sessionId: 's1', step: 0 },
  'help:cancel': { requestId, helpId: 'h1' },
  'help:accept': { requestId, helpId: 'h1' },
  'help:resolve': { requestId, helpId: 'h1' },
  'booking:make': {
    requestId,
    serviceId: 'passport',
    slotStart: 1_741_582_800_000,
    personId: 've_person',
    phoneId: 've_phone',
    channel: 'egov',
  },
  'booking:cancel': { requestId, bookingId: 'b1', reason: 'the citizen called 1414' },
  'booking:reschedule': { requestId, bookingId: 'b1', slotStart: 1_741_583_700_000 },
  'booking:check-in': { requestId, code: 'K7M-42Q' },
  'booking:lapse': { requestId },
  'booking:walk-in': { requestId, serviceId: 'passport', slotStart: 1_741_582_800_000 },
  'ticket:join': { requestId, serviceId: 'passport', phoneId: 've_abc', channel: 'web', travelMinutes: 20 },
  'ticket:remote-sweep': { requestId },
}

const OPTIONAL = new Set([
  'categoryId',
  'bookedFor',
  'note',
  'by',
  'serviceIds',
  'sessionId',
  'travelMinutes',
  'staffId',
])

const parses = (type: CommandType, payload: unknown) => commandSchemas[type].safeParse(payload).success

describe('command payloads', () => {
  it('cover every command type', () => {
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_TYPES].sort())
  })

  describe.each(COMMAND_TYPES)('%s', (type) => {
    const valid = VALID[type]

    it('accepts a valid payload', () => {
      expect(commandSchemas[type].parse(valid)).toEqual(valid)
    })

    it('requires a well-formed requestId', () => {
      const { requestId: _omitted, ...withoutId } = valid
      expect(parses(type, withoutId)).toBe(false)
      for (const bad of ['short', 'has space in it', 'x'.repeat(65), 'semi;colon-123', 12345678, null]) {
        expect(parses(type, { ...valid, requestId: bad }), String(bad)).toBe(false)
      }
    })

    it('refuses unknown fields', () => {
      expect(parses(type, { ...valid, admin: true })).toBe(false)
    })

    it('refuses wrong types and empty ids', () => {
      for (const field of Object.keys(valid).filter((f) => f.endsWith('Id') && f !== 'requestId')) {
        expect(parses(type, { ...valid, [field]: 42 }), field).toBe(false)
        expect(parses(type, { ...valid, [field]: '' }), field).toBe(false)
        expect(parses(type, { ...valid, [field]: 'x'.repeat(65) }), field).toBe(false)
        if (OPTIONAL.has(field)) continue
        const { [field]: _omitted, ...without } = valid
        expect(parses(type, without), `${field} missing`).toBe(false)
      }
      expect(parses(type, null)).toBe(false)
      expect(parses(type, 'ticket')).toBe(false)
    })
  })

  it('checks the optional fields of ticket:issue', () => {
    const base = { requestId, serviceId: 'passport' }
    expect(parses('ticket:issue', base)).toBe(true)
    expect(parses('ticket:issue', { ...base, categoryId: null, bookedFor: null })).toBe(true)
    expect(parses('ticket:issue', { ...base, bookedFor: '2025-03-10T10:00' })).toBe(false)
    expect(parses('ticket:issue', { ...base, bookedFor: 1.5 })).toBe(false)
    expect(parses('ticket:issue', { ...base, bookedFor: -1 })).toBe(false)
    expect(parses('ticket:issue', { ...base, categoryId: 7 })).toBe(false)
  })

  it('caps the transfer note at 500 characters', () => {
    const base = VALID['ticket:transfer']
    expect(parses('ticket:transfer', { ...base, note: 'n'.repeat(500) })).toBe(true)
    expect(parses('ticket:transfer', { ...base, note: 'n'.repeat(501) })).toBe(false)
    expect(parses('ticket:transfer', { ...base, note: null })).toBe(true)
    expect(parses('ticket:transfer', { ...base, note: 5 })).toBe(false)
  })

  it("caps a supervisor's reason and message at 200 characters, and knows the printer's states", () => {
    const cancel = VALID['ticket:cancel']
    expect(parses('ticket:cancel', { ...cancel, reason: 'r'.repeat(200) })).toBe(true)
    expect(parses('ticket:cancel', { ...cancel, reason: 'r'.repeat(201) })).toBe(false)
    const message = VALID['desk:message']
    expect(parses('desk:message', { ...message, text: 'm'.repeat(201) })).toBe(false)
    expect(parses('desk:message', { ...message, text: '' })).toBe(false)
    const { reason: _reason, ...unexplained } = VALID['ticket:prioritise']
    expect(parses('ticket:prioritise', unexplained)).toBe(false)
    expect(parses('device:report', { requestId, printer: 'jammed' })).toBe(false)
  })

  it('keeps postpone within 1..50 places', () => {
    const base = VALID['ticket:postpone']
    expect(parses('ticket:postpone', { ...base, by: 0 })).toBe(false)
    expect(parses('ticket:postpone', { ...base, by: 51 })).toBe(false)
    expect(parses('ticket:postpone', { ...base, by: 2.5 })).toBe(false)
    expect(parses('ticket:postpone', { ...base, by: '3' })).toBe(false)
  })

  it('wants at least one service when a desk is opened with a choice', () => {
    expect(parses('desk:open', { requestId, deskId: 'd1' })).toBe(true)
    expect(parses('desk:open', { requestId, deskId: 'd1', serviceIds: [] })).toBe(false)
    expect(parses('desk:open', { requestId, deskId: 'd1', serviceIds: 'passport' })).toBe(false)
  })

  it('keeps self-service steps and outcomes to what the scenario can have', () => {
    const step = VALID['selfservice:step']
    expect(parses('selfservice:step', { ...step, step: -1 })).toBe(false)
    expect(parses('selfservice:step', { ...step, step: 100 })).toBe(false)
    expect(parses('selfservice:step', { ...step, step: 1.5 })).toBe(false)
    const finish = VALID['selfservice:finish']
    for (const outcome of ['completed', 'abandoned', 'timed_out']) {
      expect(parses('selfservice:finish', { ...finish, outcome })).toBe(true)
    }
    expect(parses('selfservice:finish', { ...finish, outcome: 'active' })).toBe(false)
    expect(parses('selfservice:finish', { requestId, sessionId: 's1' })).toBe(false)
  })

  it('asks for help from the kiosk home or from inside a session', () => {
    expect(parses('help:request', { requestId, serviceId: 'passport' })).toBe(true)
    expect(parses('help:request', { requestId, serviceId: 'passport', sessionId: null, step: null })).toBe(
      true,
    )
    expect(parses('help:request', { ...VALID['help:request'], step: '2' })).toBe(false)
    // Nothing about the citizen travels with it.
    expect(parses('help:request', { ...VALID['help:request'], iin: '880101300123' })).toBe(false)
  })

  it('accepts request ids of 8 to 64 letters, digits, dashes and underscores', () => {
    expect(requestIdSchema.safeParse('abcdefgh').success).toBe(true)
    expect(requestIdSchema.safeParse('A'.repeat(64)).success).toBe(true)
    expect(requestIdSchema.safeParse('3f0b1c2e-9d4a-4f7e-8c1b-0a9e7d6c5b4a').success).toBe(true)
    expect(requestIdSchema.safeParse('abcdefg').success).toBe(false)
  })
})

describe('mayCommand', () => {
  const allowed = (roles: Role[]) => COMMAND_TYPES.filter((type) => mayCommand(roles, type))
  const everything = [...COMMAND_TYPES].sort()

  const KIOSK = [
    'ticket:issue',
    'device:report',
    'selfservice:start',
    'selfservice:step',
    'selfservice:finish',
    'help:request',
    'help:cancel',
    'booking:check-in',
    'booking:walk-in',
  ]
  /** Kiosk-only: self-service, help, and a walk-in booking of a booking-only service. */
  const SELF_SERVICE = KIOSK.filter((type) => type !== 'ticket:issue' && type !== 'booking:check-in')
  /**
   * Made only by the hub itself: they carry vault ids, are its housekeeping, or come from a tracker
   * link's holder over HTTP (the rating after service).
   */
  const HUB_ONLY = ['booking:make', 'booking:lapse', 'ticket:join', 'ticket:remote-sweep', 'ticket:rate']
  /** Changing a booking is for the floor, as help requests are. */
  const FLOOR = ['booking:cancel', 'booking:reschedule']
  /** The supervisor's acts: not a consultant's. */
  const MANAGING = ['ticket:prioritise', 'desk:release', 'desk:message']

  it('lets a kiosk issue tickets, check bookings in, run self-service sessions and ask for help, and nothing else', () => {
    expect(allowed(['kiosk'])).toEqual(KIOSK)
  })

  it('lets a display or a phone tracker do nothing', () => {
    expect(allowed(['display'])).toEqual([])
    expect(allowed(['tracker'])).toEqual([])
    expect(allowed([])).toEqual([])
  })

  it.each(['supervisor', 'admin'] as const)(
    'lets a %s work a desk, answer help and act on the floor',
    (role) => {
      expect(allowed([role]).sort()).toEqual(
        everything.filter((type) => !SELF_SERVICE.includes(type) && !HUB_ONLY.includes(type)),
      )
    },
  )

  it("lets a consultant work a desk and answer help, but not do a supervisor's acts", () => {
    expect(allowed(['consultant']).sort()).toEqual(
      everything.filter(
        (type) => !SELF_SERVICE.includes(type) && !HUB_ONLY.includes(type) && !MANAGING.includes(type),
      ),
    )
  })

  it('lets a registrar work a desk, but leaves help requests to the floor', () => {
    const desk = everything.filter(
      (type) =>
        !SELF_SERVICE.includes(type) &&
        !type.startsWith('help:') &&
        !HUB_ONLY.includes(type) &&
        !FLOOR.includes(type) &&
        !MANAGING.includes(type),
    )
    expect(allowed(['registrar']).sort()).toEqual(desk)
  })

  it('allows what any one of the roles allows', () => {
    expect(allowed(['display', 'kiosk'])).toEqual(KIOSK)
    expect(mayCommand(['display', 'consultant'], 'ticket:call-next')).toBe(true)
    expect(mayCommand(['kiosk'], 'ticket:call-next')).toBe(false)
    expect(mayCommand(['kiosk'], 'desk:open')).toBe(false)
  })
})

describe('what kiosks and displays see', () => {
  function centreWithTokens() {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.issue('passport')
    c.issue('land')
    c.callNext('d1', c.aigerim)
    return c
  }

  it('strips the track token from ticket:issued and leaves the original alone', () => {
    const c = centreWithTokens()
    const issued = c.log.find((e) => e.type === 'ticket:issued')!
    const before = structuredClone(issued)
    expect(issued).toHaveProperty('trackToken')
    const shown = publicEvent(issued)
    expect(shown).not.toHaveProperty('trackToken')
    expect(shown).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'trackToken')))
    expect(issued).toEqual(before)
  })

  it('passes other events through unchanged', () => {
    const c = centreWithTokens()
    for (const event of c.log.filter((e) => e.type !== 'ticket:issued')) {
      expect(publicEvent(event)).toEqual(event)
    }
    const noToken = {
      type: 'ticket:issued',
      ticketId: 't9',
      number: 'A009',
      prefix: 'A',
      serviceId: 'passport',
      categoryId: null,
      bookedFor: null,
      seq: 9,
      at: 1,
    } satisfies EventEnvelope
    expect(publicEvent(noToken)).toEqual(noToken)
  })

  it('strips every track token from the state, as a copy', () => {
    const c = centreWithTokens()
    const before = JSON.stringify(c.state)
    const shown: CentreState = publicState(c.state)
    expect(JSON.stringify(shown)).not.toContain('track-token')
    expect(Object.values(shown.tickets).every((t) => !('trackToken' in t))).toBe(true)
    expect(Object.keys(shown.tickets)).toEqual(Object.keys(c.state.tickets))
    expect(JSON.stringify(c.state)).toBe(before)
    expect(Object.values(c.state.tickets).every((t) => typeof t.trackToken === 'string')).toBe(true)
    // A copy: changing what was sent does not change the hub's state.
    shown.queues.land!.push('intruder')
    shown.desks.d1!.status = 'closed'
    expect(JSON.stringify(c.state)).toBe(before)
  })

  it('strips the token from a single ticket without changing it', () => {
    const c = centreWithTokens()
    const ticket = Object.values(c.state.tickets)[0]!
    const shown = publicTicket(ticket)
    expect(shown).not.toHaveProperty('trackToken')
    expect(ticket.trackToken).toMatch(/^track-token-/)
  })

  it("never shows a consultant's transfer note, which may name the citizen", () => {
    const c = centreWithTokens()
    const called = Object.values(c.state.tickets).find((t) => t.status === 'called')!
    c.run(
      { type: 'ticket:transfer', ticketId: called.id, serviceId: 'land', note: 'Иванов, ИИН 871008401427' },
      c.aigerim,
    )
    const transferred = c.log.at(-1)!
    expect(transferred).toMatchObject({ type: 'ticket:transferred', note: 'Иванов, ИИН 871008401427' })
    expect(publicEvent(transferred)).toMatchObject({ type: 'ticket:transferred', note: null })
    expect(JSON.stringify(publicState(c.state))).not.toContain('871008401427')
    expect(c.ticket(called.id).note).toBe('Иванов, ИИН 871008401427')
  })
})
