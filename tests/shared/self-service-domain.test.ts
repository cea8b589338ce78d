import { describe, expect, it } from 'vitest'
import { decide } from '../../src-shared/domain/decide'
import { evolve, initialState } from '../../src-shared/domain/evolve'
import type { CentreState, EventEnvelope } from '../../src-shared/domain/types'
import { deepFreeze, kiosk, makeContext, MINUTE, system, TestCentre } from './fixtures'
import { kiosk2, SelfServiceCentre } from './self-service-fixtures'

describe('selfservice:start', () => {
  it('records a session of the service at the kiosk, without anything of the citizen', () => {
    const c = new SelfServiceCentre()
    const events = c.run({ type: 'selfservice:start', serviceId: 'land' }, kiosk)
    const started = events.find((e) => e.type === 'selfservice:started')!
    expect(started).toMatchObject({ type: 'selfservice:started', serviceId: 'land', kioskId: 'kiosk-1' })
    expect(Object.keys(started).sort()).toEqual(['at', 'kioskId', 'seq', 'serviceId', 'sessionId', 'type'])
    const sessionId = (started as { sessionId: string }).sessionId
    expect(c.state.selfServiceSessions[sessionId]).toEqual({
      id: sessionId,
      serviceId: 'land',
      kioskId: 'kiosk-1',
      startedAt: c.clock.now(),
      status: 'active',
      step: null,
      steps: [],
      endedAt: null,
      helpRequests: 0,
    })
  })

  it('refuses a service without a guided scenario, or one that does not exist', () => {
    const c = new SelfServiceCentre()
    expect(c.errorOf({ type: 'selfservice:start', serviceId: 'passport' }, kiosk)).toBe('not_self_service')
    expect(c.errorOf({ type: 'selfservice:start', serviceId: 'visa' }, kiosk)).toBe('unknown_service')
    expect(new TestCentre().errorOf({ type: 'selfservice:start', serviceId: 'land' }, kiosk)).toBe(
      'not_self_service',
    )
  })

  it('is for kiosks only', () => {
    const c = new SelfServiceCentre()
    expect(c.errorOf({ type: 'selfservice:start', serviceId: 'land' }, c.aigerim)).toBe('forbidden')
    expect(c.errorOf({ type: 'selfservice:start', serviceId: 'land' }, system)).toBe('forbidden')
  })

  it("ends the kiosk's forgotten session as abandoned, with its unanswered help request", () => {
    const c = new SelfServiceCentre()
    const first = c.startSession()
    const other = c.startSession(kiosk2)
    const help = c.askHelp({ sessionId: first, step: null })
    c.clock.advanceMinutes(3)
    const events = c.run({ type: 'selfservice:start', serviceId: 'land' }, kiosk)
    expect(events.map((e) => e.type)).toEqual(['selfservice:ended', 'help:cancelled', 'selfservice:started'])
    expect(c.state.selfServiceSessions[first]).toMatchObject({ status: 'abandoned', endedAt: c.clock.now() })
    expect(c.state.helpRequests[help]).toMatchObject({ status: 'cancelled' })
    expect(c.state.selfServiceSessions[other]!.status).toBe('active')
  })
})

describe('selfservice:step', () => {
  it('records each step the first time it is reached, and only further steps', () => {
    const c = new SelfServiceCentre()
    const id = c.startSession()
    c.clock.advanceMinutes(1)
    expect(c.run({ type: 'selfservice:step', sessionId: id, step: 0 }, kiosk)).toHaveLength(1)
    c.clock.advanceMinutes(2)
    c.run({ type: 'selfservice:step', sessionId: id, step: 2 }, kiosk)
    expect(c.run({ type: 'selfservice:step', sessionId: id, step: 1 }, kiosk)).toEqual([])
    expect(c.run({ type: 'selfservice:step', sessionId: id, step: 2 }, kiosk)).toEqual([])
    const session = c.state.selfServiceSessions[id]!
    expect(session.step).toBe(2)
    expect(session.steps.map((s) => s.step)).toEqual([0, 2])
    expect(session.steps[1]!.at - session.steps[0]!.at).toBe(2 * MINUTE)
  })

  it('refuses a step the scenario does not have, an unknown session, another kiosk, an ended session', () => {
    const c = new SelfServiceCentre()
    const id = c.startSession()
    expect(c.errorOf({ type: 'selfservice:step', sessionId: id, step: 3 }, kiosk)).toBe('unknown_step')
    expect(c.errorOf({ type: 'selfservice:step', sessionId: 'nope', step: 0 }, kiosk)).toBe('unknown_session')
    expect(c.errorOf({ type: 'selfservice:step', sessionId: id, step: 0 }, kiosk2)).toBe('other_kiosk')
    c.run({ type: 'selfservice:finish', sessionId: id, outcome: 'timed_out' }, kiosk)
    expect(c.errorOf({ type: 'selfservice:step', sessionId: id, step: 0 }, kiosk)).toBe('session_ended')
  })
})

describe('selfservice:finish', () => {
  it.each(['completed', 'abandoned', 'timed_out'] as const)('ends the session as %s', (outcome) => {
    const c = new SelfServiceCentre()
    const id = c.startSession()
    c.clock.advanceMinutes(7)
    c.run({ type: 'selfservice:finish', sessionId: id, outcome }, kiosk)
    expect(c.state.selfServiceSessions[id]).toMatchObject({ status: outcome, endedAt: c.clock.now() })
    expect(c.errorOf({ type: 'selfservice:finish', sessionId: id, outcome }, kiosk)).toBe('session_ended')
  })

  it('cancels an open help request of the session, but leaves an accepted one to its consultant', () => {
    const c = new SelfServiceCentre()
    const a = c.startSession()
    const openHelp = c.askHelp({ sessionId: a, step: 0 })
    expect(
      c.run({ type: 'selfservice:finish', sessionId: a, outcome: 'completed' }, kiosk).map((e) => e.type),
    ).toEqual(['selfservice:ended', 'help:cancelled'])
    expect(c.state.helpRequests[openHelp]!.status).toBe('cancelled')

    const b = c.startSession()
    const accepted = c.askHelp({ sessionId: b })
    c.run({ type: 'help:accept', helpId: accepted }, c.aigerim)
    expect(c.run({ type: 'selfservice:finish', sessionId: b, outcome: 'completed' }, kiosk)).toHaveLength(1)
    expect(c.state.helpRequests[accepted]!.status).toBe('accepted')
  })
})

describe('help requests', () => {
  it('records kiosk, service, session and step, and counts it on the session', () => {
    const c = new SelfServiceCentre()
    const session = c.startSession()
    c.run({ type: 'selfservice:step', sessionId: session, step: 1 }, kiosk)
    const id = c.askHelp({ sessionId: session, step: 1 })
    expect(c.state.helpRequests[id]).toEqual({
      id,
      kioskId: 'kiosk-1',
      serviceId: 'land',
      sessionId: session,
      step: 1,
      status: 'open',
      requestedAt: c.clock.now(),
      staffId: null,
      firstName: null,
      acceptedAt: null,
      closedAt: null,
    })
    expect(c.state.selfServiceSessions[session]!.helpRequests).toBe(1)
  })

  it('may be asked without a session, for any service', () => {
    const c = new SelfServiceCentre()
    const id = c.askHelp({ serviceId: 'passport' })
    expect(c.state.helpRequests[id]).toMatchObject({ serviceId: 'passport', sessionId: null, step: null })
  })

  it('refuses a second request from the same kiosk while one is pending', () => {
    const c = new SelfServiceCentre()
    const first = c.askHelp()
    expect(c.errorOf({ type: 'help:request', serviceId: 'land' }, kiosk)).toBe('help_pending')
    c.askHelp({}, kiosk2)
    c.run({ type: 'help:accept', helpId: first }, c.aigerim)
    expect(c.errorOf({ type: 'help:request', serviceId: 'land' }, kiosk)).toBe('help_pending')
    c.run({ type: 'help:resolve', helpId: first }, c.aigerim)
    expect(() => c.askHelp()).not.toThrow()
  })

  it('refuses a session of another kiosk or service, a step without a session, or a step too far', () => {
    const c = new SelfServiceCentre()
    const session = c.startSession()
    expect(c.errorOf({ type: 'help:request', serviceId: 'land', sessionId: session }, kiosk2)).toBe(
      'other_kiosk',
    )
    expect(c.errorOf({ type: 'help:request', serviceId: 'passport', sessionId: session }, kiosk)).toBe(
      'invalid_payload',
    )
    expect(c.errorOf({ type: 'help:request', serviceId: 'land', step: 1 }, kiosk)).toBe('invalid_payload')
    expect(c.errorOf({ type: 'help:request', serviceId: 'land', sessionId: session, step: 9 }, kiosk)).toBe(
      'unknown_step',
    )
    expect(c.errorOf({ type: 'help:request', serviceId: 'visa' }, kiosk)).toBe('unknown_service')
    expect(c.errorOf({ type: 'help:request', serviceId: 'land' }, c.aigerim)).toBe('forbidden')
  })

  it('is accepted by one consultant, with their first name; the next one gets help_taken', () => {
    const c = new SelfServiceCentre()
    const id = c.askHelp()
    c.clock.advanceMinutes(2)
    const [accepted] = c.run({ type: 'help:accept', helpId: id }, c.aigerim)
    expect(accepted).toMatchObject({
      type: 'help:accepted',
      helpId: id,
      staffId: 'aigerim',
      firstName: 'Aigerim',
    })
    expect(c.state.helpRequests[id]).toMatchObject({
      status: 'accepted',
      staffId: 'aigerim',
      firstName: 'Aigerim',
      acceptedAt: c.clock.now(),
    })
    expect(c.errorOf({ type: 'help:accept', helpId: id }, c.bolat)).toBe('help_taken')
    expect(c.errorOf({ type: 'help:accept', helpId: id }, c.saule)).toBe('help_taken')
    // The same consultant tapping again changes nothing.
    expect(c.run({ type: 'help:accept', helpId: id }, c.aigerim)).toEqual([])
  })

  it('is resolved by its consultant (or a supervisor), or by anyone while still open', () => {
    const c = new SelfServiceCentre()
    const id = c.askHelp()
    c.run({ type: 'help:accept', helpId: id }, c.aigerim)
    expect(c.errorOf({ type: 'help:resolve', helpId: id }, c.bolat)).toBe('help_taken')
    c.clock.advanceMinutes(4)
    c.run({ type: 'help:resolve', helpId: id }, c.aigerim)
    expect(c.state.helpRequests[id]).toMatchObject({ status: 'resolved', closedAt: c.clock.now() })
    expect(c.errorOf({ type: 'help:resolve', helpId: id }, c.aigerim)).toBe('help_closed')
    expect(c.errorOf({ type: 'help:accept', helpId: id }, c.bolat)).toBe('help_closed')

    const other = c.askHelp({}, kiosk2)
    c.run({ type: 'help:accept', helpId: other }, c.bolat)
    expect(() => c.run({ type: 'help:resolve', helpId: other }, c.saule)).not.toThrow()

    const walkedOver = c.askHelp()
    c.run({ type: 'help:resolve', helpId: walkedOver }, c.bolat)
    expect(c.state.helpRequests[walkedOver]).toMatchObject({ status: 'resolved', acceptedAt: null })
  })

  it('is cancelled by its own kiosk only', () => {
    const c = new SelfServiceCentre()
    const id = c.askHelp()
    expect(c.errorOf({ type: 'help:cancel', helpId: id }, kiosk2)).toBe('other_kiosk')
    expect(c.errorOf({ type: 'help:cancel', helpId: 'nope' }, kiosk)).toBe('unknown_help_request')
    c.run({ type: 'help:cancel', helpId: id }, kiosk)
    expect(c.state.helpRequests[id]!.status).toBe('cancelled')
    expect(c.errorOf({ type: 'help:cancel', helpId: id }, kiosk)).toBe('help_closed')
    expect(c.errorOf({ type: 'help:accept', helpId: 'nope' }, c.aigerim)).toBe('unknown_help_request')
    expect(c.errorOf({ type: 'help:accept', helpId: id }, kiosk)).toBe('forbidden')
  })
})

describe('the day', () => {
  it("starts without yesterday's sessions and help requests", () => {
    const c = new SelfServiceCentre()
    const session = c.startSession()
    c.askHelp({ sessionId: session })
    c.clock.advanceMinutes(24 * 60)
    expect(c.errorOf({ type: 'selfservice:step', sessionId: session, step: 0 }, kiosk)).toBe(
      'unknown_session',
    )
    expect(c.state.selfServiceSessions).toEqual({})
    expect(c.state.helpRequests).toEqual({})
    expect(() => c.askHelp()).not.toThrow()
  })

  it('decides without changing the state it reads', () => {
    const c = new SelfServiceCentre()
    const session = c.startSession()
    const help = c.askHelp({ sessionId: session })
    const frozen = deepFreeze(structuredClone(c.state))
    const ctx = makeContext(c, kiosk)
    expect(() =>
      decide(frozen, { type: 'selfservice:finish', sessionId: session, outcome: 'completed' }, ctx),
    ).not.toThrow()
    expect(() =>
      decide(frozen, { type: 'help:accept', helpId: help }, makeContext(c, c.aigerim)),
    ).not.toThrow()
    expect(() => decide(frozen, { type: 'selfservice:start', serviceId: 'land' }, ctx)).not.toThrow()
  })

  it('folds to the same state on any face that replays the log', () => {
    const c = new SelfServiceCentre()
    const session = c.startSession()
    c.run({ type: 'selfservice:step', sessionId: session, step: 0 }, kiosk)
    const help = c.askHelp({ sessionId: session, step: 0 })
    c.run({ type: 'help:accept', helpId: help }, c.aigerim)
    c.run({ type: 'help:resolve', helpId: help }, c.aigerim)
    c.run({ type: 'selfservice:finish', sessionId: session, outcome: 'completed' }, kiosk)
    const replayed: CentreState = initialState(c.config.centre.id)
    for (const event of c.log) evolve(replayed, structuredClone(event) as EventEnvelope)
    expect(replayed).toEqual(c.state)
  })
})
