import { describe, expect, it } from 'vitest'
import { applyEvents } from '../../src-shared/domain/apply'
import { decide } from '../../src-shared/domain/decide'
import { DomainError } from '../../src-shared/domain/errors'
import type { Command, Ticket, TicketStatus } from '../../src-shared/domain/types'
import { deepFreeze, kiosk, makeContext, MINUTE, remoteConfig, system, TestCentre } from './fixtures'

/** Two consultants at their desks and one passport ticket, brought to `status`. */
function centreWithTicketIn(status: TicketStatus) {
  const c = new TestCentre({ config: remoteConfig() })
  c.open('d1', c.aigerim)
  c.open('d2', c.bolat)
  if (status === 'expected' || status === 'lapsed') {
    // Joined from home; lapsed: its turn came (a window free for it) and its holder never checked in.
    const id = c.join('passport', 've_phone1', 0).id
    if (status === 'lapsed') {
      c.run({ type: 'ticket:remote-sweep' }, system)
      c.clock.advanceMinutes(60)
      c.run({ type: 'ticket:remote-sweep' }, system)
    }
    expect(c.ticket(id).status).toBe(status)
    return { c, id }
  }
  const ticket = c.issue('passport')
  const id = ticket.id
  if (status === 'cancelled') c.run({ type: 'ticket:cancel', ticketId: id }, c.aigerim)
  // Only a day change closes a ticket, and the new day holds no ticket: the fact alone, applied.
  if (status === 'closed')
    applyEvents(c.state, [{ type: 'ticket:closed', ticketId: id, reason: 'day_ended' }], c.clock.now())
  if (status !== 'waiting' && status !== 'cancelled' && status !== 'closed') c.callNext('d1', c.aigerim)
  if (status === 'serving' || status === 'done') c.run({ type: 'ticket:start', ticketId: id }, c.aigerim)
  if (status === 'done') c.run({ type: 'ticket:finish', ticketId: id }, c.aigerim)
  if (status === 'no_show') c.run({ type: 'ticket:no-show', ticketId: id }, c.aigerim)
  expect(c.ticket(id).status).toBe(status)
  return { c, id }
}

type TicketCommand = 'call' | 'recall' | 'start' | 'finish' | 'no-show' | 'transfer' | 'postpone' | 'cancel'

function commandFor(kind: TicketCommand, ticketId: string): Command {
  switch (kind) {
    case 'call':
      return { type: 'ticket:call', deskId: 'd2', ticketId }
    case 'transfer':
      return { type: 'ticket:transfer', ticketId, serviceId: 'land' }
    default:
      return { type: `ticket:${kind}`, ticketId }
  }
}

const OK = 'ok'
const NO = 'invalid_transition'

/** Status x command: `ok` or the error code. Every ticket command is at its owner's desk. */
const TRANSITIONS: Record<TicketStatus, Record<TicketCommand, string>> = {
  // Joined from home, not checked in: nothing but a cancel until its holder is in the hall.
  expected: {
    call: NO,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: NO,
    postpone: NO,
    cancel: OK,
  },
  lapsed: {
    call: NO,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: NO,
    postpone: NO,
    cancel: NO,
  },
  waiting: {
    call: OK,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: OK,
    postpone: OK,
    cancel: OK,
  },
  called: {
    call: NO,
    recall: OK,
    start: OK,
    finish: NO,
    'no-show': OK,
    transfer: OK,
    postpone: OK,
    cancel: OK,
  },
  serving: {
    call: NO,
    recall: NO,
    start: NO,
    finish: OK,
    'no-show': NO,
    transfer: OK,
    postpone: NO,
    cancel: NO,
  },
  done: {
    call: NO,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: NO,
    postpone: NO,
    cancel: NO,
  },
  no_show: {
    call: NO,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: NO,
    postpone: NO,
    cancel: NO,
  },
  cancelled: {
    call: NO,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: NO,
    postpone: NO,
    cancel: NO,
  },
  closed: {
    call: NO,
    recall: NO,
    start: NO,
    finish: NO,
    'no-show': NO,
    transfer: NO,
    postpone: NO,
    cancel: NO,
  },
}

/** Where an allowed command leaves the ticket. */
const AFTER: Record<TicketCommand, Partial<Ticket>> = {
  call: { status: 'called', deskId: 'd2', staffId: 'bolat' },
  recall: { status: 'called', deskId: 'd1', recalls: 1 },
  start: { status: 'serving', deskId: 'd1' },
  finish: { status: 'done' },
  'no-show': { status: 'no_show' },
  transfer: { status: 'waiting', serviceId: 'land', deskId: null, transfers: 1 },
  postpone: { status: 'waiting', deskId: null },
  cancel: { status: 'cancelled' },
}

describe('ticket lifecycle', () => {
  const cases = Object.entries(TRANSITIONS).flatMap(([status, row]) =>
    Object.entries(row).map(([command, expected]) => ({
      status: status as TicketStatus,
      command: command as TicketCommand,
      expected,
    })),
  )

  it.each(cases)('$status ticket, $command -> $expected', ({ status, command, expected }) => {
    const { c, id } = centreWithTicketIn(status)
    const actor = command === 'call' ? c.bolat : c.aigerim
    if (expected === OK) {
      c.run(commandFor(command, id), actor)
      expect(c.ticket(id)).toMatchObject(AFTER[command])
    } else {
      const before = JSON.stringify(c.state)
      expect(c.errorOf(commandFor(command, id), actor)).toBe(expected)
      expect(JSON.stringify(c.state)).toBe(before)
    }
  })

  it('goes waiting -> called -> serving -> done, recording the times and freeing the desk', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    const ticket = c.issue('passport')
    c.clock.advanceMinutes(3)
    c.callNext('d1', c.aigerim)
    expect(c.ticket(ticket.id)).toMatchObject({
      status: 'called',
      calledAt: c.clock.now(),
      staffId: 'aigerim',
    })
    expect(c.state.queues.passport).toEqual([])
    expect(c.state.desks.d1!.ticketId).toBe(ticket.id)
    c.clock.advanceMinutes(1)
    c.run({ type: 'ticket:start', ticketId: ticket.id }, c.aigerim)
    expect(c.ticket(ticket.id)).toMatchObject({ status: 'serving', startedAt: c.clock.now() })
    c.clock.advanceMinutes(7)
    c.run({ type: 'ticket:finish', ticketId: ticket.id }, c.aigerim)
    expect(c.ticket(ticket.id)).toMatchObject({ status: 'done', finishedAt: c.clock.now() })
    expect(c.state.desks.d1!.ticketId).toBeNull()
    // The window was held from the call to the finish: what the wait estimate learns from.
    expect(c.state.serviceTimes.passport).toEqual([8 * MINUTE])
  })

  it('records the time a window was held by a ticket that left it any other way', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    const held = (minutes: number) => {
      c.issue('passport')
      const ticket = c.callNext('d1', c.aigerim).ticket
      c.clock.advanceMinutes(minutes)
      return ticket.id
    }
    c.run({ type: 'ticket:no-show', ticketId: held(2) }, c.aigerim)
    c.run({ type: 'ticket:postpone', ticketId: held(3) }, c.aigerim)
    // The postponed ticket is called again: its second stay counts too.
    const again = c.callNext('d1', c.aigerim).ticket.id
    c.clock.advanceMinutes(1)
    c.run({ type: 'ticket:start', ticketId: again }, c.aigerim)
    c.run({ type: 'ticket:transfer', ticketId: again, serviceId: 'land', note: null }, c.aigerim)
    c.run({ type: 'ticket:cancel', ticketId: held(4) }, c.aigerim)
    expect(c.state.serviceTimes.passport).toEqual([2 * MINUTE, 3 * MINUTE, 1 * MINUTE, 4 * MINUTE])
    // A waiting ticket cancelled or transferred held no window.
    c.run({ type: 'ticket:cancel', ticketId: c.issue('passport').id }, c.aigerim)
    expect(c.state.serviceTimes.passport).toHaveLength(4)
    expect(c.state.serviceTimes.land).toBeUndefined()
  })

  it('marks a called ticket as no-show and frees the desk for the next call', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    const first = c.issue('passport')
    const second = c.issue('passport')
    c.callNext('d1', c.aigerim)
    c.run({ type: 'ticket:no-show', ticketId: first.id }, c.aigerim)
    expect(c.ticket(first.id).status).toBe('no_show')
    expect(c.state.desks.d1!.ticketId).toBeNull()
    expect(c.callNext('d1', c.aigerim).ticket.id).toBe(second.id)
  })

  it('recall keeps the ticket called, counts each recall and announces it again', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    const ticket = c.issue('passport')
    c.callNext('d1', c.aigerim)
    c.run({ type: 'ticket:recall', ticketId: ticket.id }, c.aigerim)
    c.run({ type: 'ticket:recall', ticketId: ticket.id }, c.aigerim)
    expect(c.ticket(ticket.id)).toMatchObject({ status: 'called', recalls: 2, deskId: 'd1' })
    expect(c.state.calls.map((call) => [call.number, call.deskId, call.recall])).toEqual([
      ['A001', 'd1', false],
      ['A001', 'd1', true],
      ['A001', 'd1', true],
    ])
  })

  describe('transfer', () => {
    /** P (passport) arrives first, then two land visitors; P is then transferred to land. */
    function setup() {
      const c = new TestCentre()
      c.open('d1', c.aigerim)
      c.open('d3', c.bolat)
      const p = c.issue('passport')
      c.clock.advanceMinutes(1)
      const l1 = c.issue('land')
      c.clock.advanceMinutes(1)
      const l2 = c.issue('land')
      c.clock.advanceMinutes(10)
      return { c, p, l1, l2 }
    }

    it.each(['waiting', 'called', 'serving'] as const)(
      'from %s keeps the arrival time and queues ahead of later arrivals',
      (from) => {
        const { c, p, l1, l2 } = setup()
        if (from !== 'waiting') c.callNext('d1', c.aigerim)
        if (from === 'serving') c.run({ type: 'ticket:start', ticketId: p.id }, c.aigerim)
        c.run(
          { type: 'ticket:transfer', ticketId: p.id, serviceId: 'land', note: '  needs land office  ' },
          c.aigerim,
        )
        expect(c.ticket(p.id)).toMatchObject({
          status: 'waiting',
          serviceId: 'land',
          number: 'A001',
          arrivalAt: p.arrivalAt,
          issuedAt: p.issuedAt,
          transfers: 1,
          note: 'needs land office',
          deskId: null,
          calledAt: null,
          startedAt: null,
        })
        expect(c.state.queues.passport).toEqual([])
        expect(c.state.queues.land).toEqual([p.id, l1.id, l2.id])
        expect(c.state.desks.d1!.ticketId).toBeNull()
        expect(c.callNext('d3', c.bolat).ticket.id).toBe(p.id)
      },
    )

    it('needs another service that exists', () => {
      const { c, p } = setup()
      expect(c.errorOf({ type: 'ticket:transfer', ticketId: p.id, serviceId: 'passport' })).toBe(
        'same_service',
      )
      expect(c.errorOf({ type: 'ticket:transfer', ticketId: p.id, serviceId: 'nope' })).toBe(
        'unknown_service',
      )
    })
  })

  describe('postpone', () => {
    /** Five passport visitors a minute apart: A001..A005. */
    function fiveWaiting(policy = {}) {
      const c = new TestCentre({ policy })
      c.open('d1', c.aigerim)
      const tickets = Array.from({ length: 5 }, () => {
        const t = c.issue('passport')
        c.clock.advanceMinutes(1)
        return t
      })
      return { c, tickets }
    }

    it('puts a called ticket back after N others', () => {
      const { c, tickets } = fiveWaiting()
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:postpone', ticketId: tickets[0]!.id, by: 2 }, c.aigerim)
      expect(c.queue('passport')).toEqual(['A002', 'A003', 'A001', 'A004', 'A005'])
      expect(c.state.desks.d1!.ticketId).toBeNull()
      expect(c.ticket(tickets[0]!.id)).toMatchObject({ status: 'waiting', deskId: null, calledAt: null })
    })

    it('lets policy.postponeBy others go first by default', () => {
      const { c, tickets } = fiveWaiting({ postponeBy: 3 })
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:postpone', ticketId: tickets[0]!.id }, c.aigerim)
      expect(c.queue('passport')).toEqual(['A002', 'A003', 'A004', 'A001', 'A005'])
    })

    it('goes to the end when fewer than N others wait', () => {
      const { c, tickets } = fiveWaiting()
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:postpone', ticketId: tickets[0]!.id, by: 10 }, c.aigerim)
      expect(c.queue('passport')).toEqual(['A002', 'A003', 'A004', 'A005', 'A001'])
    })

    it('waits alone when nobody else does', () => {
      const c = new TestCentre()
      c.open('d1', c.aigerim)
      const t = c.issue('passport')
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:postpone', ticketId: t.id }, c.aigerim)
      expect(c.queue('passport')).toEqual(['A001'])
      expect(c.callNext('d1', c.aigerim).ticket.id).toBe(t.id)
    })

    it('moves a waiting ticket back by N places, never forward', () => {
      const { c, tickets } = fiveWaiting()
      c.run({ type: 'ticket:postpone', ticketId: tickets[0]!.id, by: 2 })
      expect(c.queue('passport')).toEqual(['A002', 'A003', 'A001', 'A004', 'A005'])
      // A004 is fourth now; letting one more go first puts it after A005, not nearer the front.
      c.run({ type: 'ticket:postpone', ticketId: tickets[3]!.id, by: 1 })
      expect(c.queue('passport')).toEqual(['A002', 'A003', 'A001', 'A005', 'A004'])
    })

    it('still lets others go first when they arrived in the same millisecond', () => {
      const c = new TestCentre()
      c.open('d1', c.aigerim)
      const first = c.issue('passport')
      c.clock.advanceMinutes(1)
      c.issue('passport')
      c.issue('passport')
      c.issue('passport')
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:postpone', ticketId: first.id, by: 1 }, c.aigerim)
      expect(c.queue('passport')[0]).toBe('A002')
      expect(c.callNext('d1', c.aigerim).ticket.number).not.toBe('A001')
    })
  })

  describe('cancel', () => {
    it('from waiting leaves the queue', () => {
      const c = new TestCentre()
      const t = c.issue('passport')
      c.run({ type: 'ticket:cancel', ticketId: t.id, reason: 'the citizen asked' }, c.saule)
      expect(c.ticket(t.id).status).toBe('cancelled')
      expect(c.state.queues.passport).toEqual([])
    })

    it('from called frees the desk', () => {
      const c = new TestCentre()
      c.open('d1', c.aigerim)
      const t = c.issue('passport')
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:cancel', ticketId: t.id }, c.aigerim)
      expect(c.ticket(t.id).status).toBe('cancelled')
      expect(c.state.desks.d1!.ticketId).toBeNull()
    })
  })
})

describe('bookings', () => {
  it('a kiosk cannot set a booked time (it would jump the queue); staff can', () => {
    const c = new TestCentre()
    const at = c.clock.now()
    expect(c.errorOf({ type: 'ticket:issue', serviceId: 'passport', bookedFor: at }, kiosk)).toBe('forbidden')
    expect(Object.keys(c.state.tickets)).toHaveLength(0)
    expect(c.issue('passport', { bookedFor: at }).bookedFor).toBe(at)
  })
})

describe('desk rules', () => {
  function twoDesks() {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.open('d2', c.bolat)
    return c
  }

  it('calls only at an open desk', () => {
    const c = new TestCentre()
    c.issue('passport')
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, c.aigerim)).toBe('desk_closed')
    c.open('d1', c.aigerim)
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, c.aigerim)).toBe('desk_paused')
    const t = c.state.queues.passport![0]!
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd1', ticketId: t }, c.aigerim)).toBe('desk_paused')
    c.run({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)
    expect(c.callNext('d1', c.aigerim).ticket.number).toBe('A001')
    c.run({ type: 'ticket:start', ticketId: t }, c.aigerim)
    c.run({ type: 'ticket:finish', ticketId: t }, c.aigerim)
    c.run({ type: 'desk:close', deskId: 'd1' }, c.aigerim)
    expect(c.state.desks.d1).toMatchObject({ status: 'closed', staffId: null })
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, c.aigerim)).toBe('desk_closed')
  })

  it('holds one ticket at a time', () => {
    const c = twoDesks()
    const first = c.issue('passport')
    const second = c.issue('passport')
    c.callNext('d1', c.aigerim)
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, c.aigerim)).toBe('desk_busy')
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd1', ticketId: second.id }, c.aigerim)).toBe('desk_busy')
    expect(c.state.desks.d1!.ticketId).toBe(first.id)
  })

  it("refuses another consultant's desk and tickets, but lets a supervisor act", () => {
    const c = twoDesks()
    const t = c.issue('passport')
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd1' }, c.bolat)).toBe('not_your_desk')
    expect(c.errorOf({ type: 'desk:pause', deskId: 'd1' }, c.bolat)).toBe('not_your_desk')
    expect(c.errorOf({ type: 'desk:close', deskId: 'd1' }, c.bolat)).toBe('not_your_desk')
    const { ticket } = c.callNext('d1', c.saule)
    expect(ticket).toMatchObject({ id: t.id, deskId: 'd1', staffId: 'saule' })
    for (const command of [
      { type: 'ticket:recall', ticketId: t.id },
      { type: 'ticket:start', ticketId: t.id },
      { type: 'ticket:no-show', ticketId: t.id },
      { type: 'ticket:postpone', ticketId: t.id },
      { type: 'ticket:cancel', ticketId: t.id, reason: 'the citizen asked' },
      { type: 'ticket:transfer', ticketId: t.id, serviceId: 'land', reason: 'the citizen asked' },
    ] as const) {
      expect(c.errorOf(command, c.bolat), command.type).toBe('not_your_desk')
    }
    c.run({ type: 'ticket:start', ticketId: t.id }, c.saule)
    expect(c.errorOf({ type: 'ticket:finish', ticketId: t.id }, c.bolat)).toBe('not_your_desk')
    c.run({ type: 'ticket:finish', ticketId: t.id }, c.saule)
    c.run({ type: 'desk:close', deskId: 'd1' }, c.saule)
    expect(c.state.desks.d1!.status).toBe('closed')
  })

  it('refuses a desk open for someone else, until it is closed', () => {
    const c = twoDesks()
    expect(c.errorOf({ type: 'desk:open', deskId: 'd1' }, c.bolat)).toBe('desk_taken')
    expect(c.errorOf({ type: 'desk:open', deskId: 'd1' }, c.saule)).toBe('desk_taken')
    c.run({ type: 'desk:close', deskId: 'd1' }, c.aigerim)
    c.open('d1', c.saule)
    expect(c.state.desks.d1).toMatchObject({ status: 'open', staffId: 'saule' })
  })

  it('lets a consultant reopen their own desk with other services', () => {
    const c = twoDesks()
    c.open('d1', c.aigerim, ['birth', 'birth'])
    expect(c.state.desks.d1).toMatchObject({ status: 'open', staffId: 'aigerim', serviceIds: ['birth'] })
  })

  it.each(['open', 'paused'] as const)('opening another desk closes the previous %s one', (status) => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    if (status === 'paused') c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    const events = c.run({ type: 'desk:open', deskId: 'd2' }, c.aigerim)
    expect(events.map((e) => e.type)).toEqual(['desk:closed', 'desk:opened'])
    expect(c.state.desks.d1).toMatchObject({ status: 'closed', staffId: null })
    expect(c.state.desks.d2).toMatchObject({ status: 'open', staffId: 'aigerim', serviceIds: ['passport'] })
  })

  it('refuses to move, pause or close with a ticket in hand', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.issue('passport')
    c.callNext('d1', c.aigerim)
    expect(c.errorOf({ type: 'desk:open', deskId: 'd2' }, c.aigerim)).toBe('desk_busy')
    expect(c.errorOf({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)).toBe('desk_busy')
    expect(c.errorOf({ type: 'desk:close', deskId: 'd1' }, c.aigerim)).toBe('desk_busy')
    expect(c.state.desks.d1!.status).toBe('open')
  })

  it('refuses impossible desk changes', () => {
    const c = new TestCentre()
    expect(c.errorOf({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)).toBe('desk_closed')
    expect(c.errorOf({ type: 'desk:close', deskId: 'd1' }, c.aigerim)).toBe('desk_closed')
    expect(c.errorOf({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)).toBe('desk_closed')
    c.open('d1', c.aigerim)
    expect(c.errorOf({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)).toBe('invalid_transition')
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    expect(c.errorOf({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)).toBe('desk_paused')
    expect(c.errorOf({ type: 'desk:open', deskId: 'd1', serviceIds: [] }, c.aigerim)).toBe('invalid_payload')
  })

  it('says when nobody waits for the desk', () => {
    const c = new TestCentre()
    c.open('d3', c.aigerim)
    c.issue('passport')
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd3' }, c.aigerim)).toBe('queue_empty')
  })

  it('calls a ticket by name only at a desk that serves its service', () => {
    const c = new TestCentre()
    c.open('d3', c.aigerim)
    const t = c.issue('passport')
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd3', ticketId: t.id }, c.aigerim)).toBe(
      'not_served_here',
    )
    c.open('d3', c.aigerim, ['land', 'passport'])
    const events = c.run({ type: 'ticket:call', deskId: 'd3', ticketId: t.id }, c.aigerim)
    expect(events).toMatchObject([{ type: 'ticket:called', ticketId: t.id, deskId: 'd3', reason: 'direct' }])
  })

  it('names what it does not know', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    expect(c.errorOf({ type: 'ticket:issue', serviceId: 'visa' }, kiosk)).toBe('unknown_service')
    expect(c.errorOf({ type: 'ticket:issue', serviceId: 'passport', categoryId: 'vip' }, kiosk)).toBe(
      'unknown_category',
    )
    expect(c.errorOf({ type: 'ticket:call-next', deskId: 'd9' }, c.aigerim)).toBe('unknown_desk')
    expect(c.errorOf({ type: 'desk:open', deskId: 'd9' }, c.bolat)).toBe('unknown_desk')
    expect(c.errorOf({ type: 'desk:close', deskId: 'd9' })).toBe('unknown_desk')
    expect(c.errorOf({ type: 'desk:open', deskId: 'd2', serviceIds: ['visa'] }, c.bolat)).toBe(
      'unknown_service',
    )
    expect(c.errorOf({ type: 'ticket:call', deskId: 'd1', ticketId: 't99' }, c.aigerim)).toBe(
      'unknown_ticket',
    )
    for (const type of [
      'ticket:recall',
      'ticket:start',
      'ticket:finish',
      'ticket:no-show',
      'ticket:cancel',
    ] as const) {
      expect(c.errorOf({ type, ticketId: 't99' }), type).toBe('unknown_ticket')
    }
    expect(c.errorOf({ type: 'ticket:postpone', ticketId: 't99' })).toBe('unknown_ticket')
    expect(c.errorOf({ type: 'ticket:transfer', ticketId: 't99', serviceId: 'land' })).toBe('unknown_ticket')
  })
})

describe('decide', () => {
  /** A busy moment: desks in every status, tickets in every status, a postponed and a transferred one. */
  function busyCentre() {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.open('d2', c.bolat)
    c.open('d3', c.saule)
    for (let i = 0; i < 6; i++) {
      c.issue(i % 2 ? 'passport' : 'birth', { categoryId: i === 3 ? 'pregnant' : null })
      c.issue('land')
      c.clock.advanceMinutes(1)
    }
    const a = c.callNext('d1', c.aigerim).ticket
    c.serve('d1', 4, c.aigerim)
    c.callNext('d1', c.aigerim)
    c.run({ type: 'ticket:postpone', ticketId: c.state.desks.d1!.ticketId!, by: 1 }, c.aigerim)
    c.callNext('d3', c.saule)
    c.run({ type: 'ticket:start', ticketId: c.state.desks.d3!.ticketId! }, c.saule)
    c.callNext('d2', c.bolat)
    c.run({ type: 'ticket:transfer', ticketId: c.state.desks.d2!.ticketId!, serviceId: 'land' }, c.bolat)
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    c.callNext('d1', c.aigerim)
    expect(a.status).toBe('done')
    return c
  }

  const commands = (c: TestCentre): Command[] => {
    const anyWaiting = c.state.queues.passport![0]!
    const inHand = c.state.desks.d3!.ticketId!
    return [
      { type: 'ticket:issue', serviceId: 'passport', categoryId: 'disability' },
      { type: 'ticket:issue', serviceId: 'visa' },
      { type: 'ticket:call-next', deskId: 'd1' },
      { type: 'ticket:call', deskId: 'd2', ticketId: anyWaiting },
      { type: 'ticket:recall', ticketId: c.state.desks.d1!.ticketId! },
      { type: 'ticket:start', ticketId: c.state.desks.d1!.ticketId! },
      { type: 'ticket:finish', ticketId: inHand },
      { type: 'ticket:no-show', ticketId: c.state.desks.d1!.ticketId! },
      { type: 'ticket:transfer', ticketId: inHand, serviceId: 'passport', note: 'x' },
      { type: 'ticket:transfer', ticketId: anyWaiting, serviceId: 'land', reason: 'the citizen asked' },
      { type: 'ticket:postpone', ticketId: anyWaiting, by: 2 },
      { type: 'ticket:cancel', ticketId: anyWaiting, reason: 'the citizen asked' },
      { type: 'desk:open', deskId: 'd2', serviceIds: ['passport', 'birth'] },
      { type: 'desk:open', deskId: 'd1' },
      { type: 'desk:pause', deskId: 'd1' },
      { type: 'desk:resume', deskId: 'd2' },
      { type: 'desk:close', deskId: 'd2' },
    ]
  }

  it.each(commands(busyCentre()).map((command) => [command.type, command] as const))(
    'never changes the state it reads (%s)',
    (_type, command) => {
      const c = busyCentre()
      const before = JSON.stringify(c.state)
      const frozen = deepFreeze(structuredClone(c.state))
      let outcome: unknown
      try {
        outcome = decide(frozen, command, makeContext(c, c.saule))
      } catch (error) {
        // Refusals are fine; a write to the frozen state would be a TypeError instead.
        expect(error).toBeInstanceOf(DomainError)
        outcome = error
      }
      expect(outcome).toBeDefined()
      expect(JSON.stringify(frozen)).toBe(before)
      expect(JSON.stringify(c.state)).toBe(before)
    },
  )

  it('refuses to decide against a state of another day', () => {
    const c = new TestCentre()
    c.issue('passport')
    c.clock.advanceMinutes(24 * 60)
    expect(() =>
      decide(c.state, { type: 'ticket:issue', serviceId: 'passport' }, makeContext(c, kiosk)),
    ).toThrow(/another day/)
  })
})
