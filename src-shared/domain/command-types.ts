/**
 * The domain's requests: who is asking (`Actor`) and what they ask (`Command`, named `noun:verb`). Kept
 * beside `types.ts` (the state) and `event-types.ts` (the facts); `types.ts` re-exports them.
 */
import type { BookingChannel, PrinterState, RemoteChannel, SelfServiceOutcome } from './types'

/** Who is asking. Devices and staff come from the config; the hub authenticates them. */
export type Actor =
  | { kind: 'staff'; staffId: string; roles: readonly string[] }
  | { kind: 'device'; deviceId: string; deviceKind: 'kiosk' | 'display' }
  | { kind: 'integration'; integrationId: string }
  /**
   * A citizen on the hub's own `/book` page, after a one-time code proved their phone: they make a
   * booking (`bookingId` null), or change the one whose manage link they hold (the hub checked it).
   * On `/join` or in the bot: `ticketId`, the remote ticket whose tracker token they hold, which they may
   * cancel; on the tracker page, the ticket they may rate after service.
   */
  | { kind: 'citizen'; bookingId: string | null; ticketId?: string }
  | { kind: 'system' }

/** Requests, named `noun:verb`. */
export type Command =
  /**
   * `deskId`: staff issue it at their own desk for a walk-in who came straight to the window; `call`: and
   * call it to that desk at once (the desk must be open with nothing in hand).
   */
  | {
      type: 'ticket:issue'
      serviceId: string
      categoryId?: string | null
      bookedFor?: number | null
      deskId?: string
      call?: boolean
    }
  | { type: 'ticket:call-next'; deskId: string }
  /** `reason`: required when a supervisor calls a ticket to someone else's window. */
  | { type: 'ticket:call'; deskId: string; ticketId: string; reason?: string | null }
  | { type: 'ticket:recall'; ticketId: string }
  | { type: 'ticket:start'; ticketId: string }
  /** `outcome`: how the visit ended, an `outcomes` id (required when `policy.outcomeRequired`). */
  | { type: 'ticket:finish'; ticketId: string; outcome?: string | null }
  /** Made by the hub (the tracker's `POST /api/track/<token>/rating`) as the citizen holding the link. */
  | { type: 'ticket:rate'; ticketId: string; score: number; reason?: string | null }
  | { type: 'ticket:no-show'; ticketId: string }
  /** `reason`: required when a supervisor transfers a ticket not at their own window. */
  | {
      type: 'ticket:transfer'
      ticketId: string
      serviceId: string
      note?: string | null
      reason?: string | null
    }
  | { type: 'ticket:postpone'; ticketId: string; by?: number }
  /** `reason`: required when a supervisor cancels a ticket not at their own window. */
  | { type: 'ticket:cancel'; ticketId: string; reason?: string | null }
  /** A supervisor moves a waiting ticket to the front of its line and/or into a priority category. */
  | {
      type: 'ticket:prioritise'
      ticketId: string
      front?: boolean
      categoryId?: string | null
      reason: string
    }
  /** Takes back the no-show or postpone of the ticket, within `UNDO_WINDOW_MS`. */
  | { type: 'ticket:undo'; ticketId: string }
  /** `staffId`: a supervisor opens (or re-staffs) the desk for this staff member. Default: the sender. */
  | {
      type: 'desk:open'
      deskId: string
      serviceIds?: string[]
      staffId?: string
      reason?: string | null
    }
  /** `reason`: why (a supervisor pausing someone else's desk gives one). */
  | { type: 'desk:pause'; deskId: string; reason?: string | null }
  /** A supervisor's short message to the consultant at an open desk. */
  | { type: 'desk:message'; deskId: string; text: string }
  /** The consultant acknowledges a message sent to them. */
  | { type: 'desk:message-read'; messageId: string }
  /** A kiosk reports its printer's state. */
  | { type: 'device:report'; printer: PrinterState }
  | { type: 'desk:resume'; deskId: string }
  | { type: 'desk:close'; deskId: string }
  /**
   * A supervisor or the admin path closes someone's desk at once: a ticket called or served there goes
   * back to its queue at its place first. For a consultant who left, or whose login was disabled.
   */
  | { type: 'desk:release'; deskId: string; reason?: string | null }
  | { type: 'selfservice:start'; serviceId: string }
  | { type: 'selfservice:step'; sessionId: string; step: number }
  | { type: 'selfservice:finish'; sessionId: string; outcome: SelfServiceOutcome }
  | { type: 'help:request'; serviceId: string; sessionId?: string | null; step?: number | null }
  | { type: 'help:cancel'; helpId: string }
  | { type: 'help:accept'; helpId: string }
  | { type: 'help:resolve'; helpId: string }
  /** `personId`/`phoneId`: vault entry ids the hub made from the IIN and phone before deciding. */
  | {
      type: 'booking:make'
      serviceId: string
      slotStart: number
      personId: string
      phoneId: string | null
      channel: BookingChannel
    }
  | { type: 'booking:cancel'; bookingId: string; reason?: string | null }
  /** Cancel and book again in one step; a new service too when given. */
  | { type: 'booking:reschedule'; bookingId: string; slotStart: number; serviceId?: string }
  /** At the kiosk (the code typed, scanned from the QR) or remotely: the booking becomes a ticket. */
  | { type: 'booking:check-in'; code: string }
  /** A kiosk books a free slot of today for a walk-in and checks it in at once: one ticket for that slot. */
  | { type: 'booking:walk-in'; serviceId: string; slotStart: number }
  /** The hub's own: bookings whose late window has closed lapse. */
  | { type: 'booking:lapse' }
  /** Made by the hub (`/join`, the API, the bot) once the phone is confirmed and in the vault. */
  | {
      type: 'ticket:join'
      serviceId: string
      phoneId: string
      channel: RemoteChannel
      travelMinutes?: number
    }
  /** The hub's own, on its clock: remote tickets told to come, held, or lapsed. */
  | { type: 'ticket:remote-sweep' }

export type CommandType = Command['type']
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>
