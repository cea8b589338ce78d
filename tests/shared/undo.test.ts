import { describe, expect, it } from 'vitest'
import { initialState, evolve } from '../../src-shared/domain/evolve'
import { UNDO_WINDOW_MS } from '../../src-shared/domain/undo'
import { TestCentre } from './fixtures'

/** Aigerim at desk 1 with a passport ticket in hand, called a minute ago, and two others waiting. */
function centreWithCall() {
  const c = new TestCentre()
  c.open('d1', c.aigerim)
  const first = c.issue('passport')
  c.issue('passport')
  c.issue('passport')
  c.callNext('d1', c.aigerim)
  c.clock.advanceMinutes(1)
  return { c, id: first.id }
}

describe('undoing a no-show', () => {
  it('puts the ticket back in hand at its desk, as it was, and takes back the window time it recorded', () => {
    const { c, id } = centreWithCall()
    const before = structuredClone(c.ticket(id))
    c.run({ type: 'ticket:no-show', ticketId: id }, c.aigerim)
    expect(c.state.serviceTimes.passport).toEqual([60_000])
    c.clock.advance(UNDO_WINDOW_MS)
    const [restored] = c.run({ type: 'ticket:undo', ticketId: id }, c.aigerim)
    expect(restored).toMatchObject({
      type: 'ticket:restored',
      ticketId: id,
      deskId: 'd1',
      undid: 'ticket:missed',
      by: 'aigerim',
    })
    expect(c.ticket(id)).toEqual(before)
    expect(c.state.desks.d1!.ticketId).toBe(id)
    expect(c.state.serviceTimes.passport).toEqual([])
  })

  it('is refused with undo_expired after 10 seconds, and changes nothing', () => {
    const { c, id } = centreWithCall()
    c.run({ type: 'ticket:no-show', ticketId: id }, c.aigerim)
    c.clock.advance(UNDO_WINDOW_MS + 1)
    const seq = c.state.seq
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.aigerim)).toBe('undo_expired')
    expect(c.ticket(id).status).toBe('no_show')
    expect(c.state.seq).toBe(seq)
  })

  it('is refused with desk_busy once the desk has called the next ticket', () => {
    const { c, id } = centreWithCall()
    c.run({ type: 'ticket:no-show', ticketId: id }, c.aigerim)
    c.callNext('d1', c.aigerim)
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.aigerim)).toBe('desk_busy')
  })

  it('is refused to another consultant (not_your_desk) but allowed to a supervisor', () => {
    const { c, id } = centreWithCall()
    c.open('d2', c.bolat)
    c.run({ type: 'ticket:no-show', ticketId: id }, c.aigerim)
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.bolat)).toBe('not_your_desk')
    const [restored] = c.run({ type: 'ticket:undo', ticketId: id }, c.saule)
    expect(restored).toMatchObject({ type: 'ticket:restored', by: 'saule' })
  })

  it('cannot be undone twice, nor a ticket that never left a desk (nothing_to_undo)', () => {
    const { c, id } = centreWithCall()
    c.run({ type: 'ticket:no-show', ticketId: id }, c.aigerim)
    c.run({ type: 'ticket:undo', ticketId: id }, c.aigerim)
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.aigerim)).toBe('nothing_to_undo')
    expect(c.errorOf({ type: 'ticket:undo', ticketId: 'nope' }, c.aigerim)).toBe('unknown_ticket')
  })
})

describe('undoing a postpone', () => {
  it('takes the ticket out of the queue and back in hand, with its old rank', () => {
    const { c, id } = centreWithCall()
    const rank = c.ticket(id).rank
    c.run({ type: 'ticket:postpone', ticketId: id }, c.aigerim)
    expect(c.state.queues.passport).toContain(id)
    c.run({ type: 'ticket:undo', ticketId: id }, c.aigerim)
    expect(c.state.queues.passport).not.toContain(id)
    expect(c.ticket(id)).toMatchObject({ status: 'called', deskId: 'd1', rank })
    // The queue index follows: call-next after finishing takes the next ticket, not the restored one.
    c.serve('d1', 1, c.aigerim)
    expect(c.callNext('d1', c.aigerim).ticket.id).not.toBe(id)
  })

  it('is refused (nothing_to_undo) once another desk has called the postponed ticket: it moved on', () => {
    const { c, id } = centreWithCall()
    c.open('d2', c.bolat)
    c.run({ type: 'ticket:postpone', ticketId: id, by: 50 }, c.aigerim)
    c.run({ type: 'ticket:call', deskId: 'd2', ticketId: id }, c.bolat)
    c.run({ type: 'ticket:postpone', ticketId: id }, c.bolat)
    // Bolat's postpone left its own mark, at his desk; Aigerim's is gone.
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.aigerim)).toBe('not_your_desk')
    c.run({ type: 'ticket:call', deskId: 'd2', ticketId: id }, c.bolat)
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.bolat)).toBe('nothing_to_undo')
  })

  it('is refused while the desk is paused (desk_paused) or closed (desk_closed)', () => {
    const { c, id } = centreWithCall()
    c.run({ type: 'ticket:postpone', ticketId: id }, c.aigerim)
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.aigerim)).toBe('desk_paused')
    c.run({ type: 'desk:close', deskId: 'd1' }, c.aigerim)
    expect(c.errorOf({ type: 'ticket:undo', ticketId: id }, c.aigerim)).toBe('desk_closed')
  })

  it('replays to the same state from the log, as a face folds it', () => {
    const { c, id } = centreWithCall()
    c.run({ type: 'ticket:postpone', ticketId: id }, c.aigerim)
    c.run({ type: 'ticket:undo', ticketId: id }, c.aigerim)
    const replayed = initialState(c.config.centre.id)
    for (const event of structuredClone(c.log)) evolve(replayed, event)
    expect(replayed.tickets).toEqual(c.state.tickets)
    expect(replayed.queues).toEqual(c.state.queues)
  })
})
