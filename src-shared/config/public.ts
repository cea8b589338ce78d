/** The part of the config the hub sends every face. */
import type { AlertsConfig } from './alerts'
import type { BookingsConfig } from './bookings'
import type { CentreConfig } from './centre-config'
import type { DeskConfig } from './desks'
import type { OutcomeConfig, PauseReasonConfig } from './desk-work'
import type { RatingReason } from './ratings'
import type { RemoteQueueConfig } from './remote-queue'
import type { PriorityCategoryConfig, QueuePolicy } from './policy'
import type { SelfServiceSettings } from './self-service'
import type { ServiceConfig, ServiceGroupConfig } from './services'
import { DESK_ROLES } from './desk-roles'

/** What the wait estimate reads of the call-next rules. */
export type EstimatePolicy = Pick<
  QueuePolicy,
  'estimateWindow' | 'regularMaxWaitMinutes' | 'bookingEarlyMinutes' | 'bookingLateMinutes'
>

/** The part of the config every face may see: no staff, no device keys. */
export interface PublicCentreConfig {
  centre: CentreConfig['centre']
  serviceGroups: ServiceGroupConfig[]
  services: ServiceConfig[]
  desks: DeskConfig[]
  priorityCategories: PriorityCategoryConfig[]
  /**
   * Of the call-next rules, what the wait estimate reads, so every face that shows an estimate (the
   * kiosk's service list, the supervisor's figures) gives the one the ticket prints.
   */
  policy: EstimatePolicy & {
    outcomeRequired?: boolean
    /** The streak bound of call-next, so the consultant's ticket list is in call order (absent from older hubs). */
    maxPriorityStreak?: number
  }
  /** How a visit may end, coded at finish (absent: none configured). */
  outcomes?: OutcomeConfig[]
  /** Why a desk may pause (absent: none configured). */
  pauseReasons?: PauseReasonConfig[]
  /** The reasons a citizen may give with a rating, for naming them in figures (absent: none configured). */
  ratingReasons?: RatingReason[]
  /** Absent when the centre offers no guided self-service. */
  selfService?: SelfServiceSettings
  /**
   * Absent when the centre takes no bookings. The schedule, the bookable services and the calendar, so a
   * face can lay out a day's slots with `daySlots` (the supervisor's bookings panel) and the kiosk knows
   * to offer "I have a booking" (`enabled`); nothing personal.
   */
  bookings?: BookingsConfig
  /** Absent when the remote queue is off: which services one may join from home, and its rules. */
  remoteQueue?: RemoteQueueConfig
  /** When the supervisor's live view flags a wait, a pause or a device (absent from older hubs). */
  alerts?: AlertsConfig
}

export function publicConfig(config: CentreConfig): PublicCentreConfig {
  return {
    centre: config.centre,
    serviceGroups: config.serviceGroups,
    services: config.services,
    desks: config.desks,
    priorityCategories: config.priorityCategories,
    policy: {
      estimateWindow: config.policy.estimateWindow,
      regularMaxWaitMinutes: config.policy.regularMaxWaitMinutes,
      bookingEarlyMinutes: config.policy.bookingEarlyMinutes,
      bookingLateMinutes: config.policy.bookingLateMinutes,
      outcomeRequired: config.policy.outcomeRequired,
      maxPriorityStreak: config.policy.maxPriorityStreak,
    },
    ...(config.outcomes.length > 0 ? { outcomes: config.outcomes } : {}),
    ...(config.pauseReasons.length > 0 ? { pauseReasons: config.pauseReasons } : {}),
    ...(config.ratings.reasons.length > 0 ? { ratingReasons: config.ratings.reasons } : {}),
    ...(config.selfService ? { selfService: config.selfService } : {}),
    ...(config.bookings ? { bookings: config.bookings } : {}),
    ...(config.remoteQueue?.enabled ? { remoteQueue: config.remoteQueue } : {}),
    alerts: config.alerts,
  }
}

/**
 * Display names by id, for staff faces only (the public config names no one): staff by first and last
 * name, devices by the config's `name`, so a supervisor reads "Айгерім Сейітова" and "Kiosk at the
 * entrance" where the state says `consultant-1` and `kiosk-1`.
 */
export interface Directory {
  staff: Record<string, string>
  devices: Record<string, string>
  /** The staff who work at desks (`DESK_ROLES`), whom a supervisor may open a window for. */
  deskStaff: string[]
}

export function directoryOf(config: Pick<CentreConfig, 'staff' | 'devices'>): Directory {
  return {
    staff: Object.fromEntries(config.staff.map((s) => [s.id, `${s.firstName} ${s.lastName}`.trim()])),
    devices: Object.fromEntries(config.devices.map((d) => [d.id, d.name])),
    deskStaff: config.staff.filter((s) => s.roles.some((r) => DESK_ROLES.includes(r))).map((s) => s.id),
  }
}
