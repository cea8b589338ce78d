/**
 * The desk's queries: answered afresh each time, never stored; they change nothing but the audit log
 * (`binding:find` is a view of personal data). A query the desk has no answer for is refused.
 */
import { checkIin, maskIin } from '../../../../src-shared/kz/iin'
import type { RegistrationCommandType, RegistrationSettings } from '../../../../src-shared/protocol'
import { audit } from './audit'
import { challenge, checkDesk } from './checks'
import { masked, refuse, type Answer, type DeskActor, type DeskContext, type Payload } from './context'
import { bindingView, registrationView } from './views'

type QueryType = 'registration:settings' | 'registration:status' | 'registration:open' | 'binding:find'

type Query<T extends QueryType> = (
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<T>,
) => Promise<Answer<T>>

const QUERIES: { [T in QueryType]: Query<T> } = {
  'registration:settings': settings,
  'registration:status': status,
  'registration:open': open,
  'binding:find': findBindings,
}

function isQueryType(type: string): type is QueryType {
  return Object.hasOwn(QUERIES, type)
}

export function query<T extends RegistrationCommandType>(
  ctx: DeskContext,
  actor: DeskActor,
  type: T,
  fields: Payload<T>,
): Promise<Answer<T>> {
  if (!isQueryType(type)) refuse('unknown_command', `the registration desk has no query "${type}"`)
  const answer = QUERIES[type] as unknown as (
    ctx: DeskContext,
    actor: DeskActor,
    fields: Payload<T>,
  ) => Promise<Answer<T>>
  return answer(ctx, actor, fields)
}

async function settings(ctx: DeskContext): Promise<Answer<'registration:settings'>> {
  const { version, kk, ru } = ctx.config.registration.consent
  const settings: RegistrationSettings = {
    consent: { version, kk, ru },
    codeDigits: ctx.rules.digits,
    codeTtlMs: ctx.rules.ttlMs,
    maxAttempts: ctx.rules.maxAttempts,
    resendAfterMs: ctx.rules.resendAfterMs,
    retentionDays: ctx.config.registration.retentionDays,
  }
  return { ok: true, ...settings }
}

async function status(
  ctx: DeskContext,
  _actor: DeskActor,
  fields: Payload<'registration:status'>,
): Promise<Answer<'registration:status'>> {
  const row = await challenge(ctx, fields.registrationId)
  const binding = row.bindingId ? await ctx.store.getBinding(row.bindingId) : undefined
  return {
    ok: true,
    registration: registrationView(ctx, row, ctx.now()),
    binding: binding ? await bindingView(ctx, binding) : null,
  }
}

/**
 * The registration still waiting for its code at the desk, for the ticket in hand: what a desk screen
 * opened afresh (the browser was closed mid-registration) picks up. Another ticket's is not shown: that
 * is another citizen.
 */
async function open(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'registration:open'>,
): Promise<Answer<'registration:open'>> {
  checkDesk(ctx, actor, fields.deskId)
  const now = ctx.now()
  const row = await ctx.store.openChallengeAtDesk(fields.deskId, now)
  const mine = row && row.ticketId === fields.ticketId ? row : undefined
  return { ok: true, registration: mine ? registrationView(ctx, mine, now) : null }
}

/** The IIN's bindings, masked; every lookup is audited as a view, a lookup that finds none too. */
async function findBindings(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'binding:find'>,
): Promise<Answer<'binding:find'>> {
  const { deskId } = fields
  checkDesk(ctx, actor, deskId)
  const iin = checkIin(fields.iin)
  if (!iin.ok) refuse('iin_invalid', `IIN: ${iin.message}`)
  const rows = await ctx.store.bindingsForIin(iin.iin)
  const now = ctx.now()
  await ctx.store.transaction((tx) => {
    if (rows.length === 0) {
      audit(tx, ctx, actor, deskId, 'view', {
        registrationId: null,
        bindingId: null,
        newValue: maskIin(iin.iin),
        detail: 'lookup: no binding',
        at: now,
      })
    }
    for (const row of rows) {
      audit(tx, ctx, actor, deskId, 'view', {
        registrationId: null,
        bindingId: row.id,
        newValue: masked(row.iinMasked, row.phoneMasked),
        detail: 'lookup by IIN',
        at: now,
      })
    }
  })
  return { ok: true, bindings: await Promise.all(rows.map((row) => bindingView(ctx, row))) }
}
