/**
 * decide(state, command, ctx) -> events: the centre's rules, as one pure function.
 *
 * It reads the state and never changes it; the clock, ids and tokens come from `ctx`, so a test can
 * replay any situation exactly. A command the state does not allow throws a `DomainError` with a
 * stable code. Which roles may send which command is checked before this (`COMMAND_ROLES` in protocol/commands.ts);
 * here we check what depends on the state, such as whose desk it is.
 *
 * This file dispatches; each command family decides in its own module (ticket-commands.ts,
 * desk-commands.ts, supervisor-acts.ts, self-service.ts, bookings.ts, remote-queue.ts, …), with the
 * checks they share in decide-guards.ts.
 */
import type { CentreConfig } from '../config'
import { DomainError } from './errors'
import { decideBooking } from './bookings'
import { decideWalkIn } from './booking-walk-in'
import { dayChange } from './day-turnover'
import { decideDesk } from './desk-commands'
import { decideJoin, sweepRemote } from './remote-queue'
import { decideRate } from './rating'
import { decideSelfService } from './self-service'
import { decideTicket } from './ticket-commands'
import { decideUndo } from './undo'
import { messageDesk, prioritise, readMessage, releaseDesk, reportDevice } from './supervisor-acts'
import type { Actor, CentreState, Command, DomainEvent } from './types'

export interface DecideContext {
  now: number
  config: CentreConfig
  actor: Actor
  /** A new unique ticket id. */
  newId(): string
  /** A new unguessable token (for the phone tracker). */
  newToken(): string
}

export { formatNumber, NUMBER_WIDTH } from './ticket-number'
export { dayChange, dayTurnover } from './day-turnover'

export function decide(state: CentreState, command: Command, ctx: DecideContext): DomainEvent[] {
  if (dayChange(state, ctx.config, ctx.now)) {
    // The caller applies `dayChange` first; deciding against yesterday would reuse its numbers.
    throw new Error('decide called on a state of another day; apply dayChange first')
  }
  switch (command.type) {
    case 'ticket:issue':
    case 'ticket:call-next':
    case 'ticket:call':
    case 'ticket:recall':
    case 'ticket:start':
    case 'ticket:finish':
    case 'ticket:no-show':
    case 'ticket:transfer':
    case 'ticket:postpone':
    case 'ticket:cancel':
      return decideTicket(state, command, ctx)
    case 'ticket:rate':
      return decideRate(state, command, ctx)
    case 'ticket:prioritise':
      return prioritise(state, command, ctx)
    case 'ticket:undo':
      return decideUndo(state, command, ctx)
    case 'desk:open':
    case 'desk:pause':
    case 'desk:resume':
    case 'desk:close':
      return decideDesk(state, command, ctx)
    case 'desk:release':
      return releaseDesk(state, command, ctx)
    case 'desk:message':
      return messageDesk(state, command, ctx)
    case 'desk:message-read':
      return readMessage(state, command, ctx)
    case 'device:report':
      return reportDevice(state, command, ctx)
    case 'selfservice:start':
    case 'selfservice:step':
    case 'selfservice:finish':
    case 'help:request':
    case 'help:cancel':
    case 'help:accept':
    case 'help:resolve':
      return decideSelfService(state, command, ctx)
    case 'booking:make':
    case 'booking:cancel':
    case 'booking:reschedule':
    case 'booking:check-in':
    case 'booking:lapse':
      return decideBooking(state, command, ctx)
    case 'booking:walk-in':
      return decideWalkIn(state, command, ctx)
    case 'ticket:join':
      return decideJoin(state, command, ctx)
    case 'ticket:remote-sweep':
      return sweepRemote(state, ctx.config, ctx.now)
    default: {
      const unknown: never = command
      throw new DomainError('unknown_command', `unknown command ${(unknown as { type: string }).type}`)
    }
  }
}
