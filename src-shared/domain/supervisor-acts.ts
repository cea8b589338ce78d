/**
 * The supervisor's acts on the floor (issue 16): the rules that say when an act on a ticket or a desk is
 * a supervisor's (recorded with `by`, and with a reason where it changes a citizen's ticket), moving a
 * waiting ticket forward, messages to a consultant's screen, and the kiosks' printer reports.
 *
 * Which roles may send these commands is `COMMAND_ROLES`; here is what depends on the state.
 */
import { isManager, staffIdOf } from './actors'
import type { DecideContext } from './decide'
import { DomainError } from './errors'
import type { Actor, CentreState, CommandOf, Desk, DomainEvent, EventEnvelope, Ticket } from './types'

/** Longest reason a supervisor may give for an act. */
export const MAX_REASON_LENGTH = 200
/** Longest message to a consultant's screen. */
export const MAX_MESSAGE_LENGTH = 200

/** Who acted and why, as a supervisor's act records it. Empty: not a supervisor's act. */
export type ActMark = { by: string; reason?: string } | Record<string, never>

/**
 * A ticket act is a supervisor's when a supervisor or an administrator acts on a ticket that is not in
 * hand at their own desk. Then the reason is required (it changes a citizen's ticket) and recorded
 * with `by`; a consultant at their own window gives none.
 */
export function ticketAct(state: CentreState, ticket: Ticket, actor: Actor, reason: unknown): ActMark {
  if (actor.kind !== 'staff' || !isManager(actor)) return {}
  const desk = ticket.deskId ? state.desks[ticket.deskId] : undefined
  if (desk && desk.staffId === actor.staffId && ticket.status !== 'waiting') return {}
  return { by: actor.staffId, reason: requiredReason(reason, `ticket ${ticket.number}`) }
}

/**
 * A desk act is a supervisor's when the desk is someone else's. The reason is optional (the desk's
 * consultant is told either way), recorded when given.
 */
export function deskAct(desk: Desk, actor: Actor, reason: string | null | undefined): ActMark {
  const by = staffIdOf(actor)
  if (by === null || desk.staffId === by) return {}
  const text = reason?.trim()
  return text ? { by, reason: text } : { by }
}

function requiredReason(reason: unknown, what: string): string {
  const text = typeof reason === 'string' ? reason.trim() : ''
  if (!text) {
    throw new DomainError(
      'reason_required',
      `say why: a supervisor's act on ${what} is recorded with its reason and shown to the consultant`,
    )
  }
  return text
}

/**
 * Moves a waiting ticket to the front of its line (before everyone waiting for its service) and/or
 * into a priority category (null: none). The call-next policy still decides between lines (bookings due,
 * categories by rank), so "front" is the front of the ticket's own line.
 */
export function prioritise(
  state: CentreState,
  command: CommandOf<'ticket:prioritise'>,
  ctx: Pick<DecideContext, 'actor' | 'config'>,
): DomainEvent[] {
  const by = staffIdOf(ctx.actor)
  if (by === null || !isManager(ctx.actor))
    throw new DomainError('forbidden', 'only a supervisor may move a ticket forward')
  const ticket = state.tickets[command.ticketId]
  if (!ticket) throw new DomainError('unknown_ticket', `no ticket "${command.ticketId}" today`)
  if (ticket.status !== 'waiting') {
    throw new DomainError(
      'invalid_transition',
      `cannot move ticket ${ticket.number} forward: it is ${ticket.status}`,
    )
  }
  const categoryId = command.categoryId === undefined ? ticket.categoryId : command.categoryId
  if (categoryId !== null && !ctx.config.priorityCategories.some((c) => c.id === categoryId))
    throw new DomainError('unknown_category', `no priority category "${categoryId}" in this centre`)
  if (!command.front && categoryId === ticket.categoryId) {
    throw new DomainError(
      'invalid_payload',
      `ticket ${ticket.number} would not move: say "front" or give another priority category`,
    )
  }
  const reason = requiredReason(command.reason, `ticket ${ticket.number}`)
  let rank = ticket.rank
  if (command.front) {
    const queue = state.queues[ticket.serviceId] ?? []
    for (const id of queue) {
      const other = state.tickets[id]
      if (other && id !== ticket.id) rank = Math.min(rank, other.rank - 1)
    }
  }
  return [{ type: 'ticket:prioritised', ticketId: ticket.id, categoryId, rank, by, reason }]
}

/**
 * Closes someone's open (or paused) desk at once, for a consultant who left the floor or whose login was
 * disabled (the admin path, `StaffAdmin`): a ticket called or being served there goes back to its queue
 * at its own place (its rank; it was called first, so it is called first again), then the desk closes.
 * Both facts carry `by`, so the supervisor's audit and the consultant's screen say who did it.
 */
export function releaseDesk(
  state: CentreState,
  command: CommandOf<'desk:release'>,
  ctx: Pick<DecideContext, 'actor' | 'config'>,
): DomainEvent[] {
  const by = staffIdOf(ctx.actor)
  if (by === null || !isManager(ctx.actor))
    throw new DomainError('forbidden', "only a supervisor may close someone else's window")
  if (!ctx.config.desks.some((d) => d.id === command.deskId))
    throw new DomainError('unknown_desk', `no desk "${command.deskId}" in this centre`)
  const desk = state.desks[command.deskId]
  if (!desk || desk.status === 'closed')
    throw new DomainError('desk_closed', `desk ${command.deskId} is already closed`)
  const text = command.reason?.trim()
  const act = text ? { by, reason: text } : { by }
  const events: DomainEvent[] = []
  const ticket = desk.ticketId ? state.tickets[desk.ticketId] : undefined
  if (ticket && (ticket.status === 'called' || ticket.status === 'serving'))
    events.push({ type: 'ticket:postponed', ticketId: ticket.id, rank: ticket.rank, ...act })
  events.push({ type: 'desk:closed', deskId: desk.id, ...act })
  return events
}

/** A supervisor's message to the consultant at an open (or paused) desk. */
export function messageDesk(
  state: CentreState,
  command: CommandOf<'desk:message'>,
  ctx: Pick<DecideContext, 'actor' | 'config' | 'newId'>,
): DomainEvent[] {
  const by = staffIdOf(ctx.actor)
  if (by === null || !isManager(ctx.actor))
    throw new DomainError('forbidden', "only a supervisor may write to a consultant's screen")
  if (!ctx.config.desks.some((d) => d.id === command.deskId))
    throw new DomainError('unknown_desk', `no desk "${command.deskId}" in this centre`)
  const desk = state.desks[command.deskId]
  if (!desk || desk.status === 'closed' || desk.staffId === null)
    throw new DomainError('desk_closed', `desk ${command.deskId} is not open: nobody would read it`)
  const text = command.text.trim()
  if (!text) throw new DomainError('invalid_payload', 'write a message')
  if (text.length > MAX_MESSAGE_LENGTH)
    throw new DomainError('invalid_payload', `a message is at most ${MAX_MESSAGE_LENGTH} characters`)
  return [
    { type: 'staff:messaged', messageId: ctx.newId(), deskId: desk.id, staffId: desk.staffId, text, by },
  ]
}

/** The consultant a message is for acknowledges it (once; a second time changes nothing and says so). */
export function readMessage(
  state: CentreState,
  command: CommandOf<'desk:message-read'>,
  ctx: Pick<DecideContext, 'actor'>,
): DomainEvent[] {
  const message = state.messages?.[command.messageId]
  if (!message) throw new DomainError('unknown_message', `no message "${command.messageId}" today`)
  const staffId = staffIdOf(ctx.actor)
  if (staffId !== message.staffId)
    throw new DomainError('forbidden', 'only the consultant it was written to may mark it read')
  if (message.readAt !== null)
    throw new DomainError('invalid_transition', 'this message was already marked read')
  return [{ type: 'staff:message-read', messageId: message.id, staffId }]
}

/** A kiosk's printer report: recorded only when the state changes, so a shell may report often. */
export function reportDevice(
  state: CentreState,
  command: CommandOf<'device:report'>,
  ctx: Pick<DecideContext, 'actor'>,
): DomainEvent[] {
  if (ctx.actor.kind !== 'device' || ctx.actor.deviceKind !== 'kiosk')
    throw new DomainError('forbidden', 'only a kiosk reports its printer')
  const deviceId = ctx.actor.deviceId
  if (state.devices?.[deviceId]?.printer === command.printer) return []
  return [{ type: 'device:reported', deviceId, printer: command.printer }]
}

/** Applies the facts of this module that `evolve` does not handle with the queue itself. */
export function evolveFloorNotes(
  state: CentreState,
  event: EventEnvelope<
    Extract<DomainEvent, { type: 'staff:messaged' | 'staff:message-read' | 'device:reported' }>
  >,
): void {
  switch (event.type) {
    case 'staff:messaged':
      ;(state.messages ??= {})[event.messageId] = {
        id: event.messageId,
        deskId: event.deskId,
        staffId: event.staffId,
        text: event.text,
        by: event.by,
        sentAt: event.at,
        readAt: null,
      }
      break
    case 'staff:message-read': {
      const message = state.messages?.[event.messageId]
      if (!message) throw new Error(`event ${event.seq} names unknown message ${event.messageId}`)
      message.readAt = event.at
      break
    }
    case 'device:reported':
      ;(state.devices ??= {})[event.deviceId] = { printer: event.printer, at: event.at }
      break
  }
}
