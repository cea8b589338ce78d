/**
 * The centre's bot in its own process (`npm run bot`, `cli-bot.ts`): the same conversation as the bot in
 * the hub (`bot.ts`), asking the hub through its integration API (`remote-hub.ts`), and the hub's
 * Telegram notifications sent for it: a long poll of the hub's outbox, each message sent through
 * Telegram and reported sent or refused (the hub's outbox records it, and retries with its backoff).
 *
 * The hub unreachable never ends the process: the outbox poll waits (1 s, doubling to 30 s) and tries
 * again; a chat's update meanwhile is answered "try again" by the bot.
 */
import { GrammyError } from 'grammy'
import type { CommandRateOptions } from '../command-rate'
import type { Logger } from '../logger'
import { createCentreBot } from './bot'
import { ChatSessions } from './chats'
import { RemoteBotHub } from './remote-hub'
import { botRunner } from './runner'

export interface BotProcessOptions {
  /** The hub's address, e.g. `http://127.0.0.1:8080`. */
  hubUrl: string
  /** The integration key of scope `telegram`. */
  apiKey: string
  /** The bot's token from BotFather. */
  token: string
  /** The Bot API's address (default Telegram's; tests point it at a stand-in). */
  apiRoot?: string
  logger: Logger
  chatRate?: CommandRateOptions
  /** Seconds one poll of the hub's outbox waits for a message; default 25. */
  outboxWaitSeconds?: number
}

export interface BotProcess {
  hub: RemoteBotHub
  /** Stops polling Telegram and the hub's outbox. */
  stop(): Promise<void>
  /** Resolves when the hub answered the settings (the key works); rejects naming what is wrong. */
  ready: Promise<void>
}

const MAX_BACKOFF_MS = 30_000

export function startBotProcess(options: BotProcessOptions): BotProcess {
  const { logger } = options
  const hub = new RemoteBotHub({ hubUrl: options.hubUrl, apiKey: options.apiKey })
  const bot = createCentreBot({
    token: options.token,
    apiRoot: options.apiRoot ?? 'https://api.telegram.org',
    logger,
    sessions: new ChatSessions(options.chatRate),
    hub,
  })
  const runner = botRunner(bot, logger)
  const ready = hub.settings().then(() => undefined)
  // The caller awaits it; a process that does not still must not crash on it.
  ready.catch(() => undefined)
  const stopping = new AbortController()
  let delivering: Promise<void> = Promise.resolve()

  /** Sends one message of the hub's and reports how it went. */
  async function deliver(message: { id: string; chatId: string; text: string }): Promise<void> {
    let outcome: { sent: true } | { sent: false; reason: string }
    try {
      await bot.api.sendMessage(message.chatId, message.text)
      outcome = { sent: true }
    } catch (error) {
      // Telegram's own refusal (the citizen blocked the bot) is the hub's to record; the network is not.
      if (!(error instanceof GrammyError)) throw error
      outcome = { sent: false, reason: `${error.error_code} ${error.description}`.slice(0, 300) }
    }
    if (!(await hub.report(message.id, outcome)))
      logger.warn({ event: 'telegram-report-late' }, 'the hub no longer waited for a message sent')
  }

  async function deliverLoop(): Promise<void> {
    let backoff = 1_000
    while (!stopping.signal.aborted) {
      try {
        const messages = await hub.outbox(options.outboxWaitSeconds ?? 25, stopping.signal)
        for (const message of messages) await deliver(message)
        backoff = 1_000
      } catch (error) {
        if (stopping.signal.aborted) return
        logger.error(
          { event: 'telegram-outbox-failed', reason: String(error) },
          "the hub's Telegram outbox could not be read or reported; trying again",
        )
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff)
          stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
        })
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS)
      }
    }
  }

  runner.start()
  delivering = deliverLoop()
  return {
    hub,
    ready,
    async stop() {
      stopping.abort()
      await Promise.all([runner.stop(), delivering])
    },
  }
}
