/**
 * The notifier's `TelegramSender`: one message to one chat through the bot's own API client. The chat
 * is named by its id, or by its vault entry id (`ve_…`, kind `telegram-chat`, as `TelegramLinks` gives
 * it), which is opened here so the plain id goes no further than this call. A failure (Telegram down,
 * the citizen blocked the bot, an erased entry) is thrown for the notifier's outbox to retry or record;
 * the log names the notification, never the chat.
 */
import type { Bot } from 'grammy'
import type { Logger } from '../logger'
import type { TelegramSender } from '../notify/contracts'
import type { VaultEntries } from '../vault'

const CHAT_ID = /^-?\d{1,20}$/

/** The plain chat id of a chat named by its id or its vault entry id; throws naming the notification. */
export async function chatIdOf(entries: VaultEntries, chat: string, reference: string): Promise<string> {
  if (CHAT_ID.test(chat)) return chat
  if (!chat.startsWith('ve_'))
    throw new Error(`not a Telegram chat id or chat entry (notification ${reference})`)
  const opened = await entries.open(chat)
  if (opened?.kind !== 'telegram-chat')
    throw new Error(
      `vault entry ${chat} is no Telegram chat (erased, or of another kind; notification ${reference})`,
    )
  return opened.value
}

export function botSender(bot: Bot, entries: VaultEntries, logger: Logger): TelegramSender {
  return {
    async send(chat, text, reference) {
      const chatId = await chatIdOf(entries, chat, reference)
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
