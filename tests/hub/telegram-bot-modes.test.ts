/**
 * The bot's other ways of running, on a real hub and the Bot API stand-in: webhook mode (the hub sets
 * its webhook with a secret, serves the path, refuses a call without the secret, answers a real one),
 * the notifier's `TelegramSender` (a message to a chat; a Telegram failure thrown for the outbox to
 * retry), and no phone number or chat id in the hub's log lines.
 */
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { botTexts, CHOOSE_LANGUAGE } from '../../src-shared/i18n/telegram-bot'
import { createLogger } from '../../src-main/hub/logger'
import { botConfig, codeSentTo, startBotHub, TOKEN_ENV, type BotHub } from '../support/telegram-hub'
import { TelegramStandIn } from '../support/telegram-standin'

const SECRET_ENV = 'KEZEK_TEST_TELEGRAM_SECRET'
const SECRET = 'webhook-secret-0123456789'
const HOOK = 'https://centre.example.kz/api/telegram/hook'

let standIn: TelegramStandIn
let bot: BotHub
const logLines: string[] = []

beforeAll(async () => {
  standIn = await TelegramStandIn.start()
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk))
        done()
      },
    }),
  })
  // Telegram does not answer the first setWebhook: the hub starts anyway and tries again.
  standIn.fail('setWebhook', 1)
  bot = await startBotHub(standIn, {
    config: botConfig(standIn, { mode: 'webhook', webhook: { url: HOOK, secretEnv: SECRET_ENV } }),
    env: { [TOKEN_ENV]: standIn.token, [SECRET_ENV]: SECRET },
    logger,
    // Six updates at once per chat, and next to no refill: what is dropped does not depend on timing.
    chatRate: { perSecond: 0.0001, burst: 6 },
  })
  await standIn.waitUntil(() => standIn.webhook ?? undefined, 'the hub to set its webhook')
  standIn.webhookOrigin = bot.hub.url
})

afterAll(async () => {
  await bot?.hub.close()
  await standIn?.close()
})

function post(body: unknown, secret?: string) {
  return fetch(`${bot.hub.url}/api/telegram/hook`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(secret === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': secret }),
    },
    body: JSON.stringify(body),
  })
}

const startUpdate = (updateId: number, chatId: number) => ({
  update_id: updateId,
  message: {
    message_id: 1,
    date: 1,
    chat: { id: chatId, type: 'private' },
    from: { id: chatId, is_bot: false, first_name: 'A' },
    text: '/start',
    entities: [{ type: 'bot_command', offset: 0, length: 6 }],
  },
})

describe('webhook mode', () => {
  it('sets the webhook with its secret, again after a failure, and never polls', () => {
    expect(standIn.webhook).toEqual({ url: HOOK, secret: SECRET })
    expect(standIn.callsOf('setWebhook')).toHaveLength(2)
    expect(logLines.join('')).toContain('the Telegram bot could not set its webhook')
    expect(standIn.callsOf('setWebhook')[0]!.body.allowed_updates).toEqual(['message', 'callback_query'])
    expect(standIn.callsOf('getUpdates')).toEqual([])
  })

  it('refuses a call without the right secret, and runs nothing', async () => {
    const sentBefore = standIn.sent.length
    expect((await post(startUpdate(900, 8123456701))).status).toBe(401)
    expect((await post(startUpdate(901, 8123456701), 'another-secret-0123456789')).status).toBe(401)
    expect((await fetch(`${bot.hub.url}/api/telegram/hook`)).status).toBe(405)
    expect((await post({ hello: 1 }, SECRET)).status).toBe(400)
    expect(standIn.sent.length).toBe(sentBefore)
  })

  it('answers the updates Telegram posts, through the whole link', async () => {
    const user = standIn.user(8123456702)
    await user.text('/start')
    expect((await user.next()).text).toBe(CHOOSE_LANGUAGE)
    await user.press('lang:kk')
    expect((await user.next()).text).toBe(botTexts.kk.sharePhone)
    await user.contact('+77017778899')
    await user.next()
    await user.text(codeSentTo(bot.sms, '+77017778899'))
    expect((await user.next()).text).toBe(botTexts.kk.linked)
    expect((await user.next()).text).toBe(botTexts.kk.consentAsk)
  })
})

describe('what a chat cannot make the bot do', () => {
  it('answers a button the bot no longer knows with nothing but the end of the spinner', async () => {
    const user = standIn.user(8123456704)
    const answered = standIn.callsOf('answerCallbackQuery').length
    await standIn.deliver({
      callback_query: {
        id: 'stale-1',
        from: { id: user.id, is_bot: false, first_name: 'A' },
        chat_instance: 'ci',
        data: 'menu:old-button',
        message: { message_id: 1, date: 1, chat: { id: user.id, type: 'private' }, text: 'x' },
      },
    })
    expect(standIn.callsOf('answerCallbackQuery').length).toBe(answered + 1)
    expect(user.messages()).toEqual([])
  })

  it('drops a chat’s updates over its rate, unanswered', async () => {
    const user = standIn.user(8123456705)
    for (let i = 0; i < 9; i++) await user.text('/start')
    expect(user.messages().map((m) => m.text)).toEqual(Array.from({ length: 6 }, () => CHOOSE_LANGUAGE))
    expect(logLines.join('')).toContain('telegram-chat-over-rate')
  })
})

describe('the notifier’s sender', () => {
  it('sends a message to a chat through the bot', async () => {
    await bot.hub.hub.telegram!.sender.send('8123456702', 'Go to window 3', 'n-1')
    const user = standIn.user(8123456702)
    const last = user.messages().at(-1)!
    expect(last.text).toBe('Go to window 3')
  })

  it('takes the chat by its vault entry, as the links name it', async () => {
    const chatEntryId = await bot.hub.hub.vault.entries.find('telegram-chat', '8123456702')
    expect(chatEntryId).toMatch(/^ve_/)
    await bot.hub.hub.telegram!.sender.send(chatEntryId!, '3-терезеге өтіңіз', 'n-4')
    expect(standIn.user(8123456702).messages().at(-1)!.text).toBe('3-терезеге өтіңіз')
    const phoneId = await bot.hub.hub.vault.entries.find('phone', '+77017778899')
    await expect(bot.hub.hub.telegram!.sender.send(phoneId!, 'x', 'n-5')).rejects.toThrow(
      `vault entry ${phoneId} is no Telegram chat (erased, or of another kind; notification n-5)`,
    )
  })

  it('throws when Telegram fails, or the chat is not a chat id', async () => {
    standIn.failSends(1)
    await expect(bot.hub.hub.telegram!.sender.send('8123456702', 'Go to window 3', 'n-2')).rejects.toThrow(
      /502|Bad Gateway/,
    )
    await expect(bot.hub.hub.telegram!.sender.send('@someone', 'x', 'n-3')).rejects.toThrow(
      'not a Telegram chat id or chat entry (notification n-3)',
    )
  })
})

describe('the log', () => {
  it('names neither a phone nor a chat', () => {
    const log = logLines.join('')
    expect(log).toContain('telegram-chat-linked')
    expect(log).toContain('telegram-send-failed')
    for (const secret of ['7017778899', '8123456702', '8123456701', SECRET, standIn.token])
      expect(log).not.toContain(secret)
  })
})
