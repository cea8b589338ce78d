/**
 * The `/join` page's calls to its hub (`/api/join/*`, see docs/api.md), through `base/phone-api.ts`.
 * Nothing here keeps anything.
 */
import type { LocalizedText } from '../../src-shared/config'
import { onLocalClock, phoneApi, type CodeSent, type NotifyOffer } from '../base/phone-api'

export interface JoinEstimate {
  ahead: number
  windows: number
  minutes: number | null
  low: number | null
  high: number | null
}

export interface JoinService {
  id: string
  name: LocalizedText
  group: { id: string; name: LocalizedText }
  expectedMinutes: number
  estimate: JoinEstimate
  /** Why one cannot join it now (`no_window_serves`, `remote_join_full`, …), or null. */
  refusal: string | null
}

export interface JoinCatalogue {
  centre: { name: LocalizedText; address: LocalizedText | null; timeZone: string }
  travel: { choices: number[]; defaultMinutes: number; maxMinutes: number }
  notify: NotifyOffer
  services: JoinService[]
}

export interface JoinedTicket {
  number: string
  serviceId: string
  status: string
  code: string
  ahead: number | null
  windows: number | null
  minutes: number | null
  low: number | null
  high: number | null
  checkInBy: number | null
}

export interface Joined {
  ticket: JoinedTicket
  trackToken: string
  trackPath: string
}

const call = phoneApi('/api/join')

export const joinApi = {
  services: () => call<JoinCatalogue>('/services'),
  requestCode: (phone: string) =>
    onLocalClock(call<CodeSent & { now: number }>('/codes', { body: { phone } })),
  resendCode: (challengeId: string) =>
    onLocalClock(
      call<CodeSent & { now: number }>(`/codes/${encodeURIComponent(challengeId)}/resend`, { body: {} }),
    ),
  join: (body: {
    requestId: string
    challengeId: string
    code: string
    phone: string
    serviceId: string
    travelMinutes: number
    notify: string[]
    language: string
  }) => call<Joined>('/tickets', { body }),
  cancel: (token: string, requestId: string) =>
    call<{ cancelled: true }>(`/tickets/${encodeURIComponent(token)}/cancel`, { body: { requestId } }),
}
