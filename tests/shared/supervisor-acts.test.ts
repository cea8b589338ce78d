import { describe, expect, it } from 'vitest'
import { evolve, initialState } from '../../src-shared/domain/evolve'
import { publicEvent, publicState } from '../../src-shared/protocol'
import { kiosk, MINUTE, TestCentre } from './fixtures'

/** A centre with Bolat at window 2 (passport) and three passport visitors waiting. */
function floor() {
  const c = new TestCentre()
  c.open('d2', c.bolat)
  const first = c.issue('passport')
  c.clock.advanceMinutes(1)
  const second = c.issue('passport')
  c.clock.advanceMinutes(1)
  const third = c.issue('passport')
  return { c, first, second, third }
}

describe("a supervisor's acts on a waiting ticket", () => {
  it('cancels with a reason, recorded with the supervisor as `by`', () => {
    const { c, second } = floor()
    const [event] = c.run(
      { type: 'ticket:cancel', ticketId: second.id, reason: '  left the hall  ' },
      c.saule,
    )
    expect(event).toMatchObject({ type: 'ticket:cancelled', by: 'saule', reason: 'left the hall' })
    expect(c.ticket(second.id).status).toBe('cancelled')
    expect(c.queue('passport')).toEqual(['A001', 'A003'])
  })

  it('refuses a cancel or a transfer without a reason, changing nothing', () => {
    const { c, second } = floor()
    const seq = c.state.seq
    expect(c.errorOf({ type: 'ticket:cancel', ticketId: second.id }, c.saule)).toBe('reason_required')
    expect(c.errorOf({ type: 'ticket:cancel', ticketId: second.id, reason: '   ' }, c.saule)).toBe(
      'reason_required',
    )
    expect(c.errorOf({ type: 'ticket:transfer', ticketId: second.id, serviceId: 'land' }, c.saule)).toBe(
      'reason_required',
    )
    expect(c.state.seq).toBe(seq)
    expect(c.ticket(second.id).status).toBe('waiting')
  })

  it('transfers to another service with a reason, keeping the arrival', () => {
    const { c, first } = floor()
    const [event] = c.run(
      { type: 'ticket:transfer', ticketId: first.id, serviceId: 'land', reason: 'wrong service chosen' },
      c.saule,
    )
    expect(event).toMatchObject({ type: 'ticket:transferred', toServiceId: 'land', by: 'saule' })
    expect(c.ticket(first.id)).toMatchObject({ serviceId: 'land', status: 'waiting' })
  })

  it('moves a ticket to the front of its line, and the next call takes it', () => {
    const { c, third } = floor()
    c.run({ type: 'ticket:prioritise', ticketId: third.id, front: true, reason: 'unwell' }, c.saule)
    expect(c.queue('passport')).toEqual(['A003', 'A001', 'A002'])
    expect(c.callNext('d2', c.bolat).ticket.number).toBe('A003')
  })

  it('gives a ticket a priority category, which goes before the regular line', () => {
    const { c, third } = floor()
    const [event] = c.run(
      { type: 'ticket:prioritise', ticketId: third.id, categoryId: 'pregnant', reason: 'pregnant' },
      c.saule,
    )
    expect(event).toMatchObject({ type: 'ticket:prioritised', categoryId: 'pregnant', by: 'saule' })
    expect(c.callNext('d2', c.bolat).ticket.number).toBe('A003')
  })

  it('refuses a move that moves nothing, an unknown category, or a ticket not waiting', () => {
    const { c, first } = floor()
    expect(c.errorOf({ type: 'ticket:prioritise', ticketId: first.id, reason: 'x' })).toBe('invalid_payload')
    expect(c.errorOf({ type: 'ticket:prioritise', ticketId: first.id, categoryId: 'vip', reason: 'x' })).toBe(
      'unknown_category',
    )
    expect(c.errorOf({ type: 'ticket:prioritise', ticketId: first.id, front: true, reason: ' ' })).toBe(
      'reason_required',
    )
    c.callNext('d2', c.bolat)
    expect(c.errorOf({ type: 'ticket:prioritise', ticketId: first.id, front: true, reason: 'x' })).toBe(
      'invalid_transition',
    )
  })

  it("calls a ticket to a consultant's open window: the call is the consultant's, the act the supervisor's", () => {
    const { c, third } = floor()
    const [event] = c.run(
      { type: 'ticket:call', deskId: 'd2', ticketId: third.id, reason: 'booked by phone' },
      c.saule,
    )
    expect(event).toMatchObject({
      type: 'ticket:called',
      staffId: 'bolat',
      by: 'saule',
      note: 'booked by phone',
      reason: 'direct',
    })
    expect(c.state.desks.d2!.ticketId).toBe(third.id)
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd1', ticketId: third.id, reason: 'x' })).toBe(
      'desk_closed',
    )
  })

  it('refuses a call without a reason to a window not theirs', () => {
    const { c, third } = floor()
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd2', ticketId: third.id }, c.saule)).toBe(
      'reason_required',
    )
  })
})

describe("a consultant may not do a supervisor's acts", () => {
  it("is refused a move forward, a message, and a pause or call at someone else's window", () => {
    const { c, third } = floor()
    c.open('d1', c.aigerim)
    expect(
      c.errorOf({ type: 'ticket:prioritise', ticketId: third.id, front: true, reason: 'x' }, c.aigerim),
    ).toBe('forbidden')
    expect(c.errorOf({ type: 'desk:message', deskId: 'd2', text: 'hi' }, c.aigerim)).toBe('forbidden')
    expect(c.errorOf({ type: 'desk:pause', deskId: 'd2', reason: 'x' }, c.aigerim)).toBe('not_your_desk')
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd2', ticketId: third.id }, c.aigerim)).toBe(
      'not_your_desk',
    )
  })

  it('cancels the ticket in hand at their own window without a reason or a `by`', () => {
    const { c } = floor()
    const called = c.callNext('d2', c.bolat).ticket
    const [event] = c.run({ type: 'ticket:cancel', ticketId: called.id }, c.bolat)
    expect(event).toEqual(expect.not.objectContaining({ by: expect.anything() }))
  })
})

describe("a supervisor's acts on a window", () => {
  it("pauses a consultant's window with a reason; the fact names the supervisor", () => {
    const { c } = floor()
    const [event] = c.run({ type: 'desk:pause', deskId: 'd2', reason: 'a break is due' }, c.saule)
    expect(event).toMatchObject({ type: 'desk:paused', by: 'saule', reason: 'a break is due' })
    expect(c.state.desks.d2!.status).toBe('paused')
  })

  it('a consultant pausing their own window is not recorded as a supervisor', () => {
    const { c } = floor()
    const [event] = c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    expect(event).toEqual({ type: 'desk:paused', deskId: 'd2', seq: event!.seq, at: event!.at })
  })

  it('re-staffs an open window (its services) with a reason, the consultant staying', () => {
    const { c } = floor()
    const [event] = c.run(
      { type: 'desk:open', deskId: 'd2', staffId: 'bolat', serviceIds: ['land'], reason: 'land queue long' },
      c.saule,
    )
    expect(event).toMatchObject({ type: 'desk:opened', by: 'saule', reason: 'land queue long' })
    expect(c.state.desks.d2).toMatchObject({ staffId: 'bolat', serviceIds: ['land'] })
  })
})

describe("a message to a consultant's screen", () => {
  it('is sent to the consultant at the window, read once by them, and replays the same', () => {
    const { c } = floor()
    c.clock.advanceMinutes(3)
    const [sent] = c.run({ type: 'desk:message', deskId: 'd2', text: ' Take window 3 next ' }, c.saule)
    expect(sent).toMatchObject({
      type: 'staff:messaged',
      staffId: 'bolat',
      text: 'Take window 3 next',
      by: 'saule',
    })
    const id = (sent as { messageId: string }).messageId
    expect(c.state.messages![id]).toMatchObject({ readAt: null, sentAt: sent!.at })
    expect(c.errorOf({ type: 'desk:message-read', messageId: id }, c.aigerim)).toBe('forbidden')
    c.clock.advanceMinutes(2)
    c.run({ type: 'desk:message-read', messageId: id }, c.bolat)
    expect(c.state.messages![id]!.readAt).toBe(c.clock.now())
    expect(c.errorOf({ type: 'desk:message-read', messageId: id }, c.bolat)).toBe('invalid_transition')
    expect(c.errorOf({ type: 'desk:message-read', messageId: 'nope' }, c.bolat)).toBe('unknown_message')

    const replayed = c.log.reduce(evolve, initialState(c.config.centre.id))
    expect(replayed.messages).toEqual(c.state.messages)
    expect(replayed.queues).toEqual(c.state.queues)
  })

  it('is refused for a closed window, or an empty or long text', () => {
    const { c } = floor()
    expect(c.errorOf({ type: 'desk:message', deskId: 'd1', text: 'hi' })).toBe('desk_closed')
    expect(c.errorOf({ type: 'desk:message', deskId: 'd2', text: '   ' })).toBe('invalid_payload')
    expect(c.errorOf({ type: 'desk:message', deskId: 'd2', text: 'x'.repeat(201) })).toBe('invalid_payload')
    expect(c.errorOf({ type: 'desk:message', deskId: 'd9', text: 'hi' })).toBe('unknown_desk')
  })

  it('reaches kiosks and displays without its words, and their snapshots hold no messages', () => {
    const { c } = floor()
    const [sent] = c.run({ type: 'desk:message', deskId: 'd2', text: 'Take window 3 next' }, c.saule)
    expect(publicEvent(sent!)).toMatchObject({ type: 'staff:messaged', text: '' })
    expect(publicState(c.state).messages).toEqual({})
    const [cancel] = c.run({ type: 'ticket:cancel', ticketId: c.state.queues.passport![0]!, reason: 'left' })
    expect(publicEvent(cancel!)).toMatchObject({ reason: '' })
  })
})

describe("a kiosk's printer report", () => {
  it('is recorded when it changes, and only from a kiosk', () => {
    const c = new TestCentre()
    c.issue('passport')
    expect(c.run({ type: 'device:report', printer: 'paper-out' }, kiosk)).toHaveLength(1)
    expect(c.run({ type: 'device:report', printer: 'paper-out' }, kiosk)).toHaveLength(0)
    expect(c.state.devices!['kiosk-1']).toMatchObject({ printer: 'paper-out' })
    c.clock.advance(MINUTE)
    c.run({ type: 'device:report', printer: 'ok' }, kiosk)
    expect(c.state.devices!['kiosk-1']).toEqual({ printer: 'ok', at: c.clock.now() })
    expect(c.errorOf({ type: 'device:report', printer: 'ok' }, c.saule)).toBe('forbidden')
  })
})
