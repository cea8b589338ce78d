/** What the notification rules produce and the outbox keeps: intents, one per event, kind and channel. */
import type { NotifyKind } from '../config'

export type { NotifyKind }

/** Where a notification can go. */
export const NOTIFY_CHANNELS = ['sms', 'telegram'] as const
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number]

/** What a notification's text says; each kind uses its own few (`texts.ts`). Never a name or an IIN. */
export interface NotifyParams {
  /** The ticket's number, `A012`. */
  number?: string
  /** The window's label from the config (`desks[].label`). */
  window?: string
  /** A remote ticket's wait: minutes (the point), its range, and the people ahead. */
  minutes?: number
  low?: number | null
  high?: number | null
  ahead?: number
  /** A local time `HH:MM`: the booking's slot, or when a held ticket lapses. */
  time?: string
  /** A local date `DD.MM`: the booking's day. */
  date?: string
  /** The code that checks it in at the kiosk (a booking's `ABC-DEF`, a remote ticket's). */
  code?: string
}

/** One notification to send: made once, by its key, from a committed fact. */
export interface NotifyIntent {
  /** `<seq>:<kind>:<channel>`, or `reminder:<bookingId>:<channel>`: the outbox row's key, made once. */
  key: string
  kind: NotifyKind
  channel: NotifyChannel
  /** The vault entry id of the citizen's confirmed phone. */
  phoneId: string
  /** The ticket (`ticket` kinds) or booking (`booking*` kinds) it is about. */
  subjectId: string
  params: NotifyParams
  /** Not sent before this (epoch ms): the fact's time, a reminder's hour, or the end of quiet hours. */
  notBefore: number
  /** The fact it came from. */
  seq: number
}

/** Whether a kind is about a booking (else a ticket). */
export function isBookingKind(kind: NotifyKind): boolean {
  return kind === 'bookingConfirmed' || kind === 'bookingReminder' || kind === 'bookingCancelled'
}

/** A notification as staff see it (`GET /api/notifications`): no text, the number masked. */
export interface NotificationView {
  key: string
  kind: NotifyKind
  channel: NotifyChannel
  /** The citizen's phone, masked (`+7 (701) ***-**-78`); null once erased. */
  recipient: string | null
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'
  attempts: number
  /** Why it was skipped (`stale`, `no-consent`, `no-recipient`), or `resent-after-restart`. */
  reason: string | null
  /** The last attempt's error. */
  error: string | null
  createdAt: number
  /** When it is (or was last) due. */
  notBefore: number
  updatedAt: number
  sentAt: number | null
}
