/**
 * The centre's day change: the facts due when `centreDay` moves on (yesterday's unfinished tickets
 * closed, the new day opened). The hub applies them before it decides any command of the new day.
 */
import type { CentreConfig } from '../config'
import { bookingsCarriedOver } from './bookings'
import { centreDay } from './time'
import type { CentreState, Desk, DomainEvent, Ticket } from './types'

/** The `day:opened` fact due at `now`, if the centre's day (`centreDay`) has changed since the state's. */
export function dayChange(state: CentreState, config: CentreConfig, now: number): DomainEvent | null {
  const day = centreDay(now, config.centre)
  // Only forward: a clock stepped back over midnight must not reopen yesterday and reuse its numbers.
  if (state.day !== null && day <= state.day) return null
  // The desks stay as they are but put down their ticket (yesterday's tickets are gone); the service
  // times feed the morning's first estimates. Copies: the event must not share objects with the state.
  const desks: Record<string, Desk> = {}
  for (const [id, desk] of Object.entries(state.desks)) {
    desks[id] = { ...desk, serviceIds: [...desk.serviceIds], ticketId: null, priorityStreak: 0 }
    delete desks[id].pausedMs // the minutes paused are counted per day
  }
  const serviceTimes: Record<string, number[]> = {}
  for (const [serviceId, times] of Object.entries(state.serviceTimes)) serviceTimes[serviceId] = [...times]
  return { type: 'day:opened', day, desks, serviceTimes, bookings: bookingsCarriedOver(state, config, day) }
}

/** Ticket statuses a visit is still in: the day's end closes these. */
const UNFINISHED: ReadonlySet<Ticket['status']> = new Set(['waiting', 'called', 'serving'])

/**
 * The facts of a day change due at `now`, in order: every ticket of the old day still unfinished is
 * closed (`ticket:closed`, reason `day_ended`, so it leaves a trace, counts in that day's figures and its
 * tracker says so), then the new day opens. Empty when the day has not changed.
 */
export function dayTurnover(state: CentreState, config: CentreConfig, now: number): DomainEvent[] {
  const opened = dayChange(state, config, now)
  if (!opened) return []
  const closed: DomainEvent[] = Object.values(state.tickets)
    .filter((ticket) => UNFINISHED.has(ticket.status))
    .map((ticket) => ({ type: 'ticket:closed', ticketId: ticket.id, reason: 'day_ended' }))
  return [...closed, opened]
}
