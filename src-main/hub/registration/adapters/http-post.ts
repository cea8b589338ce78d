/**
 * One JSON POST with a time limit, for the HTTP adapters. Errors say what failed (status, timeout,
 * network) and never quote the request, which carries personal data.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export class GatewayError extends Error {
  override readonly name = 'GatewayError'
  constructor(
    message: string,
    /** A retry cannot help (the gateway refused the request itself, e.g. 400 or 401). */
    readonly permanent = false,
  ) {
    super(message)
  }
}

export interface PostOptions {
  headers?: Record<string, string>
  timeoutMs: number
  fetch?: FetchLike
}

/** POSTs `body` as JSON; resolves with the response on 2xx, otherwise throws a `GatewayError`. */
export async function postJson(url: string, body: unknown, options: PostOptions): Promise<Response> {
  const doFetch = options.fetch ?? fetch
  let response: Response
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    })
  } catch (error) {
    const name = (error as Error).name
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new GatewayError(`no answer within ${options.timeoutMs} ms`)
    }
    const cause = (error as { cause?: { code?: string } }).cause?.code
    throw new GatewayError(`network error${cause ? ` (${cause})` : ''}`)
  }
  if (response.ok) return response
  // Drain the body so the connection can be reused; its text is not kept (it may echo the request).
  await response.arrayBuffer().catch(() => undefined)
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500
  throw new GatewayError(`the gateway answered HTTP ${response.status}`, !retryable)
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
