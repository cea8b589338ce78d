/**
 * The notifications the bot in its own process sends for the hub (`telegram/relay.ts`): it asks with a
 * long poll, sends each message through Telegram, and reports it sent or refused. A message not reported
 * is handed out again after 30 s, so a bot process that died loses nothing.
 *
 * - `GET /telegram/outbox?waitSeconds=25`: up to 20 messages (chat id and text), waiting up to
 *   `waitSeconds` for one;
 * - `PUT /telegram/outbox/{id}`: `{ "sent": true }`, or `{ "sent": false, "reason": "…" }` (the outbox
 *   retries with its backoff, and staff see the reason).
 */
import { z } from 'zod'
import { actionRoute, readRoute, RouteRefusal, type RouteContext } from './route'
import { botSide } from './telegram'

const outboxRoute = readRoute({
  method: 'GET',
  path: '/telegram/outbox',
  scope: 'telegram',
  operationId: 'telegramOutbox',
  summary: 'Messages for the bot to send (a long poll)',
  description:
    'Up to 20 notifications to send to chats, waiting up to `waitSeconds` (default 0) for one. Report ' +
    'each with `PUT /telegram/outbox/{id}`; one not reported within 30 s is handed out again.',
  tag: 'telegram',
  query: z
    .object({
      waitSeconds: z
        .string()
        .regex(/^\d{1,2}$/, 'must be whole seconds, 0–50')
        .transform(Number)
        .refine((seconds) => seconds <= 50, 'must be whole seconds, 0–50')
        .optional(),
    })
    .strict(),
  response: {
    status: 200,
    description: 'The messages (none when none came in time).',
    schema: z
      .object({
        messages: z.array(
          z
            .object({
              id: z.string(),
              chatId: z.string().meta({ description: "The chat's Telegram id." }),
              text: z.string(),
            })
            .strict(),
        ),
      })
      .strict()
      .meta({ id: 'TelegramOutbox' }),
  },
  handle: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    return { messages: await side.relay.take((context.query.waitSeconds ?? 0) * 1000) }
  },
})

const reportRoute = actionRoute({
  method: 'PUT',
  path: '/telegram/outbox/{id}',
  scope: 'telegram',
  operationId: 'telegramReport',
  summary: 'Report a message sent, or refused by Telegram',
  description: 'A message no longer waiting (reported before, or failed after 2 minutes) is `not_found`.',
  tag: 'telegram',
  params: z.object({ id: z.uuid() }).strict(),
  body: z.discriminatedUnion('sent', [
    z.object({ sent: z.literal(true) }).strict(),
    z.object({ sent: z.literal(false), reason: z.string().min(1).max(300) }).strict(),
  ]),
  response: { status: 204, description: 'Recorded.', schema: z.null() },
  refusals: { not_found: 404 },
  act: (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    if (!side.relay.report(context.params.id, context.body))
      return context.refuse('not_found', `no message ${context.params.id} waits for a report`)
    return null
  },
})

export const TELEGRAM_OUTBOX_ROUTES = [outboxRoute, reportRoute] as const
