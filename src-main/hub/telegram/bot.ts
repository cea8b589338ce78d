/**
 * The centre's bot on grammY: private chats only, the two flows (`link-flow.ts`, `queue-flow.ts`), the
 * typed texts routed by the chat's step, the command list in each language, and errors logged without
 * the chat (a chat id is personal data) and answered with "try again" in the chat's language.
 */
import { Bot } from 'grammy'
import { LANGUAGES } from '../../../src-shared/config'
import { botTexts, CHOOSE_LANGUAGE } from '../../../src-shared/i18n/telegram-bot'
import type { Logger } from '../logger'
import type { BotContext, BotDeps } from './bot-context'
import type { BotHub } from './bot-hub'
import type { ChatSessions } from './chats'
import { languageKeyboard, registerLinkFlow, typedCode } from './link-flow'
import { registerQueueFlow, showMenu, typedTravel } from './queue-flow'

export interface CentreBotOptions {
  token: string
  apiRoot: string
  hub: BotHub
  sessions: ChatSessions
  logger: Logger
}

/** Longer than a long poll (30 s), so a getUpdates that waits is not cut off. */
const API_TIMEOUT_SECONDS = 45

export function createCentreBot(options: CentreBotOptions): Bot {
  const bot = new Bot(options.token, {
    client: { apiRoot: options.apiRoot, timeoutSeconds: API_TIMEOUT_SECONDS },
  })
  const { sessions, logger } = options
  const deps: BotDeps = {
    hub: options.hub,
    sessions,
    logger,
    texts: (language) => botTexts[language],
    languageOf: (chatId) => sessions.of(chatId).language ?? 'kk',
    async linked(chatId) {
      const link = await options.hub.linkOf(chatId)
      if (link) sessions.of(chatId).language ??= link.language
      return link !== null
    },
    showMenu: (ctx, language) => showMenu(ctx, deps, language),
  }
  const chats = bot.chatType('private')
  chats.use(async (ctx, next) => {
    if (sessions.allow(ctx.chat.id)) return next()
    logger.warn(
      { event: 'telegram-chat-over-rate' },
      'a chat sent updates faster than a person taps; dropped',
    )
  })
  registerLinkFlow(chats, deps)
  registerQueueFlow(chats, deps)
  chats.on('message:text', (ctx) => typed(ctx, deps))
  // A button of an old message, or one the bot does not know: stop the client's spinner, nothing else.
  chats.on('callback_query:data', (ctx) => ctx.answerCallbackQuery())
  // Anything else (a sticker, a photo, a group): nothing to do.

  bot.catch(async (error) => {
    logger.error(
      { event: 'telegram-update-failed', updateId: error.ctx.update.update_id, reason: String(error.error) },
      'a Telegram update could not be handled',
    )
    const chatId = error.ctx.chat?.id
    if (chatId === undefined || error.ctx.chat?.type !== 'private') return
    await error.ctx
      .reply(deps.texts(deps.languageOf(chatId)).refusal.busy)
      .catch((reason: unknown) =>
        logger.debug({ event: 'telegram-reply-failed', reason: String(reason) }, 'the apology was not sent'),
      )
  })
  return bot
}

/** A typed text: what the chat's step waits for, else a pointer to the menu. */
async function typed(ctx: BotContext & { message: { text: string } }, deps: BotDeps): Promise<unknown> {
  const session = deps.sessions.of(ctx.chat.id)
  const text = ctx.message.text
  if (session.step.kind === 'code') return typedCode(ctx, deps, session.step.challengeId, text)
  if (session.step.kind === 'travel') return typedTravel(ctx, deps, session.step.serviceId, text)
  if (session.language === null) return ctx.reply(CHOOSE_LANGUAGE, { reply_markup: languageKeyboard() })
  return ctx.reply(deps.texts(session.language).refusal.unknown_input)
}

/** The bot's commands as Telegram's menu shows them, in each language (Kazakh also the default). */
export async function publishCommands(bot: Bot): Promise<void> {
  for (const language of [...LANGUAGES, null]) {
    const words = botTexts[language ?? 'kk'].commands
    const commands = [
      { command: 'start', description: words.start },
      { command: 'menu', description: words.menu },
      { command: 'stop', description: words.stop },
    ]
    await bot.api.setMyCommands(commands, language === null ? {} : { language_code: language })
  }
}
