/**
 * decide for a desk's day: open (for oneself, or a supervisor for someone), pause, resume and close.
 * One entry point, `decideDesk`; messages to a desk and device reports are supervisor-acts.ts's.
 */
import { isManager, staffIdOf } from './actors'
import type { DecideContext } from './decide'
import { deskStatusError, numberOf, ownDesk } from './decide-guards'
import { DESK_ROLES } from './desks'
import { pausedFact } from './desk-work'
import { DomainError } from './errors'
import { deskAct } from './supervisor-acts'
import type { CentreState, CommandOf, DomainEvent } from './types'

/** The commands that open, pause, resume and close a desk. */
export type DeskCommand = CommandOf<'desk:open' | 'desk:pause' | 'desk:resume' | 'desk:close'>

export function decideDesk(state: CentreState, command: DeskCommand, ctx: DecideContext): DomainEvent[] {
  switch (command.type) {
    case 'desk:open':
      return openDesk(state, command, ctx)
    case 'desk:pause': {
      const desk = ownDesk(state, command.deskId, ctx)
      if (desk.status !== 'open') throw deskStatusError(desk, 'pause')
      if (desk.ticketId)
        throw new DomainError('desk_busy', `finish ticket ${numberOf(state, desk)} before pausing`)
      const act = deskAct(desk, ctx.actor, command.reason)
      // A supervisor pausing someone else's desk says why in their own words (`by` names them); the
      // desk's consultant picks one of the centre's pause reasons.
      if (act.by) return [{ type: 'desk:paused', deskId: desk.id, ...act }]
      return [pausedFact(ctx.config, desk.id, command.reason)]
    }
    case 'desk:resume': {
      const desk = ownDesk(state, command.deskId, ctx)
      if (desk.status !== 'paused')
        throw new DomainError('invalid_transition', `desk ${desk.id} is not paused`)
      return [{ type: 'desk:resumed', deskId: desk.id }]
    }
    case 'desk:close': {
      const desk = ownDesk(state, command.deskId, ctx)
      if (desk.status === 'closed') throw new DomainError('desk_closed', `desk ${desk.id} is already closed`)
      if (desk.ticketId)
        throw new DomainError('desk_busy', `finish ticket ${numberOf(state, desk)} before closing`)
      return [{ type: 'desk:closed', deskId: desk.id }]
    }
  }
}

function openDesk(state: CentreState, command: CommandOf<'desk:open'>, ctx: DecideContext): DomainEvent[] {
  const configured = ctx.config.desks.find((d) => d.id === command.deskId)
  if (!configured) throw new DomainError('unknown_desk', `no desk "${command.deskId}" in this centre`)
  const staffId = deskStaffOf(command, ctx)
  const current = state.desks[configured.id]
  if (current && current.status !== 'closed' && current.staffId !== staffId) {
    throw new DomainError('desk_taken', `desk ${configured.label} is already open for another consultant`)
  }
  const serviceIds = command.serviceIds ?? configured.serviceIds
  if (serviceIds.length === 0)
    throw new DomainError('invalid_payload', 'choose at least one service for the desk')
  for (const serviceId of serviceIds) {
    if (!ctx.config.services.some((s) => s.id === serviceId)) {
      throw new DomainError('unknown_service', `no service "${serviceId}" in this centre`)
    }
  }
  const events: DomainEvent[] = []
  // One desk per consultant: moving to another window closes the previous one, if nothing is in hand.
  if (staffId !== null) {
    for (const other of Object.values(state.desks)) {
      if (other.id === configured.id || other.staffId !== staffId || other.status === 'closed') continue
      if (other.ticketId) {
        throw new DomainError(
          'desk_busy',
          `finish ticket ${numberOf(state, other)} at desk ${other.id} first`,
        )
      }
      events.push({ type: 'desk:closed', deskId: other.id })
    }
  }
  const by = staffIdOf(ctx.actor)
  const reason = command.reason?.trim()
  events.push({
    type: 'desk:opened',
    deskId: configured.id,
    staffId,
    serviceIds: [...new Set(serviceIds)],
    ...(by !== null && by !== staffId ? { by, ...(reason ? { reason } : {}) } : {}),
  })
  return events
}

/**
 * Whom a desk opens for: the sender, or the staff member a supervisor names (to staff a window for a
 * queue nobody serves, or to give an open one another service). They must be staff who work at desks.
 */
function deskStaffOf(command: CommandOf<'desk:open'>, ctx: DecideContext): string | null {
  const own = staffIdOf(ctx.actor)
  if (command.staffId === undefined || command.staffId === own) return own
  if (!isManager(ctx.actor))
    throw new DomainError('forbidden', 'only a supervisor may open a desk for someone else')
  const member = ctx.config.staff.find((s) => s.id === command.staffId)
  if (!member || !member.roles.some((role) => DESK_ROLES.includes(role)))
    throw new DomainError('unknown_staff', `no staff member "${command.staffId}" who works at a desk`)
  return member.id
}
