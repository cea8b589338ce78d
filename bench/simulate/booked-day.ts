/**
 * Booked days in virtual time: does a day booked to its slots' capacity keep the promise of the slot?
 *
 * A centre takes bookings all day (`bookings` in its config); every slot `daySlots` gives is booked full,
 * and each booked citizen comes on time (at a uniformly drawn moment in the `bookingEarlyMinutes` before
 * the slot) and checks in. Walk-ins come as a Poisson stream carrying the walk-in share of the windows'
 * time (`fill` scales it: 1 is exactly the share held back). The windows call next whenever free, with
 * Kezek's own `decide` (a due booking first, the streak and aged-wait bounds as configured). A booked
 * citizen is "on time" when called by `bookingLateMinutes` after the slot: later, the policy no longer
 * counts the booking and they wait as a walk-in. Same seed, same figures; no wall time, no sockets.
 */
import { centreConfigSchema, type CentreConfig } from '../../src-shared/config'
import {
  applyEvents,
  dayChange,
  daySlots,
  decide,
  DomainError,
  initialState,
  localDay,
  type Actor,
  type CentreState,
  type Command,
  type EventEnvelope,
} from '../../src-shared/domain'
import { Agenda } from './agenda'
import { DAY, FIRST_MIDNIGHT, MINUTE } from './centre'
import { exponential, lognormal, mulberry32, seedFor, type Random } from './random'

export interface BookedDayOptions {
  days: number
  seed: number
  /** Windows, all serving both services, staffed 09:00–18:00 every day. */
  windows: number
  /** Walk-in arrivals as a multiple of the walk-in share of the windows' time (1: exactly the share). */
  fill: number
  /** Share of the windows' time held back for walk-ins (`walkInShare` of both services). */
  walkInShare: number
  /** True service times: memoryless, or long-tailed (lognormal, σ = 1) with the same mean. */
  shape: 'exponential' | 'lognormal'
  /** The policy's bound on booked/priority calls in a row before a waiting walk-in is called (0: off). */
  maxPriorityStreak: number
}

export const BOOKED_DAY_DEFAULTS: BookedDayOptions = {
  days: 40,
  seed: 1,
  windows: 4,
  fill: 1,
  walkInShare: 0.3,
  shape: 'exponential',
  maxPriorityStreak: 3,
}

/** The two services, their configured (and true mean) minutes, and their 15-minute slots. */
const SERVICES = [
  { id: 'passport', prefix: 'A', minutes: 10 },
  { id: 'certificate', prefix: 'B', minutes: 5 },
] as const
const OPEN_MINUTE = 9 * 60
const CLOSE_MINUTE = 18 * 60
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

const text = (en: string) => ({ kk: en, ru: en, en })
const deskId = (i: number) => `w${i + 1}`
const staff = (i: number): Actor => ({ kind: 'staff', staffId: `c${i + 1}`, roles: ['consultant'] })
const kiosk: Actor = { kind: 'device', deviceId: 'kiosk-1', deviceKind: 'kiosk' }

export function bookedCentreConfig(
  options: Pick<BookedDayOptions, 'windows' | 'walkInShare' | 'maxPriorityStreak'>,
): CentreConfig {
  const desks = Array.from({ length: options.windows }, (_, i) => i)
  const serviceIds = SERVICES.map((s) => s.id)
  return centreConfigSchema.parse({
    centre: {
      id: 'sim',
      name: text('Simulated centre'),
      timeZone: 'Asia/Almaty',
      openingHours: Object.fromEntries(WEEK.map((day) => [day, [['09:00', '18:00']]])),
    },
    serviceGroups: [{ id: 'all', name: text('All') }],
    services: SERVICES.map((s) => ({
      id: s.id,
      name: text(s.id),
      group: 'all',
      prefix: s.prefix,
      expectedMinutes: s.minutes,
    })),
    desks: desks.map((i) => ({ id: deskId(i), label: String(i + 1), serviceIds })),
    policy: { enforceOpeningHours: false, maxPriorityStreak: options.maxPriorityStreak },
    staff: desks.map((i) => ({
      id: `c${i + 1}`,
      login: `c${i + 1}`,
      firstName: `Consultant ${i + 1}`,
      roles: ['consultant'],
      passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
    })),
    devices: [{ id: 'kiosk-1', kind: 'kiosk', name: 'Kiosk', keyHash: `sha256$${'ab'.repeat(32)}` }],
    bookings: {
      enabled: true,
      schedule: [{ days: [...WEEK], from: '09:00', to: '18:00', desks: desks.map(deskId) }],
      services: Object.fromEntries(serviceIds.map((id) => [id, { walkInShare: options.walkInShare }])),
    },
  })
}

type Happening =
  | { kind: 'arrive'; serviceId: string; bookedFor: number | null }
  | { kind: 'finish'; desk: number; ticketId: string }

interface Visit {
  arrivedAt: number
  bookedFor: number | null
  calledAt: number | null
}

/** A centre driven in-process as the hub's engine drives it: open the new day if due, decide, apply. */
class Centre {
  readonly state: CentreState
  private ids = 0
  constructor(readonly config: CentreConfig) {
    this.state = initialState(config.centre.id)
  }
  exec(command: Command, actor: Actor, now: number): EventEnvelope[] {
    const change = dayChange(this.state, this.config, now)
    const opened = change ? applyEvents(this.state, [change], now) : []
    const events = decide(this.state, command, {
      now,
      config: this.config,
      actor,
      newId: () => `t${++this.ids}`,
      newToken: () => `token-${this.ids}`,
    })
    return [...opened, ...applyEvents(this.state, events, now)]
  }
}

/** One day's visits: the booked ones to their slots' capacity, the walk-ins as a Poisson stream. */
function arrivals(
  centre: Centre,
  options: BookedDayOptions,
  midnight: number,
  rng: Random,
  agenda: Agenda<Happening>,
) {
  const { config } = centre
  const day = localDay(midnight + OPEN_MINUTE * MINUTE, config.centre.timeZone)
  const early = config.policy.bookingEarlyMinutes
  for (const service of SERVICES) {
    for (const slot of daySlots(config, service.id, day)) {
      for (let i = 0; i < slot.capacity; i++) {
        const at = slot.start - Math.round(rng.next() * early * MINUTE)
        agenda.schedule(at, { kind: 'arrive', serviceId: service.id, bookedFor: slot.start })
      }
    }
    // Each window gives each of the services it serves an even share of its time; walk-ins carry the
    // walk-in share of it: windows ÷ services × walkInShare ÷ minutes a citizen, per minute.
    const rate = ((options.windows / SERVICES.length) * options.walkInShare * options.fill) / service.minutes
    for (
      let t = exponential(rng, 1 / rate);
      t < CLOSE_MINUTE - OPEN_MINUTE;
      t += exponential(rng, 1 / rate)
    ) {
      const at = midnight + (OPEN_MINUTE + t) * MINUTE
      agenda.schedule(Math.round(at), { kind: 'arrive', serviceId: service.id, bookedFor: null })
    }
  }
}

function serviceMs(options: BookedDayOptions, serviceId: string, rng: Random): number {
  const mean = SERVICES.find((s) => s.id === serviceId)!.minutes
  const minutes = options.shape === 'lognormal' ? lognormal(rng, mean, 1) : exponential(rng, mean)
  return Math.max(1, Math.round(minutes * MINUTE))
}

/** Runs day `day` on `centre` (whose desks carry over from the day before) and returns its visits. */
function simulateDay(centre: Centre, options: BookedDayOptions, day: number, rng: Random): Visit[] {
  const midnight = FIRST_MIDNIGHT + day * DAY
  const agenda = new Agenda<Happening>()
  const idle = new Set<number>()
  const visits = new Map<string, Visit>()
  for (let i = 0; i < options.windows; i++) {
    if (centre.state.desks[deskId(i)]?.status !== 'open')
      centre.exec({ type: 'desk:open', deskId: deskId(i) }, staff(i), midnight + OPEN_MINUTE * MINUTE)
    idle.add(i)
  }
  arrivals(centre, options, midnight, rng, agenda)

  const callNext = (desk: number, now: number) => {
    let events: EventEnvelope[]
    try {
      events = centre.exec({ type: 'ticket:call-next', deskId: deskId(desk) }, staff(desk), now)
    } catch (error) {
      if (error instanceof DomainError && error.code === 'queue_empty') return void idle.add(desk)
      throw error
    }
    idle.delete(desk)
    const called = events.find((e) => e.type === 'ticket:called')
    if (called?.type !== 'ticket:called') throw new Error('ticket:call-next gave no ticket:called')
    visits.get(called.ticketId)!.calledAt = now
    centre.exec({ type: 'ticket:start', ticketId: called.ticketId }, staff(desk), now)
    const serviceId = centre.state.tickets[called.ticketId]!.serviceId
    agenda.schedule(now + serviceMs(options, serviceId, rng), {
      kind: 'finish',
      desk,
      ticketId: called.ticketId,
    })
  }

  for (let entry = agenda.take(); entry; entry = agenda.take()) {
    const { at: now, item } = entry
    if (now >= midnight + DAY) throw new Error(`booked day ${day} ran past midnight`)
    if (item.kind === 'finish') {
      centre.exec({ type: 'ticket:finish', ticketId: item.ticketId }, staff(item.desk), now)
      callNext(item.desk, now)
      continue
    }
    // A booked citizen checks in (a staff command until the kiosk can; the domain refuses a kiosk's booked time).
    const actor = item.bookedFor === null ? kiosk : staff(0)
    const command: Command = { type: 'ticket:issue', serviceId: item.serviceId, bookedFor: item.bookedFor }
    const issued = centre.exec(command, actor, now).find((e) => e.type === 'ticket:issued')
    if (issued?.type !== 'ticket:issued') throw new Error('ticket:issue gave no ticket:issued')
    visits.set(issued.ticketId, { arrivedAt: now, bookedFor: item.bookedFor, calledAt: null })
    for (const desk of [...idle].sort((a, b) => a - b)) callNext(desk, now)
  }
  return [...visits.values()]
}

/** What a run of booked days shows, minutes. */
export interface BookedDayFigures {
  days: number
  booked: number
  walkIns: number
  /** Share of booked citizens called by `bookingLateMinutes` after their slot. */
  bookedOnTime: number
  /** Days on which every booked citizen, and on which at least 95% of them, were called on time. */
  daysAllOnTime: number
  days95OnTime: number
  /** How long after the slot's start booked citizens were called (0 when called before it). */
  bookedLate: { p50: number; p90: number; p95: number; p99: number; max: number }
  walkInMeanWait: number
  walkInP90Wait: number
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0
const round2 = (x: number) => Math.round(x * 100) / 100

export function simulateBookedDays(overrides: Partial<BookedDayOptions> = {}): BookedDayFigures {
  const options = { ...BOOKED_DAY_DEFAULTS, ...overrides }
  const centre = new Centre(bookedCentreConfig(options))
  const rng = mulberry32(seedFor(options.seed, `booked-${options.shape}`))
  const lateLimit = centre.config.policy.bookingLateMinutes
  const late: number[] = []
  const walkInWaits: number[] = []
  let daysAll = 0
  let days95 = 0
  for (let day = 0; day < options.days; day++) {
    const visits = simulateDay(centre, options, day, rng)
    let booked = 0
    let onTime = 0
    for (const visit of visits) {
      if (visit.calledAt === null) throw new Error(`a citizen was never called on day ${day}`)
      if (visit.bookedFor === null) {
        walkInWaits.push((visit.calledAt - visit.arrivedAt) / MINUTE)
        continue
      }
      const minutes = Math.max(0, (visit.calledAt - visit.bookedFor) / MINUTE)
      late.push(minutes)
      booked++
      if (minutes <= lateLimit) onTime++
    }
    if (onTime === booked) daysAll++
    if (onTime >= 0.95 * booked) days95++
  }
  late.sort((a, b) => a - b)
  walkInWaits.sort((a, b) => a - b)
  return {
    days: options.days,
    booked: late.length,
    walkIns: walkInWaits.length,
    bookedOnTime: round2(late.filter((m) => m <= lateLimit).length / late.length),
    daysAllOnTime: daysAll,
    days95OnTime: days95,
    bookedLate: {
      p50: round2(quantile(late, 0.5)),
      p90: round2(quantile(late, 0.9)),
      p95: round2(quantile(late, 0.95)),
      p99: round2(quantile(late, 0.99)),
      max: round2(late.at(-1) ?? 0),
    },
    walkInMeanWait: round2(walkInWaits.reduce((sum, w) => sum + w, 0) / (walkInWaits.length || 1)),
    walkInP90Wait: round2(quantile(walkInWaits, 0.9)),
  }
}
