import { describe, expect, it } from 'vitest'
import type { Desk } from '../../src-shared/domain'
import { callableWindows } from '../../src-renderer/supervisor/callable-windows'

const configured = [
  { id: 'd1', label: '1', serviceIds: ['a'] },
  { id: 'd2', label: '2', serviceIds: ['a', 'b'] },
]
const desk = (id: string, over: Partial<Desk>): Desk => ({
  id,
  status: 'open',
  staffId: 's',
  serviceIds: ['a'],
  ticketId: null,
  priorityStreak: 0,
  since: 0,
  ...over,
})

describe('where a supervisor may call a ticket', () => {
  it('lists the open, free windows that serve the service, in configured order', () => {
    const desks = { d2: desk('d2', { serviceIds: ['a', 'b'] }), d1: desk('d1', {}) }
    expect(callableWindows(configured, desks, 'a').windows.map((d) => d.id)).toEqual(['d1', 'd2'])
    expect(callableWindows(configured, desks, 'b')).toEqual({ windows: [configured[1]], reason: null })
  })

  it('says none is open when every window is closed or paused', () => {
    const desks = { d1: desk('d1', { status: 'paused' }), d2: desk('d2', { status: 'closed' }) }
    expect(callableWindows(configured, desks, 'a')).toEqual({ windows: [], reason: 'noneOpen' })
  })

  it('says no open window serves it', () => {
    expect(callableWindows(configured, { d1: desk('d1', {}) }, 'b').reason).toBe('noneServes')
  })

  it('says every window that serves it is busy', () => {
    const desks = { d1: desk('d1', { ticketId: 't' }), d2: desk('d2', { status: 'paused' }) }
    expect(callableWindows(configured, desks, 'a').reason).toBe('allBusy')
  })
})
