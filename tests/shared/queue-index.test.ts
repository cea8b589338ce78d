import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CentreConfig, QueuePolicy } from '../../src-shared/config'
import { applyEvents } from '../../src-shared/domain/apply'
import { dayChange, decide } from '../../src-shared/domain/decide'
import { DomainError } from '../../src-shared/domain/errors'
import { estimateWait } from '../../src-shared/domain/estimate'
import { evolve } from '../../src-shared/domain/evolve'
import { rankMap, type PolicyChoice } from '../../src-shared/domain/policy'
import {
  countAhead,
  liveQueueIndex,
  pickNext,
  type PickInput,
  type QueueIndex,
} from '../../src-shared/domain/queue-index'
import type { Actor, CentreState, Command, Ticket } from '../../src-shared/domain/types'
import { makeContext, MINUTE, MONDAY_10_00, TestCentre } from './fixtures'
import * as reference from './reference-policy'

const SERVICES = ['passport', 'birth', 'land'] as const
/** Service lists a desk may be opened with: overlapping, and the same services in another order. */
const SERVICE_SETS = [
  ['passport', 'birth'],
  ['birth', 'passport'],
  ['passport'],
  ['birth'],
  ['land'],
  ['land', 'passport', 'birth'],
] as const

const summary = (choice: PolicyChoice | reference.PolicyChoice | null) =>
  choice && { id: choice.ticket.id, number: choice.ticket.number, reason: choice.reason }

const waitingIds = (state: CentreState): string[] => SERVICES.flatMap((s) => state.queues[s] ?? [])

/**
 * Every desk (open or not), and a few service lists no desk has, must get from the index exactly what the
 * scan picks, for the config's category ranks and two others: one where `pregnant` is unknown (ranks last)
 * and one where both categories share a rank; at the desk's streak and at the bound; now and a little
 * later (booking windows open and close in between). Every waiting ticket must have the same people ahead.
 */
function expectIndexAgrees(state: CentreState, config: CentreConfig, now: number, step: string): void {
  const policy = config.policy
  const rankings = [rankMap(config), { disability: 1 }, { disability: 1, pregnant: 1 }]
  const lists: { label: string; serviceIds: readonly string[]; streak: number }[] = [
    ...Object.values(state.desks).map((d) => ({
      label: `desk ${d.id}`,
      serviceIds: d.serviceIds,
      streak: d.priorityStreak,
    })),
    ...SERVICE_SETS.map((serviceIds) => ({ label: serviceIds.join('+'), serviceIds, streak: 0 })),
  ]
  // Compared cheaply, and with a message built only on a mismatch: this runs thousands of times.
  for (const at of [now, now + 7 * MINUTE]) {
    for (const categoryRanks of rankings) {
      for (const { label, serviceIds, streak } of lists) {
        for (const s of new Set([streak, policy.maxPriorityStreak])) {
          const input: PickInput = { now: at, policy, categoryRanks, streak: s }
          const fast = pickNext(state, serviceIds, input)
          const scan = reference.pickNextByScan(state, serviceIds, input)
          if (fast?.ticket !== scan?.ticket || fast?.reason !== scan?.reason) {
            const ranks = JSON.stringify(categoryRanks)
            expect(
              summary(fast),
              `${step}: pick for ${label}, streak ${s}, at +${(at - now) / MINUTE} min, ranks ${ranks}`,
            ).toEqual(summary(scan))
          }
        }
      }
    }
  }
  for (const categoryRanks of rankings.slice(0, 2)) {
    for (const id of waitingIds(state)) {
      const ticket = state.tickets[id]!
      const fast = countAhead(state, ticket, now, policy, categoryRanks)
      const scan = reference.countAhead(state, policy, ticket, now, categoryRanks)
      if (fast !== scan) {
        const ranks = JSON.stringify(categoryRanks)
        expect(fast, `${step}: people ahead of ${ticket.number}, ranks ${ranks}`).toBe(scan)
      }
    }
  }
}

/**
 * Once built, a state's index is kept up to date by `evolve`, never thrown away and built again (which
 * would give the right answers at the cost of a scan per call).
 */
function expectKeptUpToDate(state: CentreState, kept: QueueIndex | undefined, step: string): QueueIndex {
  const index = liveQueueIndex(state)
  if (!index || (kept && index !== kept))
    expect.fail(`${step}: the queue index was rebuilt, not kept up to date`)
  return index
}

type Action =
  | { kind: 'issue'; serviceId: string; categoryId: string | null; slotInMinutes: number | null }
  | { kind: 'call-next'; deskId: string }
  | { kind: 'call'; deskId: string; pick: number }
  | {
      kind: 'in-hand'
      deskId: string
      command: 'serve' | 'start' | 'finish' | 'no-show' | 'recall' | 'cancel' | 'postpone'
    }
  | { kind: 'postpone'; pick: number; by: number | null }
  | { kind: 'transfer'; pick: number; serviceId: string }
  | { kind: 'cancel'; pick: number }
  | { kind: 'desk'; deskId: string; command: 'reopen' | 'pause' | 'resume' | 'close'; services: number }
  | { kind: 'wait'; minutes: number }
  | { kind: 'next-day' }
  | { kind: 'snapshot' }

const deskId = fc.constantFrom('d1', 'd2', 'd3')
const pick = fc.nat({ max: 1000 })
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      serviceId: fc.constantFrom(...SERVICES),
      categoryId: fc.constantFrom(null, null, 'disability', 'pregnant'),
      // Slots from well past to well ahead, in whole minutes: windows often start or end exactly now.
      slotInMinutes: fc.option(fc.integer({ min: -40, max: 60 }), { freq: 2 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('call-next' as const), deskId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('call' as const), deskId, pick }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('in-hand' as const),
      deskId,
      command: fc.constantFrom(
        'serve',
        'serve',
        'serve',
        'start',
        'finish',
        'no-show',
        'recall',
        'cancel',
        'postpone',
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('postpone' as const),
      pick,
      by: fc.option(fc.integer({ min: 1, max: 4 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      pick,
      serviceId: fc.constantFrom(...SERVICES),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('desk' as const),
      deskId,
      command: fc.constantFrom('reopen', 'reopen', 'pause', 'resume', 'close'),
      services: fc.nat({ max: SERVICE_SETS.length - 1 }),
    }),
  },
  // Mostly no time at all: tickets issued in the same millisecond tie on rank and issue time.
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.constantFrom(0, 0, 1, 5, 12) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'next-day' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'snapshot' as const }) },
)

const policyArb = fc.record({
  bookingEarlyMinutes: fc.constantFrom(0, 5, 10),
  bookingLateMinutes: fc.constantFrom(0, 5, 15),
  maxPriorityStreak: fc.integer({ min: 0, max: 3 }),
  regularMaxWaitMinutes: fc.constantFrom(0, 10, 30),
})

/** Runs the day the actions describe, checking the index against the scan after every step. */
function runDay(policy: Partial<QueuePolicy>, actions: Action[]): void {
  const c = new TestCentre({ policy })
  const staffOf: Record<string, Actor> = { d1: c.aigerim, d2: c.bolat, d3: c.saule }
  c.open('d1', c.aigerim)
  c.open('d2', c.bolat)
  c.open('d3', c.saule)
  /** A copy taken from a JSON snapshot (as a face gets it), then kept up to date with the same events. */
  let replica: CentreState | null = null
  let replayed = 0
  let kept: QueueIndex | undefined
  let keptOnReplica: QueueIndex | undefined

  const attempt = (command: Command, actor: Actor = c.saule): boolean => {
    try {
      c.run(command, actor)
      return true
    } catch (error) {
      if (error instanceof DomainError) return false
      throw error
    }
  }
  const nth = (ids: string[], n: number): Ticket | undefined =>
    ids.length === 0 ? undefined : c.ticket(ids[n % ids.length]!)
  const inHand = (id: string): string | null => c.state.desks[id]?.ticketId ?? null

  actions.forEach((a, step) => {
    const label = `step ${step} (${JSON.stringify(a)})`
    // A new day opens before anything is decided in it, as in the hub (and is logged for the copy
    // even if the command is then refused).
    const change = dayChange(c.state, c.config, c.clock.now())
    if (change) c.log.push(...applyEvents(c.state, [change], c.clock.now()))
    switch (a.kind) {
      case 'issue': {
        const bookedFor = a.slotInMinutes === null ? null : c.clock.now() + a.slotInMinutes * MINUTE
        attempt(
          { type: 'ticket:issue', serviceId: a.serviceId, categoryId: a.categoryId, bookedFor },
          c.saule,
        )
        break
      }
      case 'call-next': {
        // What the hub decides through `decide` must be what the scan would have picked.
        const desk = c.state.desks[a.deskId]
        const expected = desk
          ? reference.pickNextByScan(c.state, desk.serviceIds, {
              now: c.clock.now(),
              policy: c.config.policy,
              categoryRanks: rankMap(c.config),
              streak: desk.priorityStreak,
            })
          : null
        let decided: { id: string; reason: string } | null = null
        try {
          const called = c
            .run({ type: 'ticket:call-next', deskId: a.deskId })
            .find((e) => e.type === 'ticket:called')
          if (called?.type === 'ticket:called') decided = { id: called.ticketId, reason: called.reason }
        } catch (error) {
          if (!(error instanceof DomainError)) throw error
          // A desk that is closed, paused or busy calls no one, whatever waits.
          if (error.code !== 'queue_empty') break
        }
        expect(decided, label).toEqual(expected && { id: expected.ticket.id, reason: expected.reason })
        break
      }
      case 'call': {
        const ticket = nth(waitingIds(c.state), a.pick)
        if (ticket) attempt({ type: 'ticket:call', deskId: a.deskId, ticketId: ticket.id })
        break
      }
      case 'in-hand': {
        const ticketId = inHand(a.deskId)
        if (!ticketId) break
        const commands: Record<typeof a.command, Command[]> = {
          serve: [
            { type: 'ticket:start', ticketId },
            { type: 'ticket:finish', ticketId },
          ],
          start: [{ type: 'ticket:start', ticketId }],
          finish: [{ type: 'ticket:finish', ticketId }],
          'no-show': [{ type: 'ticket:no-show', ticketId }],
          recall: [{ type: 'ticket:recall', ticketId }],
          cancel: [{ type: 'ticket:cancel', ticketId, reason: 'the citizen asked' }],
          postpone: [{ type: 'ticket:postpone', ticketId }],
        }
        for (const command of commands[a.command]) attempt(command)
        break
      }
      case 'postpone': {
        const ticket = nth(waitingIds(c.state), a.pick)
        if (ticket)
          attempt(
            a.by === null
              ? { type: 'ticket:postpone', ticketId: ticket.id }
              : { type: 'ticket:postpone', ticketId: ticket.id, by: a.by },
          )
        break
      }
      case 'transfer': {
        const inHandIds = ['d1', 'd2', 'd3'].map(inHand).filter((id): id is string => id !== null)
        const ticket = nth([...waitingIds(c.state), ...inHandIds], a.pick)
        if (ticket)
          attempt({
            type: 'ticket:transfer',
            ticketId: ticket.id,
            serviceId: a.serviceId,
            reason: 'the citizen asked',
          })
        break
      }
      case 'cancel': {
        const ticket = nth(waitingIds(c.state), a.pick)
        if (ticket) attempt({ type: 'ticket:cancel', ticketId: ticket.id, reason: 'the citizen asked' })
        break
      }
      case 'desk': {
        const actor = staffOf[a.deskId]!
        if (a.command === 'reopen')
          attempt({ type: 'desk:open', deskId: a.deskId, serviceIds: [...SERVICE_SETS[a.services]!] }, actor)
        else if (a.command === 'pause') attempt({ type: 'desk:pause', deskId: a.deskId }, actor)
        else if (a.command === 'resume') attempt({ type: 'desk:resume', deskId: a.deskId }, actor)
        else attempt({ type: 'desk:close', deskId: a.deskId }, actor)
        break
      }
      case 'wait':
        c.clock.advanceMinutes(a.minutes)
        break
      case 'next-day':
        // Past midnight in Almaty: the next command opens a new day (tickets and queues emptied).
        c.clock.advanceMinutes(24 * 60)
        break
      case 'snapshot':
        replica = JSON.parse(JSON.stringify(c.state)) as CentreState
        replayed = c.log.length
        keptOnReplica = undefined
        break
    }
    expectIndexAgrees(c.state, c.config, c.clock.now(), label)
    kept = expectKeptUpToDate(c.state, kept, label)
    if (replica) {
      for (const event of c.log.slice(replayed)) evolve(replica, event)
      replayed = c.log.length
      expect(replica.queues, label).toEqual(c.state.queues)
      expectIndexAgrees(replica, c.config, c.clock.now(), `${label}, on the snapshot copy`)
      keptOnReplica = expectKeptUpToDate(replica, keptOnReplica, `${label}, on the snapshot copy`)
    }
  })
}

describe('queue index, against the scanning policy (property)', () => {
  it('picks the ticket and reason the scan picks, and counts the same people ahead, after every step of any day', () => {
    fc.assert(
      fc.property(policyArb, fc.array(action, { minLength: 1, maxLength: 120, size: 'max' }), runDay),
      { numRuns: 150, seed: 20250311 },
    )
  })
})

describe('queue index', () => {
  it('is rebuilt when a queue was changed without evolve', () => {
    const c = new TestCentre()
    const first = c.issue('passport')
    const second = c.issue('passport')
    const input: PickInput = { now: c.clock.now(), policy: c.config.policy, categoryRanks: {}, streak: 0 }
    expect(pickNext(c.state, ['passport'], input)?.ticket.id).toBe(first.id)
    c.state.queues.passport!.shift()
    expect(pickNext(c.state, ['passport'], input)?.ticket.id).toBe(second.id)
  })

  it('fails once, not forever, on a ticket changed behind its back: the next pick rebuilds it', () => {
    const c = new TestCentre()
    const first = c.issue('passport')
    const second = c.issue('passport')
    const input: PickInput = { now: c.clock.now(), policy: c.config.policy, categoryRanks: {}, streak: 0 }
    expect(pickNext(c.state, ['passport'], input)?.ticket.id).toBe(first.id)
    delete c.state.tickets[first.id]
    expect(() => pickNext(c.state, ['passport'], input)).toThrow(/out of step/)
    expect(pickNext(c.state, ['passport'], input)?.ticket.id).toBe(second.id)
  })

  it('keeps up with evolve on a state it indexed, and starts afresh on a copy', () => {
    const c = new TestCentre()
    c.open('d2', c.bolat)
    const [r1, r2] = [c.issue('passport'), c.issue('passport')]
    const input = () => ({ now: c.clock.now(), policy: c.config.policy, categoryRanks: {}, streak: 0 })
    expect(pickNext(c.state, ['passport'], input())?.ticket.id).toBe(r1.id)
    const copy = JSON.parse(JSON.stringify(c.state)) as CentreState
    c.callNext('d2', c.bolat)
    const pregnant = c.issue('passport', { categoryId: 'pregnant' })
    expect(pickNext(c.state, ['passport'], input())?.ticket.id).toBe(pregnant.id)
    expect(pickNext(copy, ['passport'], input())?.ticket.id).toBe(r1.id)
    c.run({ type: 'ticket:postpone', ticketId: pregnant.id, by: 1 })
    expect(pickNext(c.state, ['passport'], input())).toMatchObject({
      ticket: { id: pregnant.id },
      reason: 'priority',
    })
    c.run({ type: 'ticket:cancel', ticketId: pregnant.id, reason: 'the citizen asked' })
    expect(pickNext(c.state, ['passport'], input())).toMatchObject({
      ticket: { id: r2.id },
      reason: 'regular',
    })
  })
})

describe('queue index cost', () => {
  /**
   * Counts reads of tickets and of queue slots while `fn` runs, and how often it works out a booking
   * window (the index's own work: the binary search over a service's bookings and the due ones skipped).
   */
  function reads(
    state: CentreState,
    serviceId: string,
    config: CentreConfig,
    fn: (config: CentreConfig) => void,
  ) {
    const counts = { tickets: 0, queueSlots: 0, bookingWindows: 0 }
    const tickets = state.tickets
    const queue = state.queues[serviceId]!
    state.tickets = new Proxy(tickets, {
      get: (target, key, receiver) => {
        counts.tickets++
        return Reflect.get(target, key, receiver) as unknown
      },
    })
    state.queues[serviceId] = new Proxy(queue, {
      get: (target, key, receiver) => {
        if (typeof key === 'string' && /^\d+$/.test(key)) counts.queueSlots++
        return Reflect.get(target, key, receiver) as unknown
      },
    })
    const policy = new Proxy(config.policy, {
      get: (target, key, receiver) => {
        if (key === 'bookingEarlyMinutes' || key === 'bookingLateMinutes') counts.bookingWindows++
        return Reflect.get(target, key, receiver) as unknown
      },
    })
    try {
      fn({ ...config, policy })
    } finally {
      state.tickets = tickets
      state.queues[serviceId] = queue
    }
    return counts
  }

  /**
   * A day with `walkIns` regular visitors waiting for passports (one a second, from 07:00), two with a
   * disability and one pregnant woman, and the same twelve bookings (slots 10:00 - 60 min to 10:00 + 50 min,
   * every 10 minutes). At 10:00 the first call has taken the 09:50 booking; those of 10:00 and 10:10 are due.
   */
  function dayWith(walkIns: number) {
    const c = new TestCentre({ start: MONDAY_10_00 - 3 * 60 * MINUTE })
    c.open('d2', c.bolat)
    for (let i = 0; i < 3; i++) c.issue('passport', { categoryId: i % 2 ? 'pregnant' : 'disability' })
    for (let i = 0; i < walkIns; i++) {
      c.issue('passport')
      c.clock.advance(1000)
    }
    c.clock.set(MONDAY_10_00)
    for (let slot = -60; slot <= 50; slot += 10)
      c.issue('passport', { bookedFor: MONDAY_10_00 + slot * MINUTE })
    // The first call builds the index (once per state); the next ones only keep it up to date.
    c.callNext('d2', c.bolat)
    c.serve('d2', 0, c.bolat)
    return c
  }

  it('reads the same few tickets to call next, whether 10 or 10,000 wait for one service', () => {
    const measure = (walkIns: number) => {
      const c = dayWith(walkIns)
      let called: string | undefined
      const counts = reads(c.state, 'passport', c.config, (config) => {
        const ctx = { ...makeContext(c, c.bolat), config }
        const [event] = decide(c.state, { type: 'ticket:call-next', deskId: 'd2' }, ctx)
        called = event?.type === 'ticket:called' ? event.reason : undefined
      })
      expect(c.state.queues.passport!.length).toBeGreaterThanOrEqual(walkIns)
      return { called, ...counts }
    }
    const small = measure(10)
    const large = measure(10_000)
    expect(large.called).toBe('booking')
    // A head per class at most, and no slot of the queue: the scan read all 10,000.
    expect(large.tickets).toBeLessThanOrEqual(3)
    expect(large.queueSlots).toBe(0)
    expect(large).toEqual(small)
  })

  it('counts the people ahead of a priority ticket at the back without reading the queue', () => {
    const measure = (walkIns: number) => {
      const c = dayWith(walkIns)
      const last = c.issue('passport', { categoryId: 'pregnant' })
      let ahead = -1
      const counts = reads(c.state, 'passport', c.config, (config) => {
        ahead = estimateWait(c.state, config, last.id, c.clock.now())!.ahead
      })
      return { ahead, counts }
    }
    const small = measure(10)
    const large = measure(10_000)
    // The two due bookings, both disability tickets and the pregnant woman who came first.
    expect(large.ahead).toBe(5)
    expect(small.ahead).toBe(5)
    expect(large.counts.tickets).toBeLessThanOrEqual(1)
    expect(large.counts.queueSlots).toBeLessThanOrEqual(1)
    expect(large.counts.bookingWindows).toBe(small.counts.bookingWindows)
  })
})
