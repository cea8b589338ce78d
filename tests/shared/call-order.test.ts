/**
 * `callOrder` lists a desk's waiting tickets in the order call-next takes them: checked against the real
 * `ticket:call-next`, called again and again until nobody waits, in centres where priority categories,
 * the streak bound and a due booking change the order from the order of issue.
 */
import { describe, expect, it } from 'vitest'
import { callOrder } from '../../src-shared/domain/call-order'
import { rankMap } from '../../src-shared/domain/policy'
import { MINUTE, TestCentre } from './fixtures'

function predicted(centre: TestCentre, deskId: string): string[] {
  const desk = centre.state.desks[deskId]!
  return callOrder(centre.state, desk.serviceIds, {
    now: centre.clock.now(),
    policy: centre.config.policy,
    categoryRanks: rankMap(centre.config),
    streak: desk.priorityStreak,
  }).map((ticket) => ticket.number)
}

/** Calls next at the desk until the queue is empty, serving each: the numbers in the order called. */
function calledInTurn(centre: TestCentre, deskId: string): string[] {
  const numbers: string[] = []
  while (
    (centre.state.desks[deskId]!.serviceIds ?? []).some((id) => (centre.state.queues[id] ?? []).length)
  ) {
    numbers.push(centre.callNext(deskId).ticket.number)
    centre.serve(deskId)
  }
  return numbers
}

describe('callOrder', () => {
  it('puts a ticket given a priority category first, as call-next does, not in the order of issue', () => {
    const centre = new TestCentre()
    centre.open('d1', centre.aigerim)
    centre.issue('passport')
    centre.issue('birth')
    const later = centre.issue('passport')
    centre.run({
      type: 'ticket:prioritise',
      ticketId: later.id,
      categoryId: 'disability',
      reason: 'Card shown',
    })
    const order = predicted(centre, 'd1')
    expect(order[0]).toBe(later.number)
    expect(order).toEqual(calledInTurn(centre, 'd1'))
  })

  it('follows the categories by rank and the streak bound across two services', () => {
    const centre = new TestCentre({ policy: { maxPriorityStreak: 2 } })
    centre.open('d1', centre.aigerim)
    for (let i = 0; i < 3; i++) centre.issue('passport')
    centre.issue('birth', { categoryId: 'pregnant' })
    centre.issue('passport', { categoryId: 'disability' })
    centre.issue('birth', { categoryId: 'disability' })
    centre.issue('birth')
    const order = predicted(centre, 'd1')
    expect(order).toHaveLength(7)
    expect(order).toEqual(calledInTurn(centre, 'd1'))
  })

  it('takes a due booking first and leaves out services the desk does not serve', () => {
    const centre = new TestCentre()
    centre.open('d1', centre.aigerim)
    centre.issue('passport')
    centre.issue('land')
    const booked = centre.issue('birth', { bookedFor: centre.clock.now() + 5 * MINUTE })
    const order = predicted(centre, 'd1')
    expect(order[0]).toBe(booked.number)
    expect(order).toHaveLength(2)
    expect(order).toEqual(calledInTurn(centre, 'd1'))
  })
})
