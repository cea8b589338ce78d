/** The small HTTP vocabulary every route module answers with: JSON, plain text, a bounded JSON body. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ErrorCode } from '../../../src-shared/domain'
import type { HttpAnswer } from '../registration/registration-http'

const MAX_BODY_BYTES = 4096

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; media-src 'self' data: blob:; frame-ancestors 'none'",
  )
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json; charset=utf-8')
  res.setHeader('Cache-Control', 'no-store')
  res.end(text)
}

/** An error body as docs/protocol.md has it; `code` is one of the hub's stable codes. */
export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { error: { code, message } })
}

export function sendAnswer(res: ServerResponse, answer: HttpAnswer): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value)
  if (typeof answer.body !== 'string') return sendJson(res, answer.status, answer.body)
  res.statusCode = answer.status
  res.setHeader('Cache-Control', 'no-store')
  res.end(answer.body)
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.end(text)
}

/** The token of `Authorization: Bearer <token>`, or '' when the request carries none. */
export function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization ?? ''
  return header.startsWith('Bearer ') ? header.slice(7).trim() : ''
}

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: number; code: 'invalid_payload' | 'payload_too_large'; message: string }

/** At most `maxBytes` (default MAX_BODY_BYTES) of JSON; never rejects. */
export function readJson(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      if (done) return
      size += chunk.length
      if (size > maxBytes) {
        done = true
        resolve({
          ok: false,
          status: 413,
          code: 'payload_too_large',
          message: `the body is over ${maxBytes} bytes`,
        })
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (done) return
      done = true
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) })
      } catch {
        // Not JSON is the client's mistake, answered below; nothing to log.
        resolve({ ok: false, status: 400, code: 'invalid_payload', message: 'the body is not valid JSON' })
      }
    })
    req.on('error', () => {
      if (done) return
      done = true
      resolve({
        ok: false,
        status: 400,
        code: 'invalid_payload',
        message: 'the request body could not be read',
      })
    })
  })
}
