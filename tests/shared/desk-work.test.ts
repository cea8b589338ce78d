import { describe, expect, it } from 'vitest'
import { centreConfigSchema, describeIssues, outcomesFor } from '../../src-shared/config'
import { applyEvents } from '../../src-shared/domain/apply'
import { initialState } from '../../src-shared/domain/evolve'
import { dayFigures, NO_OUTCOME } from '../../src-shared/figures'
import { publicConfig } from '../../src-shared/config'
import { kiosk, MINUTE, rawConfig, TestCentre } from './fixtures'

const text = (en: string) => ({ kk: en, ru: en, en })

/** The test centre with outcomes (land: only `served` and `refused`) and pause reasons. */
function deskWorkConfig(policy: Record<string, unknown> = {}) {
  const raw = rawConfig()
  return centreConfigSchema.parse({
    ...raw,
    services: raw.services.map((s) => (s.id === 'land' ? { ...s, outcomes: ['served', 'refused'] } : s)),
    outcomes: [
      { id: 'served', name: text('Served') },
      { id: 'documents-missing', name: text('Documents missing') },
      { id: 'refused', name: text('Refused') },
    ],
    pauseReasons: [
      { id: 'lunch', name: text('Lunch'), limitMinutes: 60 },
      { id: 'paperwork', name: text('Paperwork') },
    ],
    policy: { ...raw.policy, ...policy },
  })
}

function centre(policy: Record<string, unknown> = {}) {
  return new TestCentre({ config: deskWorkConfig(policy) })
}

/** A centre with desk d1 open for Aigerim and ticket `serviceId` in service there. */
function serving(c: TestCentre, serviceId = 'passport') {
  c.open(serviceId === 'land' ? 'd3' : 'd1', c.aigerim)
  const ticket = c.issue(serviceId)
  c.callNext(serviceId === 'land' ? 'd3' : 'd1', c.aigerim)
  c.run({ type: 'ticket:start', ticketId: ticket.id }, c.aigerim)
  return ticket
}

describe('an outcome coded at finish', () => {
  it('is recorded on ticket:finished and the ticket, and replays the same', () => {
    const c = centre()
    const ticket = serving(c)
    const events = c.run(
      { type: 'ticket:finish', ticketId: ticket.id, outcome: 'documents-missing' },
      c.aigerim,
    )
    expect(events.at(-1)).toMatchObject({ type: 'ticket:finished', outcome: 'documents-missing' })
    expect(c.ticket(ticket.id)).toMatchObject({ status: 'done', outcome: 'documents-missing' })
    const replayed = initialState(c.config.centre.id)
    for (const event of c.log) applyEvents(replayed, [event], event.at)
    expect(replayed.tickets[ticket.id]!.outcome).toBe('documents-missing')
  })

  it('is optional by default: finishing without one records none', () => {
    const c = centre()
    const ticket = serving(c)
    const events = c.run({ type: 'ticket:finish', ticketId: ticket.id }, c.aigerim)
    expect(events.at(-1)).not.toHaveProperty('outcome')
    expect(c.ticket(ticket.id).outcome).toBeUndefined()
  })

  it('is refused when unknown, or not one of the service’s, changing nothing', () => {
    const c = centre()
    const ticket = serving(c, 'land')
    const seq = c.state.seq
    expect(c.errorOf({ type: 'ticket:finish', ticketId: ticket.id, outcome: 'lost' }, c.aigerim)).toBe(
      'unknown_outcome',
    )
    // land lists only served and refused
    expect(
      c.errorOf({ type: 'ticket:finish', ticketId: ticket.id, outcome: 'documents-missing' }, c.aigerim),
    ).toBe('unknown_outcome')
    expect(c.state.seq).toBe(seq)
    expect(c.ticket(ticket.id).status).toBe('serving')
    c.run({ type: 'ticket:finish', ticketId: ticket.id, outcome: 'refused' }, c.aigerim)
    expect(c.ticket(ticket.id).outcome).toBe('refused')
  })

  it('blocks the finish when the centre requires one', () => {
    const c = centre({ outcomeRequired: true })
    const ticket = serving(c)
    expect(c.errorOf({ type: 'ticket:finish', ticketId: ticket.id }, c.aigerim)).toBe('outcome_required')
    expect(c.errorOf({ type: 'ticket:finish', ticketId: ticket.id, outcome: null }, c.aigerim)).toBe(
      'outcome_required',
    )
    expect(c.ticket(ticket.id).status).toBe('serving')
    c.run({ type: 'ticket:finish', ticketId: ticket.id, outcome: 'served' }, c.aigerim)
    expect(c.ticket(ticket.id).status).toBe('done')
  })

  it('appear in the day figures per service, uncoded ones apart', () => {
    const c = centre()
    const first = serving(c)
    c.run({ type: 'ticket:finish', ticketId: first.id, outcome: 'served' }, c.aigerim)
    for (const outcome of ['documents-missing', undefined]) {
      const ticket = c.issue('passport')
      c.callNext('d1', c.aigerim)
      c.run({ type: 'ticket:start', ticketId: ticket.id }, c.aigerim)
      c.run({ type: 'ticket:finish', ticketId: ticket.id, ...(outcome ? { outcome } : {}) }, c.aigerim)
    }
    const figures = dayFigures(c.state, publicConfig(c.config), c.clock.now())
    expect(figures.services.find((s) => s.serviceId === 'passport')!.outcomes).toEqual({
      served: 1,
      'documents-missing': 1,
      [NO_OUTCOME]: 1,
    })
    expect(figures.services.find((s) => s.serviceId === 'land')!.outcomes).toEqual({})
  })
})

describe('a pause with a reason', () => {
  it('is recorded on desk:paused and the desk, and goes with the resume', () => {
    const c = centre()
    c.open('d1', c.aigerim)
    const events = c.run({ type: 'desk:pause', deskId: 'd1', reason: 'lunch' }, c.aigerim)
    expect(events.at(-1)).toMatchObject({ type: 'desk:paused', deskId: 'd1', reason: 'lunch' })
    expect(c.state.desks.d1).toMatchObject({ status: 'paused', pauseReason: 'lunch' })
    c.run({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)
    expect(c.state.desks.d1!.pauseReason).toBeUndefined()
  })

  it('is refused with an unknown reason, the desk staying open', () => {
    const c = centre()
    c.open('d1', c.aigerim)
    expect(c.errorOf({ type: 'desk:pause', deskId: 'd1', reason: 'nap' }, c.aigerim)).toBe(
      'unknown_pause_reason',
    )
    expect(c.state.desks.d1!.status).toBe('open')
  })

  it('counts the minutes paused today per desk, the pause going on included, and the reason now', () => {
    const c = centre()
    c.open('d1', c.aigerim)
    c.run({ type: 'desk:pause', deskId: 'd1', reason: 'paperwork' }, c.aigerim)
    c.clock.advanceMinutes(10)
    c.run({ type: 'desk:resume', deskId: 'd1' }, c.aigerim)
    c.clock.advanceMinutes(5)
    c.run({ type: 'desk:pause', deskId: 'd1', reason: 'lunch' }, c.aigerim)
    c.clock.advanceMinutes(30)
    const desk = dayFigures(c.state, publicConfig(c.config), c.clock.now()).desks.find(
      (d) => d.deskId === 'd1',
    )!
    expect(desk).toMatchObject({ status: 'paused', pauseReason: 'lunch', pausedMs: 40 * MINUTE })
    // Closing ends the pause: 45 minutes in all, no reason any more.
    c.clock.advanceMinutes(5)
    c.run({ type: 'desk:close', deskId: 'd1' }, c.aigerim)
    const closed = dayFigures(c.state, publicConfig(c.config), c.clock.now()).desks.find(
      (d) => d.deskId === 'd1',
    )!
    expect(closed).toMatchObject({ status: 'closed', pauseReason: null, pausedMs: 45 * MINUTE })
  })
})

describe('a walk-in ticket issued at the window', () => {
  it('records the desk it was issued at, and waits in the queue like any other', () => {
    const c = centre()
    c.open('d1', c.aigerim)
    const events = c.run({ type: 'ticket:issue', serviceId: 'birth', deskId: 'd1' }, c.aigerim)
    expect(events.map((e) => e.type)).toEqual(['ticket:issued'])
    expect(events[0]).toMatchObject({ number: 'A001', serviceId: 'birth', deskId: 'd1' })
    expect(c.queue('birth')).toEqual(['A001'])
  })

  it('is called to that desk at once, in the same command, when asked', () => {
    const c = centre()
    c.open('d1', c.aigerim)
    c.issue('passport') // someone waits: the walk-in at the window is still served there
    const events = c.run(
      { type: 'ticket:issue', serviceId: 'passport', categoryId: 'disability', deskId: 'd1', call: true },
      c.aigerim,
    )
    expect(events.map((e) => e.type)).toEqual(['ticket:issued', 'ticket:called'])
    expect(events[1]).toMatchObject({ deskId: 'd1', staffId: 'aigerim', reason: 'direct' })
    const issued = events[0]!
    const ticket = c.ticket(issued.type === 'ticket:issued' ? issued.ticketId : '')
    expect(ticket).toMatchObject({ number: 'A002', status: 'called', deskId: 'd1', categoryId: 'disability' })
    expect(c.state.desks.d1!.ticketId).toBe(ticket.id)
  })

  it('is refused, issuing nothing, at a busy, paused or other desk, for a kiosk, or to call a service the desk does not serve', () => {
    const c = centre()
    c.open('d1', c.aigerim)
    c.open('d2', c.bolat)
    const issue = (extra: object) => ({ type: 'ticket:issue' as const, serviceId: 'passport', ...extra })
    expect(c.errorOf(issue({ deskId: 'd2' }), c.aigerim)).toBe('not_your_desk')
    expect(c.errorOf(issue({ deskId: 'd1' }), kiosk)).toBe('forbidden')
    expect(c.errorOf(issue({ call: true }), c.aigerim)).toBe('invalid_payload')
    expect(c.errorOf({ ...issue({ deskId: 'd1', call: true }), serviceId: 'land' }, c.aigerim)).toBe(
      'not_served_here',
    )
    c.run(issue({ deskId: 'd1', call: true }), c.aigerim)
    expect(c.errorOf(issue({ deskId: 'd1', call: true }), c.aigerim)).toBe('desk_busy')
    c.run({ type: 'ticket:no-show', ticketId: c.state.desks.d1!.ticketId! }, c.aigerim)
    c.run({ type: 'desk:pause', deskId: 'd1' }, c.aigerim)
    expect(c.errorOf(issue({ deskId: 'd1', call: true }), c.aigerim)).toBe('desk_paused')
    expect(Object.keys(c.state.tickets)).toHaveLength(1)
  })
})

describe('the config of outcomes and pause reasons', () => {
  const issues = (patch: (raw: ReturnType<typeof rawConfig> & Record<string, unknown>) => object) => {
    const result = centreConfigSchema.safeParse(
      patch(rawConfig() as ReturnType<typeof rawConfig> & Record<string, unknown>),
    )
    return result.success ? [] : describeIssues(result.error)
  }

  it('names the bad field: an unknown outcome of a service, a duplicate id, a missing name, a bad limit', () => {
    expect(
      issues((raw) => ({
        ...raw,
        outcomes: [{ id: 'served', name: text('Served') }],
        services: raw.services.map((s, i) => (i === 2 ? { ...s, outcomes: ['served', 'lost'] } : s)),
      })),
    ).toEqual(['services[2].outcomes[1]: unknown outcome "lost" (not in outcomes)'])
    expect(
      issues((raw) => ({
        ...raw,
        pauseReasons: [
          { id: 'lunch', name: text('Lunch') },
          { id: 'lunch', name: text('Lunch again') },
        ],
      })),
    ).toEqual(['pauseReasons[1].id: duplicate pause reason id "lunch" (already used by pauseReasons[0])'])
    expect(issues((raw) => ({ ...raw, outcomes: [{ id: 'served', name: { ru: 'Обслужен' } }] }))).toEqual([
      'outcomes[0].name.kk: Invalid input: expected string, received undefined',
    ])
    expect(
      issues((raw) => ({ ...raw, pauseReasons: [{ id: 'lunch', name: text('Lunch'), limitMinutes: 0 }] })),
    ).toEqual([expect.stringMatching(/^pauseReasons\[0\]\.limitMinutes: /)])
  })

  it('refuses a required outcome with none to choose from', () => {
    expect(issues((raw) => ({ ...raw, policy: { ...raw.policy, outcomeRequired: true } }))).toEqual([
      'policy.outcomeRequired: is true, but the config lists no outcomes to choose from',
    ])
  })

  it('gives each service its own outcomes, or all where it names none', () => {
    const config = deskWorkConfig()
    expect(outcomesFor(config, 'land').map((o) => o.id)).toEqual(['served', 'refused'])
    expect(outcomesFor(config, 'passport').map((o) => o.id)).toEqual([
      'served',
      'documents-missing',
      'refused',
    ])
    expect(publicConfig(config).pauseReasons?.map((r) => r.id)).toEqual(['lunch', 'paperwork'])
  })
})
