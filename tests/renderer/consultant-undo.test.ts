import { describe, expect, it } from 'vitest'
import { noticeTone, undoSecondsLeft } from '../../src-renderer/consultant/consultant-undo'
import { TestCentre } from '../shared/fixtures'

describe('the undo offer after a no-show or postpone', () => {
  it('counts down the seconds the hub allows, from the fact time, then is gone', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    const ticket = c.issue('passport')
    c.callNext('d1', c.aigerim)
    c.run({ type: 'ticket:no-show', ticketId: ticket.id }, c.aigerim)
    const at = c.clock.now()
    expect(undoSecondsLeft(c.state, ticket.id, at)).toBe(10)
    // A face whose estimate of the hub's clock runs behind still offers no more than 10 seconds.
    expect(undoSecondsLeft(c.state, ticket.id, at - 1_500)).toBe(10)
    expect(undoSecondsLeft(c.state, ticket.id, at + 9_001)).toBe(1)
    expect(undoSecondsLeft(c.state, ticket.id, at + 10_000)).toBe(0)
    expect(undoSecondsLeft(c.state, undefined, at)).toBe(0)
  })

  it('is gone as soon as the ticket moves on (called again elsewhere)', () => {
    const c = new TestCentre()
    c.open('d1', c.aigerim)
    c.open('d2', c.bolat)
    const ticket = c.issue('passport')
    c.callNext('d1', c.aigerim)
    c.run({ type: 'ticket:postpone', ticketId: ticket.id }, c.aigerim)
    expect(undoSecondsLeft(c.state, ticket.id, c.clock.now())).toBe(10)
    c.run({ type: 'ticket:call', deskId: 'd2', ticketId: ticket.id }, c.bolat)
    expect(undoSecondsLeft(c.state, ticket.id, c.clock.now())).toBe(0)
  })
})

describe('the tone of a notice', () => {
  it('is a success only for a finished ticket; a no-show is a warning', () => {
    expect(noticeTone('finish')).toBe('success')
    expect(noticeTone('noShow')).toBe('warn')
    for (const kind of ['postpone', 'transfer', 'close', 'undo']) expect(noticeTone(kind)).toBe('info')
  })
})
