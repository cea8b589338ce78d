/**
 * The `/book` page's calls to its hub (`/api/book/*`, see docs/api.md), through `base/phone-api.ts`.
 * Nothing here keeps anything.
 */
import type { LocalizedText } from '../../src-shared/config'
import {
  onLocalClock,
  phoneApi,
  PhoneCallError,
  type CodeSent,
  type NotifyChannel,
  type NotifyOffer,
} from '../base/phone-api'

export { PhoneCallError as BookCallError, type CodeSent }

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

const call = phoneApi('/api/book')

export const bookApi = {
  services: () =>
    call<{ centre: BookCentre; horizonDays: number; notify: NotifyOffer; services: BookService[] }>(
      '/services',
    ),
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
    /** The channels the citizen ticked (consent to be told of this booking). */
    notify: NotifyChannel[]
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
