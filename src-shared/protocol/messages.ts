/**
 * What travels between the hub and its clients: handshake, acks, snapshots, facts and the phone
 * tracker's view. The Socket.IO event maps below are used by both ends, so a renamed event or a
 * changed payload is a compile error on both sides.
 */
import { z } from 'zod'
import type { Directory, DisplayZone, LocalizedText, PublicCentreConfig, RatingReasonScores } from '../config'
import type { DevicePresence } from '../figures/alerts'
import type { ErrorCode, RefusalDetails } from '../domain/errors'
import type { WaitEstimate } from '../domain/estimate'
import type {
  CentreState,
  CommandType,
  DomainEvent,
  EventEnvelope,
  EventType,
  Ticket,
  TicketStatus,
} from '../domain/types'
import type { CommandPayload, Role } from './commands'
import type { ClientToHubRegistrationEvents, HubToClientRegistrationEvents } from './registration'
import type { ClientToHubKioskCheckInEvents } from './kiosk-check-in'
import type { ClientToHubStaffBookingEvents } from './staff-bookings'

/** The handshake's `auth` object: who connects, with what credential. */
export const handshakeSchema = z.discriminatedUnion('role', [
  /** Staff: the token from `POST /api/sessions`. */
  z.object({
    role: z.literal('staff'),
    token: z.string().min(16).max(200),
    lastSeq: z.number().int().min(0).optional(),
  }),
  /** Kiosk or display: the device id and key from the centre config. */
  z.object({
    role: z.literal('device'),
    deviceId: z.string().min(1).max(64),
    key: z.string().min(16).max(200),
    lastSeq: z.number().int().min(0).optional(),
  }),
  /** Phone tracker: the ticket's track token (from its QR code); read-only, one ticket. */
  z.object({ role: z.literal('tracker'), ticketToken: z.string().min(16).max(200) }),
])
export type Handshake = z.infer<typeof handshakeSchema>

export interface AckError {
  ok: false
  /** `details`: what a domain refusal is about (slot, times), for the face to word; see `RefusalDetails`. */
  error: { code: ErrorCode; message: string; details?: RefusalDetails }
}
export type AckOk<R extends object = object> = { ok: true; seq: number } & R
export type Ack<R extends object = object> = AckOk<R> | AckError

/** A ticket as kiosks and displays see it: no track token (and `note` always null). */
export type PublicTicket = Omit<Ticket, 'trackToken'>

/**
 * A waiting ticket's estimate as the ticket and the tracker show it (`estimateWait` of the domain):
 * `windows` open windows serve its service now; with none, no minutes. `estimateMinutes` is 0 and the
 * range null when a window is free for it at once.
 */
export interface WaitFields {
  ahead: number
  windows: number
  estimateMinutes: number | null
  estimateLow: number | null
  estimateHigh: number | null
}

/** The wire fields of a domain estimate. */
export function waitFields(estimate: WaitEstimate): WaitFields {
  return {
    ahead: estimate.ahead,
    windows: estimate.windows,
    estimateMinutes: estimate.minutes,
    estimateLow: estimate.low,
    estimateHigh: estimate.high,
  }
}

/** What the kiosk gets back for a ticket it issued: enough to show and print it. */
export interface IssuedTicket extends WaitFields {
  id: string
  number: string
  serviceId: string
  categoryId: string | null
  issuedAt: number
  /** For the QR code: `/t/<trackToken>`. */
  trackToken: string
}

export interface CommandResults {
  'ticket:issue': { ticket: IssuedTicket }
  'ticket:call-next': { ticket: PublicTicket }
  'ticket:call': { ticket: PublicTicket }
  'selfservice:start': { sessionId: string }
  'help:request': { helpId: string }
  /** The booked ticket, printed like any other (its `bookedFor` arrives with the `ticket:issued` fact). */
  'booking:check-in': { ticket: IssuedTicket }
  /** A kiosk walk-in booking's ticket, booked for the slot taken (as a check-in's). */
  'booking:walk-in': { ticket: IssuedTicket }
  /** What a new booking's maker is told (`command-acks.ts`). */
  'booking:reschedule': { booking: BookingMade }
}

/** A booking as its maker sees it right after making it: no personal data. */
export interface BookingMade {
  id: string
  code: string
  serviceId: string
  slotStart: number
  slotEnd: number
  day: string
  /** The slot's start in the centre's local time, HH:MM. */
  localTime: string
}
export type CommandResult<T extends CommandType> = T extends keyof CommandResults ? CommandResults[T] : object

/** Who the hub says you are, in the snapshot. */
export interface Principal {
  role: Role | 'staff' | 'device'
  roles: Role[]
  id: string
  name: string
  /** A zone display's zone (its title, services and windows): it receives only its own calls. */
  zone?: DisplayZone
}

export interface Snapshot {
  seq: number
  serverTime: number
  state: CentreState
  config: PublicCentreConfig
  you: Principal
  /** Staff only: who and what the ids in the state are, to show names instead (devices get none). */
  directory?: Directory
}

/** What `config:updated` carries: the config as a snapshot has it. */
export interface ConfigUpdate {
  config: PublicCentreConfig
  /** Staff only. */
  directory?: Directory
}

/** The phone tracker's whole view of its ticket. Nothing about anyone else. */
export interface TrackView {
  number: string
  serviceId: string
  status: TicketStatus | 'expired'
  /** While waiting: the fields of `WaitFields`; null otherwise. */
  ahead: number | null
  windows: number | null
  estimateMinutes: number | null
  estimateLow: number | null
  estimateHigh: number | null
  /** Desk label while called or serving, e.g. "3". */
  deskLabel: string | null
  recalls: number
  centre: PublicCentreConfig['centre']['name']
  /** The centre's IANA time zone, so the phone shows times on the hall's clock (absent from older hubs). */
  timeZone?: string
  service: PublicCentreConfig['services'][number]['name'] | null
  updatedAt: number
  /**
   * A ticket joined from home, until its holder checks in at the kiosk (absent otherwise): the code that
   * checks it in, whether its holder was told to come or its turn came (held until `checkInBy`, epoch
   * ms). Its wait fields are then those of `expectedEstimate`: as if its holder were in the hall.
   */
  remote?: TrackRemote
  /** A finished ticket (absent otherwise): whether its holder may rate it now, or how they did. */
  rating?: TrackRating
}

/**
 * The rating after service as the tracker shows it: `open` until `until` (epoch ms) with the reasons
 * the centre offers; `given` once rated (the score and reason); `closed` when the time ran out.
 */
export interface TrackRating {
  state: 'open' | 'given' | 'closed'
  until: number
  score: number | null
  reason: string | null
  /** Offered while open; empty otherwise. */
  reasons: { id: string; name: LocalizedText; scores: RatingReasonScores }[]
}

export interface TrackRemote {
  code: string
  phase: 'expected' | 'come_now' | 'held'
  checkInBy: number | null
}

export type SyncResult =
  | { kind: 'events'; events: EventEnvelope[] }
  | { kind: 'snapshot'; snapshot: Snapshot }

type CommandEvents = {
  [T in CommandType]: (payload: CommandPayload<T>, ack: (result: Ack<CommandResult<T>>) => void) => void
}

export type ClientToHubEvents = CommandEvents &
  ClientToHubRegistrationEvents &
  ClientToHubKioskCheckInEvents &
  ClientToHubStaffBookingEvents & {
    /** Events after `seq`, or a snapshot when the hub no longer has them all in memory. */
    'sync:since': (payload: { seq: number }, ack: (result: Ack<SyncResult>) => void) => void
  }

type FactEvents = {
  [T in EventType]: (event: EventEnvelope<Extract<DomainEvent, { type: T }>>) => void
}

export type HubToClientEvents = FactEvents &
  HubToClientRegistrationEvents & {
    /** Sent on connect: the state and its seq. (`sync:since` answers with one when events are too old.) */
    'sync:snapshot': (snapshot: Snapshot) => void
    /** Sent on connect instead of a snapshot when the handshake's `lastSeq` is recent enough. */
    'sync:events': (events: EventEnvelope[]) => void
    /** Tracker sockets only. */
    'track:updated': (view: TrackView) => void
    /**
     * The centre config changed (the admin screen), to every staff and device socket: the new public
     * config (staff also get the directory). Outside the event log: no seq; a snapshot carries it too.
     */
    'config:updated': (update: ConfigUpdate) => void
    /** Staff sockets only: every configured kiosk and display, connected or not (on connect, then on change). */
    'devices:presence': (devices: DevicePresence[]) => void
  }

export type InterHubEvents = Record<string, never>

export interface SocketData {
  principal: Principal
  /** Key for idempotency records: `staff:<id>` or `device:<id>`. */
  principalKey: string
  /** Staff sockets: which sign-in session they belong to, so signing out disconnects them. */
  sessionKey?: string
  /** Staff sockets: when their session expires (epoch ms); the hub closes them then. */
  sessionExpiresAt?: number
  /** Tracker sockets: the ticket they follow. */
  trackTicketId?: string
}
