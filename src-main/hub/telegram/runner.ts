/**
 * Starts and stops a bot's updates, wherever it runs (in the hub, or `npm run bot`): its command list
 * published, then long polling, or the webhook set (Telegram then posts to the hub). Telegram being
 * unreachable never stops the process: each start-up call is retried (1 s, 5 s, 15 s, then every
 * minute) and each failure logged; polling retries by itself.
 */
import type { Bot } from 'grammy'
import type { Logger } from '../logger'
import { publishCommands } from './bot'

export interface BotRunner {
  /** Starts polling or sets the webhook, in the background; resolves at once. */
  start(): void
  /** Stops polling and waits (a few seconds at most) for the update being handled. */
  stop(): Promise<void>
}

/** Resolves after `ms`, without keeping the process alive. */
const atMost = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/** Waits between tries of a start-up call while Telegram cannot be reached: then every minute. */
const RETRY_MS = [1_000, 5_000, 15_000, 60_000]

const ALLOWED_UPDATES = ['message', 'callback_query'] as const

export function botRunner(
  bot: Bot,
  logger: Logger,
  webhook: { url: string; secret: string } | null = null,
): BotRunner {
  let polling: Promise<void> | null = null
  const retries = new Set<NodeJS.Timeout>()
  let stopped = false

  const failed = (step: string) => (error: unknown) =>
    logger.error(
      { event: 'telegram-failed', step, reason: String(error) },
      `the Telegram bot could not ${step}`,
    )
  /** Runs a start-up call until it succeeds or the runner stops, each failure logged. */
  const untilDone = (step: string, call: () => Promise<unknown>, attempt = 0): void => {
    call().catch((error: unknown) => {
      failed(step)(error)
      if (stopped) return
      const timer = setTimeout(
        () => {
          retries.delete(timer)
          untilDone(step, call, attempt + 1)
        },
        RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)],
      )
      timer.unref()
      retries.add(timer)
    })
  }

  return {
    start() {
      untilDone('publish its commands', () => publishCommands(bot))
      if (webhook) {
        untilDone('set its webhook', async () => {
          await bot.api.setWebhook(webhook.url, {
            secret_token: webhook.secret,
            allowed_updates: [...ALLOWED_UPDATES],
          })
          logger.info({ event: 'telegram-webhook-set' }, 'the Telegram bot takes updates by webhook')
        })
        return
      }
      polling = bot
        .start({
          allowed_updates: [...ALLOWED_UPDATES],
          onStart: (me) =>
            logger.info({ event: 'telegram-polling', bot: me.username }, 'the Telegram bot is polling'),
        })
        .catch(failed('poll for updates'))
    },
    async stop() {
      stopped = true
      for (const timer of retries) clearTimeout(timer)
      retries.clear()
      if (!polling) return
      const running = polling
      polling = null
      // Telegram may be unreachable: the confirming call is not waited for long.
      await Promise.race([bot.stop().catch(failed('stop polling')), atMost(5_000)])
      await Promise.race([running, atMost(5_000)])
    },
  }
}
