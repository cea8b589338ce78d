/**
 * HTTP clients for the bench: `clients` callers, each on a keep-alive connection of its own (an
 * `http.Agent` with one socket), each sending its next request as soon as the answer to the last has
 * arrived whole (a closed loop, one request in flight per caller), as an integration's workers would.
 * `node:http` rather than `fetch`: less of the bench's own CPU per request, and one socket per caller
 * for certain.
 */
import http from 'node:http'
import { performance } from 'node:perf_hooks'

/** One request: its headers besides the loop's own, and its JSON body. */
export interface HttpRequestSpec {
  headers: Record<string, string>
  body: string
}

/** An answer as the loop saw it: status (0: no answer, the connection failed), latency, body text. */
export interface HttpAnswer {
  status: number
  /** When the request was written (`performance.now()`), and from then to the answer's last byte, ms. */
  sentAt: number
  ms: number
  body: string
}

export interface HttpLoop {
  /** Answers received so far. */
  answers(): number
  /** Stops sending and resolves when every request in flight has its answer. */
  stop(): Promise<void>
  /** Closes the keep-alive connections (after `stop`). */
  close(): void
}

/**
 * Starts `clients` callers POSTing to `url` (`next()` gives each request); `onAnswer` sees every answer
 * in the order they arrive.
 */
export function postLoop(options: {
  url: string
  clients: number
  next: () => HttpRequestSpec
  onAnswer: (answer: HttpAnswer) => void
}): HttpLoop {
  const target = new URL(options.url)
  const agents = Array.from(
    { length: options.clients },
    () => new http.Agent({ keepAlive: true, maxSockets: 1 }),
  )
  let answered = 0
  let inFlight = 0
  let stopped = false
  let idle: (() => void) | null = null

  const settle = (answer: HttpAnswer, agent: http.Agent) => {
    answered += 1
    inFlight -= 1
    options.onAnswer(answer)
    if (stopped && inFlight === 0) idle?.()
    send(agent)
  }

  const send = (agent: http.Agent): void => {
    if (stopped) return
    const { headers, body } = options.next()
    inFlight += 1
    const sentAt = performance.now()
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () =>
          settle(
            {
              status: response.statusCode ?? 0,
              sentAt,
              ms: performance.now() - sentAt,
              body: Buffer.concat(chunks).toString('utf8'),
            },
            agent,
          ),
        )
      },
    )
    request.on('error', (error) =>
      settle({ status: 0, sentAt, ms: performance.now() - sentAt, body: error.message }, agent),
    )
    request.end(body)
  }

  for (const agent of agents) send(agent)

  return {
    answers: () => answered,
    stop() {
      stopped = true
      if (inFlight === 0) return Promise.resolve()
      return new Promise((resolve) => (idle = resolve))
    },
    close() {
      for (const agent of agents) agent.destroy()
    },
  }
}
