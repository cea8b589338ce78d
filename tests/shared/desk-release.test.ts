/**
 * `desk:release`: a supervisor (or the hub, for a login an admin disables) closes someone's window at
 * once; a ticket in hand there goes back to its queue at its own place, never lost.
 */
import { describe, expect, it } from 'vitest'
import { evolve, initialState } from '../../src-shared/domain/evolve'
import { publicEvent } from '../../src-shared/protocol'
import { TestCentre } from './fixtures'

/** Bolat at window 2 (passport) with A001 called; A002 and A003 waiting. */
function floor() {
  const c = new TestCentre()
  c.open('d2', c.bolat)
  for (let i = 0; i < 3; i++) {
    c.issue('passport')
    c.clock.advanceMinutes(1)
  }
  const called = c.callNext('d2', c.bolat).ticket
  return { c, called }
}

describe('desk:release', () => {
  it('puts a called ticket back at its place and closes the window, both with `by` and the reason', () => {
    const { c, called } = floor()
    expect(c.queue('passport')).toEqual(['A002', 'A003'])
    const events = c.run({ type: 'desk:release', deskId: 'd2', reason: ' login disabled ' }, c.saule)
    expect(events.map((e) => e.type)).toEqual(['ticket:postponed', 'desk:closed'])
    expect(events[0]).toMatchObject({
      ticketId: called.id,
      rank: called.rank,
      by: 'saule',
      reason: 'login disabled',
    })
    expect(events[1]).toMatchObject({ deskId: 'd2', by: 'saule', reason: 'login disabled' })
    expect(c.ticket(called.id)).toMatchObject({
      status: 'waiting',
      deskId: null,
      staffId: null,
      calledAt: null,
    })
    expect(c.queue('passport')).toEqual(['A001', 'A002', 'A003'])
    expect(c.state.desks.d2).toMatchObject({ status: 'closed', staffId: null, ticketId: null })
    // Called first, it is called first again, at the next window that opens.
    c.open('d1', c.aigerim, ['passport'])
    expect(c.callNext('d1', c.aigerim).ticket.number).toBe('A001')
  })

  it('returns a ticket being served too, no longer marked as served, and replays to the same state', () => {
    const { c, called } = floor()
    c.run({ type: 'ticket:start', ticketId: called.id }, c.bolat)
    c.run({ type: 'desk:release', deskId: 'd2' }, c.saule)
    expect(c.ticket(called.id)).toMatchObject({ status: 'waiting', startedAt: null })
    expect(c.queue('passport')[0]).toBe('A001')
    const replayed = c.log.reduce(evolve, initialState(c.config.centre.id))
    expect(replayed.queues).toEqual(c.state.queues)
    expect(replayed.desks).toEqual(c.state.desks)
    expect(replayed.tickets).toEqual(c.state.tickets)
  })

  it('closes a paused or an idle window with one fact; without a reason none is recorded', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    const events = c.run({ type: 'desk:release', deskId: 'd2', reason: '  ' }, c.saule)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ type: 'desk:closed', deskId: 'd2', by: 'saule' })
    expect(events[0]).not.toHaveProperty('reason')
    expect(c.state.desks.d2!.status).toBe('closed')
  })

  it('is refused to a consultant, for a closed or unknown window, changing nothing', () => {
    const { c, called } = floor()
    const seq = c.state.seq
    expect(c.errorOf({ type: 'desk:release', deskId: 'd2' }, c.bolat)).toBe('forbidden')
    expect(c.errorOf({ type: 'desk:release', deskId: 'd2' }, c.aigerim)).toBe('forbidden')
    expect(c.errorOf({ type: 'desk:release', deskId: 'd1' }, c.saule)).toBe('desk_closed')
    expect(c.errorOf({ type: 'desk:release', deskId: 'd9' }, c.saule)).toBe('unknown_desk')
    expect(c.state.seq).toBe(seq)
    expect(c.ticket(called.id).status).toBe('called')
  })

  it('reaches kiosks and displays without the reason', () => {
    const { c } = floor()
    const [returned, closed] = c.run({ type: 'desk:release', deskId: 'd2', reason: 'went home ill' }, c.saule)
    expect(publicEvent(returned!)).toMatchObject({ type: 'ticket:postponed', reason: '' })
    expect(publicEvent(closed!)).toMatchObject({ type: 'desk:closed', reason: '' })
  })
})
