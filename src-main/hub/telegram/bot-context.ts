/** What the bot's flows share: the context they answer in, and the hub's parts they use. */
import type { Composer, Context } from 'grammy'
import type { ChatTypeContext } from 'grammy'
import type { CentreConfig, Language } from '../../../src-shared/config'
import type { BotTexts } from '../../../src-shared/i18n/telegram-bot'
import type { Logger } from '../logger'
import type { NotifyConsents } from '../notify/contracts'
import type { PhoneChallenges } from '../phone-challenges'
import type { ChatSessions } from './chats'
import type { CitizenQueue } from './citizen-queue'

/** An update from a private chat: the bot talks to citizens one to one, never in groups. */
export type BotContext = ChatTypeContext<Context, 'private'>
export type BotComposer = Composer<BotContext>

export interface BotDeps {
  config: CentreConfig
  sessions: ChatSessions
  /** One-time codes; a challenge's subject is the chat that asked for it. */
  challenges: PhoneChallenges<number>
  consents: NotifyConsents
  queue: CitizenQueue
  logger: Logger
  now(): number
  texts(language: Language): BotTexts
  /** The chat's language: the one it chose, else Kazakh. */
  languageOf(chatId: number): Language
  showMenu(ctx: BotContext, language: Language): Promise<unknown>
}
