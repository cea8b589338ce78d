/**
 * The tickets the last day change closed (`ticket:closed`, `day_ended`), kept in memory for their phone
 * trackers: the new day's state no longer holds them, yet a citizen following one must read that the
 * centre closed for the day, not that the link is wrong. Replaced at the next day change. A hub restarted
 * on the new day replays only that day's facts, so after a restart such a tracker reads as expired.
 */
import type { CentreState, DomainEvent, Ticket } from '../../src-shared/domain'

export class DayEndTickets {
  readonly #byId = new Map<string, Ticket>()
  readonly #byToken = new Map<string, string>()

  /** Before `turnover` is applied to `state`: keeps each ticket it closes, as the closing leaves it. */
  note(state: CentreState, turnover: readonly DomainEvent[], at: number): void {
    if (!turnover.some((event) => event.type === 'day:opened')) return
    this.#byId.clear()
    this.#byToken.clear()
    for (const event of turnover) {
      if (event.type !== 'ticket:closed') continue
      const ticket = state.tickets[event.ticketId]
      if (!ticket) continue
      this.#byId.set(ticket.id, { ...ticket, status: 'closed', deskId: null, finishedAt: at })
      if (ticket.trackToken) this.#byToken.set(ticket.trackToken, ticket.id)
    }
  }

  ticketIdForToken(token: string): string | undefined {
    return this.#byToken.get(token)
  }

  ticket(ticketId: string): Ticket | undefined {
    return this.#byId.get(ticketId)
  }
}
