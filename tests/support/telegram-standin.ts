/**
 * A stand-in for Telegram's Bot API, for tests: an HTTP server answering `/bot<token>/<method>` as
 * api.telegram.org does for the methods grammY calls (getMe, getUpdates as a long poll, deleteWebhook,
 * setWebhook, sendMessage, setMyCommands, answerCallbackQuery). Point a bot's `apiRoot` at `apiRoot`.
 *
 * It records every call and every message the bot sent, and plays the citizens' side: `user(id)` gives
 * a private chat whose `text`, `contact` and `press` queue updates as Telegram would deliver them (by
 * long poll, or posted to the webhook the bot set), and whose `next()` waits for the bot's next message
 * in that chat. `failSends(n)` makes the next n sendMessage calls fail with 502, as a Telegram outage.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How long `next()` waits for the bot by default (a loaded 2-core machine is slow, never this slow). */
const WAIT_MS = 15_000

export interface InlineButton {
  text: string
  callback_data?: string
}

export interface SentMessage {
  messageId: number
  chatId: number
  text: string
  /** The inline buttons under the message, row by row ([] when none). */
  buttons: InlineButton[][]
  /** The reply keyboard's buttons (the contact button), row by row ([] when none). */
  keyboard: { text: string; request_contact?: boolean }[][]
  removesKeyboard: boolean
}

export interface ApiCall {
  method: string
  body: Record<string, unknown>
}

export type Update = Record<string, unknown> & { update_id: number }

export class TelegramStandIn {
  readonly token = `${4_000_000_000 + Math.floor(Math.random() * 1_000_000)}:${randomBytes(27).toString('base64url')}`
  readonly botId = Number(this.token.split(':')[0])
  readonly username = 'kezek_test_bot'
  readonly calls: ApiCall[] = []
  readonly sent: SentMessage[] = []
  /** Both sides of every chat in the order they happened: the updates delivered and the bot's messages. */
  readonly transcript: ({ from: 'user'; update: Update } | { from: 'bot'; message: SentMessage })[] = []
  /** Set by `setWebhook`: updates are then posted there instead of waiting for getUpdates. */
  webhook: { url: string; secret: string | undefined } | null = null
  /**
   * Where webhook calls really go: the set URL's path at this origin (a test hub listens on plain http on
   * a loopback port, while Telegram takes only https URLs).
   */
  webhookOrigin: string | null = null
  private readonly updates: Update[] = []
  private nextUpdateId = 1
  private nextMessageId = 1
  private failing = 0
  private readonly failingCalls = new Map<string, number>()
  private readonly waiters = new Set<() => void>()
  private server!: Server
  apiRoot = ''

  static async start(): Promise<TelegramStandIn> {
    const standIn = new TelegramStandIn()
    standIn.server = createServer((req, res) => void standIn.handle(req, res))
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve))
    standIn.apiRoot = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`
    return standIn
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** A citizen in a private chat with the bot (the chat id is the user id, as Telegram's are). */
  user(id: number, firstName = 'Aigerim'): StandInUser {
    return new StandInUser(this, id, firstName)
  }

  /** The next `n` sendMessage calls answer 502 Bad Gateway. */
  failSends(n: number): void {
    this.failing = n
  }

  /** The next `n` calls of `method` (any but sendMessage) answer 502, as Telegram unreachable. */
  fail(method: string, n: number): void {
    this.failingCalls.set(method, n)
  }

  /** The calls of one method, in order. */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((call) => call.method === method)
  }

  /** Queues an update for the bot: posted to its webhook when it set one, else given to getUpdates. */
  async deliver(update: Omit<Update, 'update_id'>): Promise<Update> {
    const full = { ...update, update_id: this.nextUpdateId++ } as Update
    this.transcript.push({ from: 'user', update: full })
    if (!this.webhook) {
      this.updates.push(full)
      this.wake()
      return full
    }
    const target = this.webhookOrigin
      ? new URL(new URL(this.webhook.url).pathname, this.webhookOrigin)
      : this.webhook.url
    const response = await fetch(target, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(this.webhook.secret ? { 'X-Telegram-Bot-Api-Secret-Token': this.webhook.secret } : {}),
      },
      body: JSON.stringify(full),
    })
    if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${await response.text()}`)
    return full
  }

  /** Resolves when `check` holds (checked after each call the bot makes), or fails after `timeoutMs`. */
  waitUntil<T>(check: () => T | undefined, what: string, timeoutMs = WAIT_MS): Promise<T> {
    return new Promise((resolve, reject) => {
      const tryNow = () => {
        const found = check()
        if (found === undefined) return false
        this.waiters.delete(wakeUp)
        clearTimeout(timer)
        resolve(found)
        return true
      }
      const wakeUp = () => void tryNow()
      const timer = setTimeout(() => {
        this.waiters.delete(wakeUp)
        reject(new Error(`the Telegram stand-in waited ${timeoutMs} ms for ${what}`))
      }, timeoutMs)
      if (!tryNow()) this.waiters.add(wakeUp)
    })
  }

  private wake(): void {
    for (const wakeUp of [...this.waiters]) wakeUp()
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const body = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>
    const answer = (result: unknown) => this.answer(res, 200, { ok: true, result })
    if (!match || match[1] !== this.token)
      return this.answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' })
    const method = match[2]!
    this.calls.push({ method, body })
    this.wake()
    const failures = this.failingCalls.get(method) ?? 0
    if (failures > 0) {
      this.failingCalls.set(method, failures - 1)
      return this.answer(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' })
    }
    switch (method) {
      case 'getMe':
        return answer(this.me())
      case 'getUpdates':
        return this.getUpdates(req, res, body)
      case 'deleteWebhook':
        this.webhook = null
        return answer(true)
      case 'setWebhook':
        this.webhook = { url: String(body.url), secret: body.secret_token as string | undefined }
        return answer(true)
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return answer(true)
      case 'sendMessage':
        return this.sendMessage(res, body)
      default:
        return this.answer(res, 404, { ok: false, error_code: 404, description: `Not Found: ${method}` })
    }
  }

  private me() {
    return { id: this.botId, is_bot: true, first_name: 'Kezek', username: this.username }
  }

  private sendMessage(res: ServerResponse, body: Record<string, unknown>): void {
    if (this.failing > 0) {
      this.failing -= 1
      return this.answer(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' })
    }
    const chatId = Number(body.chat_id)
    if (!Number.isSafeInteger(chatId))
      return this.answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' })
    const markup = (body.reply_markup ?? {}) as {
      inline_keyboard?: InlineButton[][]
      keyboard?: { text: string; request_contact?: boolean }[][]
      remove_keyboard?: boolean
    }
    const message: SentMessage = {
      messageId: this.nextMessageId++,
      chatId,
      text: String(body.text),
      buttons: markup.inline_keyboard ?? [],
      keyboard: markup.keyboard ?? [],
      removesKeyboard: markup.remove_keyboard === true,
    }
    this.sent.push(message)
    this.transcript.push({ from: 'bot', message })
    this.answer(res, 200, {
      ok: true,
      result: {
        message_id: message.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private' },
        from: this.me(),
        text: message.text,
      },
    })
    this.wake()
  }

  /** Long poll: confirms updates below `offset`, answers at once when any wait, else when one comes. */
  private getUpdates(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>): void {
    const offset = Number(body.offset ?? 0)
    const limit = Number(body.limit ?? 100)
    const timeoutMs = Number(body.timeout ?? 0) * 1000
    while (this.updates.length > 0 && this.updates[0]!.update_id < offset) this.updates.shift()
    const pending = () => this.updates.filter((u) => u.update_id >= offset).slice(0, limit)
    if (pending().length > 0 || timeoutMs === 0) return this.answer(res, 200, { ok: true, result: pending() })
    const finish = () => {
      this.waiters.delete(poll)
      clearTimeout(timer)
      if (!res.writableEnded && !res.destroyed) this.answer(res, 200, { ok: true, result: pending() })
    }
    const poll = () => {
      if (pending().length > 0) finish()
    }
    const timer = setTimeout(finish, timeoutMs)
    this.waiters.add(poll)
    // The bot gave up (it stops): nothing to answer.
    req.socket.once('close', () => {
      this.waiters.delete(poll)
      clearTimeout(timer)
    })
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify(body))
    // What the call changed (a webhook set, a message sent) is now there to see.
    this.wake()
  }
}

/** One citizen's private chat with the bot, as their Telegram app would send and show it. */
export class StandInUser {
  /** How many of the bot's messages in this chat `next()` has handed out. */
  private read = 0

  constructor(
    private readonly standIn: TelegramStandIn,
    readonly id: number,
    readonly firstName: string,
  ) {}

  private get from() {
    return { id: this.id, is_bot: false, first_name: this.firstName, language_code: 'kk' }
  }

  private message(fields: Record<string, unknown>) {
    return {
      message_id: Math.floor(Math.random() * 1e9),
      date: Math.floor(Date.now() / 1000),
      chat: { id: this.id, type: 'private', first_name: this.firstName },
      from: this.from,
      ...fields,
    }
  }

  /** Every message the bot sent this chat so far. */
  messages(): SentMessage[] {
    return this.standIn.sent.filter((m) => m.chatId === this.id)
  }

  /** Types a text (a leading `/word` is a command, as Telegram marks it). */
  text(text: string) {
    const command = /^\/\w+/.exec(text)
    const entities = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined
    return this.standIn.deliver({ message: this.message({ text, ...(entities ? { entities } : {}) }) })
  }

  /** Shares a contact: their own (the contact button) unless `userId` names someone else. */
  contact(phoneNumber: string, userId: number | undefined = this.id) {
    const contact = { phone_number: phoneNumber, first_name: this.firstName, user_id: userId }
    return this.standIn.deliver({ message: this.message({ contact }) })
  }

  /** Presses the inline button with this data under the latest message that shows it. */
  press(data: string) {
    const shown = this.messages()
      .reverse()
      .find((m) => m.buttons.flat().some((b) => b.callback_data === data))
    if (!shown) throw new Error(`the bot showed chat ${this.id} no button ${data}`)
    return this.standIn.deliver({
      callback_query: {
        id: String(Math.floor(Math.random() * 1e12)),
        from: this.from,
        chat_instance: `ci-${this.id}`,
        data,
        message: {
          message_id: shown.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: this.id, type: 'private', first_name: this.firstName },
          from: { id: this.standIn.botId, is_bot: true, first_name: 'Kezek' },
          text: shown.text,
        },
      },
    })
  }

  /** The bot's next message in this chat (waits for it). */
  async next(timeoutMs = WAIT_MS): Promise<SentMessage> {
    const message = await this.standIn.waitUntil(
      () => this.messages()[this.read],
      `message ${this.read + 1} to chat ${this.id}`,
      timeoutMs,
    )
    this.read += 1
    return message
  }
}
