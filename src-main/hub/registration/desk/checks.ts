/** The desk's own checks, after the hub's schema and role checks: desk, ticket, fields, binding, challenge. */
import type { Role } from '../../../../src-shared/protocol'
import type { BindingRow, ChallengeRow } from '../registration-rows'
import { refuse, type DeskActor, type DeskContext } from './context'

const STEP_IN_ROLES: readonly Role[] = ['supervisor', 'admin']

export function checkDesk(ctx: DeskContext, actor: DeskActor, deskId: string): void {
  if (!ctx.config.desks.some((d) => d.id === deskId))
    refuse('unknown_desk', `no desk ${deskId} in this centre`)
  const desk = ctx.centre().desks[deskId]
  const stepsIn = actor.roles.some((role) => STEP_IN_ROLES.includes(role))
  if (desk && desk.status !== 'closed' && desk.staffId && desk.staffId !== actor.staffId && !stepsIn) {
    refuse('not_your_desk', `desk ${deskId} is open for another staff member`)
  }
}

export function checkTicket(ctx: DeskContext, ticketId: string | null): void {
  if (ticketId !== null && !ctx.centre().tickets[ticketId]) {
    refuse('unknown_ticket', `no ticket ${ticketId} today`)
  }
}

export function checkDeskFields(
  ctx: DeskContext,
  fields: { documentChecked: boolean; consent: { accepted: boolean; textVersion?: string } },
): void {
  if (!fields.documentChecked) {
    refuse(
      'document_not_checked',
      'confirm that the citizen showed the original ID document (no copy is kept)',
    )
  }
  if (!fields.consent.accepted) {
    refuse('consent_required', "the citizen's consent to processing the IIN and phone is required")
  }
  const current = ctx.config.registration.consent.version
  if (fields.consent.textVersion !== undefined && fields.consent.textVersion !== current) {
    refuse('consent_required', `the consent text has changed (now version ${current}); show the new text`)
  }
}

export function checkActive(binding: BindingRow): void {
  if (binding.status !== 'active') refuse('binding_inactive', `binding ${binding.id} is ${binding.status}`)
  if (binding.purgedAt !== null) {
    refuse('binding_inactive', `binding ${binding.id} was erased after the retention period; register again`)
  }
}

export async function challenge(ctx: DeskContext, id: string): Promise<ChallengeRow> {
  const row = await ctx.store.getChallenge(id)
  if (!row) refuse('unknown_registration', `no registration ${id}`)
  return row
}
