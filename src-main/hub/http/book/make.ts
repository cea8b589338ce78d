/**
 * Booking from the `/book` page: a one-time code to the citizen's phone, then the booking itself.
 *
 * `POST /api/book/bookings` checks, in this order, and the first that fails answers and changes nothing:
 * the body; whether the centre would take this booking now (the domain's own `decideBooking` on the
 * current state, so a full slot or a limit is told before the code is spent); that the code went to this phone;
 * the code itself (spent now). Then the IIN and phone go into the vault entries and `booking:make` goes
 * to the engine as the citizen (`citizen:web`, channel `web`), with the page's request id: a retry after
 * a lost answer gets the same booking (see `codes.ts`). The notifications asked for (`notify`) are
 * checked with the body, against those offered; consent to them is recorded once the booking is made
 * (again on a retry, which keeps the first grant), so "booking confirmed" goes to the confirmed phone.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { LANGUAGES, type Language } from '../../../../src-shared/config'
import { DomainError, type Actor, type CommandOf } from '../../../../src-shared/domain'
import { decideBooking } from '../../../../src-shared/domain/bookings'
import { isOtpCode } from '../../../../src-shared/registration/otp'
import { ChallengeRefusal, type ChallengeRefusalCode } from '../../phone-challenges'
import { fromAck, iin, instant, phone, REFUSALS, type ApiBooking } from '../api/bookings'
import { IDEMPOTENCY_KEY_PATTERN, refusalStatus } from '../api/writes'
import { retryAfter } from '../api/access'
import { checkOffered, grantTicked, notifyField } from '../notify-offer'
import {
  centreRefusal,
  parseBody,
  refusal,
  type BookAnswer,
  type BookContext,
  type BookRequest,
} from './context'
import { manageToken } from './manage-token'

/** The principal every `/book` command is stored under: its request ids are the page's random ones. */
export const CITIZEN_PRINCIPAL = 'citizen:web'

export const requestIdField = z
  .string()
  .regex(IDEMPOTENCY_KEY_PATTERN, 'must be 1–128 of A–Z a–z 0–9 _ - : . (a new one per action)')

const challengeIdField = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be the challengeId of a code request')

const codeRequestBody = z.object({ phone }).strict()

const newBookingBody = z
  .object({
    requestId: requestIdField,
    challengeId: challengeIdField,
    code: z.string().refine((code) => isOtpCode(code), 'must be the 6 digits of the SMS'),
    iin,
    phone,
    serviceId: z.string().min(1).max(64),
    slotStart: instant,
    notify: notifyField,
    language: z.enum(LANGUAGES).default('kk'),
  })
  .strict()

const CHALLENGE_REFUSALS: Record<ChallengeRefusalCode, { status: number; field: string }> = {
  challenge_unknown: { status: 404, field: 'body.challengeId' },
  code_invalid: { status: 400, field: 'body.code' },
  code_wrong: { status: 422, field: 'body.code' },
  code_expired: { status: 422, field: 'body.code' },
  attempts_exceeded: { status: 422, field: 'body.code' },
  resend_too_soon: { status: 429, field: 'body.challengeId' },
  phone_busy: { status: 429, field: 'body.phone' },
  sms_failed: { status: 502, field: 'body.phone' },
}

/** A one-time code refusal as the page gets it; waiting ones say how long in `Retry-After`. */
function challengeRefused(error: ChallengeRefusal, now: number) {
  const { status, field } = CHALLENGE_REFUSALS[error.code]
  const wait = error.detail.retryAt === undefined ? undefined : retryAfter(error.detail.retryAt - now)
  return refusal(status, error.code, field, error.message, wait)
}

export async function challengeStep<T>(
  context: Pick<BookContext, 'engine'>,
  step: () => Promise<T> | T,
): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (error instanceof ChallengeRefusal) throw challengeRefused(error, context.engine.now())
    throw error
  }
}

/**
 * `POST /api/book/codes` `{ phone }`: sends a code; 201 with the challenge (never the number) and the
 * hub's time, against which the page reads `expiresAt` and `resendAt`.
 */
export async function requestCode(
  context: Pick<BookContext, 'codes' | 'engine'>,
  { body }: BookRequest,
): Promise<BookAnswer> {
  const { phone: to } = parseBody(codeRequestBody, body)
  const sent = await challengeStep(context, () => context.codes.start(to))
  return { status: 201, json: { ...sent, now: context.engine.now() } }
}

/** `POST /api/book/codes/{challengeId}/resend`: a new code once the minute has passed. */
export async function resendCode(
  context: Pick<BookContext, 'codes' | 'engine'>,
  { params, body }: BookRequest,
): Promise<BookAnswer> {
  parseBody(z.object({}).strict(), body ?? {})
  const id = params.challengeId!
  const sent = await challengeStep(context, () => context.codes.resend(id))
  return { status: 200, json: { ...sent, now: context.engine.now() } }
}

/** Whether the centre would take the booking now, by the domain's own rules; throws its refusal. */
async function wouldBook(context: BookContext, command: CommandOf<'booking:make'>, iinValue: string) {
  const { config, engine, entries } = context
  // A person the vault does not know yet has no bookings: any id that is no entry's counts nothing.
  const personId = (await entries.find('iin', iinValue)) ?? 'preflight'
  const actor: Actor = { kind: 'citizen', bookingId: null }
  try {
    decideBooking(
      engine.state,
      { ...command, personId },
      {
        now: engine.now(),
        config,
        actor,
        newId: randomUUID,
        newToken: () => randomBytes(12).toString('base64url'),
      },
    )
  } catch (error) {
    if (!(error instanceof DomainError)) throw error
    throw centreRefusal(error.code, error.message, refusalStatus(error.code, REFUSALS))
  }
}

/** A booking with its manage link: the token, and the page's path in the citizen's language. */
export function managed(context: BookContext, booking: ApiBooking, language: Language) {
  const token = manageToken(context.vault, booking.id)
  return { booking, manageToken: token, managePath: `/book/manage/${token}?lang=${language}` }
}

/** `POST /api/book/bookings`: 201 `{ booking, manageToken, managePath }`. */
export async function makeBooking(context: BookContext, request: BookRequest): Promise<BookAnswer> {
  const body = parseBody(newBookingBody, request.body)
  checkOffered(context, body.notify)
  const { codes, engine, entries, limits } = context
  const draft: CommandOf<'booking:make'> = {
    type: 'booking:make',
    serviceId: body.serviceId,
    slotStart: Date.parse(body.slotStart),
    personId: '',
    phoneId: null,
    channel: 'web',
  }
  const retry = await challengeStep(context, () =>
    codes.isRetry(body.challengeId, body.requestId, body.phone),
  )
  if (!retry) {
    await wouldBook(context, draft, body.iin)
    if (!codes.sentTo(body.challengeId, body.phone))
      throw refusal(422, 'validation_failed', 'body.phone', 'the code was sent to another number')
    await challengeStep(context, () => {
      try {
        codes.spend(body.challengeId, body.code, body.requestId)
      } catch (error) {
        // A wrong code is a guess: it counts against the address as a wrong key does.
        if (error instanceof ChallengeRefusal && error.code === 'code_wrong') limits.failed(request.address)
        throw error
      }
    })
  }
  const now = engine.now()
  // Asked together: one vault transaction for both (see the SQLite entry records).
  const [personId, phoneId] = await Promise.all([
    entries.put('iin', body.iin, now),
    entries.put('phone', body.phone, now),
  ])
  const command = { ...draft, personId, phoneId }
  // Before the command: the notifier reads the consents as it follows the commit, and must find them.
  await grantTicked(context, phoneId, body.notify, now)
  const ack = await engine.submit(
    CITIZEN_PRINCIPAL,
    body.requestId,
    { kind: 'citizen', bookingId: null },
    command,
  )
  if (!ack.ok) throw centreRefusal(ack.error.code, ack.error.message, refusalStatus(ack.error.code, REFUSALS))
  const booking = fromAck(ack as unknown as Record<string, unknown>)
  return { status: 201, json: managed(context, booking, body.language) }
}
