/**
 * How one-time codes reach the citizen's phone. Two adapters: an outbox file in the data folder (the
 * default, for demos and tests: a staff page shows what would have been sent) and an HTTP gateway.
 */
import { randomUUID } from 'node:crypto'
import { chmodSync, closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { maskPhone } from '../../../../src-shared/kz/phone'
import { basicAuth, GatewayError, postJson, sleep, type FetchLike } from './http-post'

export interface SmsMessage {
  /** E.164, `+77012345678`. */
  to: string
  text: string
  /** Our reference for the message (the registration id), for tracing at the gateway. */
  reference: string
}

export interface SmsGateway {
  /** Resolves once the gateway has accepted the message; rejects when it could not be sent. */
  send(message: SmsMessage): Promise<void>
}

/** A message in the outbox file: the number masked, as the staff page shows it. */
export interface OutboxSms extends SmsMessage {
  id: string
  at: number
}

/** What the staff page shows: the text in full (it stands for the citizen's phone), the number masked. */
export interface OutboxSmsView {
  id: string
  at: number
  to: string
  reference: string
  text: string
}

export const SMS_OUTBOX_FILE = 'sms-outbox.jsonl'

/**
 * Appends each message as a JSON line to a file readable by the hub's user only. The number is masked
 * before it is written (the file stands for the citizen's phone, whose number staff need not see); the
 * text holds the code, so `prune` drops a line once its code has expired (the hub's sweep runs it every
 * minute). A real gateway writes nothing to disk.
 */
export class OutboxSmsGateway implements SmsGateway {
  private writing: Promise<void> = Promise.resolve()

  constructor(
    readonly file: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
    chmodSync(file, 0o600)
  }

  send(message: SmsMessage): Promise<void> {
    const stored: OutboxSms = { id: randomUUID(), at: this.now(), ...message, to: maskPhone(message.to) }
    const line = JSON.stringify(stored) + '\n'
    // One append at a time, so lines never interleave.
    const done = this.writing.then(() => appendFile(this.file, line, { mode: 0o600 }))
    this.writing = done.catch(() => undefined)
    return done
  }

  /** Every message in the file, oldest first; a damaged line is skipped. */
  messages(): OutboxSms[] {
    if (!existsSync(this.file)) return []
    const out: OutboxSms[] = []
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue
      try {
        out.push(JSON.parse(line) as OutboxSms)
      } catch {
        // a line cut short by a crash
      }
    }
    return out
  }

  /** The newest `limit` messages, newest first (the number was masked when written). */
  recent(limit = 50): OutboxSmsView[] {
    return this.messages()
      .slice(-limit)
      .reverse()
      .map(({ id, at, to, reference, text }) => ({ id, at, to, reference, text }))
  }

  /** Drops messages sent before `before`; returns how many. */
  async prune(before: number): Promise<number> {
    await this.writing
    const all = this.messages()
    const keep = all.filter((m) => m.at >= before)
    if (keep.length === all.length) return 0
    const temp = `${this.file}.tmp`
    writeFileSync(temp, keep.map((m) => JSON.stringify(m) + '\n').join(''), { mode: 0o600 })
    renameSync(temp, this.file)
    return all.length - keep.length
  }
}

export interface HttpSmsOptions {
  url: string
  username: string
  password: string
  timeoutMs: number
  /** Retries after a failed attempt; the delay doubles from `retryDelayMs`. */
  retries: number
  retryDelayMs?: number
  fetch?: FetchLike
}

/**
 * JSON POST `{ to, text, reference }` with Basic auth. A failure that a retry may cure (timeout,
 * network, 408, 429, 5xx) is retried with exponential backoff; a refusal (4xx) is not.
 */
export class HttpSmsGateway implements SmsGateway {
  constructor(private readonly options: HttpSmsOptions) {}

  async send(message: SmsMessage): Promise<void> {
    const { url, username, password, timeoutMs, retries, fetch } = this.options
    const delay = this.options.retryDelayMs ?? 500
    for (let attempt = 0; ; attempt++) {
      try {
        await postJson(url, message, {
          timeoutMs,
          fetch,
          headers: { Authorization: basicAuth(username, password) },
        })
        return
      } catch (error) {
        const permanent = error instanceof GatewayError && error.permanent
        if (permanent || attempt >= retries) throw error
        await sleep(delay * 2 ** attempt)
      }
    }
  }
}
