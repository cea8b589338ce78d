/**
 * What a command's ack says besides `ok` and `seq`: the ticket a kiosk prints (after `ticket:issue` or a
 * booking's check-in), the ticket a desk called, the ids a kiosk needs next, the booking its maker made;
 * and a refusal's ack (`errorAck`).
 */
import type { CentreConfig } from '../../src-shared/config'
import {
  estimateWait,
  expectedEstimate,
  localTime,
  type CentreState,
  type Command,
  type EventEnvelope,
  type RefusalDetails,
} from '../../src-shared/domain'
import {
  publicTicket,
  waitFields,
  type AckError,
  type IssuedTicket,
  type PublicTicket,
} from '../../src-shared/protocol'

/** A ticket called the moment it was issued (a walk-in at the window): nobody ahead, no wait. */
const AT_THE_WINDOW = { ahead: 0, windows: 1, minutes: 0, low: null, high: null } as const

export function ackExtras(
  state: CentreState,
  config: CentreConfig,
  categoryRanks: Readonly<Record<string, number>>,
  command: Command,
  applied: readonly EventEnvelope[],
  now: number,
): object {
  const last = applied[applied.length - 1]
  // A check-in issues the booked ticket: the kiosk prints it as any other.
  // So does a remote ticket's: waiting from now on at its place.
  const issuedTicket =
    (command.type === 'booking:check-in' || command.type === 'booking:walk-in') &&
    (last?.type === 'booking:checked-in' || last?.type === 'ticket:checked-in')
      ? last.ticketId
      : (command.type === 'ticket:issue' && last?.type === 'ticket:issued') ||
          (command.type === 'ticket:join' && last?.type === 'ticket:joined')
        ? last.ticketId
        : // A walk-in's ticket issued and called at the window in one command: the call is last.
          command.type === 'ticket:issue' && applied[0]?.type === 'ticket:issued'
          ? applied[0].ticketId
          : null
  if (issuedTicket !== null) {
    const ticket = state.tickets[issuedTicket]!
    // Just issued (or joined from home: expected), so the estimate is there.
    const estimate =
      ticket.status === 'expected'
        ? expectedEstimate(state, config, ticket.id, now, categoryRanks)!
        : (estimateWait(state, config, ticket.id, now, categoryRanks) ?? AT_THE_WINDOW)
    const issued: IssuedTicket = {
      id: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      categoryId: ticket.categoryId,
      issuedAt: ticket.issuedAt,
      ...waitFields(estimate),
      trackToken: ticket.trackToken ?? '',
    }
    // The code that checks a remote ticket in at the kiosk: its holder's, as a booking's is.
    return ticket.status === 'expected' ? { ticket: issued, code: ticket.remote!.code } : { ticket: issued }
  }
  if (
    (command.type === 'ticket:call-next' || command.type === 'ticket:call') &&
    last?.type === 'ticket:called'
  ) {
    const ticket: PublicTicket = publicTicket(state.tickets[last.ticketId]!)
    return { ticket }
  }
  if (command.type === 'selfservice:start' && last?.type === 'selfservice:started') {
    return { sessionId: last.sessionId }
  }
  if (command.type === 'help:request' && last?.type === 'help:requested') return { helpId: last.helpId }
  // The booking as its maker sees it: id, code (what the citizen shows at the kiosk), slot.
  const made = applied.findLast((event) => event.type === 'booking:made')
  if (made?.type === 'booking:made') {
    const { bookingId, code, serviceId, slotStart, slotEnd, day } = made
    const clock = localTime(slotStart, config.centre.timeZone).clock
    return { booking: { id: bookingId, code, serviceId, slotStart, slotEnd, day, localTime: clock } }
  }
  return {}
}

/** A refusal's ack; `details` (a domain refusal's, see `RefusalDetails`) only when there are any. */
export function errorAck(
  code: AckError['error']['code'],
  message: string,
  details?: RefusalDetails,
): AckError {
  return { ok: false, error: details ? { code, message, details } : { code, message } }
}
