import { describe, expect, it } from 'vitest'
import { unservedQueues } from '../../src-shared/domain/desks'
import { MINUTE, TestCentre } from './fixtures'

describe('queues nobody will serve', () => {
  it('are the services with tickets waiting and no open, unpaused desk serving them, longest wait first', () => {
    const c = new TestCentre()
    c.issue('land')
    c.clock.advanceMinutes(1)
    c.issue('passport')
    c.issue('land')
    // No desk open: both queues are unserved; `birth` has nobody waiting, so it is not flagged.
    expect(unservedQueues(c.state)).toEqual([
      { serviceId: 'land', waiting: 2, oldestArrivalAt: c.clock.now() - MINUTE },
      { serviceId: 'passport', waiting: 1, oldestArrivalAt: c.clock.now() },
    ])
    c.open('d2', c.bolat)
    expect(unservedQueues(c.state).map((q) => q.serviceId)).toEqual(['land'])
    // A paused desk serves nobody.
    c.run({ type: 'desk:pause', deskId: 'd2' }, c.bolat)
    expect(unservedQueues(c.state).map((q) => q.serviceId)).toEqual(['land', 'passport'])
  })
})

describe('a supervisor opening a desk for a queue', () => {
  it('opens a closed desk for a consultant, the supervisor named as `by`', () => {
    const c = new TestCentre()
    c.issue('land')
    const events = c.run({ type: 'desk:open', deskId: 'd3', staffId: 'bolat' }, c.saule)
    expect(events.at(-1)).toMatchObject({ type: 'desk:opened', deskId: 'd3', staffId: 'bolat', by: 'saule' })
    expect(c.state.desks.d3).toMatchObject({ status: 'open', staffId: 'bolat' })
    expect(unservedQueues(c.state)).toEqual([])
  })

  it("gives a consultant's open desk one more service, the consultant staying", () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    c.issue('land')
    c.run({ type: 'desk:open', deskId: 'd2', staffId: 'bolat', serviceIds: ['passport', 'land'] }, c.saule)
    expect(c.state.desks.d2).toMatchObject({
      status: 'open',
      staffId: 'bolat',
      serviceIds: ['passport', 'land'],
    })
    expect(c.callNext('d2', c.bolat).ticket.serviceId).toBe('land')
  })

  it('reopens a paused desk, and moves the consultant from another desk with nothing in hand', () => {
    const c = new TestCentre()
    c.open('d1', c.bolat)
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.bolat)
    c.run({ type: 'desk:open', deskId: 'd1', staffId: 'bolat' }, c.saule)
    expect(c.state.desks.d1!.status).toBe('open')
    const events = c.run({ type: 'desk:open', deskId: 'd3', staffId: 'bolat' }, c.saule)
    expect(events.map((e) => e.type)).toEqual(['desk:closed', 'desk:opened'])
  })

  it('is refused with a stable code, changing nothing, for a consultant, a desk taken, or someone unknown', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    const seq = c.state.seq
    expect(c.errorOf({ type: 'desk:open', deskId: 'd3', staffId: 'bolat' }, c.aigerim)).toBe('forbidden')
    expect(c.errorOf({ type: 'desk:open', deskId: 'd2', staffId: 'aigerim' }, c.saule)).toBe('desk_taken')
    expect(c.errorOf({ type: 'desk:open', deskId: 'd3', staffId: 'nobody' }, c.saule)).toBe('unknown_staff')
    expect(c.state.seq).toBe(seq)
  })

  it('without `staffId`, opens the desk for the sender as before, with no `by`', () => {
    const c = new TestCentre()
    const events = c.run({ type: 'desk:open', deskId: 'd1' }, c.aigerim)
    expect(events.at(-1)).toEqual(expect.not.objectContaining({ by: expect.anything() }))
    expect(c.state.desks.d1!.staffId).toBe('aigerim')
  })
})
