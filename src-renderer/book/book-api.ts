/**
 * The `/book` page's calls to its hub (`/api/book/*`, see docs/api.md): JSON in and out; a refusal is
 * the hub's problem+json, a lost connection is `offline`. Nothing here keeps anything.
 */
import type { LocalizedText } from '../../src-shared/config'

export interface BookService {
  id: string
  name: LocalizedText
  group: { id: string; name: LocalizedText }
  expectedMinutes: number
}

export interface BookCentre {
  name: LocalizedText
  address: LocalizedText | null
  /** The centre's IANA zone: its days and clock times. */
  timeZone: string
}

export interface BookDay {
  day: string
  free: number
}

export interface BookSlot {
  start: string
  end: string
  localTime: string
  free: number
}

export interface CodeSent {
  challengeId: string
  phoneMasked: string
  expiresAt: number
  resendAt: number
  attemptsLeft: number
}

export interface BookedBooking {
  id: string
  code: string
  serviceId: string
  slotStart: string
  slotEnd: string
  day: string
  localTime: string
  status: 'booked' | 'checked_in' | 'cancelled' | 'lapsed'
  reason?: string | null
}

export interface Managed {
  booking: BookedBooking
  manageToken: string
  managePath: string
}

/** Why a call did not succeed: the hub's code (and the field it names), or no answer at all. */
export class BookCallError extends Error {
  constructor(
    readonly code: string,
    readonly field: string | null,
    readonly retryAt: number | null,
    message: string,
  ) {
    super(message)
    this.name = 'BookCallError'
  }
}

interface ProblemBody {
  code?: string
  detail?: string
  errors?: { path: string }[]
}

async function call<T>(path: string, init?: { body: unknown }): Promise<T> {
  let response: Response
  try {
    response = await fetch(`/api/book${path}`, {
      method: init ? 'POST' : 'GET',
      headers: init ? { 'Content-Type': 'application/json' } : {},
      body: init ? JSON.stringify(init.body) : undefined,
    })
  } catch {
    throw new BookCallError('offline', null, null, 'the hub did not answer')
  }
  const body = (await response.json().catch(() => ({}))) as T & ProblemBody
  if (response.ok) return body
  const wait = Number(response.headers.get('Retry-After'))
  throw new BookCallError(
    body.code ?? 'internal',
    body.errors?.[0]?.path ?? null,
    wait > 0 ? Date.now() + wait * 1000 : null,
    body.detail ?? `the hub answered ${response.status}`,
  )
}

/** A code request's answer with its times moved onto this phone's clock (the hub's may differ). */
async function onLocalClock(answer: Promise<CodeSent & { now: number }>): Promise<CodeSent> {
  const { now, ...sent } = await answer
  const shift = Date.now() - now
  return { ...sent, expiresAt: sent.expiresAt + shift, resendAt: sent.resendAt + shift }
}

export const bookApi = {
  services: () => call<{ centre: BookCentre; horizonDays: number; services: BookService[] }>('/services'),
  days: (serviceId: string) => call<{ days: BookDay[] }>(`/services/${encodeURIComponent(serviceId)}/days`),
  slots: (serviceId: string, day: string) =>
    call<{ slots: BookSlot[] }>(`/services/${encodeURIComponent(serviceId)}/slots?day=${day}`),
  requestCode: (phone: string) =>
    onLocalClock(call<CodeSent & { now: number }>('/codes', { body: { phone } })),
  resendCode: (challengeId: string) =>
    onLocalClock(
      call<CodeSent & { now: number }>(`/codes/${encodeURIComponent(challengeId)}/resend`, { body: {} }),
    ),
  book: (body: {
    requestId: string
    challengeId: string
    code: string
    iin: string
    phone: string
    serviceId: string
    slotStart: string
    language: string
  }) => call<Managed>('/bookings', { body }),
  view: (token: string) =>
    call<{ booking: BookedBooking; centre: BookCentre }>(`/manage/${encodeURIComponent(token)}`),
  cancel: (token: string, requestId: string) =>
    call<{ cancelled: true }>(`/manage/${encodeURIComponent(token)}/cancel`, { body: { requestId } }),
  reschedule: (token: string, requestId: string, slotStart: string, language: string) =>
    call<Managed>(`/manage/${encodeURIComponent(token)}/reschedule?lang=${language}`, {
      body: { requestId, slotStart },
    }),
  calendarUrl: (token: string, language: string) =>
    `/api/book/manage/${encodeURIComponent(token)}/calendar.ics?lang=${language}`,
}
