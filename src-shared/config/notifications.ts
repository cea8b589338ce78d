/**
 * Notifications to citizens (SMS and Telegram): which events notify, the quiet hours, the delivery's
 * retries and how long the outbox keeps its rows. Off unless a centre turns it on; nothing is ever sent
 * without the citizen's consent for that channel (`src-main/hub/notify/`).
 */
import { z } from 'zod'
import { clockTime } from './common'

/** What notifies a citizen, one switch each (`events` in the section). */
export const NOTIFY_KINDS = [
  'bookingConfirmed',
  'bookingReminder',
  'bookingCancelled',
  'remoteJoined',
  'comeNow',
  'held',
  'called',
  'lapsed',
] as const
export type NotifyKind = (typeof NOTIFY_KINDS)[number]

const on = z.boolean().default(true)

export const notificationsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Each event on (default) or off. */
    events: z
      .object({
        /** "You are booked for 07.12 at 09:30, code ABC-DEF." */
        bookingConfirmed: on,
        /** The day before the visit, at `reminderHour`. */
        bookingReminder: on,
        /** A booking cancelled (not one moved to another time: its new time is confirmed instead). */
        bookingCancelled: on,
        /** A remote ticket taken: its number and the people ahead. */
        remoteJoined: on,
        /** "Come now: about N minutes, M people ahead." */
        comeNow: on,
        /** "Your turn has come: check in by HH:MM." */
        held: on,
        /** "Go to window N." */
        called: on,
        /** "Your ticket lapsed." */
        lapsed: on,
      })
      .strict()
      .default({
        bookingConfirmed: true,
        bookingReminder: true,
        bookingCancelled: true,
        remoteJoined: true,
        comeNow: true,
        held: true,
        called: true,
        lapsed: true,
      }),
    /** The local hour (0–23) of the day before a booked visit at which its reminder is sent. */
    reminderHour: z.number().int().min(0).max(23).default(18),
    /**
     * Local times between which nothing is sent (`from` later than `to` spans midnight); what falls
     * inside waits for `to`, and is dropped then if no longer true (a "come now" for a ticket already
     * called). Null: no quiet hours.
     */
    quietHours: z
      .object({ from: clockTime, to: clockTime })
      .strict()
      .refine((q) => q.from !== q.to, { message: 'from and to must differ', path: ['to'] })
      .nullable()
      .default({ from: '21:00', to: '08:00' }),
    /** Delivery: the wait after a failed attempt doubles from `baseSeconds` up to `maxSeconds`. */
    retry: z
      .object({
        baseSeconds: z.number().int().min(1).max(3600).default(30),
        maxSeconds: z.number().int().min(1).max(86_400).default(900),
        /** Attempts before a notification is given up as failed. */
        maxAttempts: z.number().int().min(1).max(50).default(8),
      })
      .strict()
      .refine((r) => r.baseSeconds <= r.maxSeconds, {
        message: 'must not exceed maxSeconds',
        path: ['baseSeconds'],
      })
      .default({ baseSeconds: 30, maxSeconds: 900, maxAttempts: 8 }),
    /** Days the outbox keeps a notification's row (its status for staff); it never holds a number. */
    retentionDays: z.number().int().min(1).max(365).default(30),
  })
  .strict()
export type NotificationsConfig = z.infer<typeof notificationsSchema>

/** The section as a centre without one has it: off. */
export const NOTIFICATIONS_OFF: NotificationsConfig = notificationsSchema.parse({})
