/**
 * The notifier's `TelegramSender`: one message to one chat through the bot's own API client. A failure
 * (Telegram down, the citizen blocked the bot) is thrown for the notifier's outbox to retry or record;
 * the log names the notification, never the chat.
 */
import type { Bot } from 'grammy'
import type { Logger } from '../logger'
import type { TelegramSender } from '../notify/contracts'

export function botSender(bot: Bot, logger: Logger): TelegramSender {
  return {
    async send(chatId, text, reference) {
      if (!/^-?\d{1,20}$/.test(chatId)) throw new Error(`not a Telegram chat id (notification ${reference})`)
      try {
        await bot.api.sendMessage(chatId, text)
      } catch (error) {
        logger.warn(
          { event: 'telegram-send-failed', reference, reason: String(error) },
          'a Telegram message was not sent',
        )
        throw error
      }
    },
  }
}
