/** What the bot's flows share: the context they answer in, and the hub they ask. */
import type { Composer, Context } from 'grammy'
import type { ChatTypeContext } from 'grammy'
import type { Language } from '../../../src-shared/config'
import type { BotTexts } from '../../../src-shared/i18n/telegram-bot'
import type { Logger } from '../logger'
import type { BotHub } from './bot-hub'
import type { ChatSessions } from './chats'

/** An update from a private chat: the bot talks to citizens one to one, never in groups. */
export type BotContext = ChatTypeContext<Context, 'private'>
export type BotComposer = Composer<BotContext>

export interface BotDeps {
  /** The hub: inside its process, or over its integration API (`npm run bot`). */
  hub: BotHub
  sessions: ChatSessions
  logger: Logger
  texts(language: Language): BotTexts
  /** The chat's language: the one it chose, else Kazakh. */
  languageOf(chatId: number): Language
  /** Whether the chat is linked, taking the link's language when the chat chose none (after a restart). */
  linked(chatId: number): Promise<boolean>
  showMenu(ctx: BotContext, language: Language): Promise<unknown>
}
