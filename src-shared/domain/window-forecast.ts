/**
 * The forecast of a group of windows (those serving one service), as the wait estimate reads it: the
 * runs of `play-forward.ts`, from the windows' tickets in hand, the services they will call next and the
 * service-time models of those services.
 *
 * The runs are a pure function of those inputs, taken at a 10-second tick of the clock, and are kept
 * under a key made of them: an issue or a call elsewhere in the hall changes the state but not the
 * runs, so the ack, the trackers and a face's list play the windows forward once per change that
 * matters, not once per event, and once for all the services the same windows serve. The seed is made
 * from the windows, so the hub and every face holding the same state get the same runs, and an estimate
 * moves only when its inputs do.
 */
import { playForward, type Group, type Runs } from './play-forward'
import { seedFor } from './random'
import { serviceTime, type ServiceTime, type ServiceTimeConfig } from './service-time'
import type { CentreState, Desk } from './types'

/** The clock's tick for the forecast: the time in hand at a window counts to within this. */
export const TICK_MS = 10_000
/** How finely the mix of services to be called is told apart (shares rounded to 1/20). */
const MIX_STEPS = 20
/** Runs kept per config before the cache starts over. */
const KEPT = 256

/** The open windows serving `serviceId` now. */
export function windowsServing(state: CentreState, serviceId: string): Desk[] {
  return Object.values(state.desks).filter((d) => d.status === 'open' && d.serviceIds.includes(serviceId))
}

export const servicesOf = (windows: readonly Desk[]) => new Set(windows.flatMap((d) => d.serviceIds))

/** The share of `serviceId`'s open windows that are among `windows`. */
export function shareOf(state: CentreState, windows: readonly Desk[], serviceId: string): number {
  const all = windowsServing(state, serviceId).length
  return windows.filter((d) => d.serviceIds.includes(serviceId)).length / Math.max(1, all)
}

export interface WindowForecast {
  runs: Runs
  /** The squared coefficient of variation of the service's own times (1 for memoryless ones). */
  cv2: number
  /** How far `now` is past the tick the runs start at, ms: to be taken off their times. */
  offsetMs: number
}

const models = new WeakMap<ServiceTimeConfig, Map<string, { fingerprint: string; model: ServiceTime }>>()
const forecasts = new WeakMap<ServiceTimeConfig, Map<string, Runs>>()

/** The forecast of `windows`, the open windows serving `serviceId`, at `now`. */
export function forecastWindows(
  state: CentreState,
  config: ServiceTimeConfig,
  serviceId: string,
  windows: readonly Desk[],
  now: number,
): WindowForecast {
  const tick = Math.floor(now / TICK_MS) * TICK_MS
  // The runs belong to the windows, not to the service asked about: every service they serve shares them.
  const group = windows.map((d) => d.id).join(',')
  const key: string[] = [group, String(tick)]
  const involved = new Set<string>([serviceId])

  const held: { serviceId: string; elapsedMs: number | null }[] = []
  for (const desk of windows) {
    const ticket = desk.ticketId === null ? undefined : state.tickets[desk.ticketId]
    if (!ticket) continue
    const elapsedMs = ticket.calledAt === null ? null : Math.max(0, tick - ticket.calledAt)
    held.push({ serviceId: ticket.serviceId, elapsedMs })
    involved.add(ticket.serviceId)
    key.push(`h:${ticket.serviceId}:${elapsedMs ?? '-'}`)
  }

  // What these windows will call: every service they serve, by how many of it wait for them.
  const waiting: { serviceId: string; count: number }[] = []
  let total = 0
  for (const id of servicesOf(windows)) {
    const count = (state.queues[id]?.length ?? 0) * shareOf(state, windows, id)
    if (count > 0) {
      waiting.push({ serviceId: id, count })
      total += count
    }
  }
  // Nobody waits: the next tickets are assumed to be of the service asked about.
  const mix = waiting.length === 0 ? [{ serviceId, weight: MIX_STEPS }] : []
  for (const { serviceId: id, count } of waiting) {
    const weight = Math.round((count / total) * MIX_STEPS)
    if (weight > 0) mix.push({ serviceId: id, weight })
  }
  if (mix.length === 0) mix.push({ serviceId: waiting[0]!.serviceId, weight: MIX_STEPS })
  for (const { serviceId: id, weight } of mix) {
    involved.add(id)
    key.push(`n:${id}:${weight}`)
  }
  for (const id of involved) key.push(`m:${id}:${fingerprint(state.serviceTimes[id])}`)

  const text = key.join('|')
  let kept = forecasts.get(config)
  if (!kept) forecasts.set(config, (kept = new Map()))
  let runs = kept.get(text)
  if (!runs) {
    const model = (id: string) => modelOf(state, config, id)
    const input: Group = {
      windows: windows.length,
      inHand: held.map((h) => ({ model: model(h.serviceId), elapsedMs: h.elapsedMs })),
      next: mix.map((m) => ({ model: model(m.serviceId), weight: m.weight })),
      // The same stream for the same windows whatever else changed: an estimate does not flicker
      // with the chance of the draws when someone else takes a ticket or the clock ticks.
      seed: seedFor(0, group),
    }
    runs = playForward(input)
    if (kept.size >= KEPT) kept.clear()
    kept.set(text, runs)
  }
  const own = modelOf(state, config, serviceId)
  return { runs, cv2: own.mean > 0 ? own.variance / own.mean ** 2 : 1, offsetMs: now - tick }
}

/** A service's recorded times told apart from others: how many, the latest, and their sum. */
function fingerprint(times: readonly number[] | undefined): string {
  if (!times || times.length === 0) return '0'
  let sum = 0
  for (const ms of times) sum += ms
  return `${times.length}:${times[times.length - 1]}:${sum}`
}

function modelOf(state: CentreState, config: ServiceTimeConfig, serviceId: string): ServiceTime {
  let byService = models.get(config)
  if (!byService) models.set(config, (byService = new Map()))
  const print = fingerprint(state.serviceTimes[serviceId])
  const found = byService.get(serviceId)
  if (found && found.fingerprint === print) return found.model
  const model = serviceTime(state.serviceTimes, config, serviceId)
  byService.set(serviceId, { fingerprint: print, model })
  return model
}
