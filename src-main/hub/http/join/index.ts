/**
 * The citizens' `/join` page's API, `/api/join/*`: join today's queue from home with a phone confirmed by
 * a one-time code. Public, JSON in and out, refusals as problem+json naming the field at fault, the same
 * per-address limits as `/book` (`../citizen-page.ts`). The one entry point: the hub mounts `joinApp`
 * among its HTTP apps.
 *
 * - `GET  /api/join/services`: the centre, the services one may join with their waits, travel times and
 *   the notifications offered (`catalogue.ts`);
 * - `POST /api/join/codes` and `/codes/{challengeId}/resend`: a one-time code to the phone;
 * - `POST /api/join/tickets`: the remote ticket, with the code (`tickets.ts`);
 * - `GET  /api/join/tickets/{token}`, `POST …/cancel`: the ticket by its tracker token.
 */
import type { CentreConfig } from '../../../../src-shared/config'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { Logger } from '../../logger'
import type { NotifyConsents } from '../../notify/contracts'
import type { SmsGateway } from '../../registration/adapters/sms-gateway'
import type { VaultEntries } from '../../vault'
import { BookingCodes } from '../book/codes'
import { requestCode, resendCode } from '../book/make'
import { citizenPageApp, type PageRoute } from '../citizen-page'
import type { HttpApp } from '../router'
import { joinCatalogue } from './catalogue'
import type { JoinContext } from './context'
import { JOIN_API_PREFIX } from './paths'
import { cancelTicket, joinQueue, viewTicket } from './tickets'

export { JOIN_API_PREFIX } from './paths'

const ROUTES: readonly PageRoute<JoinContext>[] = [
  { method: 'GET', path: '/services', handle: joinCatalogue },
  { method: 'POST', path: '/codes', sendsCode: true, handle: requestCode },
  { method: 'POST', path: '/codes/{challengeId}/resend', sendsCode: true, handle: resendCode },
  { method: 'POST', path: '/tickets', handle: joinQueue },
  { method: 'GET', path: '/tickets/{token}', handle: viewTicket },
  { method: 'POST', path: '/tickets/{token}/cancel', handle: cancelTicket },
]

export interface JoinOptions {
  config: CentreConfig
  engine: CentreEngine
  entries: VaultEntries
  /** The centre's SMS gateway (the registration mount's). */
  sms: SmsGateway
  limits: ConnectionLimits
  logger: Logger
  now: () => number
  /** The notifications' consents; without them the page offers none. */
  consents: NotifyConsents | null
  /** The Telegram bot's username, for the page's link to it; null when the centre has no bot. */
  telegramBot: string | null
  /** What the address buckets refill by; real elapsed time by default. */
  rateClock?: () => number
}

export function joinApp(options: JoinOptions): HttpApp {
  const { config, logger } = options
  const context: JoinContext = {
    config,
    engine: options.engine,
    entries: options.entries,
    limits: options.limits,
    codes: new BookingCodes({ sms: options.sms, logger, now: options.now, purpose: 'join' }),
    consents: options.consents,
    telegramBot: options.telegramBot,
  }
  return citizenPageApp({
    prefix: JOIN_API_PREFIX,
    routes: ROUTES,
    context,
    config,
    limits: options.limits,
    logger,
    name: 'join page',
    rateClock: options.rateClock,
  })
}
