/**
 * A stand-in for the centre's HTTP SMS gateway (`registration.sms.kind: http`), run by a test: it keeps
 * every POST `{ to, text, reference }` and, like the gateway's contract says, counts a repeated
 * `reference` as one message. Optionally slow (`delayMs`).
 */
import { createServer, type Server } from 'node:http'

export interface StandInSms {
  to: string
  text: string
  reference: string
}

export class SmsStandIn {
  /** Every POST, in arrival order (a repeated reference included). */
  readonly posts: StandInSms[] = []
  delayMs = 0
  private server: Server | null = null

  /** Messages by reference: what the citizen's phone shows (one per reference). */
  delivered(): Map<string, StandInSms> {
    const byReference = new Map<string, StandInSms>()
    for (const post of this.posts) if (!byReference.has(post.reference)) byReference.set(post.reference, post)
    return byReference
  }

  /** Starts on a free port of 127.0.0.1; resolves with its URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (chunk: string) => (body += chunk))
      req.on('end', () => {
        const answer = () => {
          try {
            this.posts.push(JSON.parse(body) as StandInSms)
            res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}')
          } catch {
            res.writeHead(400).end()
          }
        }
        if (this.delayMs > 0) setTimeout(answer, this.delayMs)
        else answer()
      })
    })
    this.server = server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    if (!address || typeof address === 'string') throw new Error('the SMS stand-in has no port')
    return `http://127.0.0.1:${address.port}/sms`
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
