/**
 * How the citizens' phone pages (`/book`, `/join`) call their hub: JSON in and out under one prefix; a
 * refusal is the hub's problem+json (its code, the field it names, `Retry-After`), a lost connection is
 * `offline`. And the one-time code's answer, whose times are moved onto the phone's own clock.
 */

/** A channel a citizen may be notified through. */
export type NotifyChannel = 'sms' | 'telegram'

/** The notifications a page's catalogue offers (`notify` of `/api/join/services` and `/api/book/services`). */
export interface NotifyOffer {
  channels: NotifyChannel[]
  /** The centre's Telegram bot's username, for its link; null when it has none. */
  telegramBot: string | null
}

/** Why a call did not succeed: the hub's code (and the field it names), or no answer at all. */
export class PhoneCallError extends Error {
  constructor(
    readonly code: string,
    readonly field: string | null,
    readonly retryAt: number | null,
    message: string,
  ) {
    super(message)
    this.name = 'PhoneCallError'
  }
}

interface ProblemBody {
  code?: string
  detail?: string
  errors?: { path: string }[]
}

/** A caller of the API under `prefix` (`/api/book`): a GET, or a POST of `init.body` as JSON. */
export function phoneApi(prefix: string) {
  return async function call<T>(path: string, init?: { body: unknown }): Promise<T> {
    let response: Response
    try {
      response = await fetch(`${prefix}${path}`, {
        method: init ? 'POST' : 'GET',
        headers: init ? { 'Content-Type': 'application/json' } : {},
        body: init ? JSON.stringify(init.body) : undefined,
      })
    } catch {
      throw new PhoneCallError('offline', null, null, 'the hub did not answer')
    }
    const body = (await response.json().catch(() => ({}))) as T & ProblemBody
    if (response.ok) return body
    const wait = Number(response.headers.get('Retry-After'))
    throw new PhoneCallError(
      body.code ?? 'internal',
      body.errors?.[0]?.path ?? null,
      wait > 0 ? Date.now() + wait * 1000 : null,
      body.detail ?? `the hub answered ${response.status}`,
    )
  }
}

/** A one-time code sent: never the number itself, only its masked form. */
export interface CodeSent {
  challengeId: string
  phoneMasked: string
  expiresAt: number
  resendAt: number
  attemptsLeft: number
}

/** A code request's answer with its times moved onto this phone's clock (the hub's may differ). */
export async function onLocalClock(answer: Promise<CodeSent & { now: number }>): Promise<CodeSent> {
  const { now, ...sent } = await answer
  const shift = Date.now() - now
  return { ...sent, expiresAt: sent.expiresAt + shift, resendAt: sent.resendAt + shift }
}
