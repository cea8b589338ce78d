/**
 * Joining the queue from the `/join` page, and the ticket after: see it, cancel it.
 *
 * `POST /api/join/tickets` checks, in this order, and the first that fails answers and changes nothing:
 * the body; whether the centre would take this join now (the domain's own `decideJoin` on the current
 * state, with the phone's vault id when the vault knows the number, so a full queue or a per-phone limit
 * is told before the code is spent); the notifications asked for are offered; the code went to this
 * phone; the code itself (spent now). Then the phone goes into the vault entries and `ticket:join` goes
 * to the engine as the citizen (`citizen:web`, channel `web`) with the page's request id: a retry after a
 * lost answer gets the same ticket (see `../book/codes.ts`). Consent to the ticked channels is recorded
 * once the ticket is made.
 *
 * The ticket's handle afterwards is its tracker token (`/t/<token>`), which only its holder was given:
 * `GET /api/join/tickets/{token}` and `POST …/cancel` (`ticket:cancel` as the citizen naming that one
 * ticket). A token that is no remote ticket's counts against the address, as a wrong code does.
 */
import { z } from 'zod'
import { LANGUAGES } from '../../../../src-shared/config'
import type { Ticket } from '../../../../src-shared/domain'
import { isOtpCode } from '../../../../src-shared/registration/otp'
import { ChallengeRefusal } from '../../phone-challenges'
import { joinRefusal, remoteTicketView } from '../../remote-join'
import { phone } from '../api/bookings'
import { challengeStep, CITIZEN_PRINCIPAL, requestIdField } from '../book/make'
import { parseBody, refusal, type PageAnswer, type PageRequest } from '../citizen-page'
import { checkOffered, grantTicked, notifyField } from '../notify-offer'
import { joinRefused, type JoinContext } from './context'

const joinBody = z
  .object({
    requestId: requestIdField,
    challengeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the challengeId of a code request'),
    code: z.string().refine((code) => isOtpCode(code), 'must be the 6 digits of the SMS'),
    phone,
    serviceId: z.string().min(1).max(64),
    travelMinutes: z.number().int().min(0).max(240).optional(),
    notify: notifyField,
    language: z.enum(LANGUAGES).default('kk'),
  })
  .strict()

/** The ticket as the page shows it, with its tracker's token and path. */
function joined(context: JoinContext, ticket: Ticket, language: string) {
  const token = ticket.trackToken ?? ''
  return {
    ticket: remoteTicketView(context.engine.state, context.config, ticket, context.engine.now()),
    trackToken: token,
    trackPath: `/t/${token}?lang=${language}`,
  }
}

/** `POST /api/join/tickets`: 201 `{ ticket, trackToken, trackPath }`. */
export async function joinQueue(context: JoinContext, request: PageRequest): Promise<PageAnswer> {
  const body = parseBody(joinBody, request.body)
  const { codes, engine, entries, limits } = context
  checkOffered(context, body.notify)
  const retry = await challengeStep(context, () =>
    codes.isRetry(body.challengeId, body.requestId, body.phone),
  )
  const join = { serviceId: body.serviceId, channel: 'web' as const, travelMinutes: body.travelMinutes }
  if (!retry) {
    const known = await entries.find('phone', body.phone)
    const refused = joinRefusal(engine, context.config, { ...join, phoneId: known ?? null })
    if (refused) throw joinRefused(refused.code, refused.message)
    if (!codes.sentTo(body.challengeId, body.phone))
      throw refusal(422, 'validation_failed', 'body.phone', 'the code was sent to another number')
    await challengeStep(context, () => {
      try {
        codes.spend(body.challengeId, body.code, body.requestId)
      } catch (error) {
        // A wrong code is a guess: it counts against the address as a wrong key does.
        if (error instanceof ChallengeRefusal && error.code === 'code_wrong') limits.failed(request.address)
        throw error
      }
    })
  }
  const now = engine.now()
  const phoneId = await entries.put('phone', body.phone, now)
  // Before the command: the notifier reads the consents as it follows the commit, and must find them.
  await grantTicked(context, phoneId, body.notify, now)
  const ack = await engine.submit(
    CITIZEN_PRINCIPAL,
    body.requestId,
    { kind: 'citizen', bookingId: null },
    {
      type: 'ticket:join',
      serviceId: join.serviceId,
      phoneId,
      channel: join.channel,
      ...(join.travelMinutes === undefined ? {} : { travelMinutes: join.travelMinutes }),
    },
  )
  if (!ack.ok) throw joinRefused(ack.error.code, ack.error.message)
  const ticket = engine.state.tickets[(ack as unknown as { ticket: { id: string } }).ticket.id]!
  return { status: 201, json: joined(context, ticket, body.language) }
}

/** The remote ticket the request's token names, or the 404 that says the link is not (or no longer) valid. */
function ticketOf(context: JoinContext, request: PageRequest): Ticket {
  const id = context.engine.ticketIdForToken(request.params.token!)
  const ticket = id === undefined ? undefined : context.engine.state.tickets[id]
  if (ticket?.remote) return ticket
  context.limits.failed(request.address)
  throw refusal(404, 'ticket_link_invalid', 'path.token', 'this ticket link is not valid (any more)')
}

/** `GET /api/join/tickets/{token}`: the remote ticket as it stands. */
export function viewTicket(context: JoinContext, request: PageRequest): PageAnswer {
  const ticket = ticketOf(context, request)
  const language = z.enum(LANGUAGES).catch('kk').parse(request.query.get('lang'))
  return { status: 200, json: joined(context, ticket, language) }
}

/** `POST /api/join/tickets/{token}/cancel` `{ requestId }`: the ticket leaves the queue. */
export async function cancelTicket(context: JoinContext, request: PageRequest): Promise<PageAnswer> {
  const { requestId } = parseBody(z.object({ requestId: requestIdField }).strict(), request.body)
  const ticket = ticketOf(context, request)
  const ack = await context.engine.submit(
    CITIZEN_PRINCIPAL,
    requestId,
    { kind: 'citizen', bookingId: null, ticketId: ticket.id },
    { type: 'ticket:cancel', ticketId: ticket.id },
  )
  if (!ack.ok) throw joinRefused(ack.error.code, ack.error.message)
  return { status: 200, json: { cancelled: true } }
}
