/**
 * The Telegram bot in its own process (`npm run bot`) talks to the hub here, with a key of scope
 * `telegram`: what the bot in the hub asks of `LocalBotHub` directly, as routes. A chat is named by its
 * Telegram id in the path; the hub keeps it only as a vault entry, and never tells the bot the phone.
 *
 * - `GET /telegram/settings`, `GET /telegram/services`: the centre as the bot words it, and the services
 *   one may join from home now with their waits;
 * - `GET /telegram/chats/{chatId}`: whether the chat is linked (and in which language);
 * - `POST …/code`, `PUT …/link`: a one-time code by SMS to the phone the chat shared, and the code
 *   typed, which links the chat to the phone;
 * - `PATCH /telegram/chats/{chatId}` (language), `PUT …/consent` (to be notified in Telegram);
 * - `GET …/holdings`: the phone's remote tickets of today and bookings to come.
 * Joining and cancelling are engine commands (`telegram-queue.ts`); the notifications the bot sends for
 * the hub are `telegram-outbox.ts`.
 */
import { z } from 'zod'
import { LANGUAGES, type LocalizedText } from '../../../../src-shared/config'
import { CodeRefusal } from '../../telegram/bot-hub'
import { phone } from './bookings'
import { actionRoute, readRoute, RouteRefusal, type RouteContext } from './route'
import { apiServiceSchema } from './services'

export const chatParam = z
  .object({
    chatId: z
      .string()
      .regex(/^[1-9]\d{0,15}$/, "must be a private chat's id (a positive whole number)")
      .transform(Number),
  })
  .strict()

const localizedSchema = apiServiceSchema.shape.name

function localized(name: LocalizedText): z.infer<typeof localizedSchema> {
  return { kk: name.kk, ru: name.ru, en: name.en ?? name.ru }
}

const waitSchema = z
  .object({
    ahead: z.number().int().min(0),
    windows: z.number().int().min(0),
    estimateMinutes: z.number().int().min(0).nullable(),
    estimateLow: z.number().int().min(0).nullable(),
    estimateHigh: z.number().int().min(0).nullable(),
  })
  .strict()
  .meta({ id: 'TelegramWait', description: 'The wait a newcomer gets: people ahead, windows, minutes.' })

/** The hub's side of the bot, or the refusal that says this centre runs none in its own process. */
export function botSide(context: RouteContext<unknown, unknown>) {
  return (
    context.telegram ??
    context.refuse('not_found', 'this centre runs no Telegram bot in its own process (telegram.runsIn)')
  )
}

export const notLinked = (context: RouteContext<unknown, unknown>) =>
  context.refuse('chat_not_linked', 'this chat is not linked to a confirmed phone: share the phone first')

const settingsRoute = readRoute({
  method: 'GET',
  path: '/telegram/settings',
  scope: 'telegram',
  operationId: 'telegramSettings',
  summary: 'The centre as the bot words it',
  description:
    "The centre's time zone, the longest travel time, and every service (joinable from home or not).",
  tag: 'telegram',
  response: {
    status: 200,
    description: 'The settings.',
    schema: z
      .object({
        timeZone: z.string(),
        maxTravelMinutes: z.number().int().min(0),
        services: z.array(z.object({ id: z.string(), name: localizedSchema, remote: z.boolean() }).strict()),
      })
      .strict()
      .meta({ id: 'TelegramSettings' }),
  },
  handle: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const settings = await side.hub.settings()
    return { ...settings, services: settings.services.map((s) => ({ ...s, name: localized(s.name) })) }
  },
})

const servicesRoute = readRoute({
  method: 'GET',
  path: '/telegram/services',
  scope: 'telegram',
  operationId: 'telegramJoinable',
  summary: 'The services one may join from home now',
  description: 'Each with the wait a newcomer gets now.',
  tag: 'telegram',
  response: {
    status: 200,
    description: 'The services.',
    schema: z
      .object({
        services: z.array(z.object({ id: z.string(), name: localizedSchema, wait: waitSchema }).strict()),
      })
      .strict()
      .meta({ id: 'TelegramJoinable' }),
  },
  handle: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const services = await side.hub.joinable()
    return { services: services.map((s) => ({ ...s, name: localized(s.name) })) }
  },
})

const chatAnswer = z
  .object({ linked: z.boolean(), language: z.enum(LANGUAGES).nullable() })
  .strict()
  .meta({ id: 'TelegramChat' })

const chatRoute = readRoute({
  method: 'GET',
  path: '/telegram/chats/{chatId}',
  scope: 'telegram',
  operationId: 'telegramChat',
  summary: 'Whether a chat is linked to a confirmed phone',
  description: 'And the language it chose; a chat whose phone was linked to another chat since is not.',
  tag: 'telegram',
  params: chatParam,
  response: { status: 200, description: 'The chat.', schema: chatAnswer },
  handle: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const link = await side.hub.linkOf(context.params.chatId)
    return { linked: link !== null, language: link?.language ?? null }
  },
})

/** A refused code step as the API answers it (the bot's `CodeRefusal` again on its side). */
function codeProblem(context: RouteContext<unknown, unknown>, error: CodeRefusal): RouteRefusal {
  switch (error.code) {
    case 'phone_busy':
      return context.refuse('phone_busy', error.message)
    case 'sms_failed':
      return context.refuse('sms_failed', error.message)
    case 'code_wrong': {
      const refusal = context.refuse('otp_wrong', error.message)
      refusal.problem.attemptsLeft = error.attemptsLeft ?? 0
      return refusal
    }
    default:
      return context.refuse('challenge_unknown', error.message)
  }
}

const codeRoute = actionRoute({
  method: 'POST',
  path: '/telegram/chats/{chatId}/code',
  scope: 'telegram',
  operationId: 'telegramSendCode',
  summary: 'Send a one-time code to the phone a chat shared',
  description:
    "By SMS, with the registration desk's rules (6 digits, 5 minutes, 3 tries, 5 codes a phone an hour). " +
    'Share only the phone Telegram says is the user’s own (its contact button).',
  tag: 'telegram',
  params: chatParam,
  body: z.object({ phone }).strict(),
  response: {
    status: 201,
    description: 'The code was sent.',
    schema: z
      .object({ challengeId: z.string(), phoneMasked: z.string() })
      .strict()
      .meta({ id: 'TelegramCodeSent' }),
  },
  refusals: { phone_busy: 429, sms_failed: 502 },
  act: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    try {
      return await side.hub.sendCode(context.params.chatId, context.body.phone)
    } catch (error) {
      if (error instanceof CodeRefusal) return codeProblem(context as RouteContext<unknown, unknown>, error)
      throw error
    }
  },
})

const linkRoute = actionRoute({
  method: 'PUT',
  path: '/telegram/chats/{chatId}/link',
  scope: 'telegram',
  operationId: 'telegramLink',
  summary: 'Link a chat to the phone its code was sent to',
  description: 'With the code the citizen typed; a phone is linked to one chat (a new link ends the old).',
  tag: 'telegram',
  params: chatParam,
  body: z
    .object({
      challengeId: z.string().min(1).max(100),
      code: z.string().regex(/^\d{6}$/, 'must be the 6 digits of the code'),
      language: z.enum(LANGUAGES),
    })
    .strict(),
  response: { status: 200, description: 'Linked.', schema: chatAnswer },
  refusals: { otp_wrong: 422, challenge_unknown: 410 },
  act: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const { chatId } = context.params
    const { challengeId, code, language } = context.body
    try {
      await side.hub.confirmCode(chatId, challengeId, code, language)
    } catch (error) {
      if (error instanceof CodeRefusal) return codeProblem(context as RouteContext<unknown, unknown>, error)
      throw error
    }
    return { linked: true, language }
  },
})

const languageRoute = actionRoute({
  method: 'PATCH',
  path: '/telegram/chats/{chatId}',
  scope: 'telegram',
  operationId: 'telegramLanguage',
  summary: "A linked chat's language",
  description: 'The notifications to this chat follow it.',
  tag: 'telegram',
  params: chatParam,
  body: z.object({ language: z.enum(LANGUAGES) }).strict(),
  response: { status: 200, description: 'Changed.', schema: chatAnswer },
  refusals: { chat_not_linked: 404 },
  act: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const { language } = context.body
    if (!(await side.hub.setLanguage(context.params.chatId, language)))
      return notLinked(context as RouteContext<unknown, unknown>)
    return { linked: true, language }
  },
})

const consentRoute = actionRoute({
  method: 'PUT',
  path: '/telegram/chats/{chatId}/consent',
  scope: 'telegram',
  operationId: 'telegramConsent',
  summary: 'Record or withdraw the consent to be notified in Telegram',
  description: 'Nothing is sent to the chat without it ("come now", "go to window N").',
  tag: 'telegram',
  params: chatParam,
  body: z.object({ given: z.boolean() }).strict(),
  response: {
    status: 200,
    description: 'Recorded.',
    schema: z.object({ given: z.boolean() }).strict().meta({ id: 'TelegramConsent' }),
  },
  refusals: { chat_not_linked: 404 },
  act: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    if (!(await side.hub.setConsent(context.params.chatId, context.body.given)))
      return notLinked(context as RouteContext<unknown, unknown>)
    return { given: context.body.given }
  },
})

const holdingsRoute = readRoute({
  method: 'GET',
  path: '/telegram/chats/{chatId}/holdings',
  scope: 'telegram',
  operationId: 'telegramHoldings',
  summary: "A linked chat's remote tickets of today and bookings to come",
  description: 'Tickets still to be served (`told`: told to come; `held`: its turn came before check-in).',
  tag: 'telegram',
  params: chatParam,
  response: {
    status: 200,
    description: 'What the phone holds.',
    schema: z
      .object({
        tickets: z.array(
          z
            .object({
              id: z.string(),
              number: z.string(),
              serviceId: z.string(),
              status: z.enum(['expected', 'told', 'held', 'waiting', 'called', 'serving']),
            })
            .strict(),
        ),
        bookings: z.array(
          z
            .object({ id: z.string(), code: z.string(), serviceId: z.string(), slotStart: z.iso.datetime() })
            .strict(),
        ),
      })
      .strict()
      .meta({ id: 'TelegramHoldings' }),
  },
  refusals: { chat_not_linked: 404 },
  handle: async (context) => {
    const side = botSide(context as RouteContext<unknown, unknown>)
    if (side instanceof RouteRefusal) return side
    const held = await side.hub.holdings(context.params.chatId)
    if (!held.ok) return notLinked(context as RouteContext<unknown, unknown>)
    const { tickets, bookings } = held.value
    return {
      tickets,
      bookings: bookings.map((b) => ({ ...b, slotStart: new Date(b.slotStart).toISOString() })),
    }
  },
})

export const TELEGRAM_CHAT_ROUTES = [
  settingsRoute,
  servicesRoute,
  chatRoute,
  codeRoute,
  linkRoute,
  languageRoute,
  consentRoute,
  holdingsRoute,
] as const
