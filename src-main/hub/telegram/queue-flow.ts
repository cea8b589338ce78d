/**
 * The second half of the conversation, for a linked chat: the menu; joining a queue (the services one
 * may join from home with their wait now, the travel time, `ticket:join` as channel `telegram`, and the
 * answer: number, check-in code, what happens next); the phone's tickets of today and its bookings,
 * each with a button that cancels it. Refusals in the chat's language.
 */
import { InlineKeyboard } from 'grammy'
import type { Language, LocalizedText } from '../../../src-shared/config'
import { catalogues, formatLongDate, formatTime, waitText } from '../../../src-shared/i18n'
import type { BotTexts } from '../../../src-shared/i18n/telegram-bot'
import { formatBookingCode } from '../../../src-shared/domain'
import type { BotComposer, BotContext, BotDeps } from './bot-context'
import type { BotSettings, HeldBooking, Outcome } from './bot-hub'

/** The travel times offered as buttons (minutes); any other can be typed. */
const TRAVEL_CHOICES = [10, 20, 30, 45, 60, 90]

export function nameIn(text: LocalizedText, language: Language): string {
  return language === 'en' ? (text.en ?? text.ru) : text[language]
}

/** A request id for the engine from the Telegram update: a redelivered update is the same request. */
function requestIdOf(ctx: BotContext): string {
  return `tg-${ctx.me.id}-${ctx.update.update_id}`
}

export function menuKeyboard(texts: BotTexts): InlineKeyboard {
  return new InlineKeyboard().text(texts.menuJoin, 'menu:join').row().text(texts.menuMine, 'menu:mine')
}

export async function showMenu(ctx: BotContext, deps: BotDeps, language: Language): Promise<unknown> {
  const texts = deps.texts(language)
  return ctx.reply(texts.menu, { reply_markup: menuKeyboard(texts) })
}

/** The refusal of an outcome, in the chat's words (the hub's own words when it has none). */
function refused(ctx: BotContext, texts: BotTexts, outcome: Extract<Outcome<unknown>, { ok: false }>) {
  return ctx.reply(outcome.refusal ? texts.refusal[outcome.refusal] : texts.refusedOther(outcome.detail))
}

export function registerQueueFlow(bot: BotComposer, deps: BotDeps): void {
  const { sessions, hub } = deps

  /** Runs `then` for a linked chat; tells an unlinked one to confirm its phone first. */
  async function linked(ctx: BotContext, then: (language: Language, texts: BotTexts) => Promise<unknown>) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery()
    const isLinked = await deps.linked(ctx.chat.id)
    const language = deps.languageOf(ctx.chat.id)
    const texts = deps.texts(language)
    if (!isLinked) return ctx.reply(texts.refusal.not_linked)
    return then(language, texts)
  }

  bot.command('menu', (ctx) => linked(ctx, (language) => showMenu(ctx, deps, language)))

  bot.callbackQuery('menu:join', (ctx) =>
    linked(ctx, async (language, texts) => {
      const services = await hub.joinable()
      if (services.length === 0) return ctx.reply(texts.noServices)
      const keyboard = new InlineKeyboard()
      for (const service of services)
        keyboard
          .text(
            texts.serviceButton(nameIn(service.name, language), waitText(service.wait, catalogues[language])),
            `join:${service.id}`,
          )
          .row()
      return ctx.reply(texts.pickService, { reply_markup: keyboard })
    }),
  )

  bot.callbackQuery(/^join:([a-z0-9-]{1,40})$/, (ctx) =>
    linked(ctx, async (language, texts) => {
      const serviceId = ctx.match[1]!
      const settings = await hub.settings()
      const service = settings.services.find((s) => s.id === serviceId)
      if (!service) return ctx.reply(texts.refusal.unknown_service)
      if (!service.remote) return ctx.reply(texts.refusal.remote_join_off)
      const max = settings.maxTravelMinutes
      sessions.of(ctx.chat.id).step = { kind: 'travel', serviceId }
      const keyboard = new InlineKeyboard()
      for (const minutes of TRAVEL_CHOICES.filter((m) => m <= max))
        keyboard.text(texts.minutes(minutes), `travel:${serviceId}:${minutes}`)
      return ctx.reply(texts.askTravel(nameIn(service.name, language), max), { reply_markup: keyboard })
    }),
  )

  bot.callbackQuery(/^travel:([a-z0-9-]{1,40}):(\d{1,3})$/, (ctx) =>
    linked(ctx, (language) => join(ctx, deps, language, ctx.match[1]!, Number(ctx.match[2]))),
  )

  bot.callbackQuery('menu:mine', (ctx) => linked(ctx, (language) => showHoldings(ctx, deps, language)))

  bot.callbackQuery(/^cancel:([tb]):([A-Za-z0-9_-]{1,50})$/, (ctx) =>
    linked(ctx, async (language, texts) => {
      const [, kind, id] = ctx.match
      const outcome = await hub.cancel(
        ctx.chat.id,
        kind === 't' ? 'ticket' : 'booking',
        id!,
        requestIdOf(ctx),
      )
      if (!outcome.ok) return refused(ctx, texts, outcome)
      await ctx.reply(texts.cancelled(outcome.value))
      return showMenu(ctx, deps, language)
    }),
  )
}

/** A travel time typed while one is asked: whole minutes within the centre's maximum. */
export async function typedTravel(ctx: BotContext, deps: BotDeps, serviceId: string, text: string) {
  const language = deps.languageOf(ctx.chat.id)
  const texts = deps.texts(language)
  const max = (await deps.hub.settings()).maxTravelMinutes
  const minutes = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN
  if (!(minutes >= 0 && minutes <= max)) return ctx.reply(`${texts.refusal.travel_invalid} (0–${max})`)
  if (!(await deps.linked(ctx.chat.id))) return ctx.reply(texts.refusal.not_linked)
  return join(ctx, deps, language, serviceId, minutes)
}

async function join(
  ctx: BotContext,
  deps: BotDeps,
  language: Language,
  serviceId: string,
  travelMinutes: number,
) {
  const texts = deps.texts(language)
  const settings = await deps.hub.settings()
  const max = settings.maxTravelMinutes
  if (travelMinutes > max) return ctx.reply(`${texts.refusal.travel_invalid} (0–${max})`)
  deps.sessions.of(ctx.chat.id).step = { kind: 'idle' }
  const outcome = await deps.hub.join(ctx.chat.id, serviceId, travelMinutes, requestIdOf(ctx))
  if (!outcome.ok) return refused(ctx, texts, outcome)
  const ticket = outcome.value
  return ctx.reply(
    texts.joined({
      number: ticket.number,
      service: serviceName(settings, serviceId, language),
      code: formatBookingCode(ticket.code),
      ahead: ticket.ahead,
      wait: waitText(ticket.wait, catalogues[language]),
    }),
    { reply_markup: menuKeyboard(texts) },
  )
}

function serviceName(settings: BotSettings, serviceId: string, language: Language): string {
  const name = settings.services.find((s) => s.id === serviceId)?.name
  return name ? nameIn(name, language) : serviceId
}

function bookingWhen(booking: HeldBooking, settings: BotSettings, language: Language): string {
  const zone = settings.timeZone
  return `${formatLongDate(booking.slotStart, zone, language)}, ${formatTime(booking.slotStart, zone)}`
}

async function showHoldings(ctx: BotContext, deps: BotDeps, language: Language) {
  const texts = deps.texts(language)
  const held = await deps.hub.holdings(ctx.chat.id)
  if (!held.ok) return refused(ctx, texts, held)
  const { tickets, bookings } = held.value
  if (tickets.length === 0 && bookings.length === 0)
    return ctx.reply(texts.mineEmpty, { reply_markup: menuKeyboard(texts) })
  const settings = await deps.hub.settings()
  const lines = [texts.mineTitle]
  const keyboard = new InlineKeyboard()
  for (const ticket of tickets) {
    const service = serviceName(settings, ticket.serviceId, language)
    lines.push(texts.ticketLine(ticket.number, service, texts.ticketStatus[ticket.status]))
    // A called ticket is the window's now: only staff end it.
    if (ticket.status !== 'called' && ticket.status !== 'serving')
      keyboard.text(texts.cancelButton(ticket.number), `cancel:t:${ticket.id}`).row()
  }
  for (const booking of bookings) {
    const code = formatBookingCode(booking.code)
    const service = serviceName(settings, booking.serviceId, language)
    lines.push(texts.bookingLine(code, service, bookingWhen(booking, settings, language)))
    keyboard.text(texts.cancelButton(code), `cancel:b:${booking.id}`).row()
  }
  return ctx.reply(lines.join('\n'), { reply_markup: keyboard })
}
