import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useCentreStore } from '../../src-renderer/stores/centre'
import { BOLAT, HubLog } from './fixtures'

describe('useCentreStore', () => {
  let hub: HubLog

  beforeEach(() => {
    setActivePinia(createPinia())
    hub = new HubLog()
  })

  it('is empty and not loaded until a snapshot arrives', () => {
    const centre = useCentreStore()
    expect(centre.loaded).toBe(false)
    expect(centre.groups).toEqual([])
    expect(centre.seq).toBe(0)
  })

  it('replaces everything with a snapshot', () => {
    hub.issue('no-criminal-record')
    const centre = useCentreStore()
    centre.replace(hub.snapshot())
    expect(centre.loaded).toBe(true)
    expect(centre.seq).toBe(2) // day:opened, ticket:issued
    expect(centre.state).toEqual(hub.publicView())
    expect(centre.config?.centre.id).toBe('astana-test')
    expect(centre.you?.roles).toEqual(['kiosk'])
  })

  it('folds facts with the same evolve as the hub and ends in exactly its state', () => {
    const centre = useCentreStore()
    centre.replace(hub.snapshot())
    hub.issue('no-criminal-record')
    hub.issue('pension')
    hub.run({ type: 'desk:open', deskId: 'desk-1' })
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    hub.run({ type: 'ticket:recall', ticketId: 't1' })
    hub.run({ type: 'ticket:start', ticketId: 't1' })
    hub.run({ type: 'ticket:finish', ticketId: 't1' })
    hub.issue('id-card')
    hub.run({ type: 'ticket:transfer', ticketId: 't3', serviceId: 'pension' })

    const outcomes = hub.log.map((event) => centre.receive(event))
    expect(outcomes.every((o) => o === 'applied')).toBe(true)
    expect(centre.state).toEqual(hub.publicView())
    expect(centre.seq).toBe(hub.state.seq)
  })

  it('ignores a fact it already has and reports one from further ahead as a gap, without applying it', () => {
    const centre = useCentreStore()
    centre.replace(hub.snapshot())
    const [opened, first] = hub.issue('no-criminal-record')
    const [second] = hub.issue('pension')
    expect(centre.receive(opened!)).toBe('applied')
    expect(centre.receive(opened!)).toBe('stale')
    expect(centre.receive(second!)).toBe('gap')
    expect(centre.seq).toBe(1)
    expect(Object.keys(centre.state.tickets)).toEqual([])
    expect(centre.receive(first!)).toBe('applied')
    expect(centre.receive(second!)).toBe('applied')
    expect(centre.state).toEqual(hub.publicView())
  })

  it('groups services, counts waiting tickets and lists the newest calls first with desk labels', () => {
    hub.issue('no-criminal-record')
    hub.issue('no-criminal-record')
    hub.issue('pension')
    hub.issue('id-card')
    hub.run({ type: 'desk:open', deskId: 'desk-1' })
    hub.run({ type: 'desk:open', deskId: 'desk-2' }, BOLAT)
    hub.run({ type: 'ticket:call-next', deskId: 'desk-1' })
    hub.run({ type: 'ticket:call-next', deskId: 'desk-2' }, BOLAT)
    const centre = useCentreStore()
    centre.replace(hub.snapshot())

    expect(
      Object.fromEntries(Object.entries(centre.servicesByGroup).map(([g, s]) => [g, s.map((x) => x.id)])),
    ).toEqual({
      certificates: ['no-criminal-record', 'pension'],
      documents: ['id-card'],
    })
    expect(centre.waitingByService).toEqual({ 'no-criminal-record': 1, pension: 1, 'id-card': 0 })
    expect(centre.waitingByGroup).toEqual({ certificates: 2, documents: 0 })
    expect(centre.recentCalls.map((c) => [c.number, c.deskLabel])).toEqual([
      ['F001', '2'],
      ['A001', '1'],
    ])
    expect(centre.priorityCategories.map((c) => c.id)).toEqual(['disability', 'veterans'])
  })

  it('resetState keeps the config and forgets the state', () => {
    hub.issue('pension')
    const centre = useCentreStore()
    centre.replace(hub.snapshot())
    centre.resetState()
    expect(centre.seq).toBe(0)
    expect(centre.state.centreId).toBe('astana-test')
    expect(centre.groups).toHaveLength(2)
  })
})
