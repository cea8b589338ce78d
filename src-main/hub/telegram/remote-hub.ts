/**
 * The bot's `BotHub` in its own process (`npm run bot`): the hub's integration API under
 * `/api/v1/telegram` (`src-main/hub/http/api/telegram*.ts`), with a key of scope `telegram`. Every
 * write carries an `Idempotency-Key` (the Telegram update's request id where the bot has one), so a
 * retried request does nothing twice. Problems come back as the same `CodeRefusal`s and refusals the
 * bot in the hub gets, so the conversation cannot tell the two apart.
 *
 * A hub that cannot be reached, or answers what this bot does not understand, is an error thrown: the
 * bot answers the chat with "try again" (`bot.ts`), as it does for any failure.
 */
import { randomUUID } from 'node:crypto'
import type { Language } from '../../../src-shared/config'
import type { BotRefusal } from '../../../src-shared/i18n/telegram-bot'
import {
  CodeRefusal,
  type BotHub,
  type BotSettings,
  type Holdings,
  type JoinableService,
  type JoinedTicket,
  type Outcome,
} from './bot-hub'
import type { RelayedMessage } from './relay'

export interface RemoteHubOptions {
  /** The hub's address, e.g. `http://127.0.0.1:8080`. */
  hubUrl: string
  /** The integration key (scope `telegram`). */
  apiKey: string
  /** How long one request may take before it is given up (ms); default 15 s (a long poll adds its wait). */
  timeoutMs?: number
  fetch?: typeof fetch
}

/** The centre's refusals the bot has its own words for (as `local-hub.ts` has them). */
const REFUSALS: Record<string, BotRefusal> = {
  remote_join_off: 'remote_join_off',
  remote_join_full: 'remote_join_full',
  remote_daily_cap: 'remote_daily_cap',
  remote_phone_limit: 'remote_phone_limit',
  no_window_serves: 'no_window_serves',
  centre_closed: 'centre_closed',
  unknown_service: 'unknown_service',
  chat_not_linked: 'not_linked',
  // Another's ticket or booking is answered as unknown: the chat is told it is not its own.
  unknown_ticket: 'not_yours',
  unknown_booking: 'not_yours',
  invalid_transition: 'closed',
  booking_closed: 'closed',
  forbidden: 'closed',
  rate_limited: 'busy',
  storage_failed: 'busy',
}

/** An answer of the hub: its status and parsed body. */
interface Answer {
  status: number
  body: Record<string, unknown> | null
}

/** Times a request answered 429 is sent again after the wait the hub names. */
const RATE_RETRIES = 3

/** Settings are asked once a minute at most: names and limits change rarely. */
const SETTINGS_TTL_MS = 60_000

export class RemoteBotHub implements BotHub {
  private readonly base: string
  private readonly fetch: typeof fetch
  private settingsCache: { at: number; value: Promise<BotSettings> } | null = null

  constructor(private readonly options: RemoteHubOptions) {
    this.base = `${options.hubUrl.replace(/\/+$/, '')}/api/v1/telegram`
    this.fetch = options.fetch ?? fetch
  }

  settings(): Promise<BotSettings> {
    const now = Date.now()
    if (!this.settingsCache || now - this.settingsCache.at > SETTINGS_TTL_MS) {
      const value = this.expect<BotSettings>('GET', '/settings')
      value.catch(() => (this.settingsCache = null))
      this.settingsCache = { at: now, value }
    }
    return this.settingsCache.value
  }

  async joinable(): Promise<JoinableService[]> {
    return (await this.expect<{ services: JoinableService[] }>('GET', '/services')).services
  }

  async linkOf(chatId: number): Promise<{ language: Language } | null> {
    const chat = await this.expect<{ linked: boolean; language: Language | null }>('GET', `/chats/${chatId}`)
    return chat.linked && chat.language ? { language: chat.language } : null
  }

  async sendCode(chatId: number, phone: string): Promise<{ challengeId: string; phoneMasked: string }> {
    const answer = await this.call('POST', `/chats/${chatId}/code`, { phone })
    if (answer.status === 201) return answer.body as { challengeId: string; phoneMasked: string }
    const code = problemCode(answer)
    if (code === 'phone_busy') throw new CodeRefusal('phone_busy', detail(answer))
    if (code === 'sms_failed') throw new CodeRefusal('sms_failed', detail(answer))
    throw unexpected('POST code', answer)
  }

  async confirmCode(chatId: number, challengeId: string, code: string, language: Language): Promise<void> {
    const answer = await this.call('PUT', `/chats/${chatId}/link`, { challengeId, code, language })
    if (answer.status === 200) return
    const problem = problemCode(answer)
    if (problem === 'otp_wrong')
      throw new CodeRefusal('code_wrong', detail(answer), Number(answer.body?.attemptsLeft ?? 0))
    if (problem === 'challenge_unknown') throw new CodeRefusal('code_gone', detail(answer))
    if (problem === 'validation_failed') throw new CodeRefusal('code_invalid', detail(answer))
    throw unexpected('PUT link', answer)
  }

  async setLanguage(chatId: number, language: Language): Promise<boolean> {
    return this.linkedWrite(await this.call('PATCH', `/chats/${chatId}`, { language }), 'PATCH chat')
  }

  async setConsent(chatId: number, given: boolean): Promise<boolean> {
    return this.linkedWrite(await this.call('PUT', `/chats/${chatId}/consent`, { given }), 'PUT consent')
  }

  async holdings(chatId: number): Promise<Outcome<Holdings>> {
    const answer = await this.call('GET', `/chats/${chatId}/holdings`)
    if (answer.status !== 200) return this.refusal(answer, 'GET holdings')
    const held = answer.body as unknown as {
      tickets: Holdings['tickets']
      bookings: (Omit<Holdings['bookings'][number], 'slotStart'> & { slotStart: string })[]
    }
    return {
      ok: true,
      value: {
        tickets: held.tickets,
        bookings: held.bookings.map((b) => ({ ...b, slotStart: Date.parse(b.slotStart) })),
      },
    }
  }

  async join(
    chatId: number,
    serviceId: string,
    travelMinutes: number,
    requestId: string,
  ): Promise<Outcome<JoinedTicket>> {
    const answer = await this.call(
      'POST',
      `/chats/${chatId}/remote-tickets`,
      { serviceId, travelMinutes },
      requestId,
    )
    if (answer.status === 201) return { ok: true, value: answer.body as unknown as JoinedTicket }
    return this.refusal(answer, 'POST remote-tickets')
  }

  async cancel(
    chatId: number,
    kind: 'ticket' | 'booking',
    id: string,
    requestId: string,
  ): Promise<Outcome<string>> {
    const path = `/chats/${chatId}/${kind === 'ticket' ? 'tickets' : 'bookings'}/${encodeURIComponent(id)}`
    const answer = await this.call('DELETE', path, undefined, requestId)
    if (answer.status === 200) return { ok: true, value: String(answer.body?.label ?? '') }
    return this.refusal(answer, `DELETE ${kind}`)
  }

  /** The notifications to send (a long poll of up to `waitSeconds`; `signal` ends it early). */
  async outbox(waitSeconds: number, signal?: AbortSignal): Promise<RelayedMessage[]> {
    const answer = await this.expect<{ messages: RelayedMessage[] }>(
      'GET',
      `/outbox?waitSeconds=${waitSeconds}`,
      waitSeconds * 1000,
      signal,
    )
    return answer.messages
  }

  /** Reports a message sent or refused; false when the hub no longer waits for it. */
  async report(id: string, outcome: { sent: true } | { sent: false; reason: string }): Promise<boolean> {
    const answer = await this.call('PUT', `/outbox/${encodeURIComponent(id)}`, outcome, `report-${id}`)
    if (answer.status === 204) return true
    if (answer.status === 404) return false
    throw unexpected('PUT outbox', answer)
  }

  private linkedWrite(answer: Answer, what: string): boolean {
    if (answer.status === 200) return true
    if (problemCode(answer) === 'chat_not_linked') return false
    throw unexpected(what, answer)
  }

  private refusal(answer: Answer, what: string): Outcome<never> {
    const code = problemCode(answer)
    if (answer.status >= 500 || code === undefined) throw unexpected(what, answer)
    return { ok: false, refusal: REFUSALS[code] ?? null, detail: detail(answer) }
  }

  private async expect<T>(method: string, path: string, extraMs = 0, signal?: AbortSignal): Promise<T> {
    const answer = await this.call(method, path, undefined, undefined, extraMs, signal)
    // Named by its route, never its path: a path names a chat.
    const route = path.split('?')[0]!.replace(/\/chats\/\d+/, '/chats/{chatId}')
    if (answer.status !== 200) throw unexpected(`${method} ${route}`, answer)
    return answer.body as T
  }

  /**
   * One request; answered 429 (the key over its rate), it waits the `Retry-After` the hub names (at most
   * 5 s) and sends the same request again, with the same `Idempotency-Key`, up to three times.
   */
  private async call(
    method: string,
    path: string,
    body?: unknown,
    key: string = randomUUID(),
    extraMs = 0,
    signal?: AbortSignal,
  ): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.send(method, path, body, key, extraMs, signal)
      if (answer.status !== 429 || attempt === RATE_RETRIES || signal?.aborted) return answer
      await new Promise((resolve) => setTimeout(resolve, answer.retryAfterMs))
    }
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    key: string,
    extraMs: number,
    signal: AbortSignal | undefined,
  ): Promise<Answer & { retryAfterMs: number }> {
    const timeout = AbortSignal.timeout((this.options.timeoutMs ?? 15_000) + extraMs)
    const write = method !== 'GET'
    const response = await this.fetch(`${this.base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.options.apiKey}`,
        ...(write ? { 'Idempotency-Key': key } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    })
    const text = await response.text()
    let parsed: Record<string, unknown> | null = null
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as Record<string, unknown>
      } catch {
        // Not JSON (a proxy's error page): reported below with its status.
        parsed = { detail: text.slice(0, 200) }
      }
    }
    const retryAfter = Number(response.headers.get('retry-after'))
    const retryAfterMs = Math.min(
      5_000,
      Math.max(200, Number.isFinite(retryAfter) ? retryAfter * 1000 : 1_000),
    )
    return { status: response.status, body: parsed, retryAfterMs }
  }
}

function problemCode(answer: Answer): string | undefined {
  const code = answer.body?.code
  return typeof code === 'string' ? code : undefined
}

function detail(answer: Answer): string {
  return String(answer.body?.detail ?? `status ${answer.status}`)
}

/** An answer the bot cannot go on with: the route and what the hub said, never a chat or a phone. */
function unexpected(what: string, answer: Answer): Error {
  return new Error(
    `the hub answered ${what} with ${answer.status} ${problemCode(answer) ?? ''}: ${detail(answer)}`.trim(),
  )
}
