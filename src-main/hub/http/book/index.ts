/**
 * The citizens' booking page's API, `/api/book/*`: public (no key, no sign-in), JSON in and out, every
 * refusal `application/problem+json` naming the field at fault, as the integration API answers. The one
 * entry point: the hub mounts `bookApp` among its HTTP apps. `request-guard.ts` has already refused
 * writes from other sites' pages and bodies not sent as JSON.
 *
 * - `GET  /api/book/services`: the centre, and the services a citizen can book;
 * - `GET  /api/book/services/{serviceId}/days`: the days of the horizon with their free places;
 * - `GET  /api/book/services/{serviceId}/slots?day=`: one day's slots;
 * - `POST /api/book/codes` and `/codes/{challengeId}/resend`: a one-time code to the phone (`make.ts`);
 * - `POST /api/book/bookings`: the booking, with the code (`make.ts`);
 * - `GET  /api/book/manage/{token}`, `POST …/cancel`, `POST …/reschedule`, `GET …/calendar.ics`
 *   (`manage.ts`).
 *
 * Per client address: a token bucket for every request and another for the codes sent (the config's
 * `limits.bookPage`), and the hub's failure limiter, which wrong codes and wrong links feed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CentreConfig, RateLimit } from '../../../../src-shared/config'
import type { CentreEngine } from '../../centre-engine'
import { CommandBucket } from '../../command-rate'
import type { ConnectionLimits } from '../../connection-limits'
import type { Logger } from '../../logger'
import type { SmsGateway } from '../../registration/adapters/sms-gateway'
import type { Vault, VaultEntries } from '../../vault'
import { retryAfter } from '../api/access'
import { problem, sendProblem } from '../api/problem'
import { pathPattern } from '../api/route'
import { readJson, sendJson } from '../respond'
import type { HttpApp } from '../router'
import { bookableServices, bookingDays, bookingSlots } from './catalogue'
import { BookingCodes } from './codes'
import { BookRefusal, refusal, type BookAnswer, type BookContext, type BookRequest } from './context'
import { makeBooking, requestCode, resendCode } from './make'
import { bookingCalendar, cancelBooking, rescheduleBooking, viewBooking } from './manage'
import { BOOK_API_PREFIX, isBookApiPath } from './paths'

export { BOOK_API_PREFIX } from './paths'

interface BookRoute {
  method: 'GET' | 'POST'
  path: string
  /** Sends an SMS: also takes a token of the address's code bucket. */
  sendsCode?: boolean
  handle(context: BookContext, request: BookRequest): BookAnswer | Promise<BookAnswer>
}

const ROUTES: readonly BookRoute[] = [
  { method: 'GET', path: '/services', handle: bookableServices },
  { method: 'GET', path: '/services/{serviceId}/days', handle: bookingDays },
  { method: 'GET', path: '/services/{serviceId}/slots', handle: bookingSlots },
  { method: 'POST', path: '/codes', sendsCode: true, handle: requestCode },
  { method: 'POST', path: '/codes/{challengeId}/resend', sendsCode: true, handle: resendCode },
  { method: 'POST', path: '/bookings', handle: makeBooking },
  { method: 'GET', path: '/manage/{token}', handle: viewBooking },
  { method: 'POST', path: '/manage/{token}/cancel', handle: cancelBooking },
  { method: 'POST', path: '/manage/{token}/reschedule', handle: rescheduleBooking },
  { method: 'GET', path: '/manage/{token}/calendar.ics', handle: bookingCalendar },
]

export interface BookOptions {
  config: CentreConfig
  engine: CentreEngine
  entries: VaultEntries
  vault: Vault
  /** The centre's SMS gateway (the registration mount's). */
  sms: SmsGateway
  limits: ConnectionLimits
  logger: Logger
  now: () => number
  /** What the address buckets refill by; real elapsed time by default. */
  rateClock?: () => number
}

/** One token bucket per client address; the least recently refilled goes first past `max`. */
class AddressBuckets {
  private readonly buckets = new Map<string, CommandBucket>()
  constructor(
    private readonly rate: RateLimit,
    private readonly clock: () => number,
    private readonly max = 10_000,
  ) {}

  /** Null when the address had a token; else the wait in ms. */
  take(address: string): number | null {
    let bucket = this.buckets.get(address)
    if (bucket) this.buckets.delete(address)
    else bucket = new CommandBucket(this.rate, this.clock)
    while (this.buckets.size >= this.max) this.buckets.delete(this.buckets.keys().next().value!)
    this.buckets.set(address, bucket)
    return bucket.take() ? null : bucket.retryAfterMs()
  }
}

export function bookApp(options: BookOptions): HttpApp {
  const { config, logger } = options
  const clock = options.rateClock ?? (() => performance.now())
  const requests = new AddressBuckets(config.limits.bookPage.requests, clock)
  const codeSends = new AddressBuckets(config.limits.bookPage.codes, clock)
  const context: BookContext = {
    config,
    engine: options.engine,
    entries: options.entries,
    vault: options.vault,
    limits: options.limits,
    codes: new BookingCodes({ sms: options.sms, logger, now: options.now }),
  }
  const routes = ROUTES.map((route) => ({ route, pattern: pathPattern(`${BOOK_API_PREFIX}${route.path}`) }))

  function overRate(buckets: AddressBuckets, address: string, what: string): void {
    const waitMs = buckets.take(address)
    if (waitMs === null) return
    const seconds = Math.max(1, Math.ceil(waitMs / 1000))
    throw refusal(
      429,
      'rate_limited',
      'address',
      `too many ${what} from this address; wait ${seconds} s`,
      retryAfter(waitMs),
    )
  }

  async function handle(req: IncomingMessage, url: URL): Promise<BookAnswer> {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET')
    const here = routes.flatMap(({ route, pattern }) => {
      const match = pattern.exec(url.pathname)
      return match ? [{ route, params: { ...match.groups } }] : []
    })
    if (here.length === 0)
      throw refusal(404, 'not_found', 'path', `no booking page API at ${url.pathname.slice(0, 200)}`)
    const found = here.find(({ route }) => route.method === method)
    if (!found) {
      const allowed = [...new Set(here.map(({ route }) => route.method))].join(', ')
      throw refusal(405, 'method_not_allowed', 'method', `use ${allowed} on ${url.pathname}`, {
        Allow: allowed,
      })
    }
    const address = req.socket.remoteAddress ?? '?'
    const lockedMs = options.limits.lockedFor(address)
    if (lockedMs > 0)
      throw refusal(
        429,
        'rate_limited',
        'address',
        'too many wrong codes or links from this address; wait a minute',
        retryAfter(lockedMs),
      )
    overRate(requests, address, 'requests')
    let body: unknown
    if (found.route.method === 'POST') {
      const read = await readJson(req)
      if (!read.ok) {
        throw read.code === 'payload_too_large'
          ? refusal(413, 'payload_too_large', 'body', read.message)
          : refusal(400, 'invalid_json', 'body', read.message)
      }
      body = read.value
    }
    if (found.route.sendsCode) overRate(codeSends, address, 'codes')
    return found.route.handle(context, { params: found.params, query: url.searchParams, body, address })
  }

  return async (req, res, url) => {
    if (!isBookApiPath(url.pathname)) return false
    try {
      send(res, await handle(req, url))
    } catch (error) {
      if (error instanceof BookRefusal) sendProblem(res, error.problem, error.headers)
      else {
        logger.error(
          { err: error, method: req.method, path: url.pathname.slice(0, 40) },
          'booking page request failed',
        )
        if (!res.headersSent)
          sendProblem(res, problem(500, 'internal', 'the hub could not handle this request'))
        else res.end()
      }
    }
    return true
  }
}

function send(res: ServerResponse, answer: BookAnswer): void {
  if ('json' in answer) return sendJson(res, answer.status, answer.json)
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
  res.statusCode = answer.status
  res.setHeader('Cache-Control', 'no-store')
  res.end(answer.file)
}
