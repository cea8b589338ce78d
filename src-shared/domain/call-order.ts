/**
 * The waiting tickets of a desk's services in the order call-next would take them, if nothing changed:
 * `pickNext` asked again and again, each pick taken out of the queues and counted in the desk's streak
 * of booked/priority calls, as `ticket:called` would. Bookings whose holders were told to come back
 * later (not callable now) follow, by rank. O(waiting²) over these services: a window's queue, on a face.
 */
import { pickNext, type PickInput } from './queue-index'
import type { CentreState, Ticket } from './types'

export function callOrder(state: CentreState, serviceIds: readonly string[], input: PickInput): Ticket[] {
  const ids = [...new Set(serviceIds)]
  const queues: Record<string, string[]> = {}
  for (const id of ids) queues[id] = [...(state.queues[id] ?? [])]
  const order: Ticket[] = []
  let streak = input.streak
  for (;;) {
    // A fresh state object each round, so the pick reads an index of the queues as they now are.
    const choice = pickNext({ ...state, queues: { ...queues } }, ids, { ...input, streak })
    if (!choice) break
    order.push(choice.ticket)
    for (const queue of Object.values(queues)) {
      const at = queue.indexOf(choice.ticket.id)
      if (at >= 0) queue.splice(at, 1)
    }
    streak = choice.reason === 'booking' || choice.reason === 'priority' ? streak + 1 : 0
  }
  const later: Ticket[] = []
  for (const queue of Object.values(queues))
    for (const id of queue) {
      const ticket = state.tickets[id]
      if (ticket) later.push(ticket)
    }
  return [...order, ...later.sort((a, b) => a.rank - b.rank || a.issuedAt - b.issuedAt)]
}
