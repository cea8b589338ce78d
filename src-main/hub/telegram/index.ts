/**
 * The centre's Telegram bot, inside the hub process: one entry, `mountTelegram`, which `server.ts`
 * composes when the config names a bot (`telegram`), and starts and stops with the hub.
 *
 * - `secrets.ts` reads the token (and a webhook's secret) from where the config says, at start.
 * - `bot.ts` builds the grammY bot; `link-flow.ts` (language, contact, one-time code, link, consent) and
 *   `queue-flow.ts` (join, my tickets and bookings, cancel) are its conversation, `chats.ts` each chat's
 *   language and step; what it asks of the hub is `bot-hub.ts`'s `BotHub`: `local-hub.ts` here, the
 *   integration API (`remote-hub.ts`) when the bot runs in its own process (`bot-process.ts`).
 * - `webhook.ts` serves Telegram's calls in webhook mode; polling (the default) needs no address.
 * - `sender.ts` is the `TelegramSender` the notifier sends through.
 *
 * Telegram being unreachable never stops the hub: polling retries by itself, and the failure is logged.
 */
import type { Bot } from 'grammy'
import type { CentreConfig, TelegramConfig } from '../../../src-shared/config'
import type { CentreEngine } from '../centre-engine'
import type { CommandRateOptions } from '../command-rate'
import type { HttpApp } from '../http/router'
import type { Logger } from '../logger'
import type { NotifyConsents, TelegramLinks, TelegramSender } from '../notify/contracts'
import { PhoneChallenges } from '../phone-challenges'
import type { SmsGateway } from '../registration/adapters/sms-gateway'
import type { VaultEntries } from '../vault'
import { createCentreBot } from './bot'
import { ChatSessions } from './chats'
import { LocalBotHub } from './local-hub'
import { readBotSecrets, type Env } from './secrets'
import { botRunner } from './runner'
import { botSender } from './sender'
import { webhookApp } from './webhook'

export type { Env } from './secrets'
export { TelegramRelay, type RelayOptions } from './relay'
export type { BotHub } from './bot-hub'

/** What the hub hands the bot besides its own parts: the notifications' stores and the environment. */
export interface TelegramHubOptions {
  links: TelegramLinks
  consents: NotifyConsents
  /** Where the token and the webhook's secret are read; default `process.env`. */
  env?: Env
  /** Updates each chat may send (see `chats.ts`); default a second's worth sustained, twenty at once. */
  chatRate?: CommandRateOptions
}

export interface TelegramMountOptions extends TelegramHubOptions {
  config: CentreConfig
  engine: CentreEngine
  entries: VaultEntries
  sms: SmsGateway
  logger: Logger
  now: () => number
}

export interface TelegramMount {
  /** The notifier's way to a chat. */
  sender: TelegramSender
  /** The webhook's route (webhook mode), else an app that answers nothing. */
  http: HttpApp
  /** Starts polling or sets the webhook, in the background; resolves at once. */
  start(): void
  /** Stops polling and waits (a few seconds at most) for the update being handled. */
  stop(): Promise<void>
  /** The grammY bot (for tests and `npm run bot`). */
  bot: Bot
}

/** The hub's side of the bot: used by the bot in this process, and by the API for one in its own. */
export function localBotHub(
  options: Pick<
    TelegramMountOptions,
    'config' | 'engine' | 'entries' | 'links' | 'consents' | 'sms' | 'logger' | 'now'
  >,
): LocalBotHub {
  return new LocalBotHub({
    ...options,
    challenges: new PhoneChallenges<number>({ ...options, purpose: 'telegram' }),
  })
}

/**
 * Whether the hub can run the bot the config names: the notifications' stores given, the token (and a
 * webhook's secret) where the config says. Asked before the hub builds anything; throws naming what is
 * missing.
 */
export function checkTelegram(settings: TelegramConfig, options: Pick<TelegramHubOptions, 'env'> = {}): void {
  readBotSecrets(settings, options.env ?? process.env)
}

/** The bot the config names; throws, naming what is missing, when its token cannot be read. */
export function mountTelegram(options: TelegramMountOptions): TelegramMount {
  const settings = options.config.telegram
  if (!settings) throw new Error('mountTelegram: the centre config names no Telegram bot')
  const secrets = readBotSecrets(settings, options.env ?? process.env)
  const { logger } = options
  const bot = createCentreBot({
    token: secrets.token,
    apiRoot: settings.apiRoot,
    logger,
    sessions: new ChatSessions(options.chatRate),
    hub: localBotHub(options),
  })
  const webhook = settings.mode === 'webhook' && settings.webhook ? settings.webhook : null
  const runner = botRunner(bot, logger, webhook && { url: webhook.url, secret: secrets.webhookSecret! })
  return {
    bot,
    sender: botSender(bot, options.entries, logger),
    http: webhook
      ? webhookApp({ bot, path: new URL(webhook.url).pathname, secret: secrets.webhookSecret!, logger })
      : async () => false,
    start: () => runner.start(),
    stop: () => runner.stop(),
  }
}
