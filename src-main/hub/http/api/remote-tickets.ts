/**
 * Remote tickets through the API, for the Telegram bot in its own process (`npm run bot`), eGov Mobile
 * and others: a citizen joins today's queue from home and checks in at the kiosk with the code.
 *
 * - `POST /remote-tickets` (scope `remote:write`): join for a citizen whose phone the integration
 *   confirmed; the phone goes into the vault first, the engine gets its entry id (`ticket:join`, channel
 *   `api`); the channels in `notify` are recorded as the citizen's consent just before it is made;
 * - `GET /remote-tickets/{id}` (`remote:read`): where it stands and its wait;
 * - `DELETE /remote-tickets/{id}` (`remote:write`): cancels it (as its holder, so not once called).
 *
 * The `id` is the ticket's id signed for this integration (`signed-id.ts`): an integration sees and
 * cancels only the tickets it made, and another's id is answered as unknown.
 */
import { z } from 'zod'
import { LANGUAGES, type CentreConfig, type IntegrationConfig } from '../../../../src-shared/config'
import type { Ticket } from '../../../../src-shared/domain'
import { NOTIFY_CHANNELS } from '../../notify/contracts'
import { remoteTicketView, type RemoteTicketView } from '../../remote-join'
import { signedIdOf, signId } from '../../signed-id'
import { phone } from './bookings'
import { problem } from './problem'
import { commandRoute, readRoute, RouteRefusal, type RouteContext } from './route'

const purposeOf = (integration: IntegrationConfig) => `api:remote-ticket:${integration.id}`

const idParam = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}~[A-Za-z0-9_-]{32}$/, 'must be the id of a remote ticket this API gave'),
  })
  .strict()

const nullableMinutes = z.number().int().min(0).nullable()

export const remoteTicketSchema = z
  .object({
    id: z.string().meta({ description: 'Names the ticket in this API, for this integration only.' }),
    number: z.string().meta({ example: 'A012' }),
    serviceId: z.string(),
    status: z
      .enum([
        'expected',
        'come_now',
        'held',
        'waiting',
        'called',
        'serving',
        'done',
        'no_show',
        'cancelled',
        'lapsed',
        'closed',
      ])
      .meta({
        description:
          '`expected`: joined, not checked in; `come_now`: told to come; `held`: its turn came, kept for ' +
          "`checkInBy`; then as any ticket once checked in at the kiosk, or `lapsed`, `cancelled`, or `closed` (the centre's day ended).",
      }),
    code: z
      .string()
      .meta({ description: 'What checks it in at the kiosk (typed or scanned).', example: 'K7M42Q' }),
    trackUrl: z
      .string()
      .meta({ description: "The holder's tracker page (absolute when the centre has a publicUrl)." }),
    ahead: z.number().int().min(0).nullable().meta({ description: 'People called before it.' }),
    minutes: nullableMinutes.meta({
      description: 'Minutes until its call (the median); null: no window serves it.',
    }),
    low: nullableMinutes.meta({ description: 'The early end of the 80% range.' }),
    high: nullableMinutes.meta({ description: 'The late end of the 80% range.' }),
    checkInBy: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'While held: when it lapses unless checked in.' }),
  })
  .strict()
  .meta({ id: 'RemoteTicket' })

const ticketAnswer = z.object({ ticket: remoteTicketSchema }).strict().meta({ id: 'RemoteTicketAnswer' })

type ApiRemoteTicket = z.infer<typeof remoteTicketSchema>

function trackUrl(config: CentreConfig, token: string, language?: string): string {
  const base = config.centre.publicUrl?.replace(/\/+$/, '') ?? ''
  return `${base}/t/${token}${language ? `?lang=${language}` : ''}`
}

function shown(view: Omit<RemoteTicketView, 'windows'>, id: string, url: string): ApiRemoteTicket {
  return {
    id,
    number: view.number,
    serviceId: view.serviceId,
    status: view.status,
    code: view.code,
    trackUrl: url,
    ahead: view.ahead,
    minutes: view.minutes,
    low: view.low,
    high: view.high,
    checkInBy: view.checkInBy === null ? null : new Date(view.checkInBy).toISOString(),
  }
}

/** This integration's remote ticket the path names, or the refusal that says there is none. */
function ownTicket(context: RouteContext<unknown, unknown>): Ticket | RouteRefusal {
  const { id } = context.params as { id: string }
  const ticketId = signedIdOf(context.vault, purposeOf(context.integration), id)
  const ticket = ticketId === null ? undefined : context.engine.state.tickets[ticketId]
  return ticket?.remote
    ? ticket
    : context.refuse('unknown_ticket', `no remote ticket ${id} of this integration today`)
}

const REFUSALS = {
  remote_join_off: 409,
  remote_join_full: 409,
  remote_daily_cap: 409,
  remote_phone_limit: 409,
  no_window_serves: 409,
  centre_closed: 409,
  invalid_payload: 400,
} as const

const newRemoteTicket = z
  .object({
    serviceId: z.string().min(1).max(64),
    phone,
    travelMinutes: z.number().int().min(0).max(240).optional().meta({
      description:
        "Minutes the citizen needs to reach the centre; default the centre's `remoteQueue.travelMinutes`.",
    }),
    notify: z
      .array(z.enum(NOTIFY_CHANNELS))
      .max(NOTIFY_CHANNELS.length)
      .refine((list) => new Set(list).size === list.length, 'name each channel once')
      .optional()
      .meta({
        description: 'Channels the citizen consented to be notified by ("come now", "go to window N").',
      }),
    language: z.enum(LANGUAGES).optional().meta({ description: 'Of the tracker page the `trackUrl` opens.' }),
  })
  .strict()
  .meta({ id: 'NewRemoteTicket' })

export const joinRemoteRoute = commandRoute({
  method: 'POST',
  path: '/remote-tickets',
  scope: 'remote:write',
  operationId: 'joinRemotely',
  summary: "Join today's queue from home for a citizen",
  description:
    "Takes a place in today's queue of a service the centre lets one join from home, for a citizen whose " +
    'phone the integration confirmed. The ticket is called once its holder checks in at the kiosk with ' +
    "`code`; the phone is kept encrypted in the centre's vault, never in its log. The channels in `notify` " +
    "are recorded as the citizen's consent to be notified.",
  tag: 'remote tickets',
  body: newRemoteTicket,
  response: { status: 201, description: 'The remote ticket.', schema: ticketAnswer },
  refusals: REFUSALS,
  write: async ({ body, entries, engine, consents }) => {
    if (body.notify?.length && !consents)
      return new RouteRefusal(
        problem(400, 'validation_failed', 'this centre sends no notifications', [
          { path: 'body.notify', message: 'this centre sends no notifications' },
        ]),
      )
    const phoneId = await entries.put('phone', body.phone, engine.now())
    // Before the command: the notifier reads the consents as it follows the commit, and must find them.
    if (body.notify?.length && consents) await consents.grant(phoneId, body.notify, engine.now())
    return {
      actor: { kind: 'citizen', bookingId: null },
      command: {
        type: 'ticket:join',
        serviceId: body.serviceId,
        phoneId,
        channel: 'api',
        ...(body.travelMinutes === undefined ? {} : { travelMinutes: body.travelMinutes }),
      },
    }
  },
  answer: (ack, context) => {
    const ticket = ack.ticket as {
      id: string
      number: string
      serviceId: string
      ahead: number
      estimateMinutes: number | null
      estimateLow: number | null
      estimateHigh: number | null
      trackToken: string
    }
    const id = signId(context.vault, purposeOf(context.integration), ticket.id)
    return {
      ticket: shown(
        {
          number: ticket.number,
          serviceId: ticket.serviceId,
          status: 'expected',
          code: ack.code as string,
          ahead: ticket.ahead,
          minutes: ticket.estimateMinutes,
          low: ticket.estimateLow,
          high: ticket.estimateHigh,
          checkInBy: null,
        },
        id,
        trackUrl(context.config, ticket.trackToken, context.body.language),
      ),
    }
  },
})

export const getRemoteRoute = readRoute({
  method: 'GET',
  path: '/remote-tickets/{id}',
  scope: 'remote:read',
  operationId: 'getRemoteTicket',
  summary: 'A remote ticket, as it stands',
  description:
    'A remote ticket this integration made: its status (told to come, held, checked in, …), the people ' +
    'before it and the wait (while not checked in: as if its holder were in the hall at its place).',
  tag: 'remote tickets',
  params: idParam,
  response: { status: 200, description: 'The remote ticket.', schema: ticketAnswer },
  refusals: { unknown_ticket: 404 },
  handle: (context) => {
    const found = ownTicket(context as RouteContext<unknown, unknown>)
    if (found instanceof RouteRefusal) return found
    const { config, engine } = context
    const view = remoteTicketView(engine.state, config, found, engine.now())
    return { ticket: shown(view, context.params.id, trackUrl(config, found.trackToken ?? '')) }
  },
})

export const cancelRemoteRoute = commandRoute({
  method: 'DELETE',
  path: '/remote-tickets/{id}',
  scope: 'remote:write',
  operationId: 'cancelRemoteTicket',
  summary: 'Cancel a remote ticket',
  description:
    'Cancels a remote ticket this integration made, for its holder: before its call (expected, told to ' +
    'come, held, or waiting after check-in). Sent without a body.',
  tag: 'remote tickets',
  params: idParam,
  body: z.object({}).strict(),
  response: { status: 204, description: 'Cancelled.', schema: z.null() },
  refusals: { unknown_ticket: 404, invalid_transition: 409, forbidden: 409 },
  write: (context) => {
    const found = ownTicket(context as RouteContext<unknown, unknown>)
    if (found instanceof RouteRefusal) return found
    return {
      actor: { kind: 'citizen', bookingId: null, ticketId: found.id },
      command: { type: 'ticket:cancel', ticketId: found.id },
    }
  },
  answer: () => null,
})

export const REMOTE_TICKET_ROUTES = [joinRemoteRoute, getRemoteRoute, cancelRemoteRoute] as const
