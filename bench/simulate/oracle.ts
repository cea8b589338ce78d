/**
 * The oracle estimate (`--oracle`), in the simulator only: what the best point estimate could be with
 * the hub's information (who waits, in which category, who is at which window and since when) plus
 * what no hub can know: the scenario's true distributions (service times, arrivals, priority share,
 * absences). It plays the real call order forward `PLAYOUTS` times from the state at the issue (the
 * real `chooseNext` picks every call, with each desk's streak) and prints the median of the waits, the
 * point with the least mean absolute error for that distribution. Kezek's estimate cannot beat it on
 * average; how close it gets is how much is left to win.
 */
import type { CentreConfig } from '../../src-shared/config'
import {
  categoryRank,
  chooseNext,
  classify,
  waitingTicket,
  type CentreState,
  type ClassHeads,
  type Ticket,
} from '../../src-shared/domain'
import { MINUTE } from './centre'
import {
  arrivalRate,
  CATEGORIES,
  drawArrival,
  PEAK_FACTOR,
  rateAt,
  remainingMinutes,
  serviceMinutes,
  type Arrival,
} from './models'
import { mulberry32, pick, type Random } from './random'
import type { Scenario, ServiceSpec } from './scenarios'

/** Playouts per estimate: the median of 2,000 sits within about 3% of the wait's spread. */
export const PLAYOUTS = 2000

/** What the oracle is told besides the state: the truth of the day, and the one-time absences. */
export interface OracleInput {
  scenario: Scenario
  config: CentreConfig
  categoryRanks: Readonly<Record<string, number>>
  /** When the day's arrivals started and when they stop, ms. */
  opening: number
  closing: number
  /** Tickets whose citizen was absent once already: present at their next call. */
  absentOnce: ReadonlySet<string>
  seed: number
}

/** A waiting ticket in a playout: the ticket the policy reads, and what a playout changes of it. */
interface Waiting {
  ticket: Ticket
  service: ServiceSpec
  rank: number
  absentOnce: boolean
  target: boolean
}

interface Window {
  freeAt: number
  streak: number
  /** A citizen absent at this window's call, to be put back (postponed) when the window moves on. */
  putBack: Waiting | null
}

/** Minutes until the first call of waiting ticket `ticketId`, as the median of the playouts. */
export function oracleEstimateMin(
  state: CentreState,
  input: OracleInput,
  ticketId: string,
  now: number,
): number {
  const target = state.tickets[ticketId]
  if (!target || target.status !== 'waiting') return 0
  const rng = mulberry32(input.seed)
  const waits = new Float64Array(PLAYOUTS)
  const fifo = input.scenario.priorityShare === 0 && input.scenario.absentShare === 0
  const ahead = fifo ? fifoAhead(state, input.scenario, target) : null
  for (let i = 0; i < PLAYOUTS; i++)
    waits[i] = ahead ? fifoPlayout(state, input, ahead, now, rng) : playout(state, input, target, now, rng)
  waits.sort()
  return (waits[PLAYOUTS / 2 - 1]! + waits[PLAYOUTS / 2]!) / 2 / MINUTE
}

/**
 * With no priorities and no absences the policy calls in queue order: the target is called at the take
 * after those ranked before it, whoever comes later. The services of those before it, in call order.
 */
function fifoAhead(state: CentreState, scenario: Scenario, target: Ticket): ServiceSpec[] {
  const ahead: Ticket[] = []
  for (const [serviceId, queue] of Object.entries(state.queues)) {
    // In its own queue, those before it (ranks tie for issues in the same millisecond).
    const own = serviceId === target.serviceId ? queue.indexOf(target.id) : -1
    queue.forEach((id, i) => {
      const ticket = state.tickets[id]!
      if (ticket.categoryId !== null) throw new Error('oracle: a priority ticket in a scenario without them')
      if (own >= 0 ? i < own : ticket.rank < target.rank) ahead.push(ticket)
    })
  }
  return ahead.sort((a, b) => a.rank - b.rank).map((t) => serviceOf(scenario, t.serviceId))
}

/** One playout of the queue-order case: ms from `now` until the target is called. */
function fifoPlayout(
  state: CentreState,
  input: OracleInput,
  ahead: readonly ServiceSpec[],
  now: number,
  rng: Random,
): number {
  const { scenario } = input
  const freeAt: number[] = []
  for (const desk of Object.values(state.desks)) {
    if (desk.status !== 'open') continue
    const held = desk.ticketId === null ? undefined : state.tickets[desk.ticketId]
    if (!held || held.calledAt === null) freeAt.push(now)
    else {
      const service = serviceOf(scenario, held.serviceId)
      freeAt.push(now + remainingMinutes(scenario, service, (now - held.calledAt) / MINUTE, rng) * MINUTE)
    }
  }
  const first = () => {
    let w = 0
    for (let i = 1; i < freeAt.length; i++) if (freeAt[i]! < freeAt[w]!) w = i
    return w
  }
  for (const service of ahead) {
    const w = first()
    freeAt[w] = freeAt[w]! + serviceMinutes(scenario, service, rng) * MINUTE
  }
  return freeAt[first()]! - now
}

const serviceOf = (scenario: Scenario, id: string) => scenario.services.find((s) => s.id === id)!

/** One playout: ms from `now` until `target` is called. */
function playout(state: CentreState, input: OracleInput, target: Ticket, now: number, rng: Random): number {
  const { scenario, config } = input
  const waiting: Waiting[] = []
  for (const queue of Object.values(state.queues)) {
    for (const id of queue) {
      const ticket = state.tickets[id]!
      waiting.push({
        ticket,
        service: serviceOf(scenario, ticket.serviceId),
        rank: ticket.rank,
        absentOnce: input.absentOnce.has(id),
        target: id === target.id,
      })
    }
  }
  const windows: Window[] = Object.values(state.desks)
    .filter((d) => d.status === 'open')
    .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
    .map((desk) => {
      const held = desk.ticketId === null ? undefined : state.tickets[desk.ticketId]
      if (!held || held.calledAt === null) return { freeAt: now, streak: desk.priorityStreak, putBack: null }
      const service = serviceOf(scenario, held.serviceId)
      if (held.status === 'called') {
        // Called and not started: the citizen is away, and the consultant moves on after the wait.
        const putBack = rng.next() < scenario.returnShare ? waitingOf(held, service, true) : null
        return {
          freeAt: held.calledAt + scenario.absentWaitMin * MINUTE,
          streak: desk.priorityStreak,
          putBack,
        }
      }
      const elapsedMin = (now - held.calledAt) / MINUTE
      const freeAt = now + remainingMinutes(scenario, service, elapsedMin, rng) * MINUTE
      return { freeAt, streak: desk.priorityStreak, putBack: null }
    })
  const arrivals = new Arrivals(input, classify(target, now, config.policy) === 'regular', now, rng)
  for (;;) {
    let w = 0
    for (let i = 1; i < windows.length; i++) if (windows[i]!.freeAt < windows[w]!.freeAt) w = i
    const window = windows[w]!
    const t = window.freeAt
    arrivals.until(t, waiting)
    if (window.putBack) {
      postpone(waiting, window.putBack, t, config.policy.postponeBy)
      window.putBack = null
    }
    const choice = chooseNext(heads(waiting, t, input), t, config.policy, window.streak)
    if (!choice) throw new Error('oracle: the target is not waiting')
    const index = waiting.findIndex((x) => x.ticket === choice.ticket)
    const called = waiting[index]!
    if (called.target) return t - now
    waiting.splice(index, 1)
    window.streak = choice.reason === 'booking' || choice.reason === 'priority' ? window.streak + 1 : 0
    if (!called.absentOnce && scenario.absentShare > 0 && rng.next() < scenario.absentShare) {
      window.freeAt = t + scenario.absentWaitMin * MINUTE
      if (rng.next() < scenario.returnShare) window.putBack = { ...called, absentOnce: true }
    } else {
      window.freeAt = t + serviceMinutes(scenario, called.service, rng) * MINUTE
    }
  }
}

function waitingOf(ticket: Ticket, service: ServiceSpec, absentOnce: boolean): Waiting {
  return { ticket, service, rank: ticket.rank, absentOnce, target: false }
}

/** The head of each class, by the policy's order (`queue-index.ts`): categories by rank, then queue rank. */
function heads(waiting: readonly Waiting[], now: number, input: OracleInput): ClassHeads {
  let priority: Waiting | undefined
  let regular: Waiting | undefined
  for (const x of waiting) {
    const kind = classify(x.ticket, now, input.config.policy)
    if (kind === 'regular') {
      if (!regular || x.rank < regular.rank) regular = x
    } else if (kind === 'priority') {
      if (!priority || before(x, priority, input.categoryRanks)) priority = x
    }
  }
  return { priority: priority?.ticket, regular: regular?.ticket }
}

function before(a: Waiting, b: Waiting, ranks: Readonly<Record<string, number>>): boolean {
  const ra = categoryRank(ranks, a.ticket.categoryId!)
  const rb = categoryRank(ranks, b.ticket.categoryId!)
  return ra !== rb ? ra < rb : a.rank < b.rank
}

/** Puts `x` back `by` places behind in its service's queue, as `ticket:postpone` does. */
function postpone(waiting: Waiting[], x: Waiting, now: number, by: number): void {
  const ranks = waiting
    .filter((o) => o.ticket.serviceId === x.ticket.serviceId)
    .map((o) => o.rank)
    .sort((a, b) => a - b)
  if (ranks.length === 0) x.rank = Math.max(x.rank, now)
  else if (ranks.length <= by) x.rank = ranks[ranks.length - 1]! + 1
  else x.rank = (ranks[by - 1]! + ranks[by]!) / 2
  waiting.push(x)
}

/**
 * The visitors still to come today, at the scenario's true rate (thinned at a morning peak). When the
 * target is a regular ticket, only priority visitors can go before it, so only they are drawn.
 */
class Arrivals {
  private next: number
  private readonly peak: number
  private readonly share: number

  constructor(
    private readonly input: OracleInput,
    private readonly onlyPriority: boolean,
    now: number,
    private readonly rng: Random,
  ) {
    const { scenario } = input
    this.share = onlyPriority ? scenario.priorityShare : 1
    this.peak = arrivalRate(scenario) * (scenario.morningPeak ? PEAK_FACTOR : 1) * this.share
    this.next = this.share > 0 ? this.after(now) : Infinity
  }

  private after(t: number): number {
    return t + (-Math.log(1 - this.rng.next()) / this.peak) * MINUTE
  }

  /** A visitor of a priority category: drawArrival's service and category, given that it has one. */
  private priorityArrival(): Arrival {
    const { services } = this.input.scenario
    const service =
      services[
        pick(
          this.rng,
          services.map((s) => s.share),
        )
      ]!
    return { service, categoryId: CATEGORIES[Math.floor(this.rng.next() * CATEGORIES.length)]! }
  }

  /** Adds to `waiting` every visitor arriving by `t`. */
  until(t: number, waiting: Waiting[]): void {
    const { scenario, opening, closing } = this.input
    for (; this.next <= t && this.next < closing; this.next = this.after(this.next)) {
      const at = this.next
      const rate = rateAt(scenario, (at - opening) / MINUTE, arrivalRate(scenario)) * this.share
      if (rate < this.peak && this.rng.next() >= rate / this.peak) continue
      const drawn = this.onlyPriority ? this.priorityArrival() : drawArrival(scenario, this.rng)
      const ticket = waitingTicket(
        {
          id: '',
          number: '',
          prefix: '',
          serviceId: drawn.service.id,
          categoryId: drawn.categoryId,
          bookedFor: null,
        },
        at,
      )
      waiting.push(waitingOf(ticket, drawn.service, false))
    }
  }
}
