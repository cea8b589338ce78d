/**
 * The centre configuration, one file per section. This is the one entry point: import from
 * `src-shared/config`, never from a section file, so the sections can move without touching callers.
 */
export { LANGUAGES, localizedTextSchema, type Language, type LocalizedText } from './common'
export { WEEKDAYS, type Weekday } from './centre'
export { DEMO_DEVICES, type DemoDeviceRole } from './demo-devices'
export {
  SELF_SERVICE_CHANNELS,
  SELF_SERVICE_NEEDS,
  selfServiceCatalogue,
  selfServiceCatalogueSchema,
  selfServiceSettingsSchema,
  selfServiceStepSchema,
  serviceSelfServiceSchema,
  type SelfServiceCatalogue,
  type SelfServiceChannel,
  type SelfServiceNeed,
  type SelfServiceSettings,
  type SelfServiceStep,
  type ServiceSelfService,
} from './self-service'
export { serviceGroupSchema, serviceSchema, type ServiceConfig, type ServiceGroupConfig } from './services'
export { deskSchema, type DeskConfig } from './desks'
export { checkDisplayZones, displayZoneSchema, type DisplayZone } from './display-zone'
export {
  HIGH_SCORE_FROM,
  RATING_REASON_SCORES,
  ratingReasonSchema,
  ratingsSchema,
  reasonsFor,
  type RatingReason,
  type RatingReasonScores,
  type RatingsConfig,
} from './ratings'
export {
  outcomeSchema,
  outcomesFor,
  pauseReasonSchema,
  type OutcomeConfig,
  type PauseReasonConfig,
} from './desk-work'
export {
  DEFAULT_TELEGRAM_TOKEN_ENV,
  TELEGRAM_MODES,
  telegramSchema,
  type TelegramConfig,
  type TelegramMode,
} from './telegram'
export { REMOTE_QUEUE_OFF, remoteQueueSchema, type RemoteQueueConfig } from './remote-queue'
export {
  NOTIFICATIONS_OFF,
  NOTIFY_KINDS,
  notificationsSchema,
  type NotificationsConfig,
  type NotifyKind,
} from './notifications'
export {
  bookingLimitsSchema,
  bookingRuleSchema,
  bookingServiceSchema,
  bookingsSchema,
  calendarDay,
  DEFAULT_BOOKING_RETENTION_DAYS,
  type BookingLimits,
  type BookingRule,
  type BookingServiceConfig,
  type BookingsConfig,
} from './bookings'
export {
  priorityCategorySchema,
  queuePolicySchema,
  type PriorityCategoryConfig,
  type QueuePolicy,
} from './policy'
export {
  DEVICE_KINDS,
  deviceSchema,
  STAFF_PASSWORD_MAX_LENGTH,
  STAFF_PASSWORD_MIN_LENGTH,
  STAFF_ROLES,
  staffPasswordProblem,
  staffSchema,
  type DeviceConfig,
  type DeviceKind,
  type StaffConfig,
  type StaffRole,
} from './staff'
export {
  consentTextSchema,
  DEFAULT_CONSENT,
  registrationConfigSchema,
  type ConsentText,
  type RegistrationConfig,
} from './registration'
export { API_SCOPES, integrationSchema, type ApiScope, type IntegrationConfig } from './integrations'
export {
  DEFAULT_COMMAND_LIMIT,
  DEFAULT_INTEGRATION_LIMIT,
  DEFAULT_BOOK_PAGE_LIMITS,
  limitsSchema,
  rateLimitSchema,
  type LimitsConfig,
  type RateLimit,
} from './limits'
export { alertsSchema, type AlertsConfig } from './alerts'
export { DEFAULT_WAIT_STANDARD_MINUTES, waitStandardMs } from './wait-standard'
export { centreConfigSchema, describeIssues, type CentreConfig } from './centre-config'
export {
  directoryOf,
  publicConfig,
  type Directory,
  type EstimatePolicy,
  type PublicCentreConfig,
} from './public'
export type { AdminConfigView, AdminStaffView, ConfigAuditRow, ConfigIssue, HeldWindow } from './admin-view'
