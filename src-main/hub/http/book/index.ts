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
 * The services' answer offers the notifications `/join` offers, and a booking takes the ticked ones
 * (`../notify-offer.ts`).
 *
 * The rate limits and the answering are every citizen page's (`../citizen-page.ts`).
 */
import type { CentreConfig } from '../../../../src-shared/config'
import type { CentreEngine } from '../../centre-engine'
import type { ConnectionLimits } from '../../connection-limits'
import type { Logger } from '../../logger'
import type { NotifyConsents } from '../../notify/contracts'
import type { SmsGateway } from '../../registration/adapters/sms-gateway'
import type { Vault, VaultEntries } from '../../vault'
import { citizenPageApp, type PageRoute } from '../citizen-page'
import type { HttpApp } from '../router'
import { bookableServices, bookingDays, bookingSlots } from './catalogue'
import { BookingCodes } from './codes'
import type { BookContext } from './context'
import { makeBooking, requestCode, resendCode } from './make'
import { bookingCalendar, cancelBooking, rescheduleBooking, viewBooking } from './manage'
import { BOOK_API_PREFIX } from './paths'

export { BOOK_API_PREFIX } from './paths'

const ROUTES: readonly PageRoute<BookContext>[] = [
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
  /** The notifications' consents; without them the page offers none. */
  consents: NotifyConsents | null
  /** The Telegram bot's username, for the page's link to it; null when the centre has no bot. */
  telegramBot: string | null
  /** What the address buckets refill by; real elapsed time by default. */
  rateClock?: () => number
}

export function bookApp(options: BookOptions): HttpApp {
  const { config, logger } = options
  const context: BookContext = {
    config,
    engine: options.engine,
    entries: options.entries,
    vault: options.vault,
    limits: options.limits,
    codes: new BookingCodes({ sms: options.sms, logger, now: options.now }),
    consents: options.consents,
    telegramBot: options.telegramBot,
  }
  return citizenPageApp({
    prefix: BOOK_API_PREFIX,
    routes: ROUTES,
    context,
    config,
    limits: options.limits,
    logger,
    name: 'booking page',
    rateClock: options.rateClock,
  })
}
