/**
 * Deterministic builders for the domain tests: a small centre, a clock that only moves when told, and
 * `run`, which applies a command the way the hub does (day change, decide, apply).
 */
import { centreConfigSchema, type CentreConfig, type QueuePolicy } from '../../src-shared/config'
import { applyEvents } from '../../src-shared/domain/apply'
import { dayTurnover, decide, type DecideContext } from '../../src-shared/domain/decide'
import { DomainError, type ErrorCode } from '../../src-shared/domain/errors'
import { initialState, waitingTicket } from '../../src-shared/domain/evolve'
import type { Actor, CentreState, Command, EventEnvelope, Ticket } from '../../src-shared/domain/types'

export const MINUTE = 60_000
export const TIME_ZONE = 'Asia/Almaty'

/** Monday 10 March 2025, 10:00 in Almaty (UTC+5): inside the opening hours. */
export const MONDAY_10_00 = Date.UTC(2025, 2, 10, 5, 0, 0)

const PASSWORD_HASH = 'scrypt$16384$8$1$c2FsdA$aGFzaA'
const KEY_HASH = `sha256$${'ab'.repeat(32)}`

const text = (en: string) => ({ kk: en, ru: en, en })

/**
 * The centre as its config file would say it, before validation. Services `passport` and `birth` share
 * prefix A (different groups would work the same); `land` has prefix B.
 */
export function rawConfig() {
  return {
    centre: {
      id: 'almaty-1',
      name: text('Almaty CSC No. 1'),
      timeZone: TIME_ZONE,
      openingHours: {
        mon: [['09:00', '18:00']],
        tue: [['09:00', '18:00']],
        wed: [['09:00', '18:00']],
        thu: [['09:00', '18:00']],
        fri: [['09:00', '18:00']],
        sat: [['09:00', '13:00']],
      },
    },
    serviceGroups: [
      { id: 'civil', name: text('Civil registry') },
      { id: 'property', name: text('Property') },
    ],
    services: [
      { id: 'passport', name: text('Identity card'), group: 'civil', prefix: 'A', expectedMinutes: 10 },
      { id: 'birth', name: text('Birth registration'), group: 'civil', prefix: 'A', expectedMinutes: 5 },
      { id: 'land', name: text('Land plots'), group: 'property', prefix: 'B', expectedMinutes: 20 },
    ],
    desks: [
      { id: 'd1', label: '1', serviceIds: ['passport', 'birth'] },
      { id: 'd2', label: '2', serviceIds: ['passport'] },
      { id: 'd3', label: '3', serviceIds: ['land'] },
    ],
    priorityCategories: [
      { id: 'disability', name: text('Disability'), rank: 1 },
      { id: 'pregnant', name: text('Pregnant women'), rank: 2 },
    ],
    policy: { enforceOpeningHours: false } as Partial<QueuePolicy>,
    staff: [
      staffEntry('aigerim', ['consultant']),
      staffEntry('bolat', ['consultant']),
      staffEntry('dana', ['registrar']),
      staffEntry('saule', ['supervisor']),
    ],
    devices: [
      { id: 'kiosk-1', kind: 'kiosk', name: 'Entrance kiosk', keyHash: KEY_HASH },
      { id: 'display-1', kind: 'display', name: 'Hall display', keyHash: KEY_HASH },
    ],
  }
}

function staffEntry(id: string, roles: string[]) {
  return { id, login: id, firstName: id[0]!.toUpperCase() + id.slice(1), roles, passwordHash: PASSWORD_HASH }
}

export function testConfig(policy: Partial<QueuePolicy> = {}): CentreConfig {
  const raw = rawConfig()
  return centreConfigSchema.parse({ ...raw, policy: { ...raw.policy, ...policy } })
}

/** The test centre with its remote queue on for `passport` and `land`; `settings` as the file would say. */
export function remoteConfig(settings: Record<string, unknown> = {}, policy: Partial<QueuePolicy> = {}) {
  const raw = rawConfig()
  return centreConfigSchema.parse({
    ...raw,
    policy: { ...raw.policy, ...policy },
    remoteQueue: { enabled: true, services: ['passport', 'land'], ...settings },
  })
}

/** A clock that moves only when the test says so. */
export class TestClock {
  constructor(private at: number = MONDAY_10_00) {}
  now(): number {
    return this.at
  }
  set(at: number): void {
    this.at = at
  }
  advance(ms: number): void {
    this.at += ms
  }
  advanceMinutes(minutes: number): void {
    this.at += minutes * MINUTE
  }
}

/** Sequential ticket ids (`t1`, `t2`, ...) and tokens, so runs are repeatable. */
export class IdSource {
  private ids = 0
  private tokens = 0
  newId = (): string => `t${++this.ids}`
  newToken = (): string => `track-token-${String(++this.tokens).padStart(6, '0')}`
}

export interface RunEnv {
  config: CentreConfig
  clock: TestClock
  ids: IdSource
}

export function makeContext(env: RunEnv, actor: Actor): DecideContext {
  return { now: env.clock.now(), config: env.config, actor, newId: env.ids.newId, newToken: env.ids.newToken }
}

/**
 * What the hub does with one command: turn the day if it has changed (close yesterday's unfinished
 * tickets, open the new day), decide, then apply
 * the decided events with the next seqs. Returns every applied envelope; throws what `decide` throws.
 */
export function run(state: CentreState, command: Command, actor: Actor, env: RunEnv): EventEnvelope[] {
  const now = env.clock.now()
  const applied = applyEvents(state, dayTurnover(state, env.config, now), now)
  const events = decide(state, command, makeContext(env, actor))
  return [...applied, ...applyEvents(state, events, now)]
}

// --- actors ----------------------------------------------------------------------------------------

export function staff(config: CentreConfig, staffId: string): Actor {
  const member = config.staff.find((s) => s.id === staffId)
  if (!member) throw new Error(`no staff ${staffId} in the test config`)
  return { kind: 'staff', staffId, roles: member.roles }
}

export const kiosk: Actor = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' }
export const system: Actor = { kind: 'system' }

// --- a centre to drive -----------------------------------------------------------------------------

/** A centre with its state, clock and ids, and shorthands for the commands tests use most. */
export class TestCentre implements RunEnv {
  readonly config: CentreConfig
  readonly clock: TestClock
  readonly ids = new IdSource()
  readonly state: CentreState
  readonly log: EventEnvelope[] = []
  readonly aigerim: Actor
  readonly bolat: Actor
  readonly saule: Actor

  constructor(options: { policy?: Partial<QueuePolicy>; start?: number; config?: CentreConfig } = {}) {
    this.config = options.config ?? testConfig(options.policy)
    this.clock = new TestClock(options.start)
    this.state = initialState(this.config.centre.id)
    this.aigerim = staff(this.config, 'aigerim')
    this.bolat = staff(this.config, 'bolat')
    this.saule = staff(this.config, 'saule')
  }

  run(command: Command, actor: Actor = this.saule): EventEnvelope[] {
    const events = run(this.state, command, actor, this)
    this.log.push(...events)
    return events
  }

  /** The code of the DomainError the command gives; fails the test if it succeeds or throws otherwise. */
  errorOf(command: Command, actor: Actor = this.saule): ErrorCode {
    try {
      this.run(command, actor)
    } catch (error) {
      if (error instanceof DomainError) return error.code
      throw error
    }
    throw new Error(`expected ${command.type} to be refused, but it succeeded`)
  }

  ticket(id: string): Ticket {
    const ticket = this.state.tickets[id]
    if (!ticket) throw new Error(`no ticket ${id}`)
    return ticket
  }

  issue(serviceId: string, extra: { categoryId?: string | null; bookedFor?: number | null } = {}): Ticket {
    // Booked visitors are checked in by staff: a kiosk may not set a booked time.
    const actor = extra.bookedFor != null ? this.saule : kiosk
    const events = this.run({ type: 'ticket:issue', serviceId, ...extra }, actor)
    const issued = events.find((e) => e.type === 'ticket:issued')
    if (!issued || issued.type !== 'ticket:issued') throw new Error('no ticket:issued event')
    return this.ticket(issued.ticketId)
  }

  /** A remote ticket joined from home (the hub put the phone in the vault: `phoneId`). */
  join(serviceId: string, phoneId = 've_phone1', travelMinutes?: number): Ticket {
    const command: Command = { type: 'ticket:join', serviceId, phoneId, channel: 'web' }
    if (travelMinutes !== undefined) command.travelMinutes = travelMinutes
    const joined = this.run(command, system).find((e) => e.type === 'ticket:joined')
    if (!joined || joined.type !== 'ticket:joined') throw new Error('no ticket:joined event')
    return this.ticket(joined.ticketId)
  }

  open(deskId: string, actor: Actor, serviceIds?: string[]): void {
    this.run(serviceIds ? { type: 'desk:open', deskId, serviceIds } : { type: 'desk:open', deskId }, actor)
  }

  /** Calls next at the desk and returns the called ticket and the policy's reason. */
  callNext(deskId: string, actor: Actor = this.saule): { ticket: Ticket; reason: string } {
    const events = this.run({ type: 'ticket:call-next', deskId }, actor)
    const called = events.find((e) => e.type === 'ticket:called')
    if (!called || called.type !== 'ticket:called') throw new Error('no ticket:called event')
    return { ticket: this.ticket(called.ticketId), reason: called.reason }
  }

  /** Starts and finishes whatever the desk has in hand, `minutes` apart. */
  serve(deskId: string, minutes = 0, actor: Actor = this.saule): void {
    const ticketId = this.state.desks[deskId]?.ticketId
    if (!ticketId) throw new Error(`desk ${deskId} has nothing in hand`)
    this.run({ type: 'ticket:start', ticketId }, actor)
    this.clock.advanceMinutes(minutes)
    this.run({ type: 'ticket:finish', ticketId }, actor)
  }

  /** Ticket numbers waiting for a service, in queue order. */
  queue(serviceId: string): string[] {
    return (this.state.queues[serviceId] ?? []).map((id) => this.ticket(id).number)
  }
}

/** A waiting ticket with sensible defaults, for testing the policy without a centre. */
export function makeTicket(overrides: Partial<Ticket> & { id: string }): Ticket {
  const arrivalAt = overrides.arrivalAt ?? MONDAY_10_00
  const base = { number: overrides.id.toUpperCase(), prefix: 'A', serviceId: 'passport' }
  return {
    ...waitingTicket({ ...base, id: overrides.id, categoryId: null, bookedFor: null }, arrivalAt),
    ...overrides,
  }
}

/**
 * A state in which `tickets` wait, each in the queue of its service in rank order, as `evolve` keeps
 * them (equal ranks in the order given). It has no queue index yet: the first pick builds one.
 */
export function waitingState(tickets: readonly Ticket[]): CentreState {
  const state = initialState('almaty-1')
  const inRankOrder = [...tickets].sort((a, b) => a.rank - b.rank || a.issuedAt - b.issuedAt)
  for (const ticket of inRankOrder) {
    state.tickets[ticket.id] = ticket
    ;(state.queues[ticket.serviceId] ??= []).push(ticket.id)
  }
  return state
}

/** Freezes an object graph, so any write to it throws (tests run as ES modules, in strict mode). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

// --- bookings --------------------------------------------------------------------------------------

/** Monday 10 March 2025 09:00 in Almaty (UTC+5). */
export const MONDAY_09_00 = Date.UTC(2025, 2, 10, 4, 0, 0)

/**
 * The test centre taking bookings: windows d1 (passport, birth) and d2 (passport) staffed 09:00–18:00 on
 * weekdays; passport in 15-minute slots with no walk-in share (so a slot's capacity is plain arithmetic:
 * d1 gives passport half its 15 minutes, d2 all of them: 22.5 window-minutes / 10 minutes = 2 a slot).
 */
export function bookingCentre(limits: Record<string, unknown> = {}) {
  const raw = rawConfig()
  const config = centreConfigSchema.parse({
    ...raw,
    bookings: {
      enabled: true,
      horizonDays: 14,
      schedule: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', desks: ['d1', 'd2'] },
      ],
      holidays: ['2025-03-21'],
      services: { passport: { slotMinutes: 15, walkInShare: 0 }, birth: { slotMinutes: 15, walkInShare: 0 } },
      limits: { periodDays: 10, perPeriod: 3, servicesPerDay: 2, oneActivePerService: true, ...limits },
    },
  })
  return new TestCentre({ config, start: MONDAY_09_00 + 60 * MINUTE })
}
