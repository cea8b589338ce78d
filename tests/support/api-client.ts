/**
 * A raw HTTP client for the integration API's tests: any method, header and body, from a chosen local
 * address (127.0.0.2 is another machine of the LAN to the hub), answering status, headers and the body
 * parsed as JSON when it is JSON.
 */
import { request, type IncomingHttpHeaders } from 'node:http'
import { expect } from 'vitest'
import { readDemoAccounts } from '../hub/fixtures/demo-accounts'

/** The demo integration's key (docs/demo-accounts.md). */
export function demoIntegrationKey(): string {
  const demo = readDemoAccounts().integrations.find((i) => i.integrationId === 'egov-demo')
  if (!demo) throw new Error('docs/demo-accounts.md lists no egov-demo integration')
  return demo.key
}

export interface ApiAnswer<B = unknown> {
  status: number
  headers: IncomingHttpHeaders
  /** The parsed JSON body; the raw text when it is not JSON; null when empty. */
  body: B
  text: string
}

export interface ApiRequest {
  method?: string
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string
  headers?: Record<string, string>
  /** An object is sent as JSON with `Content-Type: application/json`; a string as it is. */
  body?: unknown
  /** The client's own address, e.g. 127.0.0.2. */
  from?: string
}

/** The shape of every error answer (RFC 9457). */
export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  errors?: { path: string; message: string }[]
  /** A refusal by the centre: what it is about (`slotStart`, `opensAt`, …). */
  [detail: string]: unknown
}

export function apiRequest<B = unknown>(
  baseUrl: string,
  path: string,
  { method = 'GET', key, headers = {}, body, from }: ApiRequest = {},
): Promise<ApiAnswer<B>> {
  const { hostname, port } = new URL(baseUrl)
  const sent: Record<string, string> = { ...headers }
  if (key !== undefined) sent.Authorization = `Bearer ${key}`
  let payload: string | undefined
  if (typeof body === 'string') payload = body
  else if (body !== undefined) {
    payload = JSON.stringify(body)
    sent['Content-Type'] ??= 'application/json'
  }
  // Node sends a DELETE's or OPTIONS' body without a length unless told one.
  if (payload !== undefined) sent['Content-Length'] = String(Buffer.byteLength(payload))
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method, headers: sent, ...(from ? { localAddress: from } : {}) },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => {
          let parsed: unknown = text === '' ? null : text
          if (/json/.test(res.headers['content-type'] ?? '') && text !== '') parsed = JSON.parse(text)
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed as B, text })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

/**
 * Checks an answer is the problem+json of `code` with `status`, every RFC 9457 member in place; returns
 * its body for more checks.
 */
export function expectProblem(answer: ApiAnswer, status: number, code: string): ProblemBody {
  expect({ status: answer.status, contentType: answer.headers['content-type'] }).toEqual({
    status,
    contentType: 'application/problem+json',
  })
  const body = answer.body as ProblemBody
  expect(body).toMatchObject({
    type: `urn:kezek:problem:${code}`,
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code,
  })
  expect(body.title.length).toBeGreaterThan(0)
  expect(body.detail.length).toBeGreaterThan(0)
  return body
}
