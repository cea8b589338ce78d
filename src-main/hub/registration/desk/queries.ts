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

type QueryType = 'registration:settings' | 'registration:status' | 'binding:find'

const QUERIES: { [T in QueryType]: (ctx: DeskContext, actor: DeskActor, fields: Payload<T>) => Answer<T> } = {
  'registration:settings': settings,
  'registration:status': status,
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
): Answer<T> {
  if (!isQueryType(type)) refuse('unknown_command', `the registration desk has no query "${type}"`)
  const answer = QUERIES[type] as (ctx: DeskContext, actor: DeskActor, fields: Payload<T>) => Answer<T>
  return answer(ctx, actor, fields)
}

function settings(ctx: DeskContext): Answer<'registration:settings'> {
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

function status(
  ctx: DeskContext,
  _actor: DeskActor,
  fields: Payload<'registration:status'>,
): Answer<'registration:status'> {
  const row = challenge(ctx, fields.registrationId)
  const binding = row.bindingId ? ctx.store.getBinding(row.bindingId) : undefined
  return {
    ok: true,
    registration: registrationView(ctx, row, ctx.now()),
    binding: binding ? bindingView(ctx, binding) : null,
  }
}

/** The IIN's bindings, masked; every lookup is audited as a view, a lookup that finds none too. */
function findBindings(
  ctx: DeskContext,
  actor: DeskActor,
  fields: Payload<'binding:find'>,
): Answer<'binding:find'> {
  const { deskId } = fields
  checkDesk(ctx, actor, deskId)
  const iin = checkIin(fields.iin)
  if (!iin.ok) refuse('iin_invalid', `IIN: ${iin.message}`)
  const rows = ctx.store.bindingsForIin(iin.iin)
  const now = ctx.now()
  ctx.store.transaction(() => {
    if (rows.length === 0) {
      audit(ctx, actor, deskId, 'view', {
        registrationId: null,
        bindingId: null,
        newValue: maskIin(iin.iin),
        detail: 'lookup: no binding',
        at: now,
      })
    }
    for (const row of rows) {
      audit(ctx, actor, deskId, 'view', {
        registrationId: null,
        bindingId: row.id,
        newValue: masked(row.iinMasked, row.phoneMasked),
        detail: 'lookup by IIN',
        at: now,
      })
    }
  })
  return { ok: true, bindings: rows.map((row) => bindingView(ctx, row)) }
}
