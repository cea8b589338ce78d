/**
 * One simulated day in virtual time. Arrivals take tickets at the kiosk; each window's consultant calls
 * next whenever free, starts at once (or waits for an absent citizen, then postpones or marks a
 * no-show), and finishes after a sampled service time. At each issue the loop records Kezek's estimate
 * as the ack reads it and the naive one; at the ticket's first call, the realised wait.
 */
import { DomainError } from '../../src-shared/domain'
import { Agenda } from './agenda'
import { consultant, deskId, DAY, FIRST_MIDNIGHT, kiosk, MINUTE, SimCentre } from './centre'
import { kezekEstimate, naiveEstimateMin } from './estimators'
import { arrivalMinutes, drawArrival, serviceMinutes, type Arrival } from './models'
import { oracleEstimateMin } from './oracle'
import { seedFor, type Random } from './random'
import type { Scenario } from './scenarios'

/** One ticket's figures, minutes. `waitMin` is null until its first call. */
export interface TicketRecord {
  serviceId: string
  kezekMin: number
  /** Kezek's 80% range, minutes; null when it gave none. */
  kezekLow: number | null
  kezekHigh: number | null
  naiveMin: number
  /** The oracle's estimate (`--oracle`), minutes; null when not asked for. */
  oracleMin: number | null
  waitMin: number | null
}

/** Asked for with `--oracle`: the oracle's estimate at each issue, its playouts seeded from `seed`. */
export interface OracleOption {
  seed: number
}

type Happening =
  | { kind: 'arrive'; arrival: Arrival }
  | { kind: 'finish'; desk: number; ticketId: string }
  | { kind: 'give-up'; desk: number; ticketId: string }

interface DayRun {
  scenario: Scenario
  sim: SimCentre
  rng: Random
  agenda: Agenda<Happening>
  idle: Set<number>
  records: Map<string, TicketRecord & { issuedAt: number }>
  /** Tickets whose citizen was absent once: present when called again. */
  absentOnce: Set<string>
  opening: number
  oracle: OracleOption | null
}

/** Runs day `day` (0-based) of a scenario on `sim`, whose state carries over from the day before. */
export function simulateDay(
  scenario: Scenario,
  sim: SimCentre,
  day: number,
  rng: Random,
  oracle: OracleOption | null = null,
): TicketRecord[] {
  const midnight = FIRST_MIDNIGHT + day * DAY
  const opening = midnight + scenario.openMinute * MINUTE
  const run: DayRun = {
    scenario,
    sim,
    rng,
    agenda: new Agenda(),
    idle: new Set(),
    records: new Map(),
    absentOnce: new Set(),
    opening,
    oracle,
  }
  for (let i = 0; i < scenario.windows; i++) {
    // Desks carry over from the day before (open, empty-handed); open them on the first day only.
    if (sim.state.desks[deskId(i)]?.status !== 'open')
      sim.exec({ type: 'desk:open', deskId: deskId(i) }, consultant(i), opening)
    run.idle.add(i)
  }
  for (const minute of arrivalMinutes(scenario, rng)) {
    run.agenda.schedule(opening + Math.round(minute * MINUTE), {
      kind: 'arrive',
      arrival: drawArrival(scenario, rng),
    })
  }
  for (let entry = run.agenda.take(); entry; entry = run.agenda.take()) {
    // Past midnight the domain would open a new day and drop the tickets still in hand.
    if (entry.at >= midnight + DAY) throw new Error(`${scenario.name}: day ${day} ran past midnight`)
    happen(run, entry.item, entry.at)
  }
  const warmupEnd = opening + scenario.warmupMinutes * MINUTE
  const out: TicketRecord[] = []
  for (const record of run.records.values()) {
    if (record.waitMin === null) throw new Error(`${scenario.name}: a ticket was never called on day ${day}`)
    if (record.issuedAt > warmupEnd || scenario.warmupMinutes === 0) {
      const { issuedAt: _, ...figures } = record
      out.push(figures)
    }
  }
  return out
}

function happen(run: DayRun, item: Happening, now: number): void {
  const { sim } = run
  switch (item.kind) {
    case 'arrive': {
      const { service, categoryId } = item.arrival
      const events = sim.exec({ type: 'ticket:issue', serviceId: service.id, categoryId }, kiosk, now)
      const issued = events.find((e) => e.type === 'ticket:issued')
      if (issued?.type !== 'ticket:issued') throw new Error('ticket:issue gave no ticket:issued')
      const ticketId = issued.ticketId
      // Read as the hub's ack reads it: after the issue is applied, before any desk calls.
      const kezek = kezekEstimate(sim.state, sim.config, ticketId, now, sim.categoryRanks)
      run.records.set(ticketId, {
        serviceId: service.id,
        kezekMin: kezek.minutes,
        kezekLow: kezek.low,
        kezekHigh: kezek.high,
        naiveMin: naiveEstimateMin(sim.state, sim.config, ticketId),
        oracleMin: run.oracle ? oracleOf(run, ticketId, now) : null,
        waitMin: null,
        issuedAt: now,
      })
      wakeIdle(run, now)
      return
    }
    case 'finish':
      sim.exec({ type: 'ticket:finish', ticketId: item.ticketId }, consultant(item.desk), now)
      callNext(run, item.desk, now)
      return
    case 'give-up': {
      const returns = run.rng.next() < run.scenario.returnShare
      const command = returns
        ? ({ type: 'ticket:postpone', ticketId: item.ticketId } as const)
        : ({ type: 'ticket:no-show', ticketId: item.ticketId } as const)
      sim.exec(command, consultant(item.desk), now)
      if (returns) run.absentOnce.add(item.ticketId)
      callNext(run, item.desk, now)
      // A postponed ticket is back in the queue: another idle window may take it.
      if (returns) wakeIdle(run, now)
      return
    }
  }
}

/** The oracle's estimate, from its own stream (the day's draws are the same with or without it). */
function oracleOf(run: DayRun, ticketId: string, now: number): number {
  const { scenario, sim, opening } = run
  return oracleEstimateMin(
    sim.state,
    {
      scenario,
      config: sim.config,
      categoryRanks: sim.categoryRanks,
      opening,
      closing: opening + scenario.arrivalMinutes * MINUTE,
      absentOnce: run.absentOnce,
      seed: seedFor(run.oracle!.seed, ticketId),
    },
    ticketId,
    now,
  )
}

/** Idle windows call next, in desk order, until the queues they serve are empty. */
function wakeIdle(run: DayRun, now: number): void {
  for (const desk of [...run.idle].sort((a, b) => a - b)) callNext(run, desk, now)
}

/** The consultant at `desk` calls next; an empty queue leaves the window idle. */
function callNext(run: DayRun, desk: number, now: number): void {
  const { sim, scenario, rng } = run
  let events
  try {
    events = sim.exec({ type: 'ticket:call-next', deskId: deskId(desk) }, consultant(desk), now)
  } catch (error) {
    if (error instanceof DomainError && error.code === 'queue_empty') {
      run.idle.add(desk)
      return
    }
    throw error
  }
  run.idle.delete(desk)
  const called = events.find((e) => e.type === 'ticket:called')
  if (called?.type !== 'ticket:called') throw new Error('ticket:call-next gave no ticket:called')
  const ticketId = called.ticketId
  const record = run.records.get(ticketId)
  if (record && record.waitMin === null) record.waitMin = (now - record.issuedAt) / MINUTE
  const absent =
    !run.absentOnce.has(ticketId) && scenario.absentShare > 0 && rng.next() < scenario.absentShare
  if (absent) {
    run.agenda.schedule(now + scenario.absentWaitMin * MINUTE, { kind: 'give-up', desk, ticketId })
    return
  }
  sim.exec({ type: 'ticket:start', ticketId }, consultant(desk), now)
  const ticket = sim.state.tickets[ticketId]!
  const service = scenario.services.find((s) => s.id === ticket.serviceId)!
  const ms = Math.max(1, Math.round(serviceMinutes(scenario, service, rng) * MINUTE))
  run.agenda.schedule(now + ms, { kind: 'finish', desk, ticketId })
}

/** Every day of a scenario on one centre (service times carry over from day to day, as in the hub). */
export function simulateScenario(
  scenario: Scenario,
  days: number,
  rng: Random,
  oracle: OracleOption | null = null,
): TicketRecord[] {
  const sim = new SimCentre(scenario)
  const records: TicketRecord[] = []
  for (let day = 0; day < days; day++) records.push(...simulateDay(scenario, sim, day, rng, oracle))
  return records
}
