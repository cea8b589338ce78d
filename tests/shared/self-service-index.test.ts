import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEvents } from '../../src-shared/domain/apply'
import { dayChange, decide, type DecideContext } from '../../src-shared/domain/decide'
import { DomainError } from '../../src-shared/domain/errors'
import { evolve } from '../../src-shared/domain/evolve'
import type { SelfServiceCommand } from '../../src-shared/domain/self-service'
import {
  liveSelfServiceIndex,
  selfServiceIndexOf,
  type SelfServiceIndex,
} from '../../src-shared/domain/self-service-index'
import type { Actor, CentreState, DomainEvent, SelfServiceOutcome } from '../../src-shared/domain/types'
import { kiosk, makeContext, system } from './fixtures'
import * as reference from './reference-self-service'
import { kiosk2, SelfServiceCentre } from './self-service-fixtures'

const kiosk3: Actor = { kind: 'device', deviceId: 'kiosk-3', deviceKind: 'kiosk' }
const KIOSKS = [kiosk, kiosk2, kiosk3] as const
const KIOSK_IDS = ['kiosk-1', 'kiosk-2', 'kiosk-3'] as const

type Decision = { events: DomainEvent[] } | { error: string }

function decisionOf(fn: () => DomainEvent[]): Decision {
  try {
    return { events: fn() }
  } catch (error) {
    if (error instanceof DomainError) return { error: error.code }
    throw error
  }
}

const ids = (items: readonly { id: string }[]): string[] => items.map((item) => item.id)

/** For every kiosk and every session of the day (and one unknown), the index files what the scans find. */
function expectIndexAgrees(state: CentreState, index: SelfServiceIndex, step: string): void {
  for (const kioskId of KIOSK_IDS) {
    expect([...index.activeSessionsOf(kioskId)], `${step}: active sessions of ${kioskId}`).toEqual(
      ids(reference.activeSessionsByScan(state, kioskId)),
    )
    expect([...index.pendingHelpRequestsOf(kioskId)], `${step}: pending help of ${kioskId}`).toEqual(
      ids(reference.pendingHelpRequestsByScan(state, kioskId)),
    )
  }
  for (const sessionId of [...Object.keys(state.selfServiceSessions), 'nope']) {
    const scanned = ids(reference.openHelpRequestsByScan(state, sessionId))
    const filed = [...index.openHelpRequestsOf(sessionId)]
    if (filed.join() !== scanned.join())
      expect(filed, `${step}: open help requests of session ${sessionId}`).toEqual(scanned)
  }
}

/**
 * Once built, a state's index is kept up to date by `evolve`, never thrown away and built again (which
 * would give the right answers at the cost of a scan per command).
 */
function expectKeptUpToDate(
  state: CentreState,
  kept: SelfServiceIndex | undefined,
  step: string,
): SelfServiceIndex {
  const index = liveSelfServiceIndex(state)
  if (kept && index !== kept) expect.fail(`${step}: the self-service index was rebuilt, not kept up to date`)
  return index ?? selfServiceIndexOf(state)
}

/**
 * A session or help request to name: the kiosk's own (or else the day's latest), the nth of the day, or
 * one that does not exist.
 */
type Pick = 'own' | 'unknown' | number

type Action =
  | { kind: 'start'; kiosk: number; serviceId: string }
  | { kind: 'step'; kiosk: number; session: Pick; step: number }
  | { kind: 'finish'; kiosk: number; session: Pick; outcome: SelfServiceOutcome }
  | {
      kind: 'help'
      kiosk: number
      session: Pick | null
      step: number | null
      serviceId: string
    }
  | { kind: 'accept' | 'resolve'; by: number; help: Pick; of: number }
  | { kind: 'cancel'; kiosk: number; help: Pick }
  | { kind: 'wait'; minutes: number }
  | { kind: 'next-day' }
  | { kind: 'snapshot' }

const kioskArb = fc.nat({ max: KIOSKS.length - 1 })
const pickArb: fc.Arbitrary<Pick> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('own' as const) },
  { weight: 3, arbitrary: fc.nat({ max: 1000 }) },
  { weight: 1, arbitrary: fc.constant('unknown' as const) },
)
/** Step 3 is one past the land scenario's last. */
const stepArb = fc.integer({ min: 0, max: 3 })

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('start' as const),
      kiosk: kioskArb,
      serviceId: fc.constantFrom('land', 'land', 'land', 'land', 'land', 'land', 'passport', 'visa'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('step' as const),
      kiosk: kioskArb,
      session: pickArb,
      step: stepArb,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('finish' as const),
      kiosk: kioskArb,
      session: pickArb,
      outcome: fc.constantFrom<SelfServiceOutcome>('completed', 'abandoned', 'timed_out'),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('help' as const),
      kiosk: kioskArb,
      session: fc.option(pickArb, { freq: 3 }),
      step: fc.option(stepArb, { freq: 2 }),
      serviceId: fc.constantFrom('land', 'land', 'land', 'land', 'land', 'passport', 'visa'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('accept' as const, 'resolve' as const),
      // Mostly the consultants and the supervisor; now and then the system or a kiosk.
      by: fc.constantFrom(0, 0, 1, 1, 2, 3, 4),
      help: pickArb,
      of: kioskArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), kiosk: kioskArb, help: pickArb }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.constantFrom(0, 1, 5) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'next-day' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'snapshot' as const }) },
)

/** Runs the day the actions describe, checking decisions and the index against the scans at every step. */
function runDay(actions: Action[]): void {
  const c = new SelfServiceCentre()
  /** Consultants, a supervisor, the system and a kiosk (which may not accept or resolve). */
  const staff: Actor[] = [c.aigerim, c.bolat, c.saule, system, kiosk]
  /** A copy taken from a JSON snapshot (as a face gets it), then kept up to date with the same events. */
  let replica: CentreState | null = null
  let replayed = 0
  let kept: SelfServiceIndex | undefined
  let keptOnReplica: SelfServiceIndex | undefined

  const catchUp = () => {
    if (!replica) return
    for (const event of c.log.slice(replayed)) evolve(replica, event)
    replayed = c.log.length
  }
  const nth = (record: Record<string, unknown>, n: number): string => {
    const keys = Object.keys(record)
    return keys.length === 0 ? 'nope' : keys[n % keys.length]!
  }
  const latest = (record: Record<string, unknown>): string => Object.keys(record).at(-1) ?? 'nope'
  const sessionId = (pick: Pick, kioskId: string): string => {
    if (pick === 'unknown') return 'nope'
    if (typeof pick === 'number') return nth(c.state.selfServiceSessions, pick)
    const own = reference.activeSessionsByScan(c.state, kioskId)[0]
    return own?.id ?? latest(c.state.selfServiceSessions)
  }
  const helpId = (pick: Pick, kioskId: string): string => {
    if (pick === 'unknown') return 'nope'
    if (typeof pick === 'number') return nth(c.state.helpRequests, pick)
    const own = reference.pendingHelpRequestsByScan(c.state, kioskId)[0]
    return own?.id ?? latest(c.state.helpRequests)
  }

  actions.forEach((a, step) => {
    const label = `step ${step} (${JSON.stringify(a)})`
    const now = c.clock.now()
    // A new day opens before anything is decided in it, as in the hub.
    const change = dayChange(c.state, c.config, now)
    if (change) c.log.push(...applyEvents(c.state, [change], now))
    catchUp()

    let command: SelfServiceCommand | null = null
    let actor: Actor = kiosk
    switch (a.kind) {
      case 'start':
        actor = KIOSKS[a.kiosk]!
        command = { type: 'selfservice:start', serviceId: a.serviceId }
        break
      case 'step':
        actor = KIOSKS[a.kiosk]!
        command = {
          type: 'selfservice:step',
          sessionId: sessionId(a.session, KIOSK_IDS[a.kiosk]!),
          step: a.step,
        }
        break
      case 'finish':
        actor = KIOSKS[a.kiosk]!
        command = {
          type: 'selfservice:finish',
          sessionId: sessionId(a.session, KIOSK_IDS[a.kiosk]!),
          outcome: a.outcome,
        }
        break
      case 'help':
        actor = KIOSKS[a.kiosk]!
        command = {
          type: 'help:request',
          serviceId: a.serviceId,
          sessionId: a.session === null ? null : sessionId(a.session, KIOSK_IDS[a.kiosk]!),
          step: a.step,
        }
        break
      case 'accept':
      case 'resolve':
        actor = staff[a.by]!
        command = { type: `help:${a.kind}`, helpId: helpId(a.help, KIOSK_IDS[a.of]!) }
        break
      case 'cancel':
        actor = KIOSKS[a.kiosk]!
        command = { type: 'help:cancel', helpId: helpId(a.help, KIOSK_IDS[a.kiosk]!) }
        break
      case 'wait':
        c.clock.advanceMinutes(a.minutes)
        break
      case 'next-day':
        // Past midnight in Almaty: the next command opens a new day (sessions and help requests emptied).
        c.clock.advanceMinutes(24 * 60)
        break
      case 'snapshot':
        replica = JSON.parse(JSON.stringify(c.state)) as CentreState
        replayed = c.log.length
        keptOnReplica = undefined
        break
    }

    if (command) {
      // One id per command at most; the same one for every decider, so their events compare equal.
      const ctx: DecideContext = { ...makeContext(c, actor), newId: () => `id-${step}` }
      const expected = decisionOf(() => reference.decideSelfServiceByScan(c.state, command, ctx))
      expect(
        decisionOf(() => decide(c.state, command, ctx)),
        label,
      ).toEqual(expected)
      if (replica)
        expect(
          decisionOf(() => decide(replica!, command, ctx)),
          `${label}, on the snapshot copy`,
        ).toEqual(expected)
      if ('events' in expected) c.log.push(...applyEvents(c.state, expected.events, now))
      catchUp()
    }

    kept = expectKeptUpToDate(c.state, kept, label)
    expectIndexAgrees(c.state, kept, label)
    if (replica) {
      expect(replica.helpRequests, label).toEqual(c.state.helpRequests)
      keptOnReplica = expectKeptUpToDate(replica, keptOnReplica, `${label}, on the snapshot copy`)
      expectIndexAgrees(replica, keptOnReplica, `${label}, on the snapshot copy`)
    }
  })
}

describe('self-service index, against the scanning decisions (property)', () => {
  it('decides every self-service and help command as the scans did, on the state and on snapshot copies', () => {
    fc.assert(fc.property(fc.array(action, { minLength: 1, maxLength: 120, size: 'max' }), runDay), {
      numRuns: 200,
      seed: 20250312,
    })
  })
})

describe('self-service index', () => {
  it('is rebuilt when the records were replaced without evolve', () => {
    const c = new SelfServiceCentre()
    const session = c.startSession()
    const help = c.askHelp({ sessionId: session })
    // As a face's store might do with a fresh snapshot of the same seq: a help request since resolved.
    const copy = JSON.parse(JSON.stringify(c.state.helpRequests)) as CentreState['helpRequests']
    copy[help]!.status = 'resolved'
    c.state.helpRequests = copy
    expect(c.run({ type: 'selfservice:start', serviceId: 'land' }, kiosk).map((e) => e.type)).toEqual([
      'selfservice:ended',
      'selfservice:started',
    ])
    expect(() => c.askHelp()).not.toThrow()
  })
})

describe('an index out of step', () => {
  it('fails one command, not every one after it: the next rebuilds the index', () => {
    const c = new SelfServiceCentre()
    c.startSession()
    // A session gone from the state while the index still names it (state changed behind evolve's back).
    const [sessionId] = Object.keys(c.state.selfServiceSessions)
    delete c.state.selfServiceSessions[sessionId!]
    expect(() => c.run({ type: 'selfservice:start', serviceId: 'land' }, kiosk)).toThrow(/out of step/)
    expect(c.run({ type: 'selfservice:start', serviceId: 'land' }, kiosk).map((e) => e.type)).toEqual([
      'selfservice:started',
    ])
  })
})

describe('self-service index cost', () => {
  /**
   * A day in which `ended` sessions have come and gone on three kiosks, each with a help request that
   * was resolved or cancelled, and as many help requests asked without a session; then kiosk-1 runs a
   * session with an open help request, kiosk-2 one with an accepted help request, and kiosk-3 waits for
   * help without a session. Put together from events, so no index exists yet.
   */
  function dayWith(ended: number) {
    const c = new SelfServiceCentre()
    const now = c.clock.now()
    const events: DomainEvent[] = [dayChange(c.state, c.config, now)!]
    const outcomes: SelfServiceOutcome[] = ['completed', 'abandoned', 'timed_out']
    for (let i = 0; i < ended; i++) {
      const kioskId = KIOSK_IDS[i % 3]!
      const sessionId = `past-session-${i}`
      events.push(
        { type: 'selfservice:started', sessionId, serviceId: 'land', kioskId },
        {
          type: 'help:requested',
          helpId: `past-help-${i}`,
          kioskId,
          serviceId: 'land',
          sessionId,
          step: null,
        },
        i % 2
          ? { type: 'help:cancelled', helpId: `past-help-${i}` }
          : { type: 'help:resolved', helpId: `past-help-${i}` },
        { type: 'selfservice:ended', sessionId, outcome: outcomes[i % 3]! },
        {
          type: 'help:requested',
          helpId: `past-walk-up-${i}`,
          kioskId,
          serviceId: 'passport',
          sessionId: null,
          step: null,
        },
        { type: 'help:accepted', helpId: `past-walk-up-${i}`, staffId: 'aigerim', firstName: 'Aigerim' },
        { type: 'help:resolved', helpId: `past-walk-up-${i}` },
      )
    }
    events.push(
      { type: 'selfservice:started', sessionId: 's1', serviceId: 'land', kioskId: 'kiosk-1' },
      {
        type: 'help:requested',
        helpId: 'h1',
        kioskId: 'kiosk-1',
        serviceId: 'land',
        sessionId: 's1',
        step: null,
      },
      { type: 'selfservice:started', sessionId: 's2', serviceId: 'land', kioskId: 'kiosk-2' },
      {
        type: 'help:requested',
        helpId: 'h2',
        kioskId: 'kiosk-2',
        serviceId: 'land',
        sessionId: 's2',
        step: 0,
      },
      { type: 'help:accepted', helpId: 'h2', staffId: 'bolat', firstName: 'Bolat' },
      {
        type: 'help:requested',
        helpId: 'h3',
        kioskId: 'kiosk-3',
        serviceId: 'birth',
        sessionId: null,
        step: null,
      },
    )
    c.log.push(...applyEvents(c.state, events, now))
    return c
  }

  /** Counts reads of entries of the day's sessions and help requests, and enumerations of either. */
  function countReads(state: CentreState) {
    const counts = { entries: 0, enumerations: 0 }
    const counted = <T extends object>(record: T): T =>
      new Proxy(record, {
        get: (target, key, receiver) => {
          counts.entries++
          return Reflect.get(target, key, receiver) as unknown
        },
        ownKeys: (target) => {
          counts.enumerations++
          return Reflect.ownKeys(target)
        },
      })
    state.selfServiceSessions = counted(state.selfServiceSessions)
    state.helpRequests = counted(state.helpRequests)
    return (fn: () => void) => {
      counts.entries = 0
      counts.enumerations = 0
      fn()
      return { ...counts }
    }
  }

  function measure(ended: number) {
    const c = dayWith(ended)
    const reads = countReads(c.state)
    const run = (command: SelfServiceCommand, actor: Actor) => reads(() => c.run(command, actor))
    // The first command builds the index from the records, once per state; the rest only keep it.
    const build = reads(() => selfServiceIndexOf(c.state))
    const commands = {
      'help:request while one is pending': reads(() =>
        expect(c.errorOf({ type: 'help:request', serviceId: 'land', sessionId: 's1' }, kiosk)).toBe(
          'help_pending',
        ),
      ),
      'selfservice:step': run({ type: 'selfservice:step', sessionId: 's1', step: 1 }, kiosk),
      'help:accept': run({ type: 'help:accept', helpId: 'h1' }, c.bolat),
      'help:resolve': run({ type: 'help:resolve', helpId: 'h1' }, c.bolat),
      'help:request in a session': run(
        { type: 'help:request', serviceId: 'land', sessionId: 's1', step: 1 },
        kiosk,
      ),
      'selfservice:start while active': run({ type: 'selfservice:start', serviceId: 'land' }, kiosk),
      'selfservice:finish': run(
        { type: 'selfservice:finish', sessionId: 's2', outcome: 'completed' },
        kiosk2,
      ),
      'help:cancel': run({ type: 'help:cancel', helpId: 'h3' }, kiosk3),
      'help:request': run({ type: 'help:request', serviceId: 'birth' }, kiosk3),
    }
    return { c, build, commands }
  }

  it('reads the same few sessions and help requests per command, whether 10 or 10,000 have ended today', () => {
    const small = measure(10)
    const large = measure(10_000)
    // The counter sees a scan: building the index reads every session and help request once.
    expect(large.build.entries).toBeGreaterThanOrEqual(3 * 10_000)
    // At most: restarting a kiosk reads the session it ends and that session's open help request, in
    // decide and again in evolve, and looks up the new session's id.
    for (const [command, counts] of Object.entries(large.commands)) {
      expect(counts.enumerations, command).toBe(0)
      expect(counts.entries, command).toBeLessThanOrEqual(5)
    }
    expect(large.commands).toEqual(small.commands)
    // And the commands did what a kiosk would see.
    const { state } = large.c
    expect(state.selfServiceSessions.s1).toMatchObject({ status: 'abandoned', helpRequests: 2 })
    expect(state.selfServiceSessions.s2!.status).toBe('completed')
    expect(state.helpRequests.h2!.status).toBe('accepted')
    expect(reference.activeSessionsByScan(state, 'kiosk-1')).toHaveLength(1)
    expect(reference.pendingHelpRequestsByScan(state, 'kiosk-1')).toEqual([])
    expect(reference.pendingHelpRequestsByScan(state, 'kiosk-3')).toHaveLength(1)
  })
})
