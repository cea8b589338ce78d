/**
 * The citizens' ratings of the centre's day (`ticket:rated`), as the supervisor's live view shows them:
 * how many votes and their average, per service, per window and per consultant. A rating counts where
 * the rated ticket was served: its service, desk and consultant at the finish.
 */
import type { CentreState } from '../domain'

/** Votes and their average score (1–5, null without votes) for one service, window or consultant. */
export interface RatingGroup {
  id: string
  count: number
  average: number | null
}

export interface RatingFigures {
  total: RatingGroup
  services: RatingGroup[]
  desks: RatingGroup[]
  staff: RatingGroup[]
}

class Tally {
  readonly #sums = new Map<string, { count: number; sum: number }>()
  add(id: string, score: number): void {
    const entry = this.#sums.get(id) ?? { count: 0, sum: 0 }
    entry.count += 1
    entry.sum += score
    this.#sums.set(id, entry)
  }
  /** Groups in the order given (`order`), then any others by id. */
  groups(order: readonly string[] = []): RatingGroup[] {
    const rank = new Map(order.map((id, index) => [id, index]))
    return [...this.#sums.entries()]
      .map(([id, { count, sum }]) => ({ id, count, average: count > 0 ? sum / count : null }))
      .sort(
        (a, b) =>
          (rank.get(a.id) ?? order.length) - (rank.get(b.id) ?? order.length) || a.id.localeCompare(b.id),
      )
  }
}

/** Today's ratings, grouped; `order` lists services and desks as the config does. */
export function ratingFigures(
  state: Pick<CentreState, 'tickets'>,
  order: { services?: readonly string[]; desks?: readonly string[] } = {},
): RatingFigures {
  const services = new Tally()
  const desks = new Tally()
  const staff = new Tally()
  let count = 0
  let sum = 0
  for (const ticket of Object.values(state.tickets)) {
    const rating = ticket.rating
    if (!rating) continue
    count += 1
    sum += rating.score
    services.add(ticket.serviceId, rating.score)
    if (ticket.deskId) desks.add(ticket.deskId, rating.score)
    if (ticket.staffId) staff.add(ticket.staffId, rating.score)
  }
  return {
    total: { id: 'total', count, average: count > 0 ? sum / count : null },
    services: services.groups(order.services),
    desks: desks.groups(order.desks),
    staff: staff.groups(),
  }
}
